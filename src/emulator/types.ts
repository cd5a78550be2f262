/** The emulator's contracts: what a test, the sandbox or the CLI front holds of a running emulator. */
import type {
  APIApplicationCommand,
  APIApplicationCommandOptionChoice,
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIThreadChannel,
  APIUser,
  ChannelType,
  InteractionResponseType,
} from 'discord-api-types/v10';
import type { PreparedDispatches } from './frames.js';
import type { SessionView, ShardingOptions } from './gateway-sharding.js';
import type { RequestLogEntry } from './rest/server.js';

export interface EmulatorOptions {
  /** 0 or absent: a random free port on 127.0.0.1. */
  port?: number;
  /** Default true (Discord-like per-route buckets); tests may pass false. */
  rateLimits?: boolean;
  /** Default 3000: first callback deadline (10062 after it). */
  interactionTimeoutMs?: number;
  /** Default 41250. */
  heartbeatIntervalMs?: number;
  /** A fixed identity, so a bot's .env stays valid across restarts of the emulator. */
  application?: { id?: string; token?: string; name?: string };
  /** Privileged intents enabled for the app (all true by default); a disabled one closes IDENTIFY with 4014. */
  privilegedIntents?: { guildMembers?: boolean; guildPresences?: boolean; messageContent?: boolean };
  /** Per-route rate limit overrides, keyed like RequestLogEntry.route. */
  rateLimitRules?: Record<string, { limit: number; windowMs: number; bucket?: string }>;
  /** GET /gateway/bot's recommended shards and max_concurrency, and when IDENTIFY closes with 4011 (gateway-sharding.ts). */
  sharding?: ShardingOptions;
}

export interface Emulator {
  /** "http://127.0.0.1:PORT/api" → discord.js `new Client({ rest: { api: restUrl } })`. */
  readonly restUrl: string;
  /** "ws://127.0.0.1:PORT/gateway" (also returned by GET /api/v10/gateway/bot). */
  readonly gatewayUrl: string;
  readonly application: { id: string; botUserId: string; token: string };
  readonly driver: Driver;
  stop(): Promise<void>;
}

export interface Driver {
  // building the world (synchronous: state only; dispatches go out to connected clients with the right intents)
  createUser(input: { username: string; bot?: boolean; globalName?: string }): APIUser;
  /** The bot is added as a member with the permissions it needs; @everyone role id == guild id, as on Discord. */
  createGuild(input: { name: string; ownerId: string }): APIGuild;
  createRole(guildId: string, input: { name: string; permissions: bigint }): APIRole;
  addMember(guildId: string, userId: string, roleIds?: string[]): APIGuildMember;
  /** The member leaves (GUILD_MEMBER_REMOVE). */
  removeMember(guildId: string, userId: string): void;
  /**
   * The bot's permissions in the guild's channels become exactly these: its managed role holds them and a member
   * overwrite on each channel denies what @everyone would add (so discord.js computes the same permissions).
   */
  setBotPermissions(guildId: string, permissions: bigint): void;
  createChannel(guildId: string, input: { name: string; type: ChannelType.GuildText | ChannelType.GuildForum; availableTags?: { name: string }[] }): APIChannel;

  // people acting (all go through the same code paths as REST + gateway dispatches)
  /** Rejects (Error with a clear message) if the command is not registered or an option is not declared. */
  runCommand(input: {
    userId: string;
    guildId: string;
    channelId: string;
    name: string;
    subcommand?: string;
    /** Attachment options: pass the attachment name. */
    options?: Record<string, string | number | boolean>;
    attachments?: Record<string, { filename: string; contentType: string; content: string | Buffer }>;
  }): Promise<InteractionHandle>;
  autocomplete(input: {
    userId: string;
    guildId: string;
    channelId: string;
    name: string;
    subcommand?: string;
    options?: Record<string, string | number | boolean>;
    focused: string;
  }): Promise<APIApplicationCommandOptionChoice[]>;
  clickButton(input: { userId: string; channelId: string; messageId: string; customId: string }): Promise<InteractionHandle>;
  submitModal(input: { userId: string; guildId: string; channelId: string; customId: string; fields: Record<string, string> }): Promise<InteractionHandle>;
  /** emoji: "👍" or "name:id". */
  react(userId: string, channelId: string, messageId: string, emoji: string): Promise<void>;
  unreact(userId: string, channelId: string, messageId: string, emoji: string): Promise<void>;
  removeAllReactions(channelId: string, messageId: string): Promise<void>;
  removeEmojiReactions(channelId: string, messageId: string, emoji: string): Promise<void>;
  /** In a channel or thread. */
  sendMessage(userId: string, channelId: string, content: string): Promise<APIMessage>;
  editMessage(userId: string, channelId: string, messageId: string, content: string): Promise<APIMessage>;
  deleteMessage(userId: string, channelId: string, messageId: string): Promise<void>;

  // ground truth
  /** Oldest first, as Discord shows them (embeds, components, reactions). */
  messages(channelId: string): APIMessage[];
  message(channelId: string, messageId: string): APIMessage | undefined;
  reactionUsers(channelId: string, messageId: string, emoji: string): string[];
  threads(parentChannelId?: string): APIThreadChannel[];
  commands(guildId?: string): APIApplicationCommand[];
  /** The chat-input commands (guild, then global) a member's `/` picker shows: default_member_permissions applied. */
  commandsVisibleTo(guildId: string, userId: string): APIApplicationCommand[];
  /** { method, route (e.g. "PATCH /channels/:id/messages/:id"), path, status, requestBody, at }. */
  requests(): RequestLogEntry[];
  /** Polls; rejects with the description. */
  waitFor(condition: () => boolean, timeoutMs?: number, description?: string): Promise<void>;

  // faults
  /** The last gateway sessions started (ended ones too): each one's [shard_id, num_shards] and the guilds it received events of. */
  gatewaySessions(): SessionView[];
  /** route as in RequestLogEntry.route. */
  failNext(route: string, count: number, status: 429 | 500 | 502): void;
  /** e.g. 4000 (resumable) or 4009/1000 (new session). */
  closeGateway(code: number): void;
  /** Hold the connection silent (no acks, no dispatches). */
  silenceGateway(ms: number): void;
  /** Raw dispatches as fast as the socket reads, to every session: plain events, or a batch from prepareDispatches. */
  pushDispatches(events: readonly { t: string; d: unknown }[] | PreparedDispatches): Promise<void>;
  /** Encodes dispatches once (each `d` as UTF-8 JSON) for pushDispatches; the batch can be pushed any number of times. */
  prepareDispatches(events: readonly { t: string; d: unknown }[]): PreparedDispatches;
  setRateLimits(enabled: boolean): void;
}

export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** The first callback the bot sent (type and data); rejects after timeoutMs (default 5000). */
  response(timeoutMs?: number): Promise<{ type: InteractionResponseType; data?: unknown }>;
  /** The original response message once it has visible content (after a defer, once it is edited). */
  reply(timeoutMs?: number): Promise<APIMessage & { ephemeral: boolean }>;
  followups(): (APIMessage & { ephemeral: boolean })[];
}
