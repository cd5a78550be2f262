import { DiscordAPIError, RESTJSONErrorCodes, type Client } from 'discord.js';
import { likeEmojiKey, reactionEmojiKey } from '../domain/likes.js';
import type { Publication } from '../domain/publication.js';
import type { BotServices } from './services.js';

/** Discord's answers for a post or channel that is gone: nothing to swap there. */
const goneCodes: ReadonlySet<number> = new Set([RESTJSONErrorCodes.UnknownMessage, RESTJSONErrorCodes.UnknownChannel]);

/**
 * When a post is published the bot reacts with the guild's first like emoji, as an invitation to like. When
 * `/setup` changes that emoji, the invitations on the guild's existing posts follow: the bot's own old reaction
 * is removed and the new one added. Runs in the background, one guild's swaps one after another (a later
 * change waits for an earlier one), so the admin's reply does not wait for Discord's reaction rate limits;
 * a post that cannot be changed is logged and skipped. Returns the number of posts it goes through.
 */
export function followInviteEmoji(
  services: Pick<BotServices, 'publications' | 'postLock' | 'logger'>,
  client: Client<true>,
  guildId: string,
  change: { from: string | undefined; to: string | undefined },
): number {
  const { from, to } = change;
  if (from !== undefined && to !== undefined && likeEmojiKey(from) === likeEmojiKey(to)) return 0;
  const posts = services.publications.inGuild(guildId);
  if (posts.length === 0) return 0;
  void services.postLock
    .run(`invite-emoji:${guildId}`, async () => {
      for (const post of posts) await swapOne(client, post, from, to).catch((error: unknown) => logFailure(services, post, error));
      services.logger.info({ guildId, posts: posts.length, from, to }, 'like invitations follow the new emoji');
    })
    .catch((error: unknown) => services.logger.error({ guildId, err: error }, 'like invitations not changed'));
  return posts.length;
}

async function swapOne(client: Client<true>, post: Publication, from: string | undefined, to: string | undefined): Promise<void> {
  const channel = await client.channels.fetch(post.channelId);
  if (!channel?.isTextBased()) return;
  const message = await channel.messages.fetch(post.messageId);
  if (from !== undefined) {
    const key = likeEmojiKey(from);
    const old = message.reactions.cache.find((reaction) => reactionEmojiKey(reaction.emoji) === key);
    if (old?.me) await old.users.remove(client.user.id);
  }
  if (to !== undefined) await message.react(to);
}

function logFailure(services: Pick<BotServices, 'logger'>, post: Publication, error: unknown): void {
  const context = { guildId: post.guildId, channelId: post.channelId, messageId: post.messageId, err: error };
  if (error instanceof DiscordAPIError && typeof error.code === 'number' && goneCodes.has(error.code))
    services.logger.debug(context, 'like invitation not changed: the post is gone');
  else services.logger.warn(context, 'like invitation not changed');
}
