import { randomBytes } from 'node:crypto';
import {
  ApplicationIntegrationType,
  GatewayDispatchEvents,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import type {
  APIApplicationCommandInteractionMetadata,
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageComponentInteractionMetadata,
  APIMessageInteractionMetadata,
  APIModalInteractionResponseCallbackData,
  APIPartialInteractionGuild,
  RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import type { MessageService } from './messages.js';
import { DiscordApiError, errors, invalidFormBody } from './errors.js';
import type { HandlerResult, UploadedFile } from './rest/server.js';
import { FormErrors, isRecord, oneOf, parseChoices, parseMessageBody, parseModal } from './validation.js';
import type { ChannelRecord, MessageRecord, World } from './world.js';

/** Interactions › Receiving and Responding: tokens serve follow-ups for 15 minutes. */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

export interface InteractionResponse {
  type: InteractionResponseType;
  data?: unknown;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  guildId: string;
  channelId: string;
  userId: string;
  createdAt: number;
  response?: InteractionResponse;
  originalMessageId?: string;
  /** For component interactions (and modals shown from one): the message the component is on. */
  sourceMessageId?: string;
  followupIds: string[];
  /** Edits of the original response through the webhook (a deferred update becomes visible with the first). */
  originalEdits: number;
  metadata: APIMessageInteractionMetadata;
  messageType: MessageType;
  choices?: APIApplicationCommandOptionChoice[];
  modal?: APIModalInteractionResponseCallbackData;
  listeners: Set<() => void>;
}

export class InteractionService {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();

  constructor(
    private readonly world: World,
    private readonly messages: MessageService,
    private readonly timeoutMs: () => number,
  ) {}

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  /** The most recent modal shown with this custom_id to this user. */
  shownModal(userId: string, customId: string): InteractionRecord | undefined {
    let found: InteractionRecord | undefined;
    for (const record of this.byId.values()) {
      if (record.userId === userId && record.modal?.custom_id === customId) found = record;
    }
    return found;
  }

  // ---- creating interactions --------------------------------------------------------------------

  /** Builds the parts every guild interaction payload shares (Interactions › Interaction Object). */
  base(userId: string, guildId: string, channel: ChannelRecord) {
    const guild = this.world.requireGuild(guildId);
    const member = this.world.requireMember(guild, userId);
    const id = this.world.ids.next();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
    const interactionMember: APIInteractionGuildMember = {
      ...this.world.memberView(member),
      user: this.world.requireUser(userId),
      permissions: this.world.permissionsIn(guild, userId, channel).toString(),
    };
    const partialGuild: APIPartialInteractionGuild = { id: guild.id, locale: Locale.EnglishUS, features: [] };
    return {
      id,
      token,
      application_id: this.world.application.id,
      guild: partialGuild,
      guild_id: guild.id,
      channel: this.world.channelView(channel),
      channel_id: channel.channel.id,
      member: interactionMember,
      version: 1 as const,
      app_permissions: this.world.permissionsIn(guild, this.world.application.botUserId, channel).toString(),
      locale: Locale.EnglishUS,
      guild_locale: Locale.EnglishUS,
      entitlements: [],
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
      context: InteractionContextType.Guild,
      attachment_size_limit: 10 * 1024 * 1024,
    };
  }

  /** Registers the interaction and sends INTERACTION_CREATE (sent regardless of intents). */
  open(
    payload: APIInteraction,
    details: {
      userId: string;
      guildId: string;
      channelId: string;
      sourceMessageId?: string;
      metadata: APIMessageInteractionMetadata;
      messageType: MessageType;
    },
  ): InteractionRecord {
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      guildId: details.guildId,
      channelId: details.channelId,
      userId: details.userId,
      createdAt: Date.now(),
      followupIds: [],
      originalEdits: 0,
      metadata: details.metadata,
      messageType: details.messageType,
      listeners: new Set(),
    };
    if (details.sourceMessageId) record.sourceMessageId = details.sourceMessageId;
    this.byId.set(record.id, record);
    this.byToken.set(record.token, record);
    this.world.dispatch(GatewayDispatchEvents.InteractionCreate, payload, { intent: 0 });
    return record;
  }

  commandMetadata(id: string, userId: string, guildId: string): APIApplicationCommandInteractionMetadata {
    return {
      id,
      type: InteractionType.ApplicationCommand,
      user: this.world.requireUser(userId),
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId },
    };
  }

  componentMetadata(id: string, userId: string, guildId: string, messageId: string): APIMessageComponentInteractionMetadata {
    return {
      id,
      type: InteractionType.MessageComponent,
      user: this.world.requireUser(userId),
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId },
      interacted_message_id: messageId,
    };
  }

  // ---- callbacks --------------------------------------------------------------------------------

  /** Interactions › Create Interaction Response. */
  callback(id: string, token: string, body: unknown, query: URLSearchParams, files: UploadedFile[]): HandlerResult {
    const record = this.byId.get(id);
    if (!record || record.token !== token) throw errors.unknownInteraction();
    if (record.response) throw errors.alreadyAcknowledged();
    // The 3-second deadline: afterwards the token is invalidated and the interaction is unknown.
    if (Date.now() - record.createdAt > this.timeoutMs()) throw errors.unknownInteraction();
    if (!isRecord(body) || typeof body.type !== 'number')
      throw invalidFormBody([{ path: ['type'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
    const type = oneOf(this.allowedResponses(record), body.type);
    if (type === undefined) {
      throw invalidFormBody([
        { path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Interaction response type is invalid for this interaction' },
      ]);
    }
    const data = body.data;
    const channel = this.world.requireChannel(record.channelId);
    let message: MessageRecord | undefined;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const formErrors = new FormErrors();
        const input = parseMessageBody(data, formErrors, ['data']);
        formErrors.throwIfAny();
        const ephemeral = ((input.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
        message = this.messages.createParsedMessage(
          this.world.application.botUserId,
          channel,
          type === InteractionResponseType.DeferredChannelMessageWithSource ? { flags: input.flags ?? 0 } : input,
          {
            interaction: { id: record.id, metadata: record.metadata, type: record.messageType },
            ephemeral,
            loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
            files,
            attachmentMeta: isRecord(data) ? data.attachments : undefined,
          },
        );
        record.originalMessageId = message.message.id;
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
        record.originalMessageId = record.sourceMessageId;
        break;
      case InteractionResponseType.UpdateMessage: {
        const source = record.sourceMessageId ? this.world.findMessage(record.channelId, record.sourceMessageId) : undefined;
        if (!source) throw errors.unknownMessage();
        const formErrors = new FormErrors();
        const input = parseMessageBody(data, formErrors, ['data']);
        formErrors.throwIfAny();
        this.messages.applyEdit(source, channel, input, files, isRecord(data) ? data.attachments : undefined);
        record.originalMessageId = source.message.id;
        message = source;
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const formErrors = new FormErrors();
        record.choices = parseChoices(data, formErrors);
        formErrors.throwIfAny();
        break;
      }
      case InteractionResponseType.Modal: {
        const formErrors = new FormErrors();
        const modal = parseModal(data, formErrors);
        formErrors.throwIfAny();
        if (modal) record.modal = modal;
        break;
      }
      default:
        throw invalidFormBody([{ path: ['type'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {4, 5, 6, 7, 8, 9}.' }]);
    }
    record.response = data === undefined ? { type } : { type, data };
    for (const listener of record.listeners) listener();
    if (query.get('with_response') !== 'true') return { status: 204 };
    const result: RESTPostAPIInteractionCallbackWithResponseResult = {
      interaction: { id: record.id, type: record.type },
    };
    if (message) {
      result.interaction.response_message_id = message.message.id;
      result.interaction.response_message_loading = ((message.message.flags ?? 0) & MessageFlags.Loading) !== 0;
      result.interaction.response_message_ephemeral = message.ephemeral;
    }
    result.resource =
      message && type !== InteractionResponseType.DeferredChannelMessageWithSource ? { type, message: this.world.messageView(message) } : { type };
    return { status: 200, body: result };
  }

  /** Interactions › Interaction Response Object › Interaction Callback Type: which responses each interaction takes. */
  private allowedResponses(record: InteractionRecord): InteractionResponseType[] {
    switch (record.type) {
      case InteractionType.ApplicationCommandAutocomplete:
        return [InteractionResponseType.ApplicationCommandAutocompleteResult];
      case InteractionType.ApplicationCommand:
        return [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.Modal];
      case InteractionType.MessageComponent:
        return [
          InteractionResponseType.ChannelMessageWithSource,
          InteractionResponseType.DeferredChannelMessageWithSource,
          InteractionResponseType.DeferredMessageUpdate,
          InteractionResponseType.UpdateMessage,
          InteractionResponseType.Modal,
        ];
      case InteractionType.ModalSubmit:
        return record.sourceMessageId
          ? [
              InteractionResponseType.ChannelMessageWithSource,
              InteractionResponseType.DeferredChannelMessageWithSource,
              InteractionResponseType.DeferredMessageUpdate,
              InteractionResponseType.UpdateMessage,
            ]
          : [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource];
      default:
        return [];
    }
  }

  // ---- webhooks (interaction tokens) ------------------------------------------------------------

  /** The interaction behind a webhook token; the application id must be ours and the token alive. */
  private byWebhook(applicationId: string, token: string): InteractionRecord {
    const record = this.byToken.get(token);
    if (!record || applicationId !== this.world.application.id) throw new DiscordApiError(404, 10015, 'Unknown Webhook');
    if (Date.now() - record.createdAt > TOKEN_LIFETIME_MS) throw errors.invalidWebhookToken();
    if (!record.response && Date.now() - record.createdAt > this.timeoutMs()) throw new DiscordApiError(404, 10015, 'Unknown Webhook');
    return record;
  }

  private originalOf(record: InteractionRecord): MessageRecord {
    const message = record.originalMessageId ? this.world.findMessage(record.channelId, record.originalMessageId) : undefined;
    if (!message) throw errors.unknownMessage();
    return message;
  }

  private messageOf(record: InteractionRecord, messageId: string): MessageRecord {
    if (messageId === '@original') return this.originalOf(record);
    if (messageId !== record.originalMessageId && !record.followupIds.includes(messageId)) throw errors.unknownMessage();
    const message = this.world.findMessage(record.channelId, messageId);
    if (!message) throw errors.unknownMessage();
    return message;
  }

  getMessage(applicationId: string, token: string, messageId: string): APIMessage {
    const record = this.byWebhook(applicationId, token);
    return this.world.messageView(this.messageOf(record, messageId));
  }

  editMessage(applicationId: string, token: string, messageId: string, body: unknown, files: UploadedFile[]): APIMessage {
    const record = this.byWebhook(applicationId, token);
    const message = this.messageOf(record, messageId);
    const formErrors = new FormErrors();
    const input = parseMessageBody(body, formErrors);
    formErrors.throwIfAny();
    this.messages.applyEdit(message, this.world.requireChannel(record.channelId), input, files, isRecord(body) ? body.attachments : undefined);
    if (message.message.id === record.originalMessageId) record.originalEdits++;
    for (const listener of record.listeners) listener();
    return this.world.messageView(message);
  }

  deleteMessage(applicationId: string, token: string, messageId: string): void {
    const record = this.byWebhook(applicationId, token);
    const message = this.messageOf(record, messageId);
    this.messages.deleteMessage(null, record.channelId, message.message.id);
  }

  /** Create Followup Message: like Execute Webhook with wait=true; EPHEMERAL (64) hides it from the channel. */
  followup(applicationId: string, token: string, body: unknown, files: UploadedFile[]): APIMessage {
    const record = this.byWebhook(applicationId, token);
    if (!record.response) throw new DiscordApiError(404, 10015, 'Unknown Webhook');
    const formErrors = new FormErrors();
    const input = parseMessageBody(body, formErrors);
    formErrors.throwIfAny();
    const channel = this.world.requireChannel(record.channelId);
    const original = record.originalMessageId ? this.world.findMessage(record.channelId, record.originalMessageId) : undefined;
    // After a deferred response, the first follow-up fills in the "thinking…" message instead of posting a new one.
    if (original && ((original.message.flags ?? 0) & MessageFlags.Loading) !== 0) {
      this.messages.applyEdit(original, channel, input, files, isRecord(body) ? body.attachments : undefined);
      record.originalEdits++;
      for (const listener of record.listeners) listener();
      return this.world.messageView(original);
    }
    const ephemeral = ((input.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    const metadata: APIMessageInteractionMetadata = record.originalMessageId
      ? { ...record.metadata, original_response_message_id: record.originalMessageId }
      : record.metadata;
    const message = this.messages.createParsedMessage(this.world.application.botUserId, channel, input, {
      interaction: { id: record.id, metadata, type: record.messageType },
      ephemeral,
      files,
      attachmentMeta: isRecord(body) ? body.attachments : undefined,
    });
    record.followupIds.push(message.message.id);
    for (const listener of record.listeners) listener();
    return this.world.messageView(message);
  }
}
