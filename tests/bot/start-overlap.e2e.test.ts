import { ChannelType } from 'discord.js';
import { mkdtemp, cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/index.js';
import { startBot, type Bot } from '../../src/discord/bot.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/ports.js';
import { logger, rockySlug } from './harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let emulator: Emulator;
let store: Store;
let dataDir: string;
let bot: Bot | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimits: false });
  store = await openStore('memory:');
  dataDir = await mkdtemp(join(tmpdir(), 'liner-notes-start-'));
  await cp(join('data', 'reviews'), join(dataDir, 'reviews'), { recursive: true });
});
afterAll(async () => {
  await bot?.stop();
  // Typed as set, but unassigned when beforeAll failed halfway.
  await (store as Store | undefined)?.close();
  await stopStarted(emulator);
  await rm(dataDir, { recursive: true, force: true });
});

describe('startBot', () => {
  it('logs in while the likes load from the store, and is ready only once they have loaded', async () => {
    const owner = emulator.driver.createUser({ username: 'owner' });
    const guildId = emulator.driver.createGuild({ name: 'Soundtrack Club', ownerId: owner.id }).id;
    // A post Discord has, with the two likes the store holds: the bot reconciles its view with Discord on login.
    const channelId = emulator.driver.createChannel(guildId, { name: 'reviews', type: ChannelType.GuildText }).id;
    const post = await emulator.driver.sendMessage(owner.id, channelId, 'Rocky IV');
    const likers = [emulator.driver.createUser({ username: 'apollo' }), emulator.driver.createUser({ username: 'adrian' })];
    for (const liker of likers) {
      emulator.driver.addMember(guildId, liker.id);
      await emulator.driver.react(liker.id, channelId, post.id, '👍');
    }
    const publication = {
      guildId,
      slug: rockySlug,
      channelId,
      messageId: post.id,
      threadId: null,
      postedBy: owner.id,
      postedAt: '2024-01-01T00:00:00.000Z',
      withdrawn: false,
    };
    await store.publications.save(publication);
    await store.likes.replaceMany(new Map([[publication.messageId, new Set(likers.map((liker) => liker.id))]]));

    // The store answers the like sets only when the test says so.
    let releaseLikes: () => void = () => undefined;
    const likesHeld = new Promise<void>((resolve) => {
      releaseLikes = resolve;
    });
    let likeReadsWaiting = 0;
    const slowStore: Store = {
      ...store,
      likes: {
        ...store.likes,
        add: (target, user) => store.likes.add(target, user),
        remove: (target, user) => store.likes.remove(target, user),
        clear: (target) => store.likes.clear(target),
        replaceMany: (sets) => store.likes.replaceMany(sets),
        async users(target) {
          likeReadsWaiting++;
          await likesHeld;
          return store.likes.users(target);
        },
      },
    };

    const { catalogue } = await loadCatalogue(dataDir);
    let started = false;
    const starting = startBot({
      config: { discordToken: emulator.application.token, discordApiUrl: emulator.restUrl },
      store: slowStore,
      catalogue,
      logger,
    }).then((running) => {
      started = true;
      bot = running;
      return running;
    });
    await emulator.driver.waitFor(
      () => likeReadsWaiting > 0 && emulator.driver.requests().some((r) => r.route === 'GET /gateway/bot'),
      10_000,
      'the login to start while the likes are held',
    );
    expect(started).toBe(false);
    releaseLikes();
    const running = await starting;
    expect(running.client.isReady()).toBe(true);
    expect(running.engagement.countsFor(publication.messageId).likes).toBe(2);
    expect(running.engagement.countsByGuild(guildId).get(rockySlug)?.likes).toBe(2);
  }, 30_000);
});
