import KeyvSqlite from '@keyv/sqlite';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  expectStoreExact,
  footerOf,
  likersOf,
  memberId,
  startBotProcess,
  startProcessWorld,
  storedView,
  type BotProcess,
  type ProcessWorld,
} from './helpers/bot-process.js';

let world: ProcessWorld | undefined;
let bot: BotProcess | undefined;
let undo: (() => void) | undefined;
afterEach(async () => {
  undo?.();
  undo = undefined;
  await bot?.stop('SIGKILL');
  bot = undefined;
  await world?.stop();
  world = undefined;
});

/**
 * Makes a file unwritable for this process and its children. File modes do not bind root, so as root the file is
 * made immutable (chattr +i, which binds root too); otherwise it loses its write bits.
 */
function makeReadOnly(file: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', file]);
    return () => execFileSync('chattr', ['-i', file]);
  }
  chmodSync(file, 0o444);
  return () => chmodSync(file, 0o644);
}

describe('a store that cannot be written', () => {
  it('at start: one line naming the file and the cause, and exit 1', async () => {
    world = await startProcessWorld({ members: 1 });
    const w = world;
    bot = await startBotProcess(w);
    await bot.stop('SIGINT');
    undo = makeReadOnly(w.storeFile);
    bot = await startBotProcess(w, { waitReady: false });
    const exit = await bot.exited;
    expect(exit.code).toBe(1);
    const lines = bot.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(w.storeFile);
    expect(lines[0]).toMatch(/cannot write the SQLite store .*SQLITE_READONLY/);
    expect(bot.logs().some((line) => line.msg === 'bot ready')).toBe(false);
  }, 60_000);

  it('while running: one warning naming the file and the cause, nothing lost, healed without a restart', async () => {
    world = await startProcessWorld({ members: 30 });
    const w = world;
    const { driver } = w.emulator;
    bot = await startBotProcess(w);
    const post = await w.publish(w.slugs[0] as string);
    for (let i = 0; i < 5; i++) await driver.react(memberId(w, i), post.channelId, post.messageId, '👍');
    await driver.waitFor(() => footerOf(w, post) === 'Liked by 5 people', 10_000, 'five likes');

    // Another process holds the database's write lock: every write of the bot fails (SQLITE_BUSY) until it lets go.
    const locker = new KeyvSqlite({ uri: `sqlite://${w.storeFile}`, busyTimeout: 10_000 });
    await locker.query('BEGIN EXCLUSIVE');
    const from = bot.logs().length;
    try {
      for (let i = 5; i < 25; i++) await driver.react(memberId(w, i), post.channelId, post.messageId, '👍');
      await driver.waitFor(() => footerOf(w, post) === 'Liked by 25 people', 10_000, 'the footer follows while the store fails');
      const warning = await bot.waitForLog(/the store cannot be written/, 20_000, from);
      expect(warning).toMatchObject({ store: `SQLite file ${w.storeFile}` });
      expect(String(warning.cause)).toMatch(/SQLITE_BUSY/);
      // Several retries fail meanwhile; they stay quiet.
      await new Promise((resolve) => setTimeout(resolve, 8000));
    } finally {
      await locker.query('COMMIT');
      await locker.disconnect();
    }
    await bot.waitForLog(/writable again/, 30_000, from);
    const faults = bot
      .logs()
      .slice(from)
      .filter((line) => /cannot be written/.test(line.msg));
    expect(faults).toHaveLength(1);
    const stored = await storedView(w, post);
    expect(stored.likers).toEqual(likersOf(w, post.channelId, post.messageId, null));
    expect(stored.likers.size).toBe(25);
    expect(bot.logs().some((line) => line.msg === 'bot ready')).toBe(true);
    expect((await bot.stop('SIGINT')).code).toBe(0);
  }, 90_000);

  it('at a stop: says how many changes it could not write, exits 1, and the next start recovers them from Discord', async () => {
    world = await startProcessWorld({ members: 12 });
    const w = world;
    const { driver } = w.emulator;
    bot = await startBotProcess(w);
    const post = await w.publish(w.slugs[0] as string);
    const locker = new KeyvSqlite({ uri: `sqlite://${w.storeFile}`, busyTimeout: 10_000 });
    await locker.query('BEGIN EXCLUSIVE');
    try {
      for (let i = 0; i < 10; i++) await driver.react(memberId(w, i), post.channelId, post.messageId, '👍');
      await driver.waitFor(() => footerOf(w, post) === 'Liked by 10 people', 10_000, 'ten likes shown');
      const exit = await bot.stop('SIGINT');
      expect(exit.code).toBe(1);
      const line = bot.logs().find((entry) => /store could not take/.test(entry.msg));
      expect(line).toMatchObject({ store: `SQLite file ${w.storeFile}` });
      expect(Number(line?.unwritten)).toBeGreaterThan(0);
    } finally {
      await locker.query('COMMIT');
      await locker.disconnect();
    }
    bot = await startBotProcess(w);
    await bot.waitForLog('reconciliation done', 15_000);
    await expectStoreExact(w, post);
    expect((await storedView(w, post)).likers.size).toBe(10);
  }, 90_000);
});
