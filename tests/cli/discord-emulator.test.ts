import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Client, GatewayIntentBits } from 'discord.js';
import { FixtureError, parseFixture, seedFixture } from '../../src/emulator/fixture.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { Emulator } from '../../src/emulator/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

describe('emulator: the discord-emulator CLI and its fixture', () => {
  let child: ChildProcess | undefined;
  let client: Client | undefined;
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await client?.destroy();
    client = undefined;
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
    await emulator?.stop();
    emulator = undefined;
  });

  it('runs as its own process, prints what a bot needs, serves a discord.js client and stops on SIGTERM', async () => {
    child = spawn(process.execPath, [tsxCli, 'src/cli.ts', 'discord-emulator', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = Date.now();
    while (!/DISCORD_GUILD_ID=\d+/.test(output)) {
      if (Date.now() - started > 15_000) throw new Error(`the emulator did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const value = (name: string): string => new RegExp(`${name}=(\\S+)`).exec(output)?.[1] ?? '';
    expect(value('DISCORD_API_URL')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: value('DISCORD_API_URL') } });
    const ready = new Promise<void>((resolve) => client?.once('clientReady', () => resolve()));
    await client.login(value('DISCORD_TOKEN'));
    await ready;
    expect(client.application?.id).toBe(value('DISCORD_CLIENT_ID'));
    const guild = client.guilds.cache.get(value('DISCORD_GUILD_ID'));
    expect(guild?.name).toBe('Liner Notes Sandbox');
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['general', 'review-forum', 'reviews']);
    await client.destroy();
    client = undefined;
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('emulator stopped');
  });

  it('rejects invalid fixtures with the offending path and unknown keys by name', async () => {
    expect(() =>
      parseFixture({ users: [{ key: 'a', username: 'ab' }], guilds: [{ name: 'G', owner: 'a', roles: [{ key: 'r', name: 'R', permissions: ['Fly'] }] }] }),
    ).toThrow(/guilds\.0\.roles\.0\.permissions\.0: unknown permission "Fly"/);
    expect(() => parseFixture({ users: [] })).toThrow(FixtureError);
    const started = await startEmulator({ rateLimits: false });
    emulator = started;
    const fixture = parseFixture({ users: [{ key: 'a', username: 'ab' }], guilds: [{ name: 'Guild', owner: 'a', members: [{ user: 'ghost' }] }] });
    expect(() => seedFixture(started.driver, fixture)).toThrow(/guilds\.0\.members\.0\.user: no user with key "ghost"/);
  });
});
