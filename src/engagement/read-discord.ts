import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { APIMessage, APIReaction, APIUser } from 'discord-api-types/v10';

/** A message or channel that Discord no longer has (10008 Unknown Message, 10003 Unknown Channel). */
export class GoneError extends Error {
  constructor(readonly what: 'message' | 'channel') {
    super(`unknown ${what}`);
    this.name = 'GoneError';
  }
}

/** The reads a reconciliation makes, one REST request each; counts them. */
export interface DiscordReads {
  readonly requests: number;
  message(channelId: string, messageId: string): Promise<APIMessage>;
  /** One page (at most 100) of the users who reacted with an emoji, after a user id. */
  reactionUsers(channelId: string, messageId: string, emoji: APIReaction['emoji'], after: string | null): Promise<APIUser[]>;
  /** One page (at most 100) of a channel's messages, newest first, before a message id. */
  channelMessages(channelId: string, before: string | null): Promise<APIMessage[]>;
}

export const pageSize = 100;

/**
 * The reads over @discordjs/rest, whose per-bucket queues honour Discord's rate-limit headers, so a
 * reconciliation waits for a bucket's reset instead of running into 429s (Topics › Rate Limits).
 */
export function restReads(rest: REST): DiscordReads {
  let requests = 0;
  const get = async <T>(route: `/${string}`, query?: URLSearchParams): Promise<T> => {
    requests += 1;
    try {
      return (await rest.get(route, query ? { query } : {})) as T;
    } catch (error) {
      if (error instanceof DiscordAPIError) {
        if (error.code === RESTJSONErrorCodes.UnknownMessage) throw new GoneError('message');
        if (error.code === RESTJSONErrorCodes.UnknownChannel) throw new GoneError('channel');
      }
      throw error;
    }
  };
  return {
    get requests() {
      return requests;
    },
    message: (channelId, messageId) => get<APIMessage>(Routes.channelMessage(channelId, messageId)),
    reactionUsers: (channelId, messageId, emoji, after) => {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (after) query.set('after', after);
      // Message Resource › Get Reactions: the emoji is URL-encoded, name:id for a custom one.
      const id = emoji.id ? `${emoji.name ?? '_'}:${emoji.id}` : (emoji.name ?? '');
      return get<APIUser[]>(Routes.channelMessageReaction(channelId, messageId, encodeURIComponent(id)), query);
    },
    channelMessages: (channelId, before) => {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (before) query.set('before', before);
      return get<APIMessage[]>(Routes.channelMessages(channelId), query);
    },
  };
}
