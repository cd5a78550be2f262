import { LikeTally, likeEmojiKey } from '../domain/likes.js';
import type { GuildSettings } from '../domain/guild-settings.js';
import type { Publication } from '../domain/publication.js';
import type { StoredResponse } from '../domain/response.js';
import type { Store } from '../store/ports.js';

/** A message whose like-emoji reactions are likes: a review post or a response in its thread. */
export interface LikeTarget {
  readonly messageId: string;
  readonly tally: LikeTally;
  /** Whose own like counts only when the guild allows it. */
  authorId(): string;
  readonly post: PostState;
  /** Whether the store may hold emoji detail for this target (then a write must replace it). */
  emojiDetailStored: boolean;
}

export interface PostState extends LikeTarget {
  publication: Publication;
  /** Live responses in its thread, by message id. */
  readonly responses: Map<string, ResponseState>;
  /** The post was deleted on Discord: it stops counting; its tally stays in the store. */
  deleted: boolean;
  /** Its thread was deleted on Discord: its responses stop counting. */
  threadDeleted: boolean;
}

export interface ResponseState extends LikeTarget {
  stored: StoredResponse;
}

export interface GuildLikeSettings {
  likeKeys: ReadonlySet<string>;
  countOwnLikes: boolean;
}

/** Entries of the deleted set: a thread started on a message shares its id, so each says what was deleted. */
export const deletedEntry = {
  post: (messageId: string): string => `post:${messageId}`,
  thread: (threadId: string): string => `thread:${threadId}`,
} as const;

/** Per person, the like emoji they have on a target: the record that keeps the one-like-per-person rule across a restart. */
export function emojiDetailOf(tally: LikeTally): Map<string, string[]> {
  const byUser = new Map<string, string[]>();
  for (const [emojiKey, users] of tally.usersByEmoji()) {
    for (const userId of users) {
      const keys = byUser.get(userId);
      if (keys) keys.push(emojiKey);
      else byUser.set(userId, [emojiKey]);
    }
  }
  return byUser;
}

export function guildLikeSettings(settings: GuildSettings): GuildLikeSettings {
  return { likeKeys: new Set(settings.likeEmojis.map(likeEmojiKey)), countOwnLikes: settings.countOwnLikes };
}

export function createPostState(publication: Publication): PostState {
  const post: PostState = {
    messageId: publication.messageId,
    tally: new LikeTally(),
    publication,
    responses: new Map(),
    deleted: false,
    threadDeleted: false,
    emojiDetailStored: false,
    authorId: () => post.publication.postedBy,
    get post() {
      return post;
    },
  };
  return post;
}

export function createResponseState(post: PostState, stored: StoredResponse): ResponseState {
  const response: ResponseState = {
    messageId: stored.messageId,
    tally: new LikeTally(),
    stored,
    post,
    emojiDetailStored: false,
    authorId: () => response.stored.authorId,
  };
  return response;
}

/** Shares one string per user id between the tallies loaded at start-up (a user likes many posts). */
export class IdPool {
  readonly #ids = new Map<string, string>();

  intern(id: string): string {
    const known = this.#ids.get(id);
    if (known !== undefined) return known;
    this.#ids.set(id, id);
    return id;
  }
}

/**
 * Fills a tally from the persisted user set and, when the guild has several like emoji, its emoji detail.
 * With a single like emoji there is no doubt which emoji each like used, so the detail is not read.
 */
export async function loadTally(store: Store, target: LikeTarget, likeKeys: ReadonlySet<string>, pool: IdPool): Promise<void> {
  const onlyKey = likeKeys.size === 1 ? [...likeKeys] : [];
  const [users, detail] = await Promise.all([
    store.likes.users(target.messageId),
    onlyKey.length === 1 ? undefined : store.engagementRecords.emojiDetail(target.messageId),
  ]);
  // Unread detail may be stale from a time the guild had several like emoji: the first write clears it.
  target.emojiDetailStored = detail === undefined || detail.size > 0;
  target.tally.clear();
  for (const userId of users) target.tally.restore(pool.intern(userId), detail?.get(userId) ?? onlyKey);
}

/** Runs fn over items with at most `limit` in flight (start-up loads many small reads). */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

/** A post as the store has it: its likes, its responses and theirs, and whether it or its thread was deleted. */
export async function loadPostState(
  store: Store,
  publication: Publication,
  known: { likeKeys: ReadonlySet<string>; pool: IdPool; deletedIds: ReadonlySet<string> },
): Promise<PostState> {
  const post = createPostState(publication);
  post.deleted = known.deletedIds.has(deletedEntry.post(publication.messageId));
  post.threadDeleted = publication.threadId !== null && known.deletedIds.has(deletedEntry.thread(publication.threadId));
  const [, storedResponses] = await Promise.all([
    loadTally(store, post, known.likeKeys, known.pool),
    publication.threadId ? store.responses.list(publication.threadId) : Promise.resolve([]),
  ]);
  const responses = storedResponses.filter((stored) => stored.messageId !== publication.messageId).map((stored) => createResponseState(post, stored));
  await Promise.all(responses.map((response) => loadTally(store, response, known.likeKeys, known.pool)));
  for (const response of responses) post.responses.set(response.messageId, response);
  return post;
}
