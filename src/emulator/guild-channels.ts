import { ChannelFlags, ChannelType, ForumLayoutType, GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import { errors } from './errors.js';
import { FormErrors, LIMITS, isRecord } from './validation.js';
import type { ChannelRecord, GuildChannel, GuildRecord, StoredForumChannel, StoredTextChannel, World } from './world.js';

/** Channel Resource: a guild's text and forum channels created, modified and deleted, threads modified and closed. */
export class GuildChannelService {
  constructor(private readonly world: World) {}

  createTextChannel(guild: GuildRecord, name: string): ChannelRecord {
    const channel: StoredTextChannel = { ...this.newGuildChannel(guild, name), type: ChannelType.GuildText, last_pin_timestamp: null };
    return this.addChannel(guild, channel);
  }

  createForumChannel(guild: GuildRecord, name: string, tags: { name: string }[]): ChannelRecord {
    const channel: StoredForumChannel = {
      ...this.newGuildChannel(guild, name),
      type: ChannelType.GuildForum,
      available_tags: tags.map((tag) => ({ id: this.world.ids.next(), name: tag.name, moderated: false, emoji_id: null, emoji_name: null })),
      default_reaction_emoji: null,
      default_sort_order: null,
      default_forum_layout: ForumLayoutType.NotSet,
      default_thread_rate_limit_per_user: 0,
    };
    return this.addChannel(guild, channel);
  }

  /** What a new text or forum channel has in common: last in the guild's list, no overwrites, no topic yet. */
  private newGuildChannel(guild: GuildRecord, name: string) {
    return {
      id: this.world.ids.next(),
      guild_id: guild.id,
      name,
      position: guild.channelIds.length,
      permission_overwrites: [],
      nsfw: false,
      topic: null,
      last_message_id: null,
      parent_id: null,
      rate_limit_per_user: 0,
      flags: 0 as ChannelFlags,
    };
  }

  private addChannel(guild: GuildRecord, channel: StoredTextChannel | StoredForumChannel): ChannelRecord {
    this.world.applyBotOverwrite(guild, channel);
    const record: ChannelRecord = { channel, guildId: guild.id, messages: new Map() };
    this.world.channels.set(channel.id, record);
    guild.channelIds.push(channel.id);
    this.world.dispatch(GatewayDispatchEvents.ChannelCreate, { ...channel }, { intent: GatewayIntentBits.Guilds });
    return record;
  }

  /** Modify Channel / Modify Thread: name, topic; for threads also archived, locked, applied_tags. */
  modifyChannel(actorId: string, channelId: string, body: unknown): GuildChannel {
    const channel = this.world.requireChannel(channelId);
    const data = isRecord(body) ? body : {};
    const formErrors = new FormErrors();
    const name = formErrors.optionalString(data.name, ['name'], LIMITS.threadName);
    if (name !== undefined && name.length === 0) formErrors.badLength(['name'], 1, LIMITS.threadName);
    formErrors.throwIfAny();
    const target = channel.channel;
    if (target.type === ChannelType.PublicThread || target.type === ChannelType.PrivateThread) {
      const owner = target.owner_id === actorId;
      const onlyOwnerFields = Object.keys(data).every(
        (key) => key === 'name' || key === 'archived' || key === 'auto_archive_duration' || key === 'applied_tags',
      );
      if (!(owner && onlyOwnerFields)) this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ManageThreads);
      if (name !== undefined) target.name = name;
      const metadata = target.thread_metadata;
      if (metadata) {
        if (typeof data.archived === 'boolean' && data.archived !== metadata.archived) {
          metadata.archived = data.archived;
          metadata.archive_timestamp = new Date().toISOString();
        }
        if (typeof data.locked === 'boolean') metadata.locked = data.locked;
      }
      if (Array.isArray(data.applied_tags)) target.applied_tags = data.applied_tags.map(String);
      this.world.dispatch(GatewayDispatchEvents.ThreadUpdate, { ...target }, { intent: GatewayIntentBits.Guilds });
      return { ...target };
    }
    this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ManageChannels);
    if (target.type !== ChannelType.GuildText && target.type !== ChannelType.GuildForum) throw errors.wrongChannelType();
    if (name !== undefined) target.name = name;
    if (typeof data.topic === 'string' || data.topic === null) target.topic = data.topic;
    this.world.dispatch(GatewayDispatchEvents.ChannelUpdate, { ...target }, { intent: GatewayIntentBits.Guilds });
    return { ...target };
  }

  /** Delete Channel / Close Thread: answers with the deleted channel. */
  deleteChannel(actorId: string | null, channelId: string): GuildChannel {
    const channel = this.world.requireChannel(channelId);
    const target = channel.channel;
    const guild = this.world.requireGuild(channel.guildId);
    const isThread = target.type === ChannelType.PublicThread || target.type === ChannelType.PrivateThread;
    if (actorId !== null) {
      this.world.requirePermissions(channel, actorId, isThread ? PermissionFlagsBits.ManageThreads : PermissionFlagsBits.ManageChannels);
    }
    this.world.channels.delete(channelId);
    guild.channelIds = guild.channelIds.filter((id) => id !== channelId);
    if (target.type === ChannelType.GuildText || target.type === ChannelType.GuildForum) {
      this.world.dispatch(GatewayDispatchEvents.ChannelDelete, { ...target }, { intent: GatewayIntentBits.Guilds });
    } else {
      this.world.dispatch(
        GatewayDispatchEvents.ThreadDelete,
        { id: target.id, guild_id: guild.id, parent_id: target.parent_id ?? '', type: target.type },
        { intent: GatewayIntentBits.Guilds },
      );
    }
    return { ...target };
  }
}
