import type { Logger } from '../logger.js';

export interface FooterRefresherOptions {
  /**
   * At most one edit per post per window, counted from the end of the previous edit: Discord has received
   * an edit by the time its answer is back, so the next request reaches it at least a window later, however
   * long either request spent on the way.
   */
  windowMs: number;
  /**
   * Edits per channel per channelPeriodMs. Discord does not document the number (its per-route buckets
   * are learnt from X-RateLimit-* headers, see rate-limits docs); message edits are commonly limited to
   * 5 per 5 s per channel, so the refresher stays under that on its own and lets discord.js' REST queue
   * honour the headers as well.
   */
  channelEdits: number;
  channelPeriodMs: number;
  /** The longest wait before retrying a failed edit. */
  maxRetryDelayMs: number;
  logger: Logger;
  /**
   * Edits the post to show its current counts. Resolves 'done', or 'gone' when the message no longer
   * exists (no more edits for it); rejects when the edit should be retried later.
   */
  edit(messageId: string): Promise<'done' | 'gone'>;
}

interface PostRefresh {
  messageId: string;
  channelId: string;
  dirty: boolean;
  inFlight: boolean;
  timer: NodeJS.Timeout | null;
  /** When the last edit's request settled (answered or failed); -Infinity before the first. */
  lastEditEndedAt: number;
  retryAt: number;
  failures: number;
}

/**
 * Coalesces footer edits. A change marks its post dirty; an edit is scheduled for the post's next free
 * slot (a window after the previous edit ended, and within the channel's edit budget). An edit reads the counts when it starts,
 * and a change during an edit marks the post dirty again, so the last edit always shows the last count.
 * A failed edit (after discord.js' own retries of 429/5xx) is retried later with a growing delay.
 */
export class FooterRefresher {
  readonly #posts = new Map<string, PostRefresh>();
  readonly #channelEditStarts = new Map<string, number[]>();
  readonly #inFlight = new Set<Promise<void>>();
  #stopped = false;

  constructor(private readonly options: FooterRefresherOptions) {}

  markDirty(messageId: string, channelId: string): void {
    let post = this.#posts.get(messageId);
    if (!post) {
      post = { messageId, channelId, dirty: false, inFlight: false, timer: null, lastEditEndedAt: -Infinity, retryAt: 0, failures: 0 };
      this.#posts.set(messageId, post);
    }
    post.dirty = true;
    if (!post.timer && !post.inFlight) this.#schedule(post);
  }

  /** Drops a post (deleted): no more edits for it. */
  forget(messageId: string): void {
    const post = this.#posts.get(messageId);
    if (!post) return;
    if (post.timer) clearTimeout(post.timer);
    this.#posts.delete(messageId);
  }

  /** Number of posts waiting for an edit or being edited. */
  get pending(): number {
    let count = 0;
    for (const post of this.#posts.values()) if (post.dirty || post.inFlight) count++;
    return count;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const post of this.#posts.values()) {
      if (post.timer) clearTimeout(post.timer);
      post.timer = null;
    }
    await Promise.all(this.#inFlight);
  }

  #schedule(post: PostRefresh): void {
    if (this.#stopped) return;
    const now = Date.now();
    const due = Math.max(now, post.lastEditEndedAt + this.options.windowMs, post.retryAt, this.#channelFreeAt(post.channelId, now));
    post.timer = setTimeout(() => this.#run(post), due - now);
  }

  #channelFreeAt(channelId: string, now: number): number {
    const starts = this.#channelEditStarts.get(channelId);
    if (!starts) return now;
    const periodStart = now - this.options.channelPeriodMs;
    while (starts.length > 0 && (starts[0] as number) <= periodStart) starts.shift();
    if (starts.length === 0) {
      this.#channelEditStarts.delete(channelId);
      return now;
    }
    if (starts.length < this.options.channelEdits) return now;
    return (starts[starts.length - this.options.channelEdits] as number) + this.options.channelPeriodMs;
  }

  #run(post: PostRefresh): void {
    post.timer = null;
    if (this.#stopped || !post.dirty || this.#posts.get(post.messageId) !== post) return;
    const now = Date.now();
    if (this.#channelFreeAt(post.channelId, now) > now) {
      this.#schedule(post); // another post of the channel took the slot
      return;
    }
    post.dirty = false;
    post.inFlight = true;
    const starts = this.#channelEditStarts.get(post.channelId);
    if (starts) starts.push(now);
    else this.#channelEditStarts.set(post.channelId, [now]);

    const edit = this.options
      .edit(post.messageId)
      .then(
        (outcome) => {
          post.failures = 0;
          post.retryAt = 0;
          if (outcome === 'gone') this.forget(post.messageId);
        },
        (error: unknown) => {
          post.failures += 1;
          post.dirty = true;
          const delay = Math.min(this.options.maxRetryDelayMs, this.options.windowMs * 2 ** post.failures);
          post.retryAt = Date.now() + delay;
          this.options.logger.warn({ err: error, messageId: post.messageId, failures: post.failures, retryInMs: delay }, 'footer edit failed; retrying later');
        },
      )
      .finally(() => {
        post.inFlight = false;
        post.lastEditEndedAt = Date.now();
        this.#inFlight.delete(edit);
        // The entry stays when idle: it remembers the last edit, which bounds the next one.
        if (post.dirty && this.#posts.get(post.messageId) === post) this.#schedule(post);
      });
    this.#inFlight.add(edit);
  }
}
