import { InteractionResponseType, MessageFlags, MessageType } from 'discord-api-types/v10';
import type { APIMessage } from 'discord-api-types/v10';
import type { Driver, InteractionHandle } from '../emulator/index.js';

/** A modal the bot opened for one person, waiting to be filled in. */
export interface PendingModal {
  channelId: string;
  customId: string;
  title: string;
  components: unknown[];
}

/** A message only one person sees: an ephemeral reply, or the sandbox's note that the bot did not answer. */
export interface PrivateMessage {
  channelId: string;
  message: APIMessage;
}

interface Tracked {
  channelId: string;
  handle: InteractionHandle;
  originalId?: string;
  notice?: string;
  at: number;
}

const responseTimeoutMs = 4000;

function isModalData(data: unknown): data is { custom_id: string; title: string; components: unknown[] } {
  return (
    typeof data === 'object' &&
    data !== null &&
    'custom_id' in data &&
    typeof data.custom_id === 'string' &&
    'title' in data &&
    typeof data.title === 'string' &&
    'components' in data &&
    Array.isArray(data.components)
  );
}

function flagsOf(data: unknown): number {
  return typeof data === 'object' && data !== null && 'flags' in data && typeof data.flags === 'number' ? data.flags : 0;
}

/**
 * Ephemeral messages live outside the channel (Discord shows them only to the person who ran the command), so the
 * sandbox remembers, per person, the interactions they started and reads their replies back through the driver.
 */
export class PrivateViews {
  private readonly tracked = new Map<string, Tracked[]>();
  private readonly modals = new Map<string, PendingModal[]>();
  private readonly dismissed = new Set<string>();

  constructor(
    private readonly driver: Driver,
    private readonly botUser: () => APIMessage['author'],
  ) {}

  /** Follows an interaction the person started: its modal, its ephemeral reply, or a notice if the bot never answers. */
  follow(userId: string, channelId: string, handle: InteractionHandle): void {
    const entry: Tracked = { channelId, handle, at: Date.now() };
    const list = this.tracked.get(userId) ?? [];
    list.push(entry);
    this.tracked.set(userId, list.slice(-50));
    handle.response(responseTimeoutMs).then(
      (response) => {
        const data = response.data;
        if (response.type === InteractionResponseType.Modal && isModalData(data)) {
          const modals = (this.modals.get(userId) ?? []).filter((m) => m.customId !== data.custom_id);
          modals.push({ channelId, customId: data.custom_id, title: data.title, components: data.components });
          this.modals.set(userId, modals);
          return;
        }
        const replies =
          response.type === InteractionResponseType.ChannelMessageWithSource || response.type === InteractionResponseType.DeferredChannelMessageWithSource;
        if (replies && (flagsOf(response.data) & MessageFlags.Ephemeral) !== 0) {
          // A deferred reply shows once the bot edits it (Discord gives up on an unedited one; so does the page after a minute).
          handle.reply(60_000).then(
            (reply) => (entry.originalId = reply.id),
            () => undefined,
          );
        }
      },
      () => {
        entry.notice = 'Liner Notes did not respond. (Is the bot still running? See the terminal.)';
      },
    );
  }

  modalFor(userId: string): PendingModal | undefined {
    return this.modals.get(userId)?.[0];
  }

  closeModal(userId: string, customId: string): boolean {
    const modals = this.modals.get(userId) ?? [];
    const left = modals.filter((m) => m.customId !== customId);
    this.modals.set(userId, left);
    return left.length !== modals.length;
  }

  dismiss(messageId: string): void {
    this.dismissed.add(messageId);
  }

  messagesFor(userId: string): PrivateMessage[] {
    const shown: PrivateMessage[] = [];
    for (const entry of this.tracked.get(userId) ?? []) {
      if (entry.originalId) {
        const message = this.driver.message(entry.channelId, entry.originalId);
        if (message) shown.push({ channelId: entry.channelId, message });
      }
      if (entry.notice)
        shown.push({ channelId: entry.channelId, message: this.syntheticMessage(`timeout-${entry.handle.id}`, entry.channelId, entry.notice, entry.at) });
      for (const followup of entry.handle.followups()) {
        if (followup.ephemeral) shown.push({ channelId: entry.channelId, message: followup });
      }
    }
    return shown.filter((m) => !this.dismissed.has(m.message.id)).sort((a, b) => a.message.timestamp.localeCompare(b.message.timestamp));
  }

  private syntheticMessage(id: string, channelId: string, content: string, at: number): APIMessage {
    const now = new Date(at).toISOString();
    return {
      id,
      channel_id: channelId,
      author: this.botUser(),
      content,
      timestamp: now,
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: MessageType.Default,
      flags: MessageFlags.Ephemeral,
    };
  }
}
