import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import { encodeEmojiDetail, persistedKeys, type LikeTarget } from './view.js';

/**
 * Persists the like sets that changed, every flushIntervalMs, in one replaceMany call.
 * The hot path only adds the target to a set (O(1)); the writer snapshots whole sets, so a target
 * changed many times between flushes is written once, and a write never races another (one in flight).
 * A failed write puts its targets back as dirty for the next tick.
 */
export class BatchedWriter {
  readonly #dirty = new Set<LikeTarget>();
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

  markDeletedIdsDirty(): void {
    this.#deletedIdsDirty = true;
  }

  get pending(): number {
    return this.#dirty.size + (this.#deletedIdsDirty ? 1 : 0);
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

    const write = this.store.likes.replaceMany(sets).then(
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
    this.#inFlight = write;
    await write;
    if (this.#inFlight === write) this.#inFlight = null;
  }
}
