import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { projectRoot } from '../../src/project-root.js';
import { buildOnce } from '../e2e/helpers/bot-process.js';
import { createGuildOnShard } from './helpers/guild-on-shard.js';

/** Runs `npm start`'s compiled entry until it exits, with the given environment. */
async function runToExit(env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  buildOnce();
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'src', 'main.js')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe('the shard manager refuses to start, in one line, when it cannot', () => {
  let emulator: Emulator | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await emulator?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    emulator = undefined;
    dir = undefined;
  });

  it('says GET /gateway/bot failed at the configured API, without the token, when the token is refused', async () => {
    emulator = await startEmulator({ rateLimits: false });
    dir = await mkdtemp(join(tmpdir(), 'liner-notes-manager-'));
    const wrongToken = `${'w'.repeat(24)}.wrongs.${'t'.repeat(27)}`;
    const { code, stdout, stderr } = await runToExit(
      {
        DISCORD_TOKEN: wrongToken,
        DISCORD_CLIENT_ID: emulator.application.id,
        DISCORD_API_URL: emulator.restUrl,
        STORE_URL: 'memory:',
        LINER_NOTES_SHARDS: 'auto',
      },
      dir,
    );
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^Liner Notes can't size its shards: GET /gateway/bot at ${emulator.restUrl.replace(/[.]/g, '\\.')} failed: .*401`)),
    ]);
    expect(stdout + stderr).not.toContain(wrongToken);
  }, 90_000);

  it('stops, saying which shard could not start, when Discord closes its session with 4011 Sharding required', async () => {
    emulator = await startEmulator({ rateLimits: false, sharding: { maxGuildsPerShard: 1 } });
    const owner = emulator.driver.createUser({ username: 'owner' });
    for (const shard of [0, 1]) createGuildOnShard(emulator.driver, { name: `guild ${shard}`, ownerId: owner.id }, shard, 2);
    dir = await mkdtemp(join(tmpdir(), 'liner-notes-manager-'));
    // One shard for two guilds, where the local Discord allows one guild a shard.
    const { code, stdout, stderr } = await runToExit(
      {
        DISCORD_TOKEN: emulator.application.token,
        DISCORD_CLIENT_ID: emulator.application.id,
        DISCORD_API_URL: emulator.restUrl,
        STORE_URL: 'memory:',
        LINER_NOTES_SHARDS: '1',
      },
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/Shard 0's Client disconnected before becoming ready.*"msg":"a shard did not start; stopping the others"/);
    // The shard's own line (its stderr is the manager's) says why.
    expect(stderr).toMatch(/^Liner Notes could not connect to Discord at .*: Sharding is required$/m);
  }, 90_000);
});
