import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { StoredResponse } from '../domain/response.js';
import type { Store } from '../store/ports.js';
import { emojiDetailOf, type LikeTarget } from './view.js';

/** The latest state of a response to persist: its text, or its removal. */
export type ResponseChange = { kind: 'upsert'; response: StoredResponse } | { kind: 'remove'; threadId: string; messageId: string };

/** How a writer paces itself while the store fails. */
export interface StoreFaultPolicy {
  /** First retry delay after a failure; doubles with each failure in a row up to maxRetryDelayMs. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** While the store keeps failing, at most one reminder in the log per this period. */
  reminderEveryMs: number;
}

export const defaultStoreFaultPolicy: StoreFaultPolicy = { retryDelayMs: 500, maxRetryDelayMs: 10_000, reminderEveryMs: 60_000 };

/**
 * Persists what changed, every flushIntervalMs: the like sets in one replaceMany call, and the responses
 * created, edited or deleted (the latest state of each). The hot path only adds to a set or map (O(1)); the
 * writer snapshots whole sets, so a target changed many times between flushes is written once, and a flush
 * never races another (one in flight). A failed write is put back as dirty, unless a newer change replaced it
 * meanwhile, and retried with backoff on a reopened connection: the store heals without a restart. Its fault is
 * logged once when it starts, at most once a minute while it lasts, and once when it ends.
 */
export class BatchedWriter {
  readonly #dirty = new Set<LikeTarget>();
  readonly #responseChanges = new Map<string, ResponseChange>();
  #deletedIdsDirty = false;
  #inFlight: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** While the store fails: since when, how often in a row, and when the next try and reminder are due. */
  #failingSince: number | null = null;
  #failures = 0;
  #retryAt = 0;
  #lastReminderAt = 0;
  /** For health and metrics: failed flushes over the run, and when the last flush wrote everything it took. */
  #failedFlushes = 0;
  #lastCause = '';
  #lastFlushedAt = Date.now();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly deletedIds: () => ReadonlySet<string>,
    /** Whether the target's guild has several like emoji (then which ones each person used is persisted). */
    private readonly needsEmojiDetail: (target: LikeTarget) => boolean,
    private readonly policy: StoreFaultPolicy = defaultStoreFaultPolicy,
  ) {}

  start(intervalMs: number): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (!this.#inFlight && Date.now() >= this.#retryAt) void this.flush();
    }, intervalMs);
    this.#timer.unref();
  }

  /** Whether the last write failed (the store is unwritable right now). */
  get failing(): boolean {
    return this.#failingSince !== null;
  }

  /** The cause of the failing writes, while they fail (for /healthz). */
  get failureCause(): string | null {
    return this.#failingSince === null ? null : this.#lastCause;
  }

  /** Flushes that failed since start (a counter for metrics). */
  get failedFlushes(): number {
    return this.#failedFlushes;
  }

  /** How long changes have waited for the store: 0 with nothing pending, else the time since the last good flush. */
  lagMs(now = Date.now()): number {
    return this.pending === 0 ? 0 : Math.max(0, now - this.#lastFlushedAt);
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
    const emojiDetail = new Map<string, ReadonlyMap<string, readonly string[]>>();
    for (const target of targets) {
      sets.set(target.messageId, target.tally.users());
      if (this.needsEmojiDetail(target)) {
        const detail = emojiDetailOf(target.tally);
        emojiDetail.set(target.messageId, detail);
        target.emojiDetailStored = detail.size > 0;
      } else if (target.emojiDetailStored) {
        emojiDetail.set(target.messageId, new Map());
        target.emojiDetailStored = false;
      }
    }
    const records = emojiDetail.size > 0 || writeDeletedIds;

    const write = Promise.all([
      sets.size === 0 ? undefined : this.store.likes.replaceMany(sets),
      records ? this.store.engagementRecords.write({ emojiDetail, ...(writeDeletedIds ? { deletedIds: new Set(this.deletedIds()) } : {}) }) : undefined,
    ]).then(
      () => undefined,
      (error: unknown) => {
        for (const target of targets) {
          this.#dirty.add(target);
          target.emojiDetailStored = true; // unknown after a failed write: replace it next time
        }
        if (writeDeletedIds) this.#deletedIdsDirty = true;
        failures.push(error);
      },
    );
    const failures: unknown[] = [];
    const responseChanges = [...this.#responseChanges];
    this.#responseChanges.clear();
    const responseWrites = responseChanges.map(async ([messageId, change]) => {
      try {
        if (change.kind === 'upsert') await this.store.responses.upsert(change.response);
        else await this.store.responses.remove(change.threadId, change.messageId);
      } catch (error) {
        if (!this.#responseChanges.has(messageId)) this.#responseChanges.set(messageId, change);
        failures.push(error);
      }
    });
    const written = targets.length + responseChanges.length + (writeDeletedIds ? 1 : 0);
    const flushed = Promise.all([write, ...responseWrites]).then(() => this.#afterFlush(failures[0], written));
    this.#inFlight = flushed;
    await flushed;
    if (this.#inFlight === flushed) this.#inFlight = null;
  }

  async #afterFlush(failure: unknown, attempted: number): Promise<void> {
    const now = Date.now();
    if (failure === undefined) {
      if (this.#failingSince !== null) {
        this.logger.warn(
          { store: this.store.location, failedForMs: now - this.#failingSince, written: attempted },
          'the store is writable again; the changes kept in memory are written',
        );
      }
      this.#failingSince = null;
      this.#failures = 0;
      this.#retryAt = 0;
      this.#lastFlushedAt = now;
      return;
    }
    this.#failures += 1;
    this.#failedFlushes += 1;
    this.#lastCause = errorMessage(failure);
    this.#retryAt = now + Math.min(this.policy.maxRetryDelayMs, this.policy.retryDelayMs * 2 ** (this.#failures - 1));
    const fields = { store: this.store.location, cause: errorMessage(failure), unwritten: this.pending };
    if (this.#failingSince === null) {
      this.#failingSince = now;
      this.#lastReminderAt = now;
      this.logger.error(fields, 'the store cannot be written: likes and responses are kept in memory and retried on a new connection until it can');
    } else if (now - this.#lastReminderAt >= this.policy.reminderEveryMs) {
      this.#lastReminderAt = now;
      this.logger.error({ ...fields, failingForMs: now - this.#failingSince }, 'the store still cannot be written; changes are kept in memory');
    }
    // A connection that failed can stay broken after the cause is gone: the next try uses a new one.
    await this.store.reopen().catch(() => undefined);
  }
}
