import { GatewayDispatchEvents, Routes } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf, postReview, startBot, startWorld, waitForFooter, type Bot, type World } from './helpers/world.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let world: World;
let bot: Bot;

const member = (index: number): APIUser => memberOf(world, index);

beforeAll(async () => {
  world = await startWorld(6);
  bot = await startBot(world, { footerWindowMs: 300, flushIntervalMs: 50 });
});

afterAll(() => stopStarted(bot, world));

describe('responses in a review thread', () => {
  it('counts messages by people in the thread, tracks edits and deletions, and their likes', async () => {
    const post = await postReview(world, bot, 'rocky-iv');
    const threadId = post.threadId ?? '';
    const { driver } = world.emulator;

    const first = await driver.sendMessage(member(0).id, threadId, 'Burning Heart still gives me chills.');
    await waitForFooter(world, post, '1 Response');
    const second = await driver.sendMessage(member(1).id, threadId, 'Hearts on Fire > Eye of the Tiger');
    await waitForFooter(world, post, '2 Responses');

    await driver.react(member(2).id, post.channelId, post.messageId, '👍');
    await waitForFooter(world, post, 'Liked by 1 person · 2 Responses');

    await driver.editMessage(member(1).id, threadId, second.id, 'Hearts on Fire > everything');
    await driver.waitFor(
      () => bot.engagement.responses(threadId).some((response) => response.content === 'Hearts on Fire > everything'),
      5000,
      'the edit reaches the view',
    );
    await bot.engagement.flush();
    const stored = await world.store.responses.list(threadId);
    const edited = stored.find((response) => response.messageId === second.id);
    expect(edited?.content).toBe('Hearts on Fire > everything');
    expect(edited?.editedAt).not.toBeNull();
    expect(edited?.authorId).toBe(member(1).id);

    // Reactions with a like emoji on a response are that response's likes.
    await driver.react(member(3).id, threadId, first.id, '👍');
    await driver.react(member(4).id, threadId, first.id, '👍');
    await driver.react(member(4).id, threadId, first.id, '🔥');
    await driver.waitFor(
      () => bot.engagement.responses(threadId).find((response) => response.messageId === first.id)?.likes === 2,
      5000,
      'two likes on the first response',
    );
    const views = bot.engagement.responses(threadId);
    expect(views.map((view) => view.messageId)).toEqual([second.id, first.id]);
    expect(views.map((view) => view.likes)).toEqual([0, 2]);
    await bot.engagement.flush();
    expect([...(await world.store.likes.users(first.id))].sort()).toEqual([member(3).id, member(4).id].sort());
    // Response likes are not the post's likes.
    expect(bot.engagement.countsFor(post.messageId)).toEqual({ likes: 1, responses: 2 });

    await driver.deleteMessage(member(0).id, threadId, first.id);
    await waitForFooter(world, post, 'Liked by 1 person · 1 Response');
    await bot.engagement.flush();
    expect((await world.store.responses.list(threadId)).map((response) => response.messageId)).toEqual([second.id]);
  });

  it('does not count messages by bots, this bot included, nor messages outside tracked threads', async () => {
    const post = await postReview(world, bot, 'top-gun');
    const threadId = post.threadId ?? '';
    const { driver } = world.emulator;
    await bot.client.rest.post(Routes.channelMessages(threadId), { body: { content: 'Thread opened.', allowed_mentions: { parse: [] } } });
    await driver.sendMessage(world.otherBot.id, threadId, '⭐ starred');
    await driver.sendMessage(member(2).id, post.channelId, 'chatting in the channel, not the thread');
    await driver.sendMessage(member(3).id, threadId, 'Danger Zone forever');
    await waitForFooter(world, post, '1 Response');
    expect(bot.engagement.responses(threadId).map((response) => response.authorId)).toEqual([member(3).id]);
  });

  it('counts the same message dispatched twice once, and its deletion dispatched twice once', async () => {
    const post = await postReview(world, bot, 'flashdance');
    const threadId = post.threadId ?? '';
    const { driver } = world.emulator;
    const message = await driver.sendMessage(member(4).id, threadId, 'What a feeling');
    const created = { ...message, guild_id: world.guildId };
    await driver.pushDispatches([
      { t: GatewayDispatchEvents.MessageCreate, d: created },
      { t: GatewayDispatchEvents.MessageCreate, d: created },
    ]);
    await driver.sendMessage(member(5).id, threadId, 'Maniac!');
    await waitForFooter(world, post, '2 Responses');

    const deletion = { id: message.id, channel_id: threadId, guild_id: world.guildId };
    await driver.pushDispatches([
      { t: GatewayDispatchEvents.MessageDelete, d: deletion },
      { t: GatewayDispatchEvents.MessageDelete, d: deletion },
    ]);
    await waitForFooter(world, post, '1 Response');
    await bot.engagement.flush();
    expect((await world.store.responses.list(threadId)).map((response) => response.authorId)).toEqual([member(5).id]);
  });

  it('keeps responses and their likes across a restart', async () => {
    const post = await postReview(world, bot, 'ghostbusters');
    const threadId = post.threadId ?? '';
    const { driver } = world.emulator;
    const response = await driver.sendMessage(member(0).id, threadId, 'Who you gonna call?');
    await driver.react(member(1).id, threadId, response.id, '👍');
    await driver.waitFor(() => bot.engagement.responses(threadId)[0]?.likes === 1, 5000, 'the response is liked');

    await bot.stop();
    bot = await startBot(world, { footerWindowMs: 300, flushIntervalMs: 50 });
    expect(bot.engagement.responses(threadId).map((view) => [view.content, view.likes])).toEqual([['Who you gonna call?', 1]]);

    // Edits, likes and deletions of messages the new client never cached still count.
    await driver.editMessage(member(0).id, threadId, response.id, 'Ghostbusters!');
    await driver.react(member(2).id, threadId, response.id, '👍');
    await driver.waitFor(
      () => bot.engagement.responses(threadId)[0]?.content === 'Ghostbusters!' && bot.engagement.responses(threadId)[0]?.likes === 2,
      5000,
      'the edit and the like reach the view',
    );
    await driver.deleteMessage(member(0).id, threadId, response.id);
    await driver.waitFor(() => bot.engagement.responses(threadId).length === 0, 5000, 'the deletion reaches the view');
    expect(bot.engagement.countsFor(post.messageId).responses).toBe(0);
  });
});
