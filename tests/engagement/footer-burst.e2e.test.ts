import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editsOf, footerOf, postReview, startBot, startWorld, waitForFooter, type Bot, type World } from './helpers/world.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

const footerWindowMs = 2000;
let world: World;
let bot: Bot;

beforeAll(async () => {
  world = await startWorld(200);
  bot = await startBot(world, { footerWindowMs });
});

afterAll(() => stopStarted(bot, world));

describe('the footer after a burst of likes', () => {
  it('coalesces 200 likes into a handful of edits and ends on the exact count', async () => {
    const post = await postReview(world, bot, 'rocky-iv');
    const { driver } = world.emulator;
    const editsBefore = editsOf(world, post.channelId, post.messageId);
    const startedAt = Date.now();
    // Ten waves of twenty likes, spread over a few footer windows.
    for (let wave = 0; wave < 10; wave++) {
      const likers = world.members.slice(wave * 20, wave * 20 + 20);
      await Promise.all(likers.map((member) => driver.react(member.id, post.channelId, post.messageId, '👍')));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await waitForFooter(world, post, 'Liked by 200 people');
    const duration = Date.now() - startedAt;

    const edits = editsOf(world, post.channelId, post.messageId) - editsBefore;
    // The first like is shown at once and the last count needs a later edit: at least two, and few.
    expect(edits).toBeGreaterThanOrEqual(2);
    expect(edits).toBeLessThanOrEqual(Math.ceil(duration / footerWindowMs) + 2);
    const patches = driver.requests().filter((request) => request.method === 'PATCH' && request.path.endsWith(post.messageId));
    expect(patches.every((request) => request.status !== 429)).toBe(true);

    await bot.engagement.flush();
    expect((await world.store.likes.users(post.messageId)).size).toBe(200);
    expect(footerOf(world, post.channelId, post.messageId)).toBe('Liked by 200 people');
  });
});
