import type { Awaitable, Client, RESTPatchAPIChannelMessageJSONBody } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Publication, Store, StoredResponse } from '../store/ports.js';
import { startEngagementEngine } from './engine.js';

export interface PostCounts {
  likes: number;
  responses: number;
}

export interface ResponseView extends StoredResponse {
  likes: number;
}

export interface EngagementDeps {
  store: Store;
  logger: Logger;
  /**
   * Renders the whole edited post for a publication with its current counts (owned by commands).
   * Returns undefined when the review is unknown (then the refresher leaves the post alone). It may wait (the
   * review's text is read from its file); the counts are the ones at the time of the call.
   */
  renderPost(publication: Publication, counts: PostCounts): Awaitable<RESTPatchAPIChannelMessageJSONBody | undefined>;
  /** Default 2000: at most one edit per post per window. */
  footerWindowMs?: number;
  /** Default 250: batched writes of dirty like sets. */
  flushIntervalMs?: number;
}

export interface Engagement {
  /** Registers the reaction / message / thread listeners on the client (call before login). */
  attach(client: Client): void;
  /** Starts tracking a newly published post (called by /review post after sending it and starting its thread). */
  track(publication: Publication): Promise<void>;
  /** Marks a publication withdrawn/updated and re-renders its footer soon. */
  refresh(messageId: string): void;
  /** Reloads a guild's settings (like emoji, countOwnLikes) after /setup saved them. */
  settingsChanged(guildId: string): Promise<void>;
  /** In memory, O(1). A deleted post counts zero. */
  countsFor(messageId: string): PostCounts;
  /** Summed over that guild's non-deleted posts, keyed by slug (a snapshot shared until a count changes). */
  countsByGuild(guildId: string): ReadonlyMap<string, PostCounts>;
  /** Newest first. */
  responses(threadId: string): ResponseView[];
  /** Persists every dirty set now (used on shutdown and by tests). */
  flush(): Promise<void>;
  /** Flushes, stops timers, detaches the listeners. */
  stop(): Promise<void>;
}

export interface LoadingEngagement extends Engagement {
  /**
   * Resolves once the publication index, like sets and responses are loaded from the store (rejects if the store
   * fails). Events that arrive before are queued and applied in order then; counts read before may be low.
   */
  readonly loaded: Promise<void>;
}

/** Loads the publication index and like sets from the store, then resolves. */
export async function createEngagement(deps: EngagementDeps): Promise<Engagement> {
  const engagement = startEngagement(deps);
  await engagement.loaded;
  return engagement;
}

/**
 * Returns at once and loads in the background, so a bot can attach it and log in while the view loads
 * (start-up then takes the longer of the two, not their sum). Await `loaded` before reading counts.
 */
export function startEngagement(deps: EngagementDeps): LoadingEngagement {
  return startEngagementEngine(deps);
}
