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
  /** Interactions without a first callback in time (refused with 10062, or none at all). */
  failed: number;
  /** How many were sent within the time budget, of the planned number. */
  sent: number;
  planned: number;
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

/** Discord's epoch: a snowflake holds the millisecond it was made (Reference › Snowflakes). */
const discordEpoch = 1420070400000n;
function createdAt(snowflake: string): number {
  return Number((BigInt(snowflake) >> 22n) + discordEpoch);
}

/**
 * Sends up to `count` interactions of one kind, `concurrency` at a time, within a time budget, and reads each
 * one's latency from the emulator's request log: the moment its first callback arrived (whatever its answer)
 * minus the moment the interaction was made (its id is a snowflake the emulator built when it dispatched it).
 * A callback after Discord's 3-second deadline is refused (10062) and counts as unanswered; an interaction
 * never called back counts until the end of the case, as a lower bound.
 */
async function runCase(ctx: BenchContext, world: CommandsWorld, command: CommandCase, concurrency: number, random: Random, budgetMs: number): Promise<CaseRun> {
  const { driver } = world.emulator;
  const { guild } = world;
  const person = guild.people[0];
  if (!person) throw new Error('the commands world has no member');
  const queries = autocompleteQueries(ctx);
  const base = { userId: person.user.id, guildId: guild.guildId, channelId: guild.channelId };
  const count = ctx.sizes.commandsPerCase;
  const logStart = driver.requests().length;
  // The local Discord runs in this process and holds every interaction, message and request of the run: a full
  // collection owed by earlier cases must not pause it inside this one, where it would count against either side.
  globalThis.gc?.();
  const caseStartedAt = Date.now();
  let sent = 0;

  const one = async (): Promise<void> => {
    if (command === 'autocomplete') {
      const query = queries[Math.floor(random() * queries.length)] ?? '';
      await driver.autocomplete({ ...base, name: 'tracks', options: { review: query }, focused: 'review' });
      return;
    }
    const options: Record<string, string | number> =
      command === 'tracks' ? { review: ctx.reviews[Math.floor(random() * Math.min(ctx.reviews.length, 2000))]?.slug ?? '' } : { limit: 10 };
    const handle = await driver.runCommand({ ...base, name: command, options });
    await handle.response(5000);
  };
  const worker = async (): Promise<void> => {
    while (sent < count && Date.now() - caseStartedAt < budgetMs) {
      sent++;
      // A refused or missing callback shows in the log below; the driver's rejection adds nothing.
      await one().catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));

  // The first callback of each interaction: a bot may call back again after a refusal, which is not a new answer.
  const firstCallbacks = (): RequestLogEntry[] => {
    const seen = new Map<string, RequestLogEntry>();
    for (const entry of driver.requests().slice(logStart)) {
      const id = entry.method === 'POST' ? callbackPath.exec(entry.path)?.[1] : undefined;
      if (id !== undefined && !seen.has(id)) seen.set(id, entry);
    }
    return [...seen.values()];
  };
  // Late callbacks still arrive after the driver gave up on them: wait for them (briefly) before reading.
  const waitUntil = Date.now() + 10_000;
  while (firstCallbacks().length < sent && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  const answered = firstCallbacks();
  const endedAt = Date.now();
  const samples = answered.map((entry) => entry.at - createdAt(callbackPath.exec(entry.path)?.[1] ?? '0'));
  const late = answered.filter((entry) => entry.status >= 300).length;
  const missing = Math.max(0, sent - answered.length);
  for (let i = 0; i < missing; i++) samples.push(endedAt - caseStartedAt);
  return { command, concurrency, summary: latencySummary(samples), failed: late + missing, sent, planned: count };
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
      // The bot's start-up reconciliation reads every post from Discord meanwhile, within Discord's 50 requests per
      // second (a million likes take minutes): the commands are measured as members meet them after a start.
      // Warm-up (not measured): the first calls of each kind pay for lazy compilation on either side.
      const warmUp = { ...ctx, sizes: { ...ctx.sizes, commandsPerCase: Math.min(20, ctx.sizes.commandsPerCase) } };
      for (const command of commandCases) await runCase(warmUp, world, command, 1, random, ctx.sizes.caseBudgetMs);
      for (const concurrency of [1, ctx.sizes.inFlight]) {
        for (const command of commandCases) cases.push(await runCase(ctx, world, command, concurrency, random, ctx.sizes.caseBudgetMs));
      }
    } finally {
      await child.stop();
    }
    result[kind] = cases;
  }
  return { bot: result.bot ?? [], bare: result.bare ?? [], botStartupMs };
}
