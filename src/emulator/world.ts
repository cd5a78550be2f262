import { randomBytes } from 'node:crypto';
import {
  ChannelType,
  GatewayIntentBits,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildHubType,
  GuildMFALevel,
  GuildMemberFlags,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  OverwriteType,
  PermissionFlagsBits,
  RoleFlags,
  UserFlags,
} from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIAttachment,
  APIChannel,
  APIGuild,
  APIGuildForumChannel,
  APIGuildMember,
  APIMessage,
  APIOverwrite,
  APIPartialEmoji,
  APIReaction,
  APIRole,
  APITextChannel,
  APIThreadChannel,
  APIUser,
  GatewayDispatchEvents,
  GatewayDispatchPayload,
} from 'discord-api-types/v10';
import { errors } from './errors.js';
import { ALL_PERMISSIONS, DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, channelPermissions } from './permissions.js';
import type { PermissionSubject } from './permissions.js';
import { SnowflakeGenerator } from './snowflake.js';

export type DispatchData<E extends GatewayDispatchEvents> = Extract<GatewayDispatchPayload, { t: E }>['d'];

/** Who may see a dispatch (Gateway › Gateway Intents) and whether its message content is subject to MESSAGE_CONTENT. */
export interface DispatchScope {
  /** The intent bit required, or 0 for events sent regardless of intents. */
  intent: number;
  /** Set for events carrying a message: the rules of Gateway › Message Content Intent. */
  messageContent?: { authorId: string; mentionsBot: boolean; isDirect: boolean };
}

export type Dispatcher = <E extends GatewayDispatchEvents>(t: E, d: DispatchData<E>, scope: DispatchScope) => void;

export interface ReactionRecord {
  emoji: APIPartialEmoji;
  users: Set<string>;
}

export interface MessageRecord {
  message: APIMessage;
  reactions: Map<string, ReactionRecord>;
  ephemeral: boolean;
  /** The interaction whose response or follow-up this is. */
  interactionId?: string;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  joinedAt: string;
  roles: Map<string, APIRole>;
  members: Map<string, MemberRecord>;
  channelIds: string[];
  botRoleId: string;
  /** Set by Driver.setBotPermissions: what the bot may do in the guild's channels, exactly. */
  botPermissions?: bigint;
}

export interface MemberRecord {
  userId: string;
  roles: string[];
  joinedAt: string;
}

export type StoredTextChannel = APITextChannel & { guild_id: string };
export type StoredForumChannel = APIGuildForumChannel & { guild_id: string };
export type GuildChannel = StoredTextChannel | StoredForumChannel | APIThreadChannel;

export interface ChannelRecord {
  channel: GuildChannel;
  guildId: string;
  messages: Map<string, MessageRecord>;
}

export interface StoredAttachment {
  attachment: APIAttachment;
  content: Buffer;
}

export interface PrivilegedIntentSettings {
  guildMembers: boolean;
  guildPresences: boolean;
  messageContent: boolean;
}

export const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** The emulator's state: everything Discord would hold for one bot application. */
export class World {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  /** Ephemeral messages live outside channels: only their interaction's user sees them. */
  readonly ephemeralMessages = new Map<string, MessageRecord & { channelId: string }>();
  readonly commands = new Map<string, APIApplicationCommand>();
  readonly attachments = new Map<string, StoredAttachment>();
  readonly application: { id: string; botUserId: string; token: string; name: string };
  privilegedIntents: PrivilegedIntentSettings = { guildMembers: true, guildPresences: true, messageContent: true };
  dispatch: Dispatcher = () => undefined;

  constructor(identity?: { applicationId?: string; token?: string; name?: string }) {
    const applicationId = identity?.applicationId ?? this.ids.next();
    const name = identity?.name ?? 'Liner Notes';
    // Bot tokens are "<base64 user id>.<timestamp>.<hmac>"; discord.js only needs an opaque string.
    const token =
      identity?.token ?? `${Buffer.from(applicationId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
    this.application = { id: applicationId, botUserId: applicationId, token, name };
    this.users.set(applicationId, this.newUser(applicationId, name, true, null));
  }

  newUser(id: string, username: string, bot: boolean, globalName: string | null): APIUser {
    const user: APIUser = {
      id,
      username,
      discriminator: '0',
      global_name: globalName,
      avatar: null,
      public_flags: 0 as UserFlags,
      flags: 0 as UserFlags,
      primary_guild: null,
    };
    if (bot) user.bot = true;
    return user;
  }

  get botUser(): APIUser {
    return this.requireUser(this.application.botUserId);
  }

  requireUser(userId: string): APIUser {
    const user = this.users.get(userId);
    if (!user) throw errors.unknownUser();
    return user;
  }

  requireGuild(guildId: string): GuildRecord {
    const guild = this.guilds.get(guildId);
    if (!guild) throw errors.unknownGuild();
    return guild;
  }

  requireChannel(channelId: string): ChannelRecord {
    const channel = this.channels.get(channelId);
    if (!channel) throw errors.unknownChannel();
    return channel;
  }

  requireMember(guild: GuildRecord, userId: string): MemberRecord {
    const member = guild.members.get(userId);
    if (!member) throw errors.unknownMember();
    return member;
  }

  /** A message the given user may see: channel messages, or an ephemeral one of theirs. */
  findMessage(channelId: string, messageId: string): MessageRecord | undefined {
    const inChannel = this.channels.get(channelId)?.messages.get(messageId);
    if (inChannel) return inChannel;
    const ephemeral = this.ephemeralMessages.get(messageId);
    return ephemeral && ephemeral.channelId === channelId ? ephemeral : undefined;
  }

  // ---- building the world -------------------------------------------------------------------

  createGuild(name: string, ownerId: string): GuildRecord {
    this.requireUser(ownerId);
    const id = this.ids.next();
    const now = new Date().toISOString();
    const everyone = this.newRole(id, '@everyone', DEFAULT_EVERYONE_PERMISSIONS, 0);
    // A bot joins with a managed role named after it holding the permissions of its invite (Topics › Permissions).
    const botRole = this.newRole(this.ids.next(), this.application.name, DEFAULT_BOT_PERMISSIONS, 1);
    botRole.managed = true;
    botRole.tags = { bot_id: this.application.botUserId };
    const guild: GuildRecord = {
      id,
      name,
      ownerId,
      joinedAt: now,
      roles: new Map([
        [everyone.id, everyone],
        [botRole.id, botRole],
      ]),
      members: new Map(),
      channelIds: [],
      botRoleId: botRole.id,
    };
    guild.members.set(ownerId, { userId: ownerId, roles: [], joinedAt: now });
    guild.members.set(this.application.botUserId, { userId: this.application.botUserId, roles: [botRole.id], joinedAt: now });
    this.guilds.set(id, guild);
    return guild;
  }

  newRole(id: string, name: string, permissions: bigint, position: number): APIRole {
    return {
      id,
      name,
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- Discord still sends `color` beside `colors`
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: permissions.toString(),
      managed: false,
      mentionable: false,
      flags: 0 as RoleFlags,
    };
  }

  // ---- views ---------------------------------------------------------------------------------

  guildView(guild: GuildRecord): APIGuild {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: GuildVerificationLevel.None,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.Disabled,
      roles: [...guild.roles.values()],
      emojis: [],
      features: [],
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: GuildPremiumTier.None,
      preferred_locale: Locale.EnglishUS,
      public_updates_channel_id: null,
      nsfw_level: GuildNSFWLevel.Default,
      premium_progress_bar_enabled: false,
      hub_type: null as GuildHubType | null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      stickers: [],
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- Discord still sends it, with this very value
      region: 'deprecated',
      widget_enabled: false,
      widget_channel_id: null,
      max_presences: null,
      max_members: 25_000_000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      premium_subscription_count: 0,
    };
  }

  memberView(member: MemberRecord): APIGuildMember {
    return {
      user: this.requireUser(member.userId),
      nick: null,
      avatar: null,
      banner: null,
      roles: [...member.roles],
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  memberViewWithoutUser(member: MemberRecord): Omit<APIGuildMember, 'user'> {
    const { user: _user, ...rest } = this.memberView(member);
    return rest;
  }

  reactionsView(record: MessageRecord, viewerId: string): APIReaction[] | undefined {
    if (record.reactions.size === 0) return undefined;
    const reactions: APIReaction[] = [];
    for (const reaction of record.reactions.values()) {
      reactions.push({
        emoji: reaction.emoji,
        count: reaction.users.size,
        count_details: { burst: 0, normal: reaction.users.size },
        me: reaction.users.has(viewerId),
        me_burst: false,
        burst_colors: [],
      });
    }
    return reactions;
  }

  /** The message as Discord returns it to the bot (REST) or shows it in the channel. */
  messageView(record: MessageRecord, viewerId = this.application.botUserId): APIMessage {
    const reactions = this.reactionsView(record, viewerId);
    return reactions ? { ...record.message, reactions } : { ...record.message };
  }

  // ---- permissions ---------------------------------------------------------------------------

  permissionsIn(guild: GuildRecord, userId: string, channel?: ChannelRecord): bigint {
    const member = guild.members.get(userId);
    if (!member) return 0n;
    const subject: PermissionSubject = { guildId: guild.id, ownerId: guild.ownerId, userId, memberRoleIds: member.roles, roles: guild.roles };
    if (!channel) return channelPermissions(subject, []);
    const source = this.permissionSource(channel);
    return channelPermissions(subject, source.permission_overwrites ?? []);
  }

  /** Threads take their permissions from their parent channel (Topics › Threads › Permissions). */
  private permissionSource(channel: ChannelRecord): GuildChannel {
    const data = channel.channel;
    if (data.type === ChannelType.PublicThread && data.parent_id) {
      const parent = this.channels.get(data.parent_id);
      if (parent) return parent.channel;
    }
    return data;
  }

  /** 50001 when the channel is not visible, 50013 when a permission is missing (Topics › Opcodes and Status Codes). */
  requirePermissions(channel: ChannelRecord, userId: string, required: bigint): void {
    const guild = this.requireGuild(channel.guildId);
    const permissions = this.permissionsIn(guild, userId, channel);
    if (permissions === ALL_PERMISSIONS) return;
    if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) throw errors.missingAccess();
    if ((permissions & required) !== required) throw errors.missingPermissions();
  }

  isThread(channel: ChannelRecord): channel is ChannelRecord & { channel: APIThreadChannel } {
    return channel.channel.type === ChannelType.PublicThread || channel.channel.type === ChannelType.PrivateThread;
  }

  /**
   * The bot's exact permissions, expressed as Discord would: its role holds them and a member overwrite on each
   * channel denies what @everyone would add, so discord.js' permissionsFor() agrees with the emulator.
   */
  botOverwrite(guild: GuildRecord): APIOverwrite | undefined {
    const wanted = guild.botPermissions;
    if (wanted === undefined || (wanted & PermissionFlagsBits.Administrator) !== 0n) return undefined;
    const everyone = BigInt(guild.roles.get(guild.id)?.permissions ?? '0');
    const deny = everyone & ~wanted;
    if (deny === 0n) return undefined;
    return { id: this.application.botUserId, type: OverwriteType.Member, allow: '0', deny: deny.toString() };
  }

  /** Puts the bot's overwrite on a text or forum channel; true when the channel changed. */
  applyBotOverwrite(guild: GuildRecord, channel: StoredTextChannel | StoredForumChannel): boolean {
    const botId = this.application.botUserId;
    const others = (channel.permission_overwrites ?? []).filter((overwrite) => !(overwrite.type === OverwriteType.Member && overwrite.id === botId));
    const overwrite = this.botOverwrite(guild);
    const next = overwrite ? [...others, overwrite] : others;
    const changed = JSON.stringify(next) !== JSON.stringify(channel.permission_overwrites ?? []);
    channel.permission_overwrites = next;
    return changed;
  }

  channelView(channel: ChannelRecord): APIChannel {
    return { ...channel.channel };
  }
}
