import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startBotProcess, startProcessWorld, type BotProcess, type ProcessWorld } from '../e2e/helpers/bot-process.js';

let world: ProcessWorld | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  await bot?.stop('SIGKILL');
  bot = undefined;
  await world?.stop();
  world = undefined;
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('the bot process with HEALTH_PORT', () => {
  it('serves /healthz and /metrics on 127.0.0.1 once it runs', async () => {
    world = await startProcessWorld({ members: 1 });
    const port = await freePort();
    bot = await startBotProcess(world, { env: { HEALTH_PORT: String(port) } });
    await bot.waitForLog(/health and metrics served/, 10_000);
    const healthz = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.text()).toBe('ok\n');
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toMatch(/^liner_notes_gateway_connected 1$/m);
  }, 60_000);

  it('refuses to run on a port it cannot take: one line and exit 1', async () => {
    world = await startProcessWorld({ members: 1 });
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = address !== null && typeof address === 'object' ? address.port : 0;
    try {
      bot = await startBotProcess(world, { env: { HEALTH_PORT: String(port) }, waitReady: false });
      const exit = await bot.exited;
      expect(exit.code).toBe(1);
      const lines = bot.stderr().trim().split('\n');
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^Liner Notes can't serve health and metrics on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`))]);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  }, 60_000);
});

describe('the bot process on a database server that does not answer', () => {
  it('says so in one line without the password, and exits 1', async () => {
    world = await startProcessWorld({ members: 1 });
    bot = await startBotProcess(world, { env: { STORE_URL: 'postgres://liner:hunter2-secret@127.0.0.1:1/liner' }, waitReady: false });
    const exit = await bot.exited;
    expect(exit.code).toBe(1);
    expect(bot.stderr()).toBe(
      "Liner Notes can't open its store: cannot open the store at PostgreSQL postgres://[redacted]@127.0.0.1:1/liner: connect ECONNREFUSED 127.0.0.1:1\n",
    );
  }, 60_000);
});
