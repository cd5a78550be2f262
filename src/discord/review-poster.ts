import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, Routes, type Guild, type Message } from 'discord.js';
import type { Catalogue } from '../catalogue/index.js';
import { MemberFacingError } from '../domain/member-facing-error.js';
import type { Publication } from '../domain/publication.js';
import type { Review } from '../domain/review.js';
import type { PostChannel, PostedReview, ReviewPoster } from '../reviews/ports.js';
import type { PublicationIndex } from '../reviews/publication-index.js';
import { postView } from './render-post.js';

/** Turns Discord's refusals into something an admin can act on. */
function explainPostingError(error: unknown, channelId: string): never {
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.MissingPermissions || error.code === RESTJSONErrorCodes.MissingAccess) {
      throw new MemberFacingError(
        `I can't post in <#${channelId}>: I need View Channel, Send Messages, Send Messages in Threads, Create Public Threads, Embed Links, Add Reactions and Read Message History there.`,
      );
    }
    if (error.code === RESTJSONErrorCodes.UnknownChannel)
      throw new MemberFacingError(`The channel <#${channelId}> no longer exists; choose another one with \`/setup\`.`);
  }
  throw error;
}

async function explained<T>(channelId: string, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    explainPostingError(error, channelId);
  }
}

function posted(guild: Guild, message: Message, where: { channelId: string; threadId: string }): PostedReview {
  return {
    messageId: message.id,
    url: message.url,
    ...where,
    react: async (emoji) => {
      await message.react(emoji);
    },
    takeDown: async (warn) => {
      // The bot may delete its own message; deleting a thread needs Manage Threads, which it does not ask for.
      const isForumPost = where.threadId === where.channelId;
      if (!isForumPost) await message.delete().catch(warn);
      const threadGone = await guild.channels.delete(where.threadId).then(
        () => true,
        () => false,
      );
      if (isForumPost && !threadGone) await message.delete().catch(warn);
    },
  };
}

/**
 * Posts reviews in one guild over discord.js: a forum post (its starter message holds the review), or a message
 * in a text or announcement channel with a public thread started on it for responses.
 */
export function discordReviewPoster(guild: Guild, rendering: { catalogue: Catalogue; publications: PublicationIndex }): ReviewPoster {
  const content = (review: Review) => {
    const view = postView(rendering.catalogue, rendering.publications, guild.id, review, { likes: 0, responses: 0 });
    return { embeds: view.embeds, components: view.components };
  };
  return {
    async channel(channelId): Promise<PostChannel | null> {
      const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
      if (!channel) return null;
      if (channel.type === ChannelType.GuildForum) {
        return {
          kind: 'forum',
          tags: channel.availableTags.map((tag) => ({ id: tag.id, name: tag.name })),
          post: (review, post) =>
            explained(channelId, async () => {
              const thread = await channel.threads.create({ name: post.name, message: content(review), appliedTags: post.tagIds });
              const message = (await thread.fetchStarterMessage()) ?? (await thread.messages.fetch(thread.id));
              return posted(guild, message, { channelId: thread.id, threadId: thread.id });
            }),
        };
      }
      if (channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement) {
        return {
          kind: 'text',
          post: (review, post) =>
            explained(channelId, async () => {
              const message = await channel.send(content(review));
              const thread = await message.startThread({ name: post.threadName });
              return posted(guild, message, { channelId: channel.id, threadId: thread.id });
            }),
        };
      }
      return { kind: 'other' };
    },

    async exists(publication: Publication): Promise<boolean> {
      try {
        await guild.client.rest.get(Routes.channelMessage(publication.channelId, publication.messageId));
        return true;
      } catch (error) {
        if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownChannel))
          return false;
        // Unable to look (permissions, Discord down): assume it is there and let the admin decide.
        return true;
      }
    },
  };
}
