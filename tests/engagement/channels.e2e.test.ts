import { ChannelType, Routes, type APIThreadChannel } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Publication } from '../../src/store/ports.js';
import { footerOf, memberOf, postReview, renderPost, startBot, startWorld, trackPublication, waitForFooter, type Bot, type World } from './helpers/world.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

const vinyl = 'vinyl:112233445566778899';

let world: World;
let bot: Bot;
let forumId: string;

const member = (index: number): APIUser => memberOf(world, index);

beforeAll(async () => {
  world = await startWorld(6);
  forumId = world.emulator.driver.createChannel(world.guildId, { name: 'review-forum', type: ChannelType.GuildForum }).id;
  await world.store.settings.set(world.guildId, {
    reviewsChannelId: world.channelId,
    likeEmojis: ['👍', vinyl],
    adminRoleId: null,
    countOwnLikes: true,
  });
  bot = await startBot(world, { footerWindowMs: 300, flushIntervalMs: 50 });
});

afterAll(() => stopStarted(bot, world));

/** A review as a forum post: the thread is the post, its starter message (same id) holds the embeds. */
async function postInForum(slug: string): Promise<Publication> {
  const body = { name: slug, message: renderPost({ slug }, { likes: 0, responses: 0 }) };
  const thread = (await bot.client.rest.post(Routes.threads(forumId), { body })) as APIThreadChannel;
  return trackPublication(world, bot, { slug, channelId: thread.id, messageId: thread.id, threadId: thread.id });
}

describe('custom like emoji', () => {
  it('compares custom emoji by id, whatever name they arrive with', async () => {
    const post = await postReview(world, bot, 'rocky-iv');
    const { driver } = world.emulator;
    await driver.react(member(0).id, post.channelId, post.messageId, vinyl);
    await driver.react(member(1).id, post.channelId, post.messageId, 'renamed_vinyl:112233445566778899');
    await driver.react(member(2).id, post.channelId, post.messageId, 'vinyl:998877665544332211');
    await driver.react(member(3).id, post.channelId, post.messageId, '👍');
    await waitForFooter(world, post, 'Liked by 3 people');
    await bot.engagement.flush();
    expect([...(await world.store.likes.users(post.messageId))].sort()).toEqual([member(0).id, member(1).id, member(3).id].sort());
  });
});

describe('deleted threads and messages', () => {
  it("stops counting a deleted thread's responses, keeping the post's likes", async () => {
    const post = await postReview(world, bot, 'top-gun');
    const threadId = post.threadId ?? '';
    const { driver } = world.emulator;
    await driver.sendMessage(member(0).id, threadId, 'Take my breath away');
    await driver.react(member(1).id, post.channelId, post.messageId, '👍');
    await waitForFooter(world, post, 'Liked by 1 person · 1 Response');

    await bot.client.rest.delete(Routes.channel(threadId));
    await waitForFooter(world, post, 'Liked by 1 person');
    expect(bot.engagement.responses(threadId)).toEqual([]);
    await bot.engagement.flush();
    expect(await world.store.responses.list(threadId)).toHaveLength(1);

    await bot.stop();
    bot = await startBot(world, { footerWindowMs: 300, flushIntervalMs: 50 });
    expect(bot.engagement.countsFor(post.messageId)).toEqual({ likes: 1, responses: 0 });
  });

  it('drops responses removed by a bulk delete', async () => {
    const post = await postReview(world, bot, 'footloose');
    const threadId = post.threadId ?? '';
    const { driver } = world.emulator;
    const first = await driver.sendMessage(member(0).id, threadId, 'Everybody cut');
    const second = await driver.sendMessage(member(1).id, threadId, 'footloose!');
    await driver.sendMessage(member(2).id, threadId, 'Kick off your Sunday shoes');
    await waitForFooter(world, post, '3 Responses');
    await bot.client.rest.post(Routes.channelBulkDelete(threadId), { body: { messages: [first.id, second.id] } });
    await waitForFooter(world, post, '1 Response');
    await bot.engagement.flush();
    expect((await world.store.responses.list(threadId)).map((response) => response.authorId)).toEqual([member(2).id]);
  });
});

describe('a review posted in a forum channel', () => {
  it('counts likes on the starter message and replies in the forum post as responses', async () => {
    const post = await postInForum('ghostbusters');
    const { driver } = world.emulator;
    await driver.react(member(0).id, post.channelId, post.messageId, '👍');
    await driver.sendMessage(member(1).id, post.channelId, 'I ain\u2019t afraid of no ghost');
    await waitForFooter(world, post, 'Liked by 1 person · 1 Response');
    expect(bot.engagement.responses(post.channelId).map((response) => response.authorId)).toEqual([member(1).id]);

    await bot.client.rest.delete(Routes.channel(post.channelId));
    await driver.waitFor(() => bot.engagement.countsFor(post.messageId).likes === 0, 5000, 'the deleted forum post stops counting');
    expect(bot.engagement.countsByGuild(world.guildId).has('ghostbusters')).toBe(false);
    await bot.engagement.flush();
    expect([...(await world.store.likes.users(post.messageId))]).toEqual([member(0).id]);
    expect(footerOf(world, post.channelId, post.messageId)).toBeUndefined();
  });
});
