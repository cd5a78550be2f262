import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands, describeDeploy } from '../../src/deploy.js';
import { loadCommands } from '../../src/discord/load-commands.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let emulator: Emulator;
let guildId: string;
beforeAll(async () => {
  emulator = await startEmulator({ rateLimits: false });
  const owner = emulator.driver.createUser({ username: 'owner' });
  guildId = emulator.driver.createGuild({ name: 'Soundtrack Club', ownerId: owner.id }).id;
});
afterAll(() => stopStarted(emulator));

describe('deployCommands', () => {
  it('puts the whole set and reports what was added, changed, removed and unchanged', async () => {
    const definitions = (await loadCommands()).map((m) => m.definition);
    expect(definitions.map((d) => d.name).sort()).toEqual(['help', 'recount', 'responses', 'review', 'reviews', 'setup', 'top', 'tracks']);
    const base = { token: emulator.application.token, clientId: emulator.application.id, guildId, apiUrl: emulator.restUrl };

    const first = await deployCommands({ ...base, definitions: [...definitions, { name: 'obsolete', description: 'Going away' }] });
    expect(first).toMatchObject({ scope: 'guild', changed: [], removed: [], unchanged: [] });
    expect(first.added).toHaveLength(9);

    const changedHelp = definitions.map((d) => (d.name === 'help' ? { ...d, description: 'Help, reworded' } : d));
    const second = await deployCommands({ ...base, definitions: changedHelp });
    expect(second).toEqual({
      scope: 'guild',
      added: [],
      changed: ['help'],
      removed: ['obsolete'],
      unchanged: expect.arrayContaining(['review', 'top']) as string[],
    });
    expect(second.unchanged).toHaveLength(7);

    const third = await deployCommands({ ...base, definitions });
    expect(third.changed).toEqual(['help']);
    expect(
      emulator.driver
        .commands(guildId)
        .map((c) => c.name)
        .sort(),
    ).toEqual(definitions.map((d) => d.name).sort());
    const review = emulator.driver.commands(guildId).find((c) => c.name === 'review');
    expect(review?.options?.map((o) => `${o.name}:${o.type === ApplicationCommandOptionType.Subcommand ? 'sub' : o.type}`)).toEqual([
      'post:sub',
      'read:sub',
      'new:sub',
      'import:sub',
      'edit:sub',
      'delete:sub',
    ]);
    expect(describeDeploy(third, guildId)).toContain('changed:   /help');
  });

  it('deploys globally without a guild id', async () => {
    const definitions = (await loadCommands()).map((m) => m.definition);
    const result = await deployCommands({
      token: emulator.application.token,
      clientId: emulator.application.id,
      guildId: null,
      apiUrl: emulator.restUrl,
      definitions,
    });
    expect(result.scope).toBe('global');
    expect(emulator.driver.commands().map((c) => c.name)).toContain('review');
  });
});

function runNode(
  script: string,
  env: Record<string, string>,
  until?: RegExp,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!signalled && until?.test(stdout)) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const unset = { DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', DISCORD_GUILD_ID: '', DISCORD_API_URL: '', STORE_URL: '', LOG_LEVEL: '' };

describe('npm start', () => {
  it('starts the sandbox when there is no token, says so in its first line, and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'liner-notes-start-'));
    try {
      const { code, stdout, stderr } = await runNode('src/main.ts', unset, /Ctrl\+C/, ['--port', '0', '--data-dir', dataDir]);
      const firstLine = stdout.split('\n')[0] ?? '';
      expect(firstLine).toMatch(/^No DISCORD_TOKEN set, so Liner Notes runs in its sandbox: open http:\/\/127\.0\.0\.1:\d+\//);
      expect(firstLine).toContain('set DISCORD_TOKEN and DISCORD_CLIENT_ID in .env');
      expect({ code, stderr, tail: stdout.split('\n').slice(-2) }).toEqual({
        code: 0,
        stderr: '',
        tail: [expect.stringContaining('Sandbox stopped and saved'), ''],
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs against the emulator given by DISCORD_API_URL and stops cleanly on SIGTERM', async () => {
    const env = {
      ...unset,
      DISCORD_TOKEN: emulator.application.token,
      DISCORD_CLIENT_ID: emulator.application.id,
      DISCORD_API_URL: emulator.restUrl,
      STORE_URL: 'memory:',
      LOG_LEVEL: 'info',
    };
    const { code, stdout, stderr } = await runNode('src/main.ts', env, /"msg":"bot ready"/);
    expect(stderr).toBe('');
    expect(stdout).toContain('"msg":"bot ready"');
    expect(stdout).toContain('"msg":"bot stopped"');
    expect(stdout).not.toContain(emulator.application.token);
    expect(code).toBe(0);
  }, 30_000);

  it('npm run deploy reports what it registered', async () => {
    const env = {
      ...unset,
      DISCORD_TOKEN: emulator.application.token,
      DISCORD_CLIENT_ID: emulator.application.id,
      DISCORD_GUILD_ID: guildId,
      DISCORD_API_URL: emulator.restUrl,
    };
    const { code, stdout } = await runNode('src/deploy.ts', env);
    expect(code).toBe(0);
    expect(stdout).toContain(`Deployed 8 commands to server ${guildId}.`);
    expect(stdout).toContain('unchanged:');
  }, 30_000);
});
