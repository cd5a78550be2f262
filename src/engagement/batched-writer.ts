import type { Logger } from '../logger.js';
import type { Store, StoredResponse } from '../store/ports.js';
import { encodeEmojiDetail, persistedKeys, type LikeTarget } from './view.js';

/** The latest state of a response to persist: its text, or its removal. */
export type ResponseChange = { kind: 'upsert'; response: StoredResponse } | { kind: 'remove'; threadId: string; messageId: string };

/**
 * Persists what changed, every flushIntervalMs: the like sets in one replaceMany call, and the responses
 * created, edited or deleted (the latest state of each). The hot path only adds to a set or map (O(1)); the
 * writer snapshots whole sets, so a target changed many times between flushes is written once, and a flush
 * never races another (one in flight). A failed write is put back as dirty for the next tick, unless a newer
 * change replaced it meanwhile.
 */
export class BatchedWriter {
  readonly #dirty = new Set<LikeTarget>();
  readonly #responseChanges = new Map<string, ResponseChange>();
  #deletedIdsDirty = false;
  #inFlight: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly deletedIds: () => ReadonlySet<string>,
    /** Whether the target's guild has several like emoji (then which ones each person used is persisted). */
    private readonly needsEmojiDetail: (target: LikeTarget) => boolean,
  ) {}

  start(intervalMs: number): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (!this.#inFlight) void this.flush();
    }, intervalMs);
    this.#timer.unref();
  }

  stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  markDirty(target: LikeTarget): void {
    this.#dirty.add(target);
  }

  markResponseChanged(messageId: string, change: ResponseChange): void {
    this.#responseChanges.set(messageId, change);
  }

  markDeletedIdsDirty(): void {
    this.#deletedIdsDirty = true;
  }

  get pending(): number {
    return this.#dirty.size + this.#responseChanges.size + (this.#deletedIdsDirty ? 1 : 0);
  }

  /** Writes everything dirty now; waits for a write already under way first. */
  async flush(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
    if (this.pending === 0) return;
    const targets = [...this.#dirty];
    this.#dirty.clear();
    const writeDeletedIds = this.#deletedIdsDirty;
    this.#deletedIdsDirty = false;

    const sets = new Map<string, ReadonlySet<string>>();
    for (const target of targets) {
      sets.set(target.messageId, target.tally.users());
      if (this.needsEmojiDetail(target)) {
        const detail = encodeEmojiDetail(target.tally);
        sets.set(persistedKeys.emojiDetail(target.messageId), detail);
        target.emojiDetailStored = detail.size > 0;
      } else if (target.emojiDetailStored) {
        sets.set(persistedKeys.emojiDetail(target.messageId), new Set());
        target.emojiDetailStored = false;
      }
    }
    if (writeDeletedIds) sets.set(persistedKeys.deletedIds, new Set(this.deletedIds()));

    const write = (sets.size === 0 ? Promise.resolve() : this.store.likes.replaceMany(sets)).then(
      () => undefined,
      (error: unknown) => {
        for (const target of targets) {
          this.#dirty.add(target);
          target.emojiDetailStored = true; // unknown after a failed write: replace it next time
        }
        if (writeDeletedIds) this.#deletedIdsDirty = true;
        this.logger.error({ err: error, targets: targets.length }, 'like sets not persisted; retrying on the next flush');
      },
    );
    const responseChanges = [...this.#responseChanges];
    this.#responseChanges.clear();
    const responseWrites = responseChanges.map(async ([messageId, change]) => {
      try {
        if (change.kind === 'upsert') await this.store.responses.upsert(change.response);
        else await this.store.responses.remove(change.threadId, change.messageId);
      } catch (error) {
        if (!this.#responseChanges.has(messageId)) this.#responseChanges.set(messageId, change);
        this.logger.error({ err: error, messageId }, 'response not persisted; retrying on the next flush');
      }
    });
    const flushed = Promise.all([write, ...responseWrites]).then(() => undefined);
    this.#inFlight = flushed;
    await flushed;
    if (this.#inFlight === flushed) this.#inFlight = null;
  }
}
