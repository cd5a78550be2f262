import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../src/catalogue/index.js';
import { startBot, type Bot } from '../../src/discord/bot.js';
import { logger, rockySlug, startStand, type Stand } from './harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let stand: Stand;
let secondBot: Bot | undefined;
beforeAll(async () => {
  stand = await startStand();
}, 60_000);
afterAll(() => stopStarted(secondBot, stand));

describe('startBot with a catalogue still loading', () => {
  it('logs in meanwhile, and a like and a command that arrive before the catalogue are still handled once it is there', async () => {
    const { driver } = stand.emulator;
    const posted = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug, channel: stand.channelId } })).reply();
    expect(posted.content).toContain('Posted');
    const post = driver.messages(stand.channelId).find((m) => m.embeds[0]?.title === 'Great Soundtracks of 1985: Rocky IV' && !m.interaction_metadata);
    if (!post) throw new Error('the review was not posted');
    await stand.bot.stop();

    let releaseCatalogue: (catalogue: Catalogue) => void = () => undefined;
    const catalogueLoading = new Promise<Catalogue>((resolve) => {
      releaseCatalogue = resolve;
    });
    const likeWrites: string[] = [];
    const watchedStore = {
      ...stand.store,
      likes: {
        ...stand.store.likes,
        add: (target: string, user: string) => stand.store.likes.add(target, user),
        remove: (target: string, user: string) => stand.store.likes.remove(target, user),
        clear: (target: string) => stand.store.likes.clear(target),
        users: (target: string) => stand.store.likes.users(target),
        replaceMany: async (sets: ReadonlyMap<string, ReadonlySet<string>>) => {
          for (const target of sets.keys()) likeWrites.push(target);
          await stand.store.likes.replaceMany(sets);
        },
      },
    };
    const sessionsBefore = driver.requests().filter((r) => r.route === 'GET /gateway/bot').length;
    let ready = false;
    const starting = startBot({
      config: { discordToken: stand.emulator.application.token, discordApiUrl: stand.emulator.restUrl },
      store: watchedStore,
      catalogue: catalogueLoading,
      logger,
      footerWindowMs: 50,
      flushIntervalMs: 20,
    }).then((bot) => {
      ready = true;
      secondBot = bot;
      return bot;
    });
    await driver.waitFor(() => driver.requests().filter((r) => r.route === 'GET /gateway/bot').length > sessionsBefore, 10_000, 'the client to log in');

    // The like is counted and stored while the catalogue is still loading, so its footer edit comes due now.
    // The emulator does not say when the new session is up, and a reaction before it reaches nobody: try again.
    for (let attempt = 0; !likeWrites.includes(post.id); attempt++) {
      if (attempt === 20) throw new Error('the like never reached the bot');
      await driver.unreact(stand.member.id, stand.channelId, post.id, '👍');
      await driver.react(stand.member.id, stand.channelId, post.id, '👍');
      await driver.waitFor(() => likeWrites.includes(post.id), 500, 'the like to be stored').catch(() => undefined);
    }
    const reading = await stand.run(stand.member.id, 'review', { subcommand: 'read', options: { review: rockySlug } });
    const editsOfPost = () =>
      driver.requests().filter((r) => r.route === 'PATCH /channels/:id/messages/:id' && r.path.endsWith(`/messages/${post.id}`) && r.status < 300);
    const editsBeforeCatalogue = editsOfPost().length;
    expect(ready).toBe(false);

    releaseCatalogue(stand.catalogue);
    const bot = await starting;
    expect(bot.client.isReady()).toBe(true);
    const read = await reading.reply();
    expect(read.embeds[0]?.title).toBe('Great Soundtracks of 1985: Rocky IV');
    await driver.waitFor(
      () => driver.message(stand.channelId, post.id)?.embeds.at(-1)?.footer?.text === 'Liked by 1 person',
      10_000,
      'the footer to show the like',
    );
    expect(editsBeforeCatalogue).toBe(0);
    expect(editsOfPost().length).toBeGreaterThan(0);
  }, 30_000);
});
