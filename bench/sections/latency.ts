import type { RequestLogEntry } from '../../src/emulator/index.js';
import { startChild, type ChildKind } from '../lib/child.js';
import { orderFor, type BenchContext } from '../lib/context.js';
import { childEnv } from '../lib/env.js';
import { seededRandom, type Random } from '../lib/random.js';
import { latencySummary, type LatencySummary } from '../lib/stats.js';
import type { CommandsWorld } from './commands-world.js';

export type CommandCase = 'tracks' | 'top' | 'autocomplete';
export const commandCases: readonly CommandCase[] = ['tracks', 'top', 'autocomplete'];

export interface CaseRun {
  command: CommandCase;
  concurrency: number;
  summary: LatencySummary;
  /** Interactions without a successful first callback (timed out or refused). */
  failed: number;
}

export interface LatencyRun {
  bot: CaseRun[];
  bare: CaseRun[];
  /** Start-up of the bot with the 10k catalogue and the store of likes (for information). */
  botStartupMs: number;
}

const callbackPath = /\/interactions\/(\d+)\/[^/]+\/callback$/;

/** What members type into the review option: empty, words of subjects and series, artists, track titles. */
function autocompleteQueries(ctx: BenchContext): string[] {
  const fromReviews = ctx.reviews.slice(0, 50).flatMap((r) => [r.subject.slice(0, 6), r.tracks[0]?.title ?? '']);
  return ['', 'burning heart', 'survivor', 'great soundtracks of 19', 'neon', 'tiger', ...fromReviews];
}

/**
 * Sends `count` interactions of one kind, `concurrency` at a time, and reads each one's latency from the
 * emulator's request log: the moment its first callback arrived minus the moment it was dispatched.
 */
async function runCase(ctx: BenchContext, world: CommandsWorld, command: CommandCase, concurrency: number, random: Random): Promise<CaseRun> {
  const { driver } = world.emulator;
  const { guild } = world;
  const person = guild.people[0];
  if (!person) throw new Error('the commands world has no member');
  const queries = autocompleteQueries(ctx);
  const base = { userId: person.user.id, guildId: guild.guildId, channelId: guild.channelId };
  const count = ctx.sizes.commandsPerCase;
  const logStart = driver.requests().length;
  const sentAt = new Map<string, number>();
  /** Autocomplete calls do not hand out their interaction id: they are matched to the log by creation order. */
  const autocompleteSentAt: number[] = [];
  let failed = 0;
  let next = 0;

  const one = async (): Promise<void> => {
    if (command === 'autocomplete') {
      const query = queries[Math.floor(random() * queries.length)] ?? '';
      autocompleteSentAt.push(Date.now());
      await driver.autocomplete({ ...base, name: 'tracks', options: { review: query }, focused: 'review' });
      return;
    }
    const options: Record<string, string | number> =
      command === 'tracks' ? { review: ctx.reviews[Math.floor(random() * Math.min(ctx.reviews.length, 2000))]?.slug ?? '' } : { limit: 10 };
    const t0 = Date.now();
    const handle = await driver.runCommand({ ...base, name: command, options });
    sentAt.set(handle.id, t0);
    await handle.response(5000);
  };
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      try {
        await one();
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));

  const callbacks = driver
    .requests()
    .slice(logStart)
    .filter((entry) => entry.method === 'POST' && callbackPath.test(entry.path));
  const idOf = (entry: RequestLogEntry): string => callbackPath.exec(entry.path)?.[1] ?? '';
  const samples: number[] = [];
  if (command === 'autocomplete') {
    const answered = callbacks
      .filter((entry) => entry.status < 300)
      .sort((a, b) => (BigInt(idOf(a)) < BigInt(idOf(b)) ? -1 : 1));
    // Ids grow with creation, and each call created its interaction when it was made: the n-th id is the n-th call.
    if (answered.length === autocompleteSentAt.length) {
      answered.forEach((entry, i) => samples.push(entry.at - (autocompleteSentAt[i] ?? entry.at)));
    } else {
      failed = Math.max(failed, autocompleteSentAt.length - answered.length);
    }
  } else {
    for (const entry of callbacks) {
      const t0 = sentAt.get(idOf(entry));
      if (t0 !== undefined && entry.status < 300) samples.push(entry.at - t0);
    }
    failed = Math.max(failed, count - samples.length);
  }
  return { command, concurrency, summary: latencySummary(samples), failed };
}

/** One run: the bot and then the bare client (or the other way round), each alone on the gateway. */
export async function latencyRun(ctx: BenchContext, world: CommandsWorld, run: number): Promise<LatencyRun> {
  const env = childEnv(world.emulator, { guildId: world.guild.guildId, storeUrl: world.storeUrl, dataDir: ctx.dataDir });
  const result: Partial<Record<ChildKind, CaseRun[]>> = {};
  let botStartupMs = Number.NaN;
  for (const kind of orderFor(run, ['bot', 'bare'] as const)) {
    ctx.log(`latency run ${run + 1}: ${kind}`);
    const child = await startChild(kind, { env, ...(kind === 'bot' && ctx.cpuProfileDir ? { cpuProfileDir: `${ctx.cpuProfileDir}/latency` } : {}) });
    if (kind === 'bot') botStartupMs = child.startupMs;
    const random = seededRandom(2000 + run);
    const cases: CaseRun[] = [];
    try {
      // Warm-up (not measured): the first calls of each kind pay for lazy compilation on either side.
      const warmUp = { ...ctx, sizes: { ...ctx.sizes, commandsPerCase: Math.min(20, ctx.sizes.commandsPerCase) } };
      for (const command of commandCases) await runCase(warmUp, world, command, 1, random);
      for (const concurrency of [1, ctx.sizes.inFlight]) {
        for (const command of commandCases) cases.push(await runCase(ctx, world, command, concurrency, random));
      }
    } finally {
      await child.stop();
    }
    result[kind] = cases;
  }
  return { bot: result.bot ?? [], bare: result.bare ?? [], botStartupMs };
}
