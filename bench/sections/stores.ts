import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/index.js';
import { startChild } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { childEnv } from '../lib/env.js';
import { seededRandom } from '../lib/random.js';
import { percentile } from '../lib/stats.js';
import { applyOps, createBenchGuild, deployBotCommands, groundTruth, reactionDispatches, reactionOps, seedPosts, storeDifferences } from '../lib/world.js';

export type StoreKind = 'SQLite' | 'PostgreSQL' | 'Redis';

export interface StoreRun {
  kind: StoreKind;
  /** Reaction events per second, from the first pushed to the last handled. */
  eventsPerSec: number;
  /** Posts whose stored likers differ from the emulator's after a flush (0: exact). */
  differing: number;
  /** p99 of /top answered one at a time (ms, from the interaction to the bot's callback). */
  commandP99Ms: number;
}

/**
 * The stores the bench can reach: SQLite always; PostgreSQL and Redis when TEST_POSTGRES_URL and TEST_REDIS_URL
 * name servers (`eval "$(bash .ci/services.sh start)"` starts both on loopback).
 */
export function storeKinds(): { kind: StoreKind; url: (dir: string) => string }[] {
  const kinds: { kind: StoreKind; url: (dir: string) => string }[] = [{ kind: 'SQLite', url: (dir) => `sqlite://${join(dir, 'store.sqlite')}` }];
  const postgres = process.env.TEST_POSTGRES_URL;
  const redis = process.env.TEST_REDIS_URL;
  if (postgres) kinds.push({ kind: 'PostgreSQL', url: () => postgres });
  if (redis) kinds.push({ kind: 'Redis', url: () => redis });
  return kinds;
}

/**
 * One run per store: the same guild, posts and like events (as the likes section builds them) pushed to the real
 * bot in its own process on that store, then /top run one at a time. Runs of the stores alternate, so a noisy
 * moment of the machine does not fall on one store only.
 */
export async function storeRun(ctx: BenchContext, run: number, kind: StoreKind, url: (dir: string) => string): Promise<StoreRun> {
  const { sizes } = ctx;
  const emulator = await startEmulator({ rateLimits: false });
  const dir = await mkdtemp(join(ctx.tmp, 'stores-'));
  const namespace = `bench-${process.pid}-${run}-${kind}-${Date.now()}`;
  try {
    const guild = createBenchGuild(emulator, sizes.people, sizes.otherBots);
    await deployBotCommands(emulator, guild.guildId);
    const storeUrl = url(dir);
    const seedStore = await openStore(storeUrl, { namespace });
    const posts = await seedPosts(
      emulator,
      guild,
      seedStore,
      ctx.reviews.slice(0, sizes.posts).map((r) => r.slug),
    );
    await seedStore.close();
    const ops = reactionOps(sizes.likeEvents, posts, guild, seededRandom(2000 + run));
    await applyOps(emulator, ops);
    const truth = groundTruth(emulator, guild, posts);
    const dispatches = emulator.driver.prepareDispatches(reactionDispatches(ops, emulator.application.botUserId));
    ctx.log(`stores run ${run + 1}: ${kind}`);
    // With --profile, each store's first run is profiled (its folder is named after the store).
    const cpuProfileDir = run === 0 && ctx.cpuProfileDir ? join(ctx.cpuProfileDir, `stores-${kind}`) : undefined;
    const child = await startChild('bot', {
      env: { ...childEnv(emulator, { guildId: guild.guildId, storeUrl, dataDir: ctx.dataDir }), BENCH_STORE_NAMESPACE: namespace },
      ...(cpuProfileDir ? { cpuProfileDir } : {}),
    });
    try {
      await child.request({ cmd: 'settle' }, 'settled');
      await child.request({ cmd: 'expect', n: dispatches.length }, 'status');
      const counted = child.counted(120_000);
      const startedAt = Date.now();
      await emulator.driver.pushDispatches(dispatches);
      const { at } = await counted;
      const eventsPerSec = dispatches.length / (Math.max(1, at - startedAt) / 1000);
      await child.request({ cmd: 'flush' }, 'flushed');
      const reader = await openStore(storeUrl, { namespace });
      const differing = await storeDifferences(reader, truth);
      await reader.close();
      const member = guild.people[0];
      if (!member) throw new Error('no member to run /top');
      const latencies: number[] = [];
      for (let i = 0; i < sizes.commandsPerCase / 5; i++) {
        const sent = performance.now();
        const handle = await emulator.driver.runCommand({ userId: member.user.id, guildId: guild.guildId, channelId: guild.channelId, name: 'top' });
        await handle.response();
        latencies.push(performance.now() - sent);
      }
      return {
        kind,
        eventsPerSec,
        differing,
        commandP99Ms: percentile(
          [...latencies].sort((a, b) => a - b),
          99,
        ),
      };
    } finally {
      await child.stop();
    }
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
