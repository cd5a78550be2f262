import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type { APIMessage } from 'discord-api-types/v10';
import type { InteractionRecord, InteractionResponse } from './interactions.js';
import type { InteractionHandle } from './types.js';
import { waitUntil } from './wait-until.js';
import type { MessageRecord, World } from './world.js';

/** A message as the driver hands it out: the API view plus whether only its interaction's member sees it. */
export function ephemeralView(world: World, record: MessageRecord): APIMessage & { ephemeral: boolean } {
  return { ...world.messageView(record), ephemeral: record.ephemeral };
}

/** What a test holds of an interaction a person started: its first callback, its reply and its follow-ups. */
export function interactionHandle(world: World, record: InteractionRecord): InteractionHandle {
  return {
    id: record.id,
    token: record.token,
    async response(timeoutMs = 5000): Promise<InteractionResponse> {
      await waitUntil(() => record.response !== undefined, timeoutMs, `the first callback to interaction ${record.id}`, record.listeners);
      const response = record.response;
      if (!response) throw new Error(`Interaction ${record.id} lost its response`);
      return response;
    },
    async reply(timeoutMs = 5000): Promise<APIMessage & { ephemeral: boolean }> {
      const original = (): MessageRecord | undefined => (record.originalMessageId ? world.findMessage(record.channelId, record.originalMessageId) : undefined);
      await waitUntil(
        () => {
          const message = original();
          if (message === undefined || ((message.message.flags ?? 0) & MessageFlags.Loading) !== 0) return false;
          // After a deferred update the message shows the answer only once the bot edits it.
          return record.response?.type !== InteractionResponseType.DeferredMessageUpdate || record.originalEdits > 0;
        },
        timeoutMs,
        `a visible reply to interaction ${record.id}`,
        record.listeners,
      );
      const message = original();
      if (!message) throw new Error(`The reply to interaction ${record.id} was deleted`);
      return ephemeralView(world, message);
    },
    followups(): (APIMessage & { ephemeral: boolean })[] {
      return record.followupIds
        .map((id) => world.findMessage(record.channelId, id))
        .filter((message): message is MessageRecord => message !== undefined)
        .map((message) => ephemeralView(world, message));
    },
  };
}
