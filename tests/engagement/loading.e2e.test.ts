import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';
import { postReview, startBot, startWorld, waitForFooter, type Bot, type World } from './helpers/world.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let world: World;
let bot: Bot | undefined;

beforeAll(async () => {
  world = await startWorld(4);
});

afterAll(() => stopStarted(bot, world));

/** The world's store whose like reads wait until `open()` is called: a slow start-up load, on demand. */
function gatedStore(store: Store): { store: Store; open(): void } {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    open: () => open(),
    store: {
      settings: store.settings,
      publications: store.publications,
      responses: store.responses,
      engagementRecords: store.engagementRecords,
      catalogue: store.catalogue,
      location: store.location,
      reopen: () => store.reopen(),
      close: () => store.close(),
      likes: {
        add: (targetId, userId) => store.likes.add(targetId, userId),
        remove: (targetId, userId) => store.likes.remove(targetId, userId),
        clear: (targetId) => store.likes.clear(targetId),
        replaceMany: (sets) => store.likes.replaceMany(sets),
        users: async (targetId) => {
          await gate;
          return store.likes.users(targetId);
        },
      },
    },
  };
}

describe('events while the view is still loading', () => {
  it('queues them and applies them in order once the view has loaded', async () => {
    const { driver } = world.emulator;
    bot = await startBot(world, { footerWindowMs: 300, flushIntervalMs: 50 });
    const post = await postReview(world, bot, 'rocky-iv');
    const [first, second, third] = world.members;
    if (!first || !second || !third) throw new Error('members missing');
    await driver.react(first.id, post.channelId, post.messageId, '👍');
    await driver.react(second.id, post.channelId, post.messageId, '👍');
    await waitForFooter(world, post, 'Liked by 2 people');
    await bot.stop();

    const gated = gatedStore(world.store);
    bot = await startBot(world, { footerWindowMs: 300, flushIntervalMs: 50, store: gated.store, awaitLoadBeforeLogin: false });
    let received = 0;
    const countEvent = (): void => void (received += 1);
    bot.client.on(Events.MessageReactionAdd, countEvent);
    bot.client.on(Events.MessageReactionRemove, countEvent);
    bot.client.on(Events.MessageCreate, countEvent);
    await driver.unreact(first.id, post.channelId, post.messageId, '👍');
    await driver.react(third.id, post.channelId, post.messageId, '👍');
    const thread = post.threadId ?? '';
    await driver.sendMessage(third.id, thread, 'Training montage forever');
    await driver.waitFor(() => received === 3, 5000, 'the client received the three events');
    // Nothing is loaded yet: the events that arrived are not lost, they wait.
    expect(bot.engagement.countsFor(post.messageId)).toEqual({ likes: 0, responses: 0 });

    gated.open();
    await bot.engagement.loaded;
    await driver.waitFor(() => bot?.engagement.countsFor(post.messageId).responses === 1, 5000, 'the queued response applied');
    expect(bot.engagement.countsFor(post.messageId)).toEqual({ likes: 2, responses: 1 });
    await bot.engagement.flush();
    expect([...(await world.store.likes.users(post.messageId))].sort()).toEqual([second.id, third.id].sort());
    await waitForFooter(world, post, 'Liked by 2 people · 1 Response');
  });
});
