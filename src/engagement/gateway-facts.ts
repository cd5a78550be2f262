import {
  Events,
  GatewayDispatchEvents,
  MessageType,
  type Client,
  type Message,
  type MessageReaction,
  type PartialMessage,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import { reactionEmojiKey } from '../domain/likes.js';
import type { StoredResponse } from '../domain/response.js';
import { isRecord } from '../validation.js';
import type { EngagementFact } from './facts.js';

/** What the engine does with the gateway: facts about tracked messages, and the session's state. */
export interface GatewaySink {
  fact(fact: EngagementFact): void;
  threadDeleted(threadId: string): void;
  channelDeleted(channelId: string): void;
  botUser(userId: string): void;
  /** A new gateway session (READY, not a resume): events may have been missed since the last one. */
  newSession(): void;
  /** This bot's user id, so its own messages are not responses. */
  botUserId(): string;
}

/** The deletions read from the raw dispatch. */
type DeletionDispatch =
  GatewayDispatchEvents.MessageDelete | GatewayDispatchEvents.MessageDeleteBulk | GatewayDispatchEvents.ThreadDelete | GatewayDispatchEvents.ChannelDelete;

const deletionDispatches: ReadonlySet<string> = new Set<DeletionDispatch>([
  GatewayDispatchEvents.MessageDelete,
  GatewayDispatchEvents.MessageDeleteBulk,
  GatewayDispatchEvents.ThreadDelete,
  GatewayDispatchEvents.ChannelDelete,
]);

function isDeletion(type: string): type is DeletionDispatch {
  return deletionDispatches.has(type);
}

/**
 * Turns discord.js events into plain facts. Nothing here decides what counts: the engine's rules do. Returns a
 * function that detaches every listener.
 */
export function attachGatewayFacts(client: Client, sink: GatewaySink): () => void {
  const onReady = (ready: Client<true>): void => sink.botUser(ready.user.id);
  const onShardReady = (): void => sink.newSession();
  const onReactionAdd = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): void => {
    const emojiKey = reactionEmojiKey(reaction.emoji);
    if (emojiKey === null) return;
    const { id: messageId, channelId } = reaction.message;
    sink.fact({ kind: 'reaction-add', channelId, messageId, userId: user.id, userIsBot: user.partial ? null : user.bot, emojiKey });
  };
  const onReactionRemove = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): void => {
    const emojiKey = reactionEmojiKey(reaction.emoji);
    if (emojiKey === null) return;
    sink.fact({ kind: 'reaction-remove', channelId: reaction.message.channelId, messageId: reaction.message.id, userId: user.id, emojiKey });
  };
  const onReactionRemoveAll = (message: Message | PartialMessage): void => {
    sink.fact({ kind: 'reaction-clear', channelId: message.channelId, messageId: message.id });
  };
  const onReactionRemoveEmoji = (reaction: MessageReaction | PartialMessageReaction): void => {
    const emojiKey = reactionEmojiKey(reaction.emoji);
    if (emojiKey === null) return;
    sink.fact({ kind: 'reaction-clear-emoji', channelId: reaction.message.channelId, messageId: reaction.message.id, emojiKey });
  };
  const onMessageCreate = (message: Message): void => {
    if (isResponse(message, sink.botUserId())) sink.fact({ kind: 'response-seen', response: responseFrom(message), edited: false });
  };
  const onMessageUpdate = (_old: Message | PartialMessage, updated: Message): void => {
    // discord.js hands over the whole edited message; one written while the bot was away is a response from now on.
    if (!isResponse(updated, sink.botUserId())) return;
    sink.fact({ kind: 'response-seen', response: responseFrom(updated), edited: true });
  };
  // Deletions come from the raw dispatch: discord.js drops THREAD_DELETE and MESSAGE_DELETE_BULK for uncached
  // threads and channels, while their ids are all the view needs.
  const onRaw = (packet: unknown): void => {
    if (!isRecord(packet) || !isRecord(packet.d)) return;
    const type = packet.t;
    if (typeof type !== 'string' || !isDeletion(type)) return;
    const data = packet.d;
    const channelId = typeof data.channel_id === 'string' ? data.channel_id : '';
    switch (type) {
      case GatewayDispatchEvents.MessageDelete:
        if (typeof data.id === 'string') sink.fact({ kind: 'message-delete', channelId, messageId: data.id });
        break;
      case GatewayDispatchEvents.MessageDeleteBulk:
        if (Array.isArray(data.ids)) {
          for (const id of data.ids) if (typeof id === 'string') sink.fact({ kind: 'message-delete', channelId, messageId: id });
        }
        break;
      case GatewayDispatchEvents.ThreadDelete:
        if (typeof data.id === 'string') sink.threadDeleted(data.id);
        break;
      case GatewayDispatchEvents.ChannelDelete:
        if (typeof data.id === 'string') sink.channelDeleted(data.id);
        break;
    }
  };

  client.on(Events.ClientReady, onReady);
  client.on(Events.ShardReady, onShardReady);
  client.on(Events.MessageReactionAdd, onReactionAdd);
  client.on(Events.MessageReactionRemove, onReactionRemove);
  client.on(Events.MessageReactionRemoveAll, onReactionRemoveAll);
  client.on(Events.MessageReactionRemoveEmoji, onReactionRemoveEmoji);
  client.on(Events.MessageCreate, onMessageCreate);
  client.on(Events.MessageUpdate, onMessageUpdate);
  client.on(Events.Raw, onRaw);
  return () => {
    client.off(Events.ClientReady, onReady);
    client.off(Events.ShardReady, onShardReady);
    client.off(Events.MessageReactionAdd, onReactionAdd);
    client.off(Events.MessageReactionRemove, onReactionRemove);
    client.off(Events.MessageReactionRemoveAll, onReactionRemoveAll);
    client.off(Events.MessageReactionRemoveEmoji, onReactionRemoveEmoji);
    client.off(Events.MessageCreate, onMessageCreate);
    client.off(Events.MessageUpdate, onMessageUpdate);
    client.off(Events.Raw, onRaw);
  };
}

function isResponse(message: Message, botUserId: string): boolean {
  return (
    (message.type === MessageType.Default || message.type === MessageType.Reply) &&
    !message.author.bot &&
    message.author.id !== botUserId &&
    message.webhookId === null
  );
}

function responseFrom(message: Message): StoredResponse {
  return {
    messageId: message.id,
    threadId: message.channelId,
    authorId: message.author.id,
    authorName: message.member?.displayName ?? message.author.globalName ?? message.author.username,
    content: message.content,
    createdAt: message.createdAt.toISOString(),
    editedAt: message.editedAt?.toISOString() ?? null,
  };
}
