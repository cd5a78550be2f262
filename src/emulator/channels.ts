import {
  AllowedMentionsTypes,
  ChannelFlags,
  ChannelType,
  ForumLayoutType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  PermissionFlagsBits,
  ReactionType,
  ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import type {
  APIAttachment,
  APIMessage,
  APIMessageInteractionMetadata,
  APIPartialEmoji,
  APIThreadChannel,
  APIUser,
  GatewayMessageCreateDispatchData,
} from 'discord-api-types/v10';
import { DiscordApiError, errors, invalidFormBody } from './errors.js';
import { FormErrors, LIMITS, isRecord, parseMessageBody, snowflakeQuery } from './validation.js';
import type { MessageInput } from './validation.js';
import type { UploadedFile } from './rest/server.js';
import type { ChannelRecord, GuildChannel, GuildRecord, MessageRecord, StoredForumChannel, StoredTextChannel, World } from './world.js';

export interface CreateMessageOptions {
  files?: UploadedFile[];
  /** Bodies' `attachments` entries describing the uploaded files (`{ id: index, filename, description }`). */
  attachmentMeta?: unknown;
  /** Interaction responses skip the bot's channel permissions and carry interaction_metadata. */
  interaction?: { id: string; metadata: APIMessageInteractionMetadata; type: MessageType };
  ephemeral?: boolean;
  loading?: boolean;
}

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
  if (UNICODE_EMOJI.test(text) && !/[A-Za-z]/.test(text) && [...text].length <= 10) return { key: text, emoji: { id: null, name: text } };
  throw errors.unknownEmoji();
}

const MENTION = /<@!?(\d{15,21})>/g;
const ROLE_MENTION = /<@&(\d{15,21})>/g;

export class ChannelService {
  constructor(
    private readonly world: World,
    private readonly attachmentBaseUrl: () => string,
  ) {}

  // ---- channels --------------------------------------------------------------------------------

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

  // ---- messages --------------------------------------------------------------------------------

  /** Message Resource › Create Message. */
  createMessage(authorId: string, channelId: string, body: unknown, options: CreateMessageOptions = {}): MessageRecord {
    const channel = this.world.requireChannel(channelId);
    const formErrors = new FormErrors();
    const input = parseMessageBody(body, formErrors);
    formErrors.throwIfAny();
    return this.createParsedMessage(authorId, channel, input, options);
  }

  createParsedMessage(authorId: string, channel: ChannelRecord, input: MessageInput, options: CreateMessageOptions = {}): MessageRecord {
    if (channel.channel.type === ChannelType.GuildForum) throw errors.wrongChannelType();
    const thread = this.world.isThread(channel) ? channel.channel : undefined;
    if (!options.interaction) {
      this.world.requirePermissions(
        channel,
        authorId,
        (thread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages) | PermissionFlagsBits.ViewChannel,
      );
      if (thread?.thread_metadata?.locked && !this.can(channel, authorId, PermissionFlagsBits.ManageThreads)) throw errors.threadLocked();
    }
    // Topics › Threads: sending a message in an archived (unlocked) thread unarchives it.
    if (thread?.thread_metadata?.archived) {
      thread.thread_metadata.archived = false;
      thread.thread_metadata.archive_timestamp = new Date().toISOString();
      this.world.dispatch(GatewayDispatchEvents.ThreadUpdate, { ...thread }, { intent: GatewayIntentBits.Guilds });
    }
    const attachments = this.storeAttachments(channel.channel.id, options.files ?? [], options.attachmentMeta);
    const hasBody =
      (input.content !== undefined && input.content.length > 0) ||
      (input.embeds?.length ?? 0) > 0 ||
      (input.components?.length ?? 0) > 0 ||
      attachments.length > 0;
    if (!hasBody && !options.loading) throw errors.emptyMessage();

    const author = this.world.requireUser(authorId);
    const guild = this.world.requireGuild(channel.guildId);
    const now = new Date().toISOString();
    const content = input.content ?? '';
    let flags = (input.flags ?? 0) & (MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2);
    if (options.ephemeral) flags |= MessageFlags.Ephemeral;
    if (options.loading) flags |= MessageFlags.Loading;

    const message: APIMessage = {
      id: this.world.ids.next(),
      channel_id: channel.channel.id,
      author,
      content,
      timestamp: now,
      edited_timestamp: null,
      tts: input.tts ?? false,
      mention_everyone: false,
      mentions: this.mentionedUsers(content, input),
      mention_roles: this.mentionedRoles(content, guild),
      attachments,
      embeds: input.embeds ?? [],
      pinned: false,
      type: options.interaction?.type ?? MessageType.Default,
      flags,
      components: input.components ?? [],
    };
    if (input.nonce !== undefined) message.nonce = input.nonce;
    if (options.interaction) {
      message.interaction_metadata = options.interaction.metadata;
      message.webhook_id = this.world.application.id;
      message.application_id = this.world.application.id;
    }
    if (input.messageReference) this.attachReference(message, channel, input.messageReference);
    // Channel Resource › Message: position approximates the order in a thread; the forum starter is 0.
    if (thread) message.position = (thread.total_message_sent ?? 0) + 1;

    const record: MessageRecord = { message, reactions: new Map(), ephemeral: options.ephemeral ?? false };
    if (options.interaction) record.interactionId = options.interaction.id;
    if (record.ephemeral) {
      // Ephemeral messages are only shown to the invoking user: not stored in the channel, not dispatched.
      this.world.ephemeralMessages.set(message.id, { ...record, channelId: channel.channel.id });
      return this.world.ephemeralMessages.get(message.id) ?? record;
    }
    channel.messages.set(message.id, record);
    this.touchChannel(channel, message.id);
    this.dispatchCreate(record, guild);
    return record;
  }

  private attachReference(message: APIMessage, channel: ChannelRecord, reference: NonNullable<MessageInput['messageReference']>): void {
    const target = this.world.findMessage(reference.channel_id ?? channel.channel.id, reference.message_id);
    if (!target) {
      if (reference.fail_if_not_exists === false) return;
      throw invalidFormBody([{ path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }]);
    }
    message.type = MessageType.Reply;
    message.message_reference = {
      type: MessageReferenceType.Default,
      message_id: target.message.id,
      channel_id: target.message.channel_id,
      guild_id: channel.guildId,
    };
    message.referenced_message = this.world.messageView(target);
  }

  private touchChannel(channel: ChannelRecord, messageId: string): void {
    const data = channel.channel;
    data.last_message_id = messageId;
    if (data.type === ChannelType.PublicThread || data.type === ChannelType.PrivateThread) {
      data.message_count = (data.message_count ?? 0) + 1;
      data.total_message_sent = (data.total_message_sent ?? 0) + 1;
    }
  }

  private mentionedUsers(content: string, input: MessageInput): APIUser[] {
    const allowed = input.allowedMentions;
    const users: APIUser[] = [];
    for (const match of content.matchAll(MENTION)) {
      const id = match[1] ?? '';
      const user = this.world.users.get(id);
      if (!user || users.some((existing) => existing.id === id)) continue;
      // Message Resource › Allowed Mentions: only allowed user mentions count as mentions.
      if (allowed && !(allowed.parse?.includes(AllowedMentionsTypes.User) ?? false) && !(allowed.users?.includes(id) ?? false)) continue;
      users.push(user);
    }
    return users;
  }

  private mentionedRoles(content: string, guild: GuildRecord): string[] {
    const roles: string[] = [];
    for (const match of content.matchAll(ROLE_MENTION)) {
      const id = match[1] ?? '';
      if (guild.roles.has(id) && !roles.includes(id)) roles.push(id);
    }
    return roles;
  }

  private storeAttachments(channelId: string, files: UploadedFile[], meta: unknown): APIAttachment[] {
    const attachments: APIAttachment[] = [];
    const described = Array.isArray(meta) ? meta.filter(isRecord) : [];
    files.forEach((file, index) => {
      const fileIndex = /files\[(\d+)\]/.exec(file.fieldName)?.[1] ?? String(index);
      const description = described.find((entry) => String(entry.id) === fileIndex);
      const filename = typeof description?.filename === 'string' ? description.filename : file.filename;
      const attachment = this.storeAttachment(channelId, filename, file.contentType, file.content);
      if (typeof description?.description === 'string') attachment.description = description.description;
      attachments.push(attachment);
    });
    return attachments;
  }

  /** Stores a file and serves it from the emulator's own CDN path. */
  storeAttachment(channelId: string, filename: string, contentType: string, content: Buffer): APIAttachment {
    const id = this.world.ids.next();
    const url = `${this.attachmentBaseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    const attachment: APIAttachment = { id, filename, size: content.length, url, proxy_url: url, content_type: contentType };
    this.world.attachments.set(id, { attachment, content });
    return attachment;
  }

  dispatchCreate(record: MessageRecord, guild: GuildRecord): void {
    const data: GatewayMessageCreateDispatchData = {
      ...this.world.messageView(record),
      guild_id: guild.id,
      mentions: record.message.mentions.map((user) => {
        const member = guild.members.get(user.id);
        return member ? { ...user, member: this.world.memberViewWithoutUser(member) } : user;
      }),
    };
    const member = guild.members.get(record.message.author.id);
    if (member) data.member = this.world.memberViewWithoutUser(member);
    this.world.dispatch(GatewayDispatchEvents.MessageCreate, data, {
      intent: GatewayIntentBits.GuildMessages,
      messageContent: this.contentRule(record),
    });
  }

  private contentRule(record: MessageRecord): { authorId: string; mentionsBot: boolean; isDirect: boolean } {
    const botId = this.world.application.botUserId;
    return {
      authorId: record.message.author.id,
      mentionsBot: record.message.mentions.some((user) => user.id === botId),
      isDirect: false,
    };
  }

  requireMessage(channel: ChannelRecord, messageId: string): MessageRecord {
    const record = channel.messages.get(messageId);
    if (!record) throw errors.unknownMessage();
    return record;
  }

  /** Message Resource › Edit Message: only the author edits content; fields absent from the body stay. */
  editMessage(actorId: string, channelId: string, messageId: string, body: unknown, options: { asInteraction?: boolean; files?: UploadedFile[] } = {}): MessageRecord {
    const channel = this.world.requireChannel(channelId);
    const record = this.world.findMessage(channelId, messageId);
    if (!record) throw errors.unknownMessage();
    if (!options.asInteraction) {
      this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ViewChannel);
      if (record.message.author.id !== actorId) throw errors.otherUsersMessage();
    }
    const formErrors = new FormErrors();
    const input = parseMessageBody(body, formErrors);
    formErrors.throwIfAny();
    this.applyEdit(record, channel, input, options.files ?? [], isRecord(body) ? body.attachments : undefined);
    return record;
  }

  applyEdit(record: MessageRecord, channel: ChannelRecord, input: MessageInput, files: UploadedFile[], attachmentMeta: unknown): void {
    const message = record.message;
    const guild = this.world.requireGuild(channel.guildId);
    const wasLoading = ((message.flags ?? 0) & MessageFlags.Loading) !== 0;
    if (input.content !== undefined) {
      message.content = input.content;
      message.mentions = this.mentionedUsers(input.content, input);
      message.mention_roles = this.mentionedRoles(input.content, guild);
    }
    if (input.embeds !== undefined) message.embeds = input.embeds;
    if (input.components !== undefined) message.components = input.components;
    if (input.keepAttachmentIds !== undefined) {
      message.attachments = message.attachments.filter((attachment) => input.keepAttachmentIds?.includes(attachment.id));
    }
    if (files.length > 0) message.attachments = [...message.attachments, ...this.storeAttachments(channel.channel.id, files, attachmentMeta)];
    if (input.flags !== undefined) {
      const keep = (message.flags ?? 0) & (MessageFlags.Ephemeral | MessageFlags.HasThread | MessageFlags.IsComponentsV2);
      message.flags = keep | (input.flags & MessageFlags.SuppressEmbeds);
    }
    if (wasLoading) message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
    const empty = message.content.length === 0 && message.embeds.length === 0 && (message.components?.length ?? 0) === 0 && message.attachments.length === 0;
    if (empty) throw errors.emptyMessage();
    // A deferred response becomes a real message on its first edit: no "edited" mark, as on Discord.
    if (!wasLoading) message.edited_timestamp = new Date().toISOString();
    if (record.ephemeral) return;
    // Gateway Events › Message Update: the full message; `tts` is always false in updates.
    const data = { ...this.world.messageView(record), tts: false, guild_id: guild.id, mentions: message.mentions };
    const member = guild.members.get(message.author.id);
    this.world.dispatch(
      GatewayDispatchEvents.MessageUpdate,
      member ? { ...data, member: this.world.memberViewWithoutUser(member) } : data,
      { intent: GatewayIntentBits.GuildMessages, messageContent: this.contentRule(record) },
    );
  }

  /** Message Resource › Delete Message: the author, or anyone with Manage Messages. */
  deleteMessage(actorId: string | null, channelId: string, messageId: string): void {
    const channel = this.world.requireChannel(channelId);
    const ephemeral = this.world.ephemeralMessages.get(messageId);
    if (ephemeral && ephemeral.channelId === channelId) {
      this.world.ephemeralMessages.delete(messageId);
      return;
    }
    const record = this.requireMessage(channel, messageId);
    if (actorId !== null && record.message.author.id !== actorId) {
      this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ManageMessages);
    }
    channel.messages.delete(messageId);
    if (this.world.isThread(channel) && messageId !== channel.channel.id) {
      channel.channel.message_count = Math.max(0, (channel.channel.message_count ?? 1) - 1);
    }
    this.world.dispatch(
      GatewayDispatchEvents.MessageDelete,
      { id: messageId, channel_id: channelId, guild_id: channel.guildId },
      { intent: GatewayIntentBits.GuildMessages },
    );
  }

  /** Message Resource › Get Channel Messages: newest first; around/before/after are exclusive of each other. */
  listMessages(actorId: string, channelId: string, query: URLSearchParams): APIMessage[] {
    const channel = this.world.requireChannel(channelId);
    this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ViewChannel);
    if (!this.can(channel, actorId, PermissionFlagsBits.ReadMessageHistory)) return [];
    const limitText = query.get('limit');
    const limit = limitText === null ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw invalidFormBody([{ path: ['limit'], code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 100.' }]);
    }
    const all = [...channel.messages.values()];
    const before = snowflakeQuery(query, 'before');
    const after = snowflakeQuery(query, 'after');
    const around = snowflakeQuery(query, 'around');
    let selected: MessageRecord[];
    if (around !== null) {
      const index = all.findIndex((record) => BigInt(record.message.id) >= around);
      const center = index === -1 ? all.length : index;
      const start = Math.max(0, center - Math.floor(limit / 2));
      selected = all.slice(start, start + limit);
    } else if (after !== null) {
      selected = all.filter((record) => BigInt(record.message.id) > after).slice(0, limit);
    } else if (before !== null) {
      const older = all.filter((record) => BigInt(record.message.id) < before);
      selected = older.slice(Math.max(0, older.length - limit));
    } else {
      selected = all.slice(Math.max(0, all.length - limit));
    }
    return selected.reverse().map((record) => this.restView(record, actorId));
  }

  getMessage(actorId: string, channelId: string, messageId: string): APIMessage {
    const channel = this.world.requireChannel(channelId);
    this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
    return this.restView(this.requireMessage(channel, messageId), actorId);
  }

  /**
   * Gateway › Privileged Intents › HTTP Restrictions: without the Message Content intent enabled for the app, REST
   * answers carry empty content too, except the app's own messages and messages mentioning it.
   */
  private restView(record: MessageRecord, viewerId: string): APIMessage {
    const view = this.world.messageView(record, viewerId);
    if (this.world.privilegedIntents.messageContent || viewerId !== this.world.application.botUserId) return view;
    const rule = this.contentRule(record);
    if (rule.authorId === viewerId || rule.mentionsBot) return view;
    return { ...view, content: '', embeds: [], attachments: [], components: [] };
  }

  can(channel: ChannelRecord, userId: string, permission: bigint): boolean {
    const guild = this.world.requireGuild(channel.guildId);
    return (this.world.permissionsIn(guild, userId, channel) & permission) === permission;
  }

  /** Bulk Delete Messages: Manage Messages; messages older than two weeks are refused (50034). */
  bulkDelete(actorId: string, channelId: string, messageIds: string[]): void {
    const channel = this.world.requireChannel(channelId);
    this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ManageMessages);
    const twoWeeksAgo = Date.now() - 14 * 24 * 60 * 60 * 1000;
    const deleted: string[] = [];
    for (const id of messageIds) {
      const record = channel.messages.get(id);
      if (!record) continue;
      if (Date.parse(record.message.timestamp) < twoWeeksAgo) {
        throw new DiscordApiError(400, 50034, 'You can only bulk delete messages that are under 14 days old.');
      }
      channel.messages.delete(id);
      if (this.world.isThread(channel) && id !== channel.channel.id) {
        channel.channel.message_count = Math.max(0, (channel.channel.message_count ?? 1) - 1);
      }
      deleted.push(id);
    }
    if (deleted.length === 0) return;
    this.world.dispatch(
      GatewayDispatchEvents.MessageDeleteBulk,
      { ids: deleted, channel_id: channelId, guild_id: channel.guildId },
      { intent: GatewayIntentBits.GuildMessages },
    );
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
      const onlyOwnerFields = Object.keys(data).every((key) => key === 'name' || key === 'archived' || key === 'auto_archive_duration' || key === 'applied_tags');
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

  // ---- reactions -------------------------------------------------------------------------------

  /** Message Resource › Create Reaction: Read Message History, plus Add Reactions for a new emoji on the message. */
  addReaction(userId: string, channelId: string, messageId: string, emojiText: string): void {
    const channel = this.world.requireChannel(channelId);
    const record = this.requireMessage(channel, messageId);
    const { key, emoji } = parseEmoji(emojiText);
    this.world.requirePermissions(channel, userId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
    let reaction = record.reactions.get(key);
    if (!reaction) {
      if (!this.can(channel, userId, PermissionFlagsBits.AddReactions)) throw errors.missingPermissions();
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
    const record = this.requireMessage(channel, messageId);
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
    const record = this.requireMessage(channel, messageId);
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
    const record = this.requireMessage(channel, messageId);
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

  /** Get Reactions: users in the order they reacted, `after` a user id, `limit` 1–100 (default 25). */
  reactionUsers(actorId: string, channelId: string, messageId: string, emojiText: string, query: URLSearchParams): APIUser[] {
    const channel = this.world.requireChannel(channelId);
    this.world.requirePermissions(channel, actorId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
    const record = this.requireMessage(channel, messageId);
    const { key } = parseEmoji(emojiText);
    const limitText = query.get('limit');
    const limit = limitText === null ? 25 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw invalidFormBody([{ path: ['limit'], code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 100.' }]);
    }
    const after = snowflakeQuery(query, 'after');
    let ids = [...(record.reactions.get(key)?.users ?? [])].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    if (after !== null) ids = ids.filter((id) => BigInt(id) > after);
    return ids.slice(0, limit).map((id) => this.world.requireUser(id));
  }

  // ---- threads ---------------------------------------------------------------------------------

  private validateThreadName(body: unknown, formErrors: FormErrors): string | undefined {
    return formErrors.requiredString(isRecord(body) ? body.name : undefined, ['name'], 1, LIMITS.threadName);
  }

  private newThread(
    guild: GuildRecord,
    parent: ChannelRecord,
    id: string,
    ownerId: string,
    name: string,
    type: ChannelType.PublicThread | ChannelType.PrivateThread,
    body: unknown,
  ): ChannelRecord & { channel: APIThreadChannel } {
    const now = new Date().toISOString();
    const requested = isRecord(body) ? Number(body.auto_archive_duration) : NaN;
    const duration: ThreadAutoArchiveDuration = [60, 1440, 4320, 10080].includes(requested)
      ? (requested as ThreadAutoArchiveDuration)
      : ThreadAutoArchiveDuration.ThreeDays;
    const thread: APIThreadChannel = {
      id,
      type,
      guild_id: guild.id,
      parent_id: parent.channel.id,
      owner_id: ownerId,
      name,
      last_message_id: null,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      rate_limit_per_user: 0,
      flags: 0 as ChannelFlags,
      thread_metadata: { archived: false, auto_archive_duration: duration, archive_timestamp: now, locked: false, create_timestamp: now },
    };
    const record = { channel: thread, guildId: guild.id, messages: new Map<string, MessageRecord>() };
    this.world.channels.set(id, record);
    guild.channelIds.push(id);
    return record;
  }

  private dispatchThreadCreate(thread: APIThreadChannel): void {
    this.world.dispatch(GatewayDispatchEvents.ThreadCreate, { ...thread, newly_created: true }, { intent: GatewayIntentBits.Guilds });
  }

  /** Channel Resource › Start Thread from Message: the thread takes the message's id. */
  startThreadFromMessage(actorId: string, channelId: string, messageId: string, body: unknown): APIThreadChannel {
    const parent = this.world.requireChannel(channelId);
    if (parent.channel.type !== ChannelType.GuildText) throw errors.wrongChannelType();
    const record = this.requireMessage(parent, messageId);
    const formErrors = new FormErrors();
    const name = this.validateThreadName(body, formErrors);
    formErrors.throwIfAny();
    this.world.requirePermissions(parent, actorId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.CreatePublicThreads);
    if (this.world.channels.has(messageId)) throw errors.threadAlreadyCreated();
    const guild = this.world.requireGuild(parent.guildId);
    const thread = this.newThread(guild, parent, messageId, actorId, name ?? '', ChannelType.PublicThread, body);
    record.message.flags = (record.message.flags ?? 0) | MessageFlags.HasThread;
    record.message.thread = thread.channel;
    this.dispatchThreadCreate(thread.channel);
    return { ...thread.channel };
  }

  /** Start Thread without Message, or Start Thread in Forum Channel (with its starter `message` and `applied_tags`). */
  startThread(actorId: string, channelId: string, body: unknown, files: UploadedFile[] = []): APIThreadChannel & { message?: APIMessage } {
    const parent = this.world.requireChannel(channelId);
    const guild = this.world.requireGuild(parent.guildId);
    const formErrors = new FormErrors();
    const name = this.validateThreadName(body, formErrors);
    const data = isRecord(body) ? body : {};
    if (parent.channel.type === ChannelType.GuildForum) {
      const forum = parent.channel;
      if (!isRecord(data.message)) formErrors.required(['message']);
      const messageInput = parseMessageBody(data.message, formErrors, ['message']);
      const appliedTags = Array.isArray(data.applied_tags) ? data.applied_tags.map(String) : [];
      appliedTags.forEach((tagId, index) => {
        if (!forum.available_tags.some((tag) => tag.id === tagId)) {
          formErrors.add(['applied_tags', index], 'INVALID_FORUM_TAG', 'Tag does not exist in this forum channel.');
        }
      });
      if (appliedTags.length > 5) formErrors.maxLength(['applied_tags'], 5);
      formErrors.throwIfAny();
      this.world.requirePermissions(parent, actorId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
      const thread = this.newThread(guild, parent, this.world.ids.next(), actorId, name ?? '', ChannelType.PublicThread, body);
      thread.channel.applied_tags = appliedTags;
      this.dispatchThreadCreate(thread.channel);
      // Topics › Threads › Forums: the starter message shares the thread's id.
      const starter = this.createStarterMessage(actorId, thread, messageInput, files, isRecord(data.message) ? data.message.attachments : undefined);
      return { ...thread.channel, message: this.world.messageView(starter) };
    }
    if (parent.channel.type !== ChannelType.GuildText) throw errors.wrongChannelType();
    const type = data.type === ChannelType.PrivateThread ? ChannelType.PrivateThread : ChannelType.PublicThread;
    formErrors.throwIfAny();
    this.world.requirePermissions(
      parent,
      actorId,
      PermissionFlagsBits.ViewChannel | (type === ChannelType.PrivateThread ? PermissionFlagsBits.CreatePrivateThreads : PermissionFlagsBits.CreatePublicThreads),
    );
    const thread = this.newThread(guild, parent, this.world.ids.next(), actorId, name ?? '', type, body);
    this.dispatchThreadCreate(thread.channel);
    return { ...thread.channel };
  }

  private createStarterMessage(
    authorId: string,
    thread: ChannelRecord & { channel: APIThreadChannel },
    input: MessageInput,
    files: UploadedFile[],
    attachmentMeta: unknown,
  ): MessageRecord {
    const hasBody = (input.content?.length ?? 0) > 0 || (input.embeds?.length ?? 0) > 0 || (input.components?.length ?? 0) > 0 || files.length > 0;
    if (!hasBody) throw errors.emptyMessage();
    const guild = this.world.requireGuild(thread.guildId);
    const now = new Date().toISOString();
    const content = input.content ?? '';
    const message: APIMessage = {
      id: thread.channel.id,
      channel_id: thread.channel.id,
      author: this.world.requireUser(authorId),
      content,
      timestamp: now,
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: this.mentionedUsers(content, input),
      mention_roles: this.mentionedRoles(content, guild),
      attachments: this.storeAttachments(thread.channel.id, files, attachmentMeta),
      embeds: input.embeds ?? [],
      components: input.components ?? [],
      pinned: false,
      type: MessageType.Default,
      flags: 0 as MessageFlags,
      position: 0,
    };
    const record: MessageRecord = { message, reactions: new Map(), ephemeral: false };
    thread.messages.set(message.id, record);
    // Thread message_count and total_message_sent leave out the starter message (Channel Resource › Channel Object).
    thread.channel.last_message_id = message.id;
    this.dispatchCreate(record, guild);
    return record;
  }
}
