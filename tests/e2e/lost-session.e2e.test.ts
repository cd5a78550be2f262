import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectStoreExact,
  footerOf,
  memberId,
  startBotProcess,
  startProcessWorld,
  trueFooter,
  type BotProcess,
  type Post,
  type ProcessWorld,
} from './helpers/bot-process.js';
import { stopStarted } from './helpers/stop-started.js';

let world: ProcessWorld;
let bot: BotProcess;
beforeAll(async () => {
  world = await startProcessWorld({ members: 120, reviews: 2 });
  bot = await startBotProcess(world);
}, 60_000);
afterAll(async () => {
  // Typed as set, but unassigned when beforeAll failed halfway.
  await (bot as BotProcess | undefined)?.stop('SIGKILL');
  await stopStarted(world);
});

const member = (index: number): string => memberId(world, index);

/**
 * A gateway session that cannot be resumed (Opcodes and Status Codes › Gateway Close Event Codes: 4009 Session
 * timed out; 1000 closes the session too) drops the events dispatched until the client identifies again. The new
 * session's READY starts a reconciliation that reads them back from Discord.
 */
describe.each([
  [4009, 0],
  [1000, 1],
])('a gateway session closed with %i in the middle of a burst', (code, slugIndex) => {
  it('ends exact, with nothing counted twice', async () => {
    const { driver } = world.emulator;
    const post: Post = await world.publish(world.slugs[slugIndex] as string);
    const from = bot.logs().length;
    const act = async (i: number): Promise<void> => {
      await driver.react(member(i), post.channelId, post.messageId, '👍');
      if (i % 4 === 0) await driver.unreact(member(i), post.channelId, post.messageId, '👍');
      await driver.sendMessage(member(60 + (i % 50)), post.threadId, `Response ${i} after close ${code}`);
    };
    for (let i = 0; i < 30; i++) await act(i);
    // The close, then ten members at once: they act before the client can have identified again.
    driver.closeGateway(code);
    await Promise.all(Array.from({ length: 10 }, (_, k) => act(30 + k)));
    for (let i = 40; i < 60; i++) await act(i);
    const done = await bot.waitForLog('reconciliation done', 20_000, from);
    expect(done).toMatchObject({ reason: 'new gateway session', failed: 0 });
    expect(trueFooter(world, post)).toBe('Liked by 45 people · 60 Responses');
    await driver.waitFor(
      () => footerOf(world, post) === trueFooter(world, post),
      15_000,
      `footer ${trueFooter(world, post)} (it reads ${footerOf(world, post)})`,
    );
    await expectStoreExact(world, post);
  }, 90_000);
});
