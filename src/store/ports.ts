/**
 * Ports of the storage layer. The domain and the Discord adapter depend on these,
 * never on keyv. Implementations live beside this file; the URL in STORE_URL picks one.
 */

import type { GuildSettings } from '../domain/guild-settings.js';
import type { Publication } from '../domain/publication.js';
import type { StoredResponse } from '../domain/response.js';
import type { CatalogueRepository } from './catalogue-repository.js';

// The entities belong to the domain; they are re-exported here for the adapters that speak in ports.
export { defaultGuildSettings, type GuildSettings } from '../domain/guild-settings.js';
export type { Publication } from '../domain/publication.js';
export type { StoredResponse } from '../domain/response.js';
export type { CatalogueRepository, StoredReviewSummary, StoredReviewText } from './catalogue-repository.js';

export interface GuildSettingsRepository {
  get(guildId: string): Promise<GuildSettings>;
  set(guildId: string, settings: GuildSettings): Promise<void>;
}

export interface PublicationRepository {
  save(publication: Publication): Promise<void>;
  byMessage(messageId: string): Promise<Publication | undefined>;
  byThread(threadId: string): Promise<Publication | undefined>;
  byGuildAndSlug(guildId: string, slug: string): Promise<Publication[]>;
  listGuild(guildId: string): Promise<Publication[]>;
  /** Every publication, for building the in-memory index at start-up. */
  listAll(): Promise<Publication[]>;
}

/**
 * Likes are a set of user ids per target message (a review post or a response).
 * Adding twice counts once; removing someone absent is a no-op; operations on one
 * target are serialised so concurrent adds and removes lose nothing.
 */
export interface LikeRepository {
  add(targetId: string, userId: string): Promise<boolean>;
  remove(targetId: string, userId: string): Promise<boolean>;
  clear(targetId: string): Promise<void>;
  users(targetId: string): Promise<ReadonlySet<string>>;
  /** Overwrites whole sets at once: the batched writer of the in-memory view uses this. */
  replaceMany(sets: ReadonlyMap<string, ReadonlySet<string>>): Promise<void>;
}

export interface ResponseRepository {
  upsert(response: StoredResponse): Promise<void>;
  remove(threadId: string, messageId: string): Promise<boolean>;
  list(threadId: string): Promise<StoredResponse[]>;
}

/**
 * One store may be shared by several processes (a server store with one process per shard). The rule that keeps
 * that safe: one guild's data (its settings, its publications, the likes and responses of its posts) is written only
 * by the process that owns the guild, so each process's keyed queue orders every write to those keys. The one
 * thing every process writes, the set of guilds with publications, is added to atomically by the server.
 * `openStore`'s `ownsGuild` names a process's guilds, and writes to any other guild are refused
 * (guild-ownership.ts).
 */
/**
 * What the engagement view keeps beside the like sets so that a restart stays exact: which like emoji each person
 * used on a target (needed only while a guild has several like emoji), and which posts and threads were deleted on
 * Discord.
 */
export interface EngagementRecordRepository {
  /** Per person, the like emoji they have on the target; empty when none is recorded. */
  emojiDetail(targetId: string): Promise<ReadonlyMap<string, readonly string[]>>;
  deletedIds(): Promise<ReadonlySet<string>>;
  /** Replaces each target's detail (an empty map clears it) and, when given, the whole deleted set. */
  write(batch: { emojiDetail: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>; deletedIds?: ReadonlySet<string> }): Promise<void>;
}

export interface Store {
  /** Names the store for log lines and errors (a file, or a URL without its password). */
  readonly location: string;
  settings: GuildSettingsRepository;
  publications: PublicationRepository;
  likes: LikeRepository;
  engagementRecords: EngagementRecordRepository;
  responses: ResponseRepository;
  /** The shared catalogue's reviews: the catalogue itself on a server store (with SQLite, data/reviews is). */
  catalogue: CatalogueRepository;
  /** Opens a new connection in place of the current one (after writes failed), so the store heals without a restart. */
  reopen(): Promise<void>;
  close(): Promise<void>;
}
