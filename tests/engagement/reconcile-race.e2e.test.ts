import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf, postReview, startBot, startWorld, waitForFooter, type Bot, type World } from './helpers/world.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

const reactionListing = 'GET /channels/:id/messages/:id/reactions/:emoji';

let world: World;
let bot: Bot;
beforeAll(async () => {
  // One page of reaction users per 1.5 s: a reconciliation of a post with 150 likers waits between its two pages,
  // which is when the test's members act.
  world = await startWorld(160, { rateLimitRules: { [reactionListing]: { limit: 1, windowMs: 1500 } } });
  bot = await startBot(world, { footerWindowMs: 50, flushIntervalMs: 50 });
}, 60_000);
afterAll(() => stopStarted(bot, world));

describe('a reconciliation racing live events on the same post', () => {
  it('ends exact: a like and an unlike that land between its reads are neither lost nor counted twice', async () => {
    const { driver } = world.emulator;
    const publication = await postReview(world, bot, 'rocky-iv');
    // Members 10..159 like it; 0..9 have not. Reaction users are listed by id, so members 0..9 sort in the
    // first page, which the reconciliation has read by the time they act.
    for (let i = 10; i < 160; i++) await driver.react(memberOf(world, i).id, world.channelId, publication.messageId, '👍');
    await waitForFooter(world, publication, 'Liked by 150 people');

    const listingsBefore = driver.requests().filter((r) => r.route === reactionListing).length;
    const reconciled = bot.engagement.reconcile({ slug: 'rocky-iv' });
    await driver.waitFor(
      () => driver.requests().filter((r) => r.route === reactionListing && r.status === 200).length > listingsBefore,
      5000,
      'the first page read',
    );
    await driver.unreact(memberOf(world, 10).id, world.channelId, publication.messageId, '👍');
    await driver.react(memberOf(world, 0).id, world.channelId, publication.messageId, '👍');
    await driver.react(memberOf(world, 1).id, world.channelId, publication.messageId, '👍');
    await driver.unreact(memberOf(world, 1).id, world.channelId, publication.messageId, '👍');
    await driver.waitFor(() => bot.engagement.countsFor(publication.messageId).likes === 150, 5000, 'the live events applied');
    const listingsDuringRun = driver.requests().filter((r) => r.route === reactionListing).length - listingsBefore;

    const summary = await reconciled;
    // The reconciliation was still reading when the members acted: its second page came after.
    expect(driver.requests().filter((r) => r.route === reactionListing).length - listingsBefore).toBeGreaterThan(listingsDuringRun);
    expect(summary).toMatchObject({ posts: 1, done: 1, failed: 0, changes: 0 });

    const truth = new Set(driver.reactionUsers(world.channelId, publication.messageId, '👍').filter((id) => id !== world.emulator.application.botUserId));
    expect(truth.size).toBe(150);
    expect(bot.engagement.countsFor(publication.messageId).likes).toBe(150);
    await bot.engagement.flush();
    expect(await world.store.likes.users(publication.messageId)).toEqual(truth);
    await waitForFooter(world, publication, 'Liked by 150 people');
  }, 60_000);
});
