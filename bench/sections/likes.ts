import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/index.js';
import { startChild, type BenchChild, type ChildKind } from '../lib/child.js';
import { orderFor, sleep, type BenchContext } from '../lib/context.js';
import { childEnv } from '../lib/env.js';
import { profileSelf } from '../lib/self-profile.js';
import { seededRandom } from '../lib/random.js';
import { applyOps, createBenchGuild, groundTruth, reactionDispatches, reactionOps, seedPosts, storeDifferences } from '../lib/world.js';

export interface ClientLikeRun {
  /** Reaction events per second, from the first pushed to the n-th handled. */
  eventsPerSec: number;
  /** The bot only: ms from the last event handled to the SQLite store equal to the emulator's truth (NaN: never). */
  storeExactMs?: number;
  /** The bot only: posts still differing after an explicit flush (0 = exact). */
  differingAfterFlush?: number;
  rssReady?: number;
  rssAfterLikeEvents?: number;
  rssAfterMemoryEvents?: number;
  heapAfterLikeEvents?: number;
  heapAfterMemoryEvents?: number;
}

export interface LikeRun {
  bot: ClientLikeRun;
  bare: ClientLikeRun;
  raw: ClientLikeRun;
}

const kinds: readonly ChildKind[] = ['bot', 'bare', 'raw'];

/**
 * One run: a fresh emulator, guild, posts and store; the like events applied to the emulator's state first
 * (its ground truth), then pushed raw to the bot, the bare client and the raw WebSocket counter in turn,
 * each in its own process and alone on the gateway. The bot and the bare client then get the rest of the
 * memory events, and their memory is read before, between and after.
 */
export async function likeRun(ctx: BenchContext, run: number): Promise<LikeRun> {
  const { sizes } = ctx;
  const emulator = await startEmulator({ rateLimits: false });
  const dir = await mkdtemp(join(ctx.tmp, 'likes-'));
  try {
    const guild = createBenchGuild(emulator, sizes.people, sizes.otherBots);
    const storeUrl = `sqlite://${join(dir, 'store.sqlite')}`;
    const seedStore = await openStore(storeUrl);
    const posts = await seedPosts(
      emulator,
      guild,
      seedStore,
      ctx.reviews.slice(0, sizes.posts).map((r) => r.slug),
    );
    await seedStore.close();
    const ops = reactionOps(Math.max(sizes.memoryEvents, sizes.likeEvents), posts, guild, seededRandom(1000 + run));
    await applyOps(emulator, ops.slice(0, sizes.likeEvents));
    const truth = groundTruth(emulator, guild, posts);
    const dispatches = reactionDispatches(ops, emulator.application.botUserId);
    // Encoded once, outside the timed window: the bot, the bare client and the raw client get the same bytes.
    const likeDispatches = emulator.driver.prepareDispatches(dispatches.slice(0, sizes.likeEvents));
    const memoryDispatches = emulator.driver.prepareDispatches(dispatches.slice(sizes.likeEvents));
    const env = childEnv(emulator, { guildId: guild.guildId, storeUrl, dataDir: ctx.dataDir });

    const push = async (child: BenchChild, events: typeof likeDispatches): Promise<number> => {
      await child.request({ cmd: 'expect', n: events.length }, 'status');
      const counted = child.counted(120_000);
      await emulator.driver.pushDispatches(events);
      return (await counted).at;
    };
    const memory = async (child: BenchChild) => child.request({ cmd: 'memory' }, 'memory');

    const result: Partial<LikeRun> = {};
    for (const kind of orderFor(run, kinds)) {
      ctx.log(`likes run ${run + 1}: ${kind}`);
      const child = await startChild(kind, { env, ...(kind === 'bot' && ctx.cpuProfileDir ? { cpuProfileDir: join(ctx.cpuProfileDir, 'likes') } : {}) });
      try {
        const figures: ClientLikeRun = { eventsPerSec: Number.NaN };
        if (kind !== 'raw') figures.rssReady = (await memory(child)).rss;
        await child.request({ cmd: 'settle' }, 'settled');
        await child.request({ cmd: 'expect', n: likeDispatches.length }, 'status');
        const counted = child.counted(120_000);
        const startedAt = Date.now();
        // With --profile, the emulator's own work while it pushes to the raw client is profiled (first run).
        const profileDir = kind === 'raw' && run === 0 && ctx.cpuProfileDir ? join(ctx.cpuProfileDir, 'emulator') : undefined;
        await profileSelf(profileDir, () => emulator.driver.pushDispatches(likeDispatches));
        const { at: lastHandledAt } = await counted;
        figures.eventsPerSec = likeDispatches.length / (Math.max(1, lastHandledAt - startedAt) / 1000);
        if (kind === 'bot') {
          figures.storeExactMs = await timeUntilExact(storeUrl, truth, lastHandledAt);
          await child.request({ cmd: 'flush' }, 'flushed');
          const reader = await openStore(storeUrl);
          figures.differingAfterFlush = await storeDifferences(reader, truth);
          await reader.close();
        }
        if (kind !== 'raw') {
          const afterLikes = await memory(child);
          figures.rssAfterLikeEvents = afterLikes.rss;
          figures.heapAfterLikeEvents = afterLikes.heapUsed;
          if (memoryDispatches.length > 0) {
            await push(child, memoryDispatches);
            const afterAll = await memory(child);
            figures.rssAfterMemoryEvents = afterAll.rss;
            figures.heapAfterMemoryEvents = afterAll.heapUsed;
          }
        }
        result[kind] = figures;
      } finally {
        await child.stop();
      }
    }
    const { bot, bare, raw } = result;
    if (!bot || !bare || !raw) throw new Error('a like run lost one of its clients');
    return { bot, bare, raw };
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Polls the bot's SQLite store (a second connection, as any reader would) until it equals the truth. */
async function timeUntilExact(storeUrl: string, truth: ReadonlyMap<string, ReadonlySet<string>>, lastEventAt: number): Promise<number> {
  const reader = await openStore(storeUrl);
  try {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if ((await storeDifferences(reader, truth)) === 0) return Date.now() - lastEventAt;
      await sleep(10);
    }
    return Number.NaN;
  } finally {
    await reader.close();
  }
}
