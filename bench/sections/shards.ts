import { mkdtemp, rm } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/index.js';
import { startChild, type BenchChild } from '../lib/child.js';
import { orderFor, type BenchContext } from '../lib/context.js';
import { childEnv } from '../lib/env.js';
import { seededRandom } from '../lib/random.js';
import { applyOps, createBenchGuild, groundTruth, reactionDispatches, reactionOps, seedPosts, storeDifferences, type BenchGuild } from '../lib/world.js';

export interface ShardsRun {
  /** The store both layouts wrote to. */
  store: 'SQLite' | 'PostgreSQL';
  /** Reaction events per second of both guilds' storms together, one process on one session. */
  oneProcessPerSec: number;
  /** The same with two shard processes, each on its own session, as ShardingManager runs them. */
  twoShardsPerSec: number;
  /** Posts whose stored likers differ from the emulator's after a flush, both layouts together (0: exact). */
  differing: number;
  /**
   * Where the machine's CPU went while the two shards handled the storms, in % of one core: each shard process, the
   * bench's process (the emulator pushing), and the rest of the machine's cores (PostgreSQL, the system, idle).
   */
  twoShardsCpu: LayoutCpu;
  /** The same for the one process handling both storms. */
  oneProcessCpu: LayoutCpu;
}

export interface LayoutCpu {
  shards: number[];
  emulator: number;
  rest: number;
}

const layouts = ['one process', 'two shards'] as const;

/** Gateway › Sharding: shard_id = (guild_id >> 22) % num_shards. */
function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Two bench guilds, one on each of two shards: a guild id is a snowflake of its millisecond, so some tries land on the same shard. */
async function guildPerShard(emulator: Emulator, ctx: BenchContext): Promise<[BenchGuild, BenchGuild]> {
  const found = new Map<number, BenchGuild>();
  for (let attempt = 0; attempt < 20 && found.size < 2; attempt++) {
    const guild = createBenchGuild(emulator, ctx.sizes.people, ctx.sizes.otherBots);
    const shard = shardOf(guild.guildId, 2);
    if (!found.has(shard)) found.set(shard, guild);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const zero = found.get(0);
  const one = found.get(1);
  if (!zero || !one) throw new Error('could not make a guild on each of two shards');
  return [zero, one];
}

/**
 * One run: two guilds, one per shard, each with its posts and its own storm of like events (applied to the emulator
 * first, its ground truth). Both storms, interleaved, are pushed at once: to one bot process on one session, then to
 * two bot processes identified as shard 0 and 1 of 2 (the SHARDS and SHARD_COUNT that ShardingManager gives each of
 * its processes), which the emulator routes each guild's events to. Same events, same store kind, same machine.
 */
export async function shardsRun(ctx: BenchContext, run: number): Promise<ShardsRun> {
  const { sizes } = ctx;
  const emulator = await startEmulator({ rateLimits: false, sharding: { maxConcurrency: 2 } });
  const dir = await mkdtemp(join(ctx.tmp, 'shards-'));
  const postgres = process.env.TEST_POSTGRES_URL?.trim();
  const store = postgres ? 'PostgreSQL' : 'SQLite';
  try {
    const guilds = await guildPerShard(emulator, ctx);
    const storms: { t: string; d: unknown }[][] = [];
    const truths: Map<string, Set<string>>[] = [];
    const urls = { 'one process': postgres ?? `sqlite://${join(dir, 'one.sqlite')}`, 'two shards': postgres ?? `sqlite://${join(dir, 'two.sqlite')}` };
    const namespaces = { 'one process': `bench-${process.pid}-${run}-one-${Date.now()}`, 'two shards': `bench-${process.pid}-${run}-two-${Date.now()}` };
    const slugs = ctx.reviews.slice(0, sizes.posts).map((r) => r.slug);
    for (const [index, guild] of guilds.entries()) {
      // The posts are made once; both layouts' stores hold the same publications.
      const oneStore = await openStore(urls['one process'], { namespace: namespaces['one process'] });
      const posts = await seedPosts(emulator, guild, oneStore, slugs);
      await oneStore.close();
      const twoStore = await openStore(urls['two shards'], { namespace: namespaces['two shards'] });
      for (const publication of posts) await twoStore.publications.save(publication);
      await twoStore.close();
      const ops = reactionOps(sizes.likeEvents, posts, guild, seededRandom(3000 + 10 * run + index));
      await applyOps(emulator, ops);
      truths.push(groundTruth(emulator, guild, posts));
      storms.push(reactionDispatches(ops, emulator.application.botUserId));
    }
    // The two storms at once: one event of each guild in turn.
    const [first = [], second = []] = storms;
    const interleaved = first.flatMap((event, i) => (second[i] ? [event, second[i]] : [event]));
    const dispatches = emulator.driver.prepareDispatches(interleaved);
    const truth = new Map([...(truths[0] ?? []), ...(truths[1] ?? [])]);

    const result: Partial<Record<(typeof layouts)[number], number>> = {};
    let differing = 0;
    const unmeasured: LayoutCpu = { shards: [], emulator: Number.NaN, rest: Number.NaN };
    const cpu: Record<(typeof layouts)[number], LayoutCpu> = { 'one process': unmeasured, 'two shards': unmeasured };
    for (const layout of orderFor(run, layouts)) {
      ctx.log(`shards run ${run + 1}: ${layout} (${store})`);
      const env = (guild: BenchGuild, shard?: number): Record<string, string> => ({
        ...childEnv(emulator, { guildId: guild.guildId, storeUrl: urls[layout], dataDir: ctx.dataDir }),
        BENCH_STORE_NAMESPACE: namespaces[layout],
        ...(shard === undefined ? {} : { SHARDS: String(shard), SHARD_COUNT: '2' }),
      });
      const children: { child: BenchChild; events: number }[] = [];
      try {
        if (layout === 'one process') {
          children.push({ child: await startChild('bot', { env: env(guilds[0]) }), events: dispatches.length });
        } else {
          // With --profile, each shard process of the first run writes its CPU profile.
          const cpuProfileDir = run === 0 && ctx.cpuProfileDir ? join(ctx.cpuProfileDir, 'shards') : undefined;
          for (const [shard, guild] of guilds.entries()) {
            children.push({
              child: await startChild('bot', { env: env(guild, shard), ...(cpuProfileDir ? { cpuProfileDir } : {}) }),
              events: storms[shard]?.length ?? 0,
            });
          }
        }
        for (const { child } of children) await child.request({ cmd: 'settle' }, 'settled');
        const cpuBefore: number[] = [];
        for (const { child, events } of children) cpuBefore.push((await child.request({ cmd: 'expect', n: events }, 'status')).cpuMs);
        const counted = Promise.all(children.map(({ child }) => child.counted(180_000)));
        const emulatorCpuBefore = process.cpuUsage();
        const startedAt = Date.now();
        await emulator.driver.pushDispatches(dispatches);
        const lastHandledAt = Math.max(...(await counted).map(({ at }) => at));
        const emulatorCpu = process.cpuUsage(emulatorCpuBefore);
        const wallMs = Math.max(1, lastHandledAt - startedAt);
        result[layout] = dispatches.length / (wallMs / 1000);
        // The children answer after the window: their CPU figure includes a few ms of IPC, not of events.
        const shardsCpu: number[] = [];
        for (const [i, { child }] of children.entries())
          shardsCpu.push(((await child.request({ cmd: 'status' }, 'status')).cpuMs - (cpuBefore[i] ?? 0)) / wallMs);
        const emulatorShare = (emulatorCpu.user + emulatorCpu.system) / 1000 / wallMs;
        const used = shardsCpu.reduce((a, b) => a + b, 0) + emulatorShare;
        cpu[layout] = { shards: shardsCpu.map((x) => x * 100), emulator: emulatorShare * 100, rest: Math.max(0, cpus().length - used) * 100 };
        for (const { child } of children) await child.request({ cmd: 'flush' }, 'flushed');
        const reader = await openStore(urls[layout], { namespace: namespaces[layout] });
        differing += await storeDifferences(reader, truth);
        await reader.close();
      } finally {
        for (const { child } of children) await child.stop();
      }
    }
    return {
      store,
      oneProcessPerSec: result['one process'] ?? Number.NaN,
      twoShardsPerSec: result['two shards'] ?? Number.NaN,
      differing,
      twoShardsCpu: cpu['two shards'],
      oneProcessCpu: cpu['one process'],
    };
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
