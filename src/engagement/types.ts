import type { Awaitable, Client, RESTPatchAPIChannelMessageJSONBody } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Publication } from '../domain/publication.js';
import type { StoredResponse } from '../domain/response.js';
import type { Store } from '../store/ports.js';
import type { ReconcileSummary } from './reconciler.js';

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
  /**
   * Default 16: posts read from Discord at once by a reconciliation. Requests still queue per rate-limit bucket;
   * enough posts in flight keep every bucket busy while the slowest one waits for its reset.
   */
  reconcileConcurrency?: number;
  /** Default 5000: how often a running reconciliation logs its progress. */
  reconcileProgressEveryMs?: number;
}

/** Which posts a reconciliation reads: every tracked one, a guild's, or one review's posts in a guild. */
export interface ReconcileScope {
  guildId?: string;
  slug?: string;
}

export interface ReconcileOptions {
  /** Why it runs, for the log. */
  reason?: string;
  /** Called as posts are done (a command shows it). */
  onProgress?: (progress: ReconcileSummary) => void;
}

/** What a change of a guild's like settings did to the likes counted so far. */
export interface LikeSettingsChange {
  /** Live posts in the guild. */
  posts: number;
  /** Likes on those posts before the change, and right after it (likes of emoji no longer accepted are dropped). */
  likesBefore: number;
  likesKept: number;
  /** Posts whose like count changed. */
  postsChanged: number;
  /** Whether reactions that count now but were not counted are being read from Discord (footers follow). */
  recount: boolean;
}

/** Read-only figures for health checks and metrics (src/health/). */
export interface EngagementStats {
  /** Gateway facts applied to the view since start. */
  eventsHandled: number;
  /** Changes waiting for the store, whether the last write failed and why, failed flushes since start. */
  unwritten: number;
  storeFailing: boolean;
  storeFailureCause: string | null;
  storeFailedFlushes: number;
  /** 0 with nothing pending, else ms since the last flush that wrote everything. */
  storeFlushLagMs: number;
  /** Posts waiting for a footer edit. */
  footerEditsPending: number;
  /** The reconciliation under way (null when none), and the last one to end. */
  reconciling: ReconcileSummary | null;
  lastReconcile: ReconcileSummary | null;
}

export interface Engagement {
  /** Figures for health and metrics, read at the moment of the call. */
  stats(): EngagementStats;
  /** Registers the reaction / message / thread listeners on the client (call before login). */
  attach(client: Client): void;
  /** Starts tracking a newly published post (called by /review post after sending it and starting its thread). */
  track(publication: Publication): Promise<void>;
  /** Marks a publication withdrawn/updated and re-renders its footer soon. */
  refresh(messageId: string): void;
  /**
   * Reloads a guild's settings (like emoji, countOwnLikes) after /setup saved them, drops likes they no longer
   * accept, and recounts from Discord the reactions they newly accept.
   */
  settingsChanged(guildId: string): Promise<LikeSettingsChange>;
  /** In memory, O(1). A deleted post counts zero. */
  countsFor(messageId: string): PostCounts;
  /** Summed over that guild's non-deleted posts, keyed by slug (a snapshot shared until a count changes). */
  countsByGuild(guildId: string): ReadonlyMap<string, PostCounts>;
  /** Newest first. */
  responses(threadId: string): ResponseView[];
  /** Persists every dirty set now (used on shutdown and by tests). */
  flush(): Promise<void>;
  /**
   * Rebuilds the view of the posts in scope from Discord (their reactions and thread messages) and edits every
   * footer that differs. Runs by itself after every new gateway session; events meanwhile are neither lost nor
   * counted twice.
   */
  reconcile(scope?: ReconcileScope, options?: ReconcileOptions): Promise<ReconcileSummary>;
  /** Flushes, stops timers, detaches the listeners; says how many changes could not be written to the store. */
  stop(): Promise<{ unwritten: number }>;
}

export interface LoadingEngagement extends Engagement {
  /**
   * Resolves once the publication index, like sets and responses are loaded from the store (rejects if the store
   * fails). Events that arrive before are queued and applied in order then; counts read before may be low.
   */
  readonly loaded: Promise<void>;
}

export type { ReconcileSummary } from './reconciler.js';
