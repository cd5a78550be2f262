/**
 * The pace of session starts (Gateway › Sharding › Max Concurrency): each shard has the rate-limit key
 * shard_id % max_concurrency, and each key may start one session per 5 seconds. A little margin keeps clocks
 * that differ by a few milliseconds on the right side of Discord's window.
 */
export const IDENTIFY_WINDOW_MS = 5000;
const MARGIN_MS = 500;

/**
 * The pause between two shards spawned one after the other (ShardingManager.spawn's `delay`): shards i and
 * i + max_concurrency share a key and start max_concurrency pauses apart, so a full window apart.
 */
export function spawnDelayMs(maxConcurrency: number): number {
  return Math.ceil((IDENTIFY_WINDOW_MS + MARGIN_MS) / Math.max(1, maxConcurrency));
}

/**
 * When each key last started a session, so a respawned shard waits for its key's window (two shards that die at
 * once do not identify at once) and a shard that keeps dying waits longer each time, up to a minute.
 */
export class IdentifyPace {
  private readonly lastStart = new Map<number, number>();
  private readonly failures = new Map<number, number>();

  constructor(
    private readonly maxConcurrency: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A shard's session started (its process spawned): its key's window begins now. */
  started(shardId: number): void {
    this.lastStart.set(this.key(shardId), this.now());
  }

  /** A shard became ready: its next death is a first failure again. */
  ready(shardId: number): void {
    this.failures.delete(shardId);
  }

  /** How long a shard that just died waits before it is spawned again. */
  respawnDelayMs(shardId: number): number {
    const failures = (this.failures.get(shardId) ?? 0) + 1;
    this.failures.set(shardId, failures);
    const backoff = Math.min(60_000, 500 * 2 ** (failures - 1));
    const last = this.lastStart.get(this.key(shardId));
    const window = last === undefined ? 0 : Math.max(0, last + IDENTIFY_WINDOW_MS + MARGIN_MS - this.now());
    // Reserve the key now, so a second shard dying meanwhile waits behind this one.
    this.lastStart.set(this.key(shardId), this.now() + Math.max(backoff, window));
    return Math.max(backoff, window);
  }

  private key(shardId: number): number {
    return shardId % Math.max(1, this.maxConcurrency);
  }
}
