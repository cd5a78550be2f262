import { afterEach, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
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

/** How long after "bot ready" a restarted bot may take to show Discord's truth everywhere. */
const settleMs = 15_000;

let world: ProcessWorld | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  await bot?.stop('SIGKILL');
  bot = undefined;
  await world?.stop();
  world = undefined;
});

/** Waits until the footer and the store equal Discord's truth (the tests ask /top and /responses themselves). */
async function expectExact(w: ProcessWorld, posts: Post[], timeoutMs = settleMs): Promise<void> {
  const { driver } = w.emulator;
  for (const post of posts) {
    await driver.waitFor(
      () => footerOf(w, post) === trueFooter(w, post),
      timeoutMs,
      `footer of ${post.slug} to read ${trueFooter(w, post)} (it reads ${footerOf(w, post)})`,
    );
  }
  for (const post of posts) await expectStoreExact(w, post, timeoutMs);
}

async function run(w: ProcessWorld, userId: string, name: string, options: Record<string, string | number> = {}): Promise<string> {
  const handle = await w.emulator.driver.runCommand({ userId, guildId: w.guildId, channelId: w.channelId, name, options });
  const reply = await handle.reply(15_000);
  return [reply.content, ...reply.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => `${f.name} ${f.value}`)])].join(
    '\n',
  );
}

describe('the bot as its own process, stopped and started again', () => {
  it('after a graceful stop, rebuilds likes, responses, edits and deletions made while it was down', async () => {
    world = await startProcessWorld({ members: 60 });
    const w = world;
    const { driver } = w.emulator;
    bot = await startBotProcess(w);
    const post = await w.publish(w.slugs[0] as string);
    for (let i = 0; i < 20; i++) await driver.react(memberId(w, i), post.channelId, post.messageId, '👍');
    const early: APIMessage[] = [];
    for (let i = 0; i < 5; i++) early.push(await driver.sendMessage(memberId(w, 50 + i), post.threadId, `Early response ${i}`));
    await driver.waitFor(() => footerOf(w, post) === 'Liked by 20 people · 5 Responses', 10_000, 'the live footer');

    expect(await bot.stop('SIGINT')).toEqual({ code: 0, signal: null });
    bot = undefined;

    // While the bot is down: 30 members like, 10 earlier likers unlike, 8 responses, 2 edits, 2 deletions.
    for (let i = 20; i < 50; i++) await driver.react(memberId(w, i), post.channelId, post.messageId, '👍');
    for (let i = 0; i < 10; i++) await driver.unreact(memberId(w, i), post.channelId, post.messageId, '👍');
    for (let i = 0; i < 8; i++) await driver.sendMessage(memberId(w, 40 + i), post.threadId, `Late response ${i}`);
    await driver.editMessage(memberId(w, 50), post.threadId, (early[0] as APIMessage).id, 'Early response 0, edited while the bot was away');
    await driver.editMessage(memberId(w, 51), post.threadId, (early[1] as APIMessage).id, 'Early response 1, edited too');
    await driver.deleteMessage(memberId(w, 53), post.threadId, (early[3] as APIMessage).id);
    await driver.deleteMessage(memberId(w, 54), post.threadId, (early[4] as APIMessage).id);
    expect(trueFooter(w, post)).toBe('Liked by 40 people · 11 Responses');

    bot = await startBotProcess(w);
    const done = await bot.waitForLog('reconciliation done', settleMs);
    expect(done).toMatchObject({ posts: 1, done: 1, failed: 0 });
    await expectExact(w, [post]);
    expect(await run(w, memberId(w, 59), 'top')).toContain('Liked by 40 people');
    const responses = await run(w, memberId(w, 59), 'responses', { review: post.slug });
    // /responses shows the newest ten, and says how many older ones the thread holds.
    expect(responses).toContain('Early response 1, edited too');
    expect(responses).toContain('Late response 7');
    expect(responses).toContain('… and 1 older in the thread');
    expect(responses).not.toContain('Early response 3');
    expect(responses).not.toContain('Early response 4');

    await driver.react(memberId(w, 55), post.channelId, post.messageId, '👍');
    await expectExact(w, [post]);
    expect(footerOf(w, post)).toBe('Liked by 41 people · 11 Responses');
  }, 120_000);

  it('after SIGKILL in the middle of a storm, with the rest of the storm sent while it is down, every post is exact and every footer refreshed without a new event', async () => {
    world = await startProcessWorld({ members: 200, reviews: 5 });
    const w = world;
    const { driver } = w.emulator;
    bot = await startBotProcess(w);
    const posts: Post[] = [];
    for (const slug of w.slugs) posts.push(await w.publish(slug));
    // A fixed pseudo-random storm: 5,000 likes and unlikes from 200 members on 5 posts.
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const storm = Array.from({ length: 5000 }, () => ({ post: posts[random(posts.length)] as Post, userId: memberId(w, random(200)), like: random(3) !== 0 }));
    const send = async (from: number, to: number): Promise<void> => {
      for (const event of storm.slice(from, to)) {
        if (event.like) await driver.react(event.userId, event.post.channelId, event.post.messageId, '👍');
        else await driver.unreact(event.userId, event.post.channelId, event.post.messageId, '👍');
      }
    };
    await send(0, 2500);
    expect(await bot.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    bot = undefined;
    await send(2500, 5000);

    bot = await startBotProcess(w);
    await bot.waitForLog('reconciliation done', settleMs);
    await expectExact(w, posts, 30_000);
    for (const post of posts) expect(footerOf(w, post)).toMatch(/^Liked by \d+ people/);
  }, 180_000);
});
