import { GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits, ReactionType } from 'discord-api-types/v10';
import type { APIPartialEmoji, APIUser } from 'discord-api-types/v10';
import { DiscordApiError, errors, invalidFormBody } from './errors.js';
import { compareSnowflakes } from './snowflake.js';
import { snowflakeQuery } from './validation.js';
import type { ChannelRecord, MessageRecord, World } from './world.js';

export interface ParsedEmoji {
  key: string;
  emoji: APIPartialEmoji;
}

const CUSTOM_EMOJI = /^(a:)?([A-Za-z0-9_~]{1,32}):(\d{15,21})$/;
const UNICODE_EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)/u;

/** Message Resource › Create Reaction: unicode emoji as-is, custom emoji as `name:id` (URL-encoded in the path). */
export function parseEmoji(text: string): ParsedEmoji {
  const custom = CUSTOM_EMOJI.exec(text);
  if (custom) {
    const [, animated, name, id] = custom;
    const emoji: APIPartialEmoji = { id: id ?? null, name: name ?? null };
    if (animated) emoji.animated = true;
    return { key: id ?? text, emoji };
  }
  if (UNICODE_EMOJI.test(text) && !/[A-Za-z]/.test(text) && Array.from(text).length <= 10) return { key: text, emoji: { id: null, name: text } };
  throw errors.unknownEmoji();
}

/** What reactions need of the channels: a message that must exist, and a permission check. */
export interface MessageLookup {
  requireMessage(channel: ChannelRecord, messageId: string): MessageRecord;
  can(channel: ChannelRecord, userId: string, permission: bigint): boolean;
}

/** Message Resource › reactions: adding, removing and listing them, with their gateway dispatches. */
export class ReactionService {
  constructor(
    private readonly world: World,
    private readonly messages: MessageLookup,
  ) {}

  /** Message Resource › Create Reaction: Read Message History, plus Add Reactions for a new emoji on the message. */
  addReaction(userId: string, channelId: string, messageId: string, emojiText: string): void {
    const channel = this.world.requireChannel(channelId);
    const record = this.messages.requireMessage(channel, messageId);
    const { key, emoji } = parseEmoji(emojiText);
    this.world.requirePermissions(channel, userId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
    let reaction = record.reactions.get(key);
    if (!reaction) {
      if (!this.messages.can(channel, userId, PermissionFlagsBits.AddReactions)) throw errors.missingPermissions();
      if (record.reactions.size >= 20) throw new DiscordApiError(400, 30010, 'Maximum number of reactions reached (20)');
      reaction = { emoji, users: new Set() };
      record.reactions.set(key, reaction);
    }
    if (reaction.users.has(userId)) return;
    reaction.users.add(userId);
    const guild = this.world.requireGuild(channel.guildId);
    const member = guild.members.get(userId);
    this.world.dispatch(
      GatewayDispatchEvents.MessageReactionAdd,
      {
        user_id: userId,
        channel_id: channelId,
        message_id: messageId,
        guild_id: guild.id,
        emoji: { ...reaction.emoji },
        ...(member ? { member: this.world.memberView(member) } : {}),
        message_author_id: record.message.author.id,
        burst: false,
        burst_colors: [],
        type: ReactionType.Normal,
      },
      { intent: GatewayIntentBits.GuildMessageReactions },
    );
  }

  /** Delete Own Reaction / Delete User Reaction (the latter needs Manage Messages). */
  removeReaction(actorId: string, userId: string, channelId: string, messageId: string, emojiText: string): void {
    const channel = this.world.requireChannel(channelId);
    const record = this.messages.requireMessage(channel, messageId);
    const { key } = parseEmoji(emojiText);
    this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ViewChannel);
    if (actorId !== userId) this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ManageMessages);
    const reaction = record.reactions.get(key);
    if (!reaction || !reaction.users.delete(userId)) return;
    if (reaction.users.size === 0) record.reactions.delete(key);
    this.world.dispatch(
      GatewayDispatchEvents.MessageReactionRemove,
      {
        user_id: userId,
        channel_id: channelId,
        message_id: messageId,
        guild_id: channel.guildId,
        emoji: { ...reaction.emoji },
        burst: false,
        type: ReactionType.Normal,
      },
      { intent: GatewayIntentBits.GuildMessageReactions },
    );
  }

  removeAllReactions(actorId: string | null, channelId: string, messageId: string): void {
    const channel = this.world.requireChannel(channelId);
    const record = this.messages.requireMessage(channel, messageId);
    if (actorId !== null) this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ManageMessages);
    record.reactions.clear();
    this.world.dispatch(
      GatewayDispatchEvents.MessageReactionRemoveAll,
      { channel_id: channelId, message_id: messageId, guild_id: channel.guildId },
      { intent: GatewayIntentBits.GuildMessageReactions },
    );
  }

  removeEmojiReactions(actorId: string | null, channelId: string, messageId: string, emojiText: string): void {
    const channel = this.world.requireChannel(channelId);
    const record = this.messages.requireMessage(channel, messageId);
    const { key, emoji } = parseEmoji(emojiText);
    if (actorId !== null) this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ManageMessages);
    const reaction = record.reactions.get(key);
    record.reactions.delete(key);
    this.world.dispatch(
      GatewayDispatchEvents.MessageReactionRemoveEmoji,
      { channel_id: channelId, message_id: messageId, guild_id: channel.guildId, emoji: { ...(reaction?.emoji ?? emoji) } },
      { intent: GatewayIntentBits.GuildMessageReactions },
    );
  }

  /** Get Reactions: users by ascending id, those `after` a user id, `limit` 1–100 (default 25). */
  reactionUsers(actorId: string, channelId: string, messageId: string, emojiText: string, query: URLSearchParams): APIUser[] {
    const channel = this.world.requireChannel(channelId);
    this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
    const record = this.messages.requireMessage(channel, messageId);
    const { key } = parseEmoji(emojiText);
    const limitText = query.get('limit');
    const limit = limitText === null ? 25 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw invalidFormBody([{ path: ['limit'], code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 100.' }]);
    }
    // Compared as decimal strings (shorter is smaller): a page of a large reaction costs no BigInt per user.
    const after = snowflakeQuery(query, 'after')?.toString() ?? null;
    const ids = [...(record.reactions.get(key)?.users ?? [])].sort(compareSnowflakes);
    const first = after === null ? 0 : ids.findIndex((id) => compareSnowflakes(id, after) > 0);
    if (first === -1) return [];
    return ids.slice(first, first + limit).map((id) => this.world.requireUser(id));
  }
}
