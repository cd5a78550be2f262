import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { catalogueIndexFileName } from '../../src/catalogue/index.js';
import { indexCatalogue } from '../lib/catalogue.js';
import { projectDir, startChild } from '../lib/child.js';
import { orderFor, type BenchContext } from '../lib/context.js';
import { childEnv } from '../lib/env.js';
import type { CommandsWorld } from './commands-world.js';

export interface StartupRun {
  botMs: number;
  bareMs: number;
  /** The bot with the project's own one-review catalogue: how much of the start-up and memory is the catalogue's. */
  smallCatalogueBotMs: number;
  botRss: number;
  bareRss: number;
  smallCatalogueBotRss: number;
  /** The bot with the generated catalogue and no catalogue index yet (the first start, or after the index was deleted). */
  coldBotMs: number;
  coldBotRss: number;
  /** The first /tracks after ready, sent to first callback: whatever a start leaves for later is paid here. */
  botFirstCommandMs: number;
  bareFirstCommandMs: number;
}

type Starter = 'bot' | 'bare' | 'small' | 'cold';

/**
 * Process start (spawn) to ready with a new empty store: the bot with the generated catalogue (its index written
 * by an earlier start, as on any restart), the bare client, the bot with data/, and the bot with the generated
 * catalogue but no index.
 */
export async function startupRun(ctx: BenchContext, world: CommandsWorld, run: number): Promise<StartupRun> {
  const dir = await mkdtemp(join(ctx.tmp, 'startup-'));
  try {
    const times: Partial<Record<Starter, { ms: number; rss: number; firstCommandMs: number }>> = {};
    for (const starter of orderFor(run, ['bot', 'bare', 'small', 'cold'] as const)) {
      if (starter === 'cold') await rm(join(ctx.dataDir, catalogueIndexFileName), { force: true });
      const env = childEnv(world.emulator, {
        guildId: world.guild.guildId,
        storeUrl: `sqlite://${join(dir, `${starter}.sqlite`)}`,
        dataDir: starter === 'small' ? join(projectDir, 'data') : ctx.dataDir,
      });
      const profile = starter === 'bot' && run === 0 && ctx.cpuProfileDir ? { cpuProfileDir: join(ctx.cpuProfileDir, 'startup') } : {};
      const child = await startChild(starter === 'bare' ? 'bare' : 'bot', { env, ...profile });
      const { rss } = await child.request({ cmd: 'memory' }, 'memory');
      const firstCommandMs = starter === 'bot' || starter === 'bare' ? await firstTracks(ctx, world) : Number.NaN;
      await child.stop();
      times[starter] = { ms: child.startupMs, rss, firstCommandMs };
      // The cold bot may have stopped before writing the index: the next warm start must find one.
      if (starter === 'cold') await indexCatalogue(ctx.dataDir);
    }
    return {
      botMs: times.bot?.ms ?? Number.NaN,
      bareMs: times.bare?.ms ?? Number.NaN,
      smallCatalogueBotMs: times.small?.ms ?? Number.NaN,
      botRss: times.bot?.rss ?? Number.NaN,
      bareRss: times.bare?.rss ?? Number.NaN,
      smallCatalogueBotRss: times.small?.rss ?? Number.NaN,
      coldBotMs: times.cold?.ms ?? Number.NaN,
      coldBotRss: times.cold?.rss ?? Number.NaN,
      botFirstCommandMs: times.bot?.firstCommandMs ?? Number.NaN,
      bareFirstCommandMs: times.bare?.firstCommandMs ?? Number.NaN,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One /tracks by a member, from the moment it is sent to the client until its first callback reaches the emulator. */
async function firstTracks(ctx: BenchContext, world: CommandsWorld): Promise<number> {
  const person = world.guild.people[0];
  const review = ctx.reviews[0];
  if (!person || !review) throw new Error('the commands world has no member or no review');
  const sentAt = performance.now();
  const handle = await world.emulator.driver.runCommand({
    userId: person.user.id,
    guildId: world.guild.guildId,
    channelId: world.guild.channelId,
    name: 'tracks',
    options: { review: review.slug },
  });
  await handle.response(5000);
  return performance.now() - sentAt;
}
