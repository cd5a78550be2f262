import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startChild } from '../lib/child.js';
import { orderFor, type BenchContext } from '../lib/context.js';
import { childEnv } from '../lib/env.js';
import type { CommandsWorld } from './commands-world.js';

export interface StartupRun {
  botMs: number;
  bareMs: number;
}

/** Process start (spawn) to ready: the bot with the generated catalogue and a new empty store, and the bare client. */
export async function startupRun(ctx: BenchContext, world: CommandsWorld, run: number): Promise<StartupRun> {
  const dir = await mkdtemp(join(ctx.tmp, 'startup-'));
  try {
    const env = childEnv(world.emulator, { guildId: world.guild.guildId, storeUrl: `sqlite://${join(dir, 'store.sqlite')}`, dataDir: ctx.dataDir });
    const times: Partial<StartupRun> = {};
    for (const kind of orderFor(run, ['bot', 'bare'] as const)) {
      const child = await startChild(kind, { env });
      await child.stop();
      if (kind === 'bot') times.botMs = child.startupMs;
      else times.bareMs = child.startupMs;
    }
    return { botMs: times.botMs ?? Number.NaN, bareMs: times.bareMs ?? Number.NaN };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
