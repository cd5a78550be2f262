import type { Logger } from '../logger.js';
import { errorMessage } from '../errors.js';
import type { DiscordReads } from './read-discord.js';

export interface ReconcileSummary {
  reason: string;
  /** Posts in scope, and how many of them were read. */
  posts: number;
  done: number;
  /** Posts that could not be read (their error is logged); the next run tries them again. */
  failed: number;
  /** REST requests made. */
  requests: number;
  /** Likes, responses and deletions found different from the view. */
  changes: number;
  ms: number;
}

export interface ReconcilerOptions {
  logger: Logger;
  /** Posts read at once; requests still wait their turn in @discordjs/rest's per-bucket queues. */
  concurrency: number;
  progressEveryMs: number;
}

/**
 * Runs one reconciliation over a list of posts in the background: a few posts at a time, progress in the log
 * while it runs, one summary line at the end. A post that fails to read is logged and skipped, never fatal.
 */
export class Reconciler {
  readonly #options: ReconcilerOptions;
  #stopped = false;
  /** The run started after the last new session, and whether another session began while it ran. */
  #sessionRun: Promise<ReconcileSummary> | null = null;
  #sessionRunAgain = false;
  /** For health and metrics: the progress of the run under way, and the summary of the last one to end. */
  #current: (() => ReconcileSummary) | null = null;
  #last: ReconcileSummary | null = null;

  constructor(options: ReconcilerOptions) {
    this.#options = options;
  }

  stop(): void {
    this.#stopped = true;
  }

  /** Where the run under way is, or null when none runs. */
  get progress(): ReconcileSummary | null {
    return this.#current?.() ?? null;
  }

  get last(): ReconcileSummary | null {
    return this.#last;
  }

  /**
   * After a new gateway session (not a resume) events may have been missed: one run at a time, and one more
   * when another session began while it ran.
   */
  async afterSession(start: () => Promise<ReconcileSummary>): Promise<void> {
    if (this.#sessionRun) {
      this.#sessionRunAgain = true;
      return;
    }
    do {
      this.#sessionRunAgain = false;
      this.#sessionRun = start();
      try {
        await this.#sessionRun;
      } catch (error) {
        this.#options.logger.error({ err: error }, 'reconciliation failed; the next session or /recount tries again');
      } finally {
        this.#sessionRun = null;
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by another session while this run awaited
    } while (this.#sessionRunAgain && !this.#stopped);
  }

  async run(
    run: { total: number; reason: string; reads: DiscordReads; onProgress?: (progress: ReconcileSummary) => void },
    reconcilePost: (index: number) => Promise<number>,
  ): Promise<ReconcileSummary> {
    const { logger } = this.#options;
    const { total, reason, reads } = run;
    const startedAt = Date.now();
    const requestsBefore = reads.requests;
    const summary: ReconcileSummary = { reason, posts: total, done: 0, failed: 0, requests: 0, changes: 0, ms: 0 };
    const progress = (): ReconcileSummary => ({ ...summary, requests: reads.requests - requestsBefore, ms: Date.now() - startedAt });
    logger.info({ reason, posts: total }, 'reconciling likes and responses with Discord');
    const timer = setInterval(() => logger.info(progress(), 'reconciliation progress'), this.#options.progressEveryMs);
    this.#current = progress;
    timer.unref();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < total && !this.#stopped) {
        const index = next++;
        try {
          summary.changes += await reconcilePost(index);
        } catch (error) {
          summary.failed += 1;
          logger.warn({ err: error, reason: errorMessage(error) }, 'a post could not be reconciled; the next reconciliation tries it again');
        }
        summary.done += 1;
        run.onProgress?.(progress());
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, Math.min(this.#options.concurrency, total)) }, worker));
    } finally {
      clearInterval(timer);
      if (this.#current === progress) this.#current = null;
    }
    summary.requests = reads.requests - requestsBefore;
    summary.ms = Date.now() - startedAt;
    this.#last = { ...summary };
    logger.info(summary, this.#stopped ? 'reconciliation stopped' : 'reconciliation done');
    return summary;
  }
}
