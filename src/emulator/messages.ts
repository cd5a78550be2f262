import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type { APIAttachment, APIMessage, APIMessageInteractionMetadata, GatewayMessageCreateDispatchData } from 'discord-api-types/v10';
import { DiscordApiError, errors, invalidFormBody } from './errors.js';
import { contentRule, mentionedRoles, mentionedUsers } from './message-mentions.js';
import { FormErrors, isRecord, parseMessageBody, snowflakeQuery } from './validation.js';
import type { MessageInput } from './validation.js';
import type { UploadedFile } from './rest/server.js';
import type { ChannelRecord, GuildRecord, MessageRecord, World } from './world.js';

export interface CreateMessageOptions {
  files?: UploadedFile[];
  /** Bodies' `attachments` entries describing the uploaded files (`{ id: index, filename, description }`). */
  attachmentMeta?: unknown;
  /** Interaction responses skip the bot's channel permissions and carry interaction_metadata. */
  interaction?: { id: string; metadata: APIMessageInteractionMetadata; type: MessageType };
  ephemeral?: boolean;
  loading?: boolean;
}

/**
 * Message Resource: the messages in channels and threads (create, edit, delete, list, bulk delete) and their
 * attachments, with the gateway dispatches each causes.
 */
export class MessageService {
  constructor(
    private readonly world: World,
    private readonly attachmentBaseUrl: () => string,
  ) {}

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
      mentions: mentionedUsers(this.world, content, input),
      mention_roles: mentionedRoles(content, guild),
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

  storeAttachments(channelId: string, files: UploadedFile[], meta: unknown): APIAttachment[] {
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
      messageContent: contentRule(this.world, record),
    });
  }

  requireMessage(channel: ChannelRecord, messageId: string): MessageRecord {
    const record = channel.messages.get(messageId);
    if (!record) throw errors.unknownMessage();
    return record;
  }

  /** Message Resource › Edit Message: only the author edits content; fields absent from the body stay. */
  editMessage(
    actorId: string,
    channelId: string,
    messageId: string,
    body: unknown,
    options: { asInteraction?: boolean; files?: UploadedFile[] } = {},
  ): MessageRecord {
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
      message.mentions = mentionedUsers(this.world, input.content, input);
      message.mention_roles = mentionedRoles(input.content, guild);
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
    this.world.dispatch(GatewayDispatchEvents.MessageUpdate, member ? { ...data, member: this.world.memberViewWithoutUser(member) } : data, {
      intent: GatewayIntentBits.GuildMessages,
      messageContent: contentRule(this.world, record),
    });
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
    const rule = contentRule(this.world, record);
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
}
