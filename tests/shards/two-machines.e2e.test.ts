import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFooter } from '../../src/domain/footer.js';
import { rockySlug } from '../e2e/helpers/bot-process.js';
import { shardOf } from './helpers/guild-on-shard.js';
import { requirePostgres, responsesOf, startShardedBot, startShardWorld, type ShardedBot, type ShardGuild, type ShardWorld } from './helpers/sharded-bot.js';

/**
 * Two machines, each a manager with its range of the shards (LINER_NOTES_TOTAL_SHARDS=2, LINER_NOTES_SHARD_LIST=0 on
 * one and 1 on the other), sharing one PostgreSQL store: between them every guild is served, each by one process.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL?.trim() ?? '';

describe('two machines, one shard each, one PostgreSQL store', () => {
  let world: ShardWorld;
  const machines: ShardedBot[] = [];
  const started: { world?: ShardWorld } = {};

  beforeAll(async () => {
    world = started.world = await startShardWorld({ postgresUrl: requirePostgres(postgresUrl), shardCount: 2, guildsPerShard: 1, members: 2 });
    for (const list of ['0', '1']) {
      machines.push(await startShardedBot(world, { LINER_NOTES_SHARDS: '', LINER_NOTES_TOTAL_SHARDS: '2', LINER_NOTES_SHARD_LIST: list }));
    }
  }, 180_000);

  afterAll(async () => {
    for (const machine of machines) await machine.stop();
    await started.world?.stop();
  }, 60_000);

  it('serves each guild from the machine that runs its shard, and counts its likes and responses', async () => {
    const { driver } = world.emulator;
    // Each manager started only its own shard, of two in all.
    for (const [index, machine] of machines.entries()) {
      const starting = machine.logs().find((line) => line.msg === 'starting shards');
      expect(starting).toMatchObject({ total: 2, shards: [index] });
      expect(
        machine
          .logs()
          .filter((line) => line.msg === 'shard spawned')
          .map((line) => line.shard),
      ).toEqual([index]);
    }
    const posts: { guild: ShardGuild; messageId: string; threadId: string }[] = [];
    for (const guild of world.guilds) {
      const reply = await (
        await driver.runCommand({
          userId: world.owner.id,
          guildId: guild.id,
          channelId: guild.channelId,
          name: 'review',
          subcommand: 'post',
          options: { review: rockySlug },
        })
      ).reply(20_000);
      expect(reply.content).toMatch(/^Posted/);
      const post = driver.messages(guild.channelId).find((message) => message.embeds.length > 0 && !message.interaction_metadata);
      if (!post) throw new Error(`no post in guild ${guild.id}`);
      posts.push({ guild, messageId: post.id, threadId: post.id });
    }
    for (const [index, post] of posts.entries()) {
      for (const member of world.members.slice(0, index + 1)) await driver.react(member.id, post.guild.channelId, post.messageId, '👍');
      await driver.sendMessage(world.members[0]?.id ?? '', post.threadId, `a response in ${post.guild.id}`);
    }
    const footerOf = (post: (typeof posts)[number]): string | null => driver.message(post.guild.channelId, post.messageId)?.embeds.at(-1)?.footer?.text ?? null;
    const truth = (post: (typeof posts)[number]): string | null =>
      formatFooter({
        likes: driver.reactionUsers(post.guild.channelId, post.messageId, '👍').filter((id) => id !== world.emulator.application.botUserId).length,
        responses: responsesOf(world, post.threadId).length,
      });
    await driver.waitFor(() => posts.every((post) => footerOf(post) === truth(post)), 30_000, 'each footer to show its guild’s counts');
    expect(posts.map(footerOf)).toEqual(['Liked by 1 person · 1 Response', 'Liked by 2 people · 1 Response']);

    // One session per shard, each with the guilds of its shard only.
    const sessions = driver.gatewaySessions();
    expect(sessions.map((session) => session.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const session of sessions) {
      expect(session.guildIds.sort()).toEqual(world.allGuildIds.filter((id) => shardOf(id, 2) === session.shard[0]).sort());
    }
  }, 120_000);
});
