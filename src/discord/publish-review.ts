import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, type Guild, type Message } from 'discord.js';
import { MemberFacingError } from '../domain/member-facing-error.js';
import { normalizeForSearch } from '../domain/search-reviews.js';
import { seriesNeighbours } from '../domain/series-order.js';
import { threadName } from '../domain/visible-text.js';
import type { Review, ReviewSummary } from '../domain/review.js';
import type { Publication } from '../domain/publication.js';
import { postView } from './render-post.js';
import type { BotServices } from './services.js';

/** Discord: thread names are 1 to 100 characters (threads docs, "Start Thread from Message"). */
const threadNameMax = 100;
const forumTagsMax = 5;

export const threadNameFor = (review: ReviewSummary): string => threadName(`Responses: ${review.subject}`, threadNameMax);

/** Turns Discord's refusals into something an admin can act on. */
function explainPostingError(error: unknown, channelId: string): never {
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.MissingPermissions || error.code === RESTJSONErrorCodes.MissingAccess) {
      throw new MemberFacingError(
        `I can't post in <#${channelId}>: I need View Channel, Send Messages, Send Messages in Threads, Create Public Threads, Embed Links, Add Reactions and Read Message History there.`,
      );
    }
    if (error.code === RESTJSONErrorCodes.UnknownChannel) throw new MemberFacingError(`The channel <#${channelId}> no longer exists; choose another one with \`/setup\`.`);
  }
  throw error;
}

/**
 * Posts a review in a text channel (the post, then a public thread on it for responses) or a forum channel
 * (a forum post named after the subject, with the series and year tags the forum has), saves the publication,
 * hands it to engagement and re-renders its series neighbours' posts so they link to it.
 */
export async function publishReview(
  services: BotServices,
  input: { guild: Guild; review: Review; channelId: string; postedBy: string; likeEmoji: string | undefined },
): Promise<{ publication: Publication; url: string }> {
  const { guild, review, channelId } = input;
  const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
  if (!channel) throw new MemberFacingError(`I can't see the channel <#${channelId}>; check my View Channel permission or choose another channel.`);
  const view = postView(services.catalogue, services.publications, guild.id, review, { likes: 0, responses: 0 });
  const content = { embeds: view.embeds, components: view.components };

  let message: Message;
  let threadId: string;
  let postChannelId: string;
  try {
    if (channel.type === ChannelType.GuildForum) {
      const wanted = new Set([review.series, review.year === null ? null : String(review.year)].filter((t) => t !== null).map(normalizeForSearch));
      const appliedTags = channel.availableTags
        .filter((tag) => wanted.has(normalizeForSearch(tag.name)))
        .map((tag) => tag.id)
        .slice(0, forumTagsMax);
      const thread = await channel.threads.create({ name: threadName(review.subject, threadNameMax), message: content, appliedTags });
      message = (await thread.fetchStarterMessage()) ?? (await thread.messages.fetch(thread.id));
      threadId = thread.id;
      postChannelId = thread.id;
    } else if (channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement) {
      message = await channel.send(content);
      const thread = await message.startThread({ name: threadNameFor(review) });
      threadId = thread.id;
      postChannelId = channel.id;
    } else {
      throw new MemberFacingError(`<#${channelId}> is not a text or forum channel; reviews can only be posted in one of those.`);
    }
  } catch (error) {
    explainPostingError(error, channelId);
  }

  const publication: Publication = {
    guildId: guild.id,
    slug: review.slug,
    channelId: postChannelId,
    messageId: message.id,
    threadId,
    postedBy: input.postedBy,
    postedAt: new Date(services.now()).toISOString(),
    withdrawn: false,
  };
  try {
    await services.store.publications.save(publication);
  } catch (error) {
    // An untracked post would never count its likes: take it down and let the admin try again.
    // The bot may delete its own message; deleting a thread needs Manage Threads, which it does not ask for.
    const warn = (cleanupError: unknown): void =>
      services.logger.warn({ guildId: guild.id, messageId: message.id, err: cleanupError }, 'could not remove an unsaved post');
    const isForumPost = threadId === postChannelId;
    if (!isForumPost) await message.delete().catch(warn);
    const threadGone = await guild.channels.delete(threadId).then(() => true, () => false);
    if (isForumPost && !threadGone) await message.delete().catch(warn);
    throw error;
  }
  services.publications.put(publication);
  await services.engagement.track(publication);
  services.logger.info({ guildId: guild.id, slug: review.slug, channelId: postChannelId, messageId: message.id }, 'review posted');

  if (input.likeEmoji) {
    // An invitation to like: the bot's own reaction never counts as a like.
    await message.react(input.likeEmoji).catch((error: unknown) => {
      services.logger.warn({ guildId: guild.id, messageId: message.id, err: error }, 'could not add the like reaction');
    });
  }
  const { previous, next } = seriesNeighbours(services.catalogue.all(), review);
  for (const neighbour of [previous, next]) {
    if (!neighbour) continue;
    for (const post of services.publications.live(guild.id, neighbour.slug)) services.engagement.refresh(post.messageId);
  }
  return { publication, url: message.url };
}
