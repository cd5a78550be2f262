import {
  ChannelFlags,
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import type { APIAttachment, APIMessage, APIThreadChannel } from 'discord-api-types/v10';
import { errors } from './errors.js';
import { mentionedRoles, mentionedUsers } from './message-mentions.js';
import type { UploadedFile } from './rest/server.js';
import { FormErrors, LIMITS, isRecord, oneOf, parseMessageBody } from './validation.js';
import type { MessageInput } from './validation.js';
import type { ChannelRecord, GuildRecord, MessageRecord, World } from './world.js';

/** What threads need of the channels' messages: the starter message is a message like any other. */
export interface ThreadMessages {
  requireMessage(channel: ChannelRecord, messageId: string): MessageRecord;
  storeAttachments(channelId: string, files: UploadedFile[], meta: unknown): APIAttachment[];
  dispatchCreate(record: MessageRecord, guild: GuildRecord): void;
}

/** Topics › Threads: threads started from a message, without one, and forum posts with their starter message. */
export class ThreadService {
  constructor(
    private readonly world: World,
    private readonly messages: ThreadMessages,
  ) {}

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
    const durations = [
      ThreadAutoArchiveDuration.OneHour,
      ThreadAutoArchiveDuration.OneDay,
      ThreadAutoArchiveDuration.ThreeDays,
      ThreadAutoArchiveDuration.OneWeek,
    ];
    const duration = oneOf(durations, requested) ?? ThreadAutoArchiveDuration.ThreeDays;
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
    const record = this.messages.requireMessage(parent, messageId);
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
      PermissionFlagsBits.ViewChannel |
        (type === ChannelType.PrivateThread ? PermissionFlagsBits.CreatePrivateThreads : PermissionFlagsBits.CreatePublicThreads),
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
      mentions: mentionedUsers(this.world, content, input),
      mention_roles: mentionedRoles(content, guild),
      attachments: this.messages.storeAttachments(thread.channel.id, files, attachmentMeta),
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
    this.messages.dispatchCreate(record, guild);
    return record;
  }
}
