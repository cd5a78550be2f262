// The gateway's sharding rules, as Discord's docs state them (Topics › Gateway › Sharding, and Session Start Limit
// Object): which session a dispatch goes to, how many shards GET /gateway/bot recommends, when IDENTIFY closes
// with 4010 or 4011, and how many sessions may start at once.
import { encodeDispatchFrames, type PreparedDispatches } from './frames.js';
import { inShard } from './gateway-payloads.js';
import type { Session } from './gateway-transport.js';
import type { GuildRecord } from './world.js';

/** Gateway › Sharding: "Each shard can only support a maximum of 2500 guilds". */
export const DISCORD_MAX_GUILDS_PER_SHARD = 2500;

/** Session Start Limit Object: max_concurrency is the number of IDENTIFYs allowed per 5 seconds. */
export const IDENTIFY_WINDOW_MS = 5000;

/** What a test reads of one gateway session: its shard and the guilds whose dispatches it received. */
export interface SessionView {
  id: string;
  shard: [number, number];
  connected: boolean;
  guildIds: string[];
}

export interface ShardingOptions {
  /** GET /gateway/bot's `shards` (default 1), raised to what maxGuildsPerShard requires when that is more. */
  recommendedShards?: number;
  /** session_start_limit.max_concurrency (default 1). */
  maxConcurrency?: number;
  /**
   * Whether an IDENTIFY beyond max_concurrency in its 5-second window gets INVALID_SESSION, as on Discord
   * (default false: tests restart clients faster than Discord lets a bot, and that is not what most of them test).
   */
  enforceMaxConcurrency?: boolean;
  /** The guilds one session may receive before IDENTIFY closes with 4011 Sharding required (default Discord's 2500). */
  maxGuildsPerShard?: number;
}

/**
 * Gateway › Sharding: a guild's events go to the sessions of shard (guild_id >> 22) % num_shards; events without
 * a guild_id (DMs among them) only to shard 0. A session of [0, 1] therefore receives everything.
 */
export function routesTo(shard: readonly [number, number], guildId: string | undefined): boolean {
  if (shard[1] === 1) return true;
  if (guildId === undefined) return shard[0] === 0;
  return inShard(guildId, [shard[0], shard[1]]);
}

export type IdentifyVerdict =
  | { ok: true; shard: [number, number] }
  /** Opcodes and Status Codes › Gateway Close Event Codes. */
  | { ok: false; close: 4010 | 4011; reason: string }
  /** Gateway › Identifying: beyond max_concurrency Discord answers INVALID_SESSION (op 9). */
  | { ok: false; invalidSession: true };

export class ShardingRules {
  readonly maxConcurrency: number;
  readonly maxGuildsPerShard: number;
  private readonly recommended: number;
  private readonly enforceConcurrency: boolean;
  /** When each rate-limit key (shard_id % max_concurrency) last started a session. */
  private readonly lastIdentify = new Map<number, number>();

  constructor(
    options: ShardingOptions,
    private readonly guilds: () => Iterable<GuildRecord>,
  ) {
    this.recommended = positiveInteger(options.recommendedShards, 1, 'recommendedShards');
    this.maxConcurrency = positiveInteger(options.maxConcurrency, 1, 'maxConcurrency');
    this.maxGuildsPerShard = positiveInteger(options.maxGuildsPerShard, DISCORD_MAX_GUILDS_PER_SHARD, 'maxGuildsPerShard');
    this.enforceConcurrency = options.enforceMaxConcurrency ?? false;
  }

  /**
   * Gateway › Sharding for Large Bots: "The Get Gateway Bot endpoint will always return the correct amount of
   * shards", so the recommendation is never fewer than the shards that keep each within maxGuildsPerShard.
   */
  recommendedShards(): number {
    let count = this.recommended;
    while (this.largestShard(count) > this.maxGuildsPerShard) count++;
    return count;
  }

  /** Whether an IDENTIFY with `shard` may start a session now (and, if so, counts it against max_concurrency). */
  admit(shard: unknown, now = Date.now()): IdentifyVerdict {
    if (!isShardPair(shard)) return { ok: false, close: 4010, reason: 'Invalid shard.' };
    const guilds = this.guildsOf(shard);
    if (guilds > this.maxGuildsPerShard) return { ok: false, close: 4011, reason: 'Sharding required.' };
    // Gateway › Sharding › Max Concurrency: rate_limit_key = shard_id % max_concurrency, one start per key per window.
    const key = shard[0] % this.maxConcurrency;
    const last = this.lastIdentify.get(key);
    if (this.enforceConcurrency && last !== undefined && now - last < IDENTIFY_WINDOW_MS) return { ok: false, invalidSession: true };
    this.lastIdentify.set(key, now);
    return { ok: true, shard: [shard[0], shard[1]] };
  }

  private guildsOf(shard: readonly [number, number]): number {
    let count = 0;
    for (const guild of this.guilds()) if (routesTo(shard, guild.id)) count++;
    return count;
  }

  private largestShard(shardCount: number): number {
    const counts = new Array<number>(shardCount).fill(0);
    for (const guild of this.guilds()) {
      const shard = Number((BigInt(guild.id) >> 22n) % BigInt(shardCount));
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    return Math.max(0, ...counts);
  }
}

/** Gateway Events › Identify: `shard` is [shard_id, num_shards], integers with 0 ≤ shard_id < num_shards. */
export function isShardPair(shard: unknown): shard is [number, number] {
  if (!Array.isArray(shard) || shard.length !== 2) return false;
  const pair: readonly unknown[] = shard;
  const [id, count] = pair;
  return typeof id === 'number' && typeof count === 'number' && Number.isSafeInteger(id) && Number.isSafeInteger(count) && count >= 1 && id >= 0 && id < count;
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`the emulator's sharding option ${name} must be a whole number of at least 1 (got ${value})`);
  return value;
}

/**
 * Gateway › Sharding: the frames of the pushed events of [start, end) that a sharded session receives, numbered
 * from firstSeq, and how many there are. The guilds routed to it are noted on the session.
 */
export function shardFrames(session: Session, batch: PreparedDispatches, start: number, end: number, firstSeq: number): { frames: Buffer; count: number } {
  const runs: Buffer[] = [];
  let count = 0;
  let runStart = -1;
  for (let index = start; index <= end; index++) {
    const guildId = index < end ? batch.guildIds[index] : undefined;
    const routed = index < end && routesTo(session.shard, guildId);
    if (routed && guildId !== undefined) session.guildIds.add(guildId);
    if (routed && runStart < 0) runStart = index;
    if (!routed && runStart >= 0) {
      runs.push(encodeDispatchFrames(batch, runStart, index, firstSeq + count));
      count += index - runStart;
      runStart = -1;
    }
  }
  return { frames: runs.length === 1 && runs[0] ? runs[0] : Buffer.concat(runs), count };
}
