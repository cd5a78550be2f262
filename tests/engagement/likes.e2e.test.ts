import { GatewayDispatchEvents, Routes } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf, postReview, startBot, startWorld, waitForFooter, type Bot, type World } from './helpers/world.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

const thumbsUp = '👍';
const heart = '❤️';

let world: World;
let bot: Bot;

const member = (index: number): APIUser => memberOf(world, index);

async function storedLikes(messageId: string): Promise<string[]> {
  await bot.engagement.flush();
  return [...(await world.store.likes.users(messageId))].sort();
}

function ids(...indexes: number[]): string[] {
  return indexes.map((index) => member(index).id).sort();
}

beforeAll(async () => {
  world = await startWorld(12);
  await world.store.settings.set(world.guildId, {
    reviewsChannelId: world.channelId,
    likeEmojis: [thumbsUp, heart],
    adminRoleId: null,
    countOwnLikes: true,
  });
  bot = await startBot(world, { footerWindowMs: 300, flushIntervalMs: 50 });
});

afterAll(() => stopStarted(bot, world));

describe('likes on a review post', () => {
  it('counts likes from several members and their removals, in the footer and the store', async () => {
    const post = await postReview(world, bot, 'rocky-iv');
    const { driver } = world.emulator;
    for (const index of [0, 1, 2]) await driver.react(member(index).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 3 people');

    await driver.unreact(member(1).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 2 people');
    expect(await storedLikes(post.messageId)).toEqual(ids(0, 2));
    expect(bot.engagement.countsFor(post.messageId)).toEqual({ likes: 2, responses: 0 });
    expect(bot.engagement.countsByGuild(world.guildId).get('rocky-iv')).toEqual({ likes: 2, responses: 0 });

    await driver.unreact(member(0).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 1 person');
  });

  it('counts one like per person whatever the number of like emoji they use', async () => {
    const post = await postReview(world, bot, 'top-gun');
    const { driver } = world.emulator;
    await driver.react(member(0).id, post.channelId, post.messageId, thumbsUp);
    await driver.react(member(0).id, post.channelId, post.messageId, heart);
    await driver.react(member(1).id, post.channelId, post.messageId, heart);
    await waitForFooter(world, post, 'Liked by 2 people');

    // Removing one of two like emoji keeps the like while the other remains.
    await driver.unreact(member(0).id, post.channelId, post.messageId, thumbsUp);
    await driver.react(member(2).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 3 people');
    expect(await storedLikes(post.messageId)).toEqual(ids(0, 1, 2));

    await driver.unreact(member(0).id, post.channelId, post.messageId, heart);
    await waitForFooter(world, post, 'Liked by 2 people');
    expect(await storedLikes(post.messageId)).toEqual(ids(1, 2));
  });

  it("never counts bots (this bot's own reaction included) or other emoji", async () => {
    const post = await postReview(world, bot, 'beverly-hills-cop');
    const { driver } = world.emulator;
    await bot.client.rest.put(Routes.channelMessageOwnReaction(post.channelId, post.messageId, encodeURIComponent(thumbsUp)));
    await driver.react(world.otherBot.id, post.channelId, post.messageId, thumbsUp);
    await driver.react(member(3).id, post.channelId, post.messageId, '🔥');
    await driver.react(member(4).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 1 person');
    expect(driver.reactionUsers(post.channelId, post.messageId, thumbsUp)).toHaveLength(3);
    expect(await storedLikes(post.messageId)).toEqual(ids(4));
  });

  it('handles "remove all of one emoji" and "remove all reactions"', async () => {
    const post = await postReview(world, bot, 'ghostbusters');
    const { driver } = world.emulator;
    await driver.react(member(0).id, post.channelId, post.messageId, thumbsUp);
    await driver.react(member(1).id, post.channelId, post.messageId, thumbsUp);
    await driver.react(member(1).id, post.channelId, post.messageId, heart);
    await driver.react(member(2).id, post.channelId, post.messageId, heart);
    await waitForFooter(world, post, 'Liked by 3 people');

    await driver.removeEmojiReactions(post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 2 people');
    expect(await storedLikes(post.messageId)).toEqual(ids(1, 2));

    await driver.removeAllReactions(post.channelId, post.messageId);
    await waitForFooter(world, post, undefined);
    expect(await storedLikes(post.messageId)).toEqual([]);
  });

  it("counts the poster's own like only while the guild allows it", async () => {
    const post = await postReview(world, bot, 'flashdance');
    const { driver } = world.emulator;
    await driver.react(world.owner.id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 1 person');

    const settings = await world.store.settings.get(world.guildId);
    await world.store.settings.set(world.guildId, { ...settings, countOwnLikes: false });
    await bot.engagement.settingsChanged(world.guildId);
    await waitForFooter(world, post, undefined);

    await driver.react(world.owner.id, post.channelId, post.messageId, heart);
    await driver.react(member(5).id, post.channelId, post.messageId, heart);
    await waitForFooter(world, post, 'Liked by 1 person');
    expect(await storedLikes(post.messageId)).toEqual(ids(5));

    await world.store.settings.set(world.guildId, { ...settings, countOwnLikes: true });
    await bot.engagement.settingsChanged(world.guildId);
  });

  it('counts the same gateway event delivered twice once', async () => {
    const post = await postReview(world, bot, 'footloose');
    const { driver } = world.emulator;
    const liker = member(6);
    const reaction = {
      user_id: liker.id,
      channel_id: post.channelId,
      message_id: post.messageId,
      guild_id: world.guildId,
      emoji: { id: null, name: thumbsUp },
      burst: false,
      type: 0,
      member: { user: liker, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
    };
    await driver.pushDispatches([
      { t: GatewayDispatchEvents.MessageReactionAdd, d: reaction },
      { t: GatewayDispatchEvents.MessageReactionAdd, d: reaction },
    ]);
    await driver.react(member(7).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 2 people');

    const { member: _member, ...removal } = reaction;
    await driver.pushDispatches([
      { t: GatewayDispatchEvents.MessageReactionRemove, d: removal },
      { t: GatewayDispatchEvents.MessageReactionRemove, d: removal },
    ]);
    // Dispatches arrive in order: three likes can only be seen once member 6's removal was applied (else four).
    await driver.react(member(8).id, post.channelId, post.messageId, thumbsUp);
    await driver.react(member(9).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 3 people');
    expect(await storedLikes(post.messageId)).toEqual(ids(7, 8, 9));
  });

  it('ends likes and unlikes racing in the state Discord holds', async () => {
    const post = await postReview(world, bot, 'purple-rain');
    const { driver } = world.emulator;
    const racers = world.members.slice(0, 10);
    await Promise.all(
      racers.map(async (racer, index) => {
        if (index % 2 === 0) await driver.react(racer.id, post.channelId, post.messageId, thumbsUp);
        await Promise.all([
          driver.react(racer.id, post.channelId, post.messageId, heart),
          driver.unreact(racer.id, post.channelId, post.messageId, heart),
          driver.unreact(racer.id, post.channelId, post.messageId, thumbsUp),
        ]);
      }),
    );
    await driver.react(member(11).id, post.channelId, post.messageId, thumbsUp);
    const truth = new Set([...driver.reactionUsers(post.channelId, post.messageId, thumbsUp), ...driver.reactionUsers(post.channelId, post.messageId, heart)]);
    await expect.poll(() => storedLikes(post.messageId), { timeout: 5000 }).toEqual([...truth].sort());
    await waitForFooter(world, post, truth.size === 1 ? 'Liked by 1 person' : `Liked by ${truth.size} people`);
  });

  it('stops counting a deleted post and keeps its tally in the store', async () => {
    const post = await postReview(world, bot, 'the-breakfast-club');
    const { driver } = world.emulator;
    await driver.react(member(0).id, post.channelId, post.messageId, thumbsUp);
    await driver.react(member(1).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 2 people');

    await bot.client.rest.delete(Routes.channelMessage(post.channelId, post.messageId));
    await driver.waitFor(() => bot.engagement.countsFor(post.messageId).likes === 0, 5000, 'the deleted post stops counting');
    expect(bot.engagement.countsByGuild(world.guildId).has('the-breakfast-club')).toBe(false);
    expect(await storedLikes(post.messageId)).toEqual(ids(0, 1));
  });

  it('keeps the final footer when edits are rate limited or fail for a while', async () => {
    const post = await postReview(world, bot, 'back-to-the-future');
    const { driver } = world.emulator;
    // discord.js waits out a 429 itself (several seconds here) and retries.
    driver.failNext('PATCH /channels/:id/messages/:id', 1, 429);
    await driver.react(member(8).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 1 person');
    driver.failNext('PATCH /channels/:id/messages/:id', 6, 500);
    await driver.react(member(9).id, post.channelId, post.messageId, thumbsUp);
    await driver.react(member(10).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 3 people');
  });

  it('continues counting exactly after a restart, on a post the new client has not cached', async () => {
    const post = await postReview(world, bot, 'the-karate-kid');
    const deleted = (await world.store.publications.listGuild(world.guildId)).find((p) => p.slug === 'the-breakfast-club');
    const { driver } = world.emulator;
    await driver.react(member(0).id, post.channelId, post.messageId, thumbsUp);
    await driver.react(member(1).id, post.channelId, post.messageId, thumbsUp);
    await driver.react(member(1).id, post.channelId, post.messageId, heart);
    await waitForFooter(world, post, 'Liked by 2 people');

    await bot.stop();
    bot = await startBot(world, { footerWindowMs: 300, flushIntervalMs: 50 });
    expect(bot.client.channels.cache.get(post.channelId)).toBeDefined();
    expect(bot.engagement.countsFor(post.messageId)).toEqual({ likes: 2, responses: 0 });
    expect(deleted && bot.engagement.countsFor(deleted.messageId)).toEqual({ likes: 0, responses: 0 });

    await driver.react(member(2).id, post.channelId, post.messageId, thumbsUp);
    await waitForFooter(world, post, 'Liked by 3 people');
    // member 1 still has a heart on it: the like stays.
    await driver.unreact(member(1).id, post.channelId, post.messageId, thumbsUp);
    await driver.unreact(member(0).id, post.channelId, post.messageId, thumbsUp);
    await expect.poll(() => storedLikes(post.messageId), { timeout: 5000 }).toEqual(ids(1, 2));
    await waitForFooter(world, post, 'Liked by 2 people');
  });
});
