import { InteractionResponseType } from 'discord-api-types/v10';
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFooter } from '../../src/domain/footer.js';
import { buttonId } from '../bot/harness.js';
import { rockySlug } from '../e2e/helpers/bot-process.js';
import { shardOf } from './helpers/guild-on-shard.js';
import {
  requirePostgres,
  responsesOf,
  startShardedBot,
  startShardWorld,
  storedView,
  type ShardedBot,
  type ShardGuild,
  type ShardWorld,
} from './helpers/sharded-bot.js';

/**
 * The bot as Discord's bigger bots run: LINER_NOTES_SHARDS=auto makes `npm start`'s process a discord.js
 * ShardingManager with one process per shard (two, as the local Discord recommends), four guilds, two on each
 * shard, one PostgreSQL store shared by both processes.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL?.trim() ?? '';

interface Post {
  guild: ShardGuild;
  messageId: string;
  threadId: string;
}

describe('two shards, four guilds, one PostgreSQL store', () => {
  let world: ShardWorld;
  let bot: ShardedBot;
  /** What beforeAll got to start, for afterAll to stop even when it failed halfway. */
  const started: { world?: ShardWorld; bot?: ShardedBot } = {};
  const posts: Post[] = [];

  beforeAll(async () => {
    world = started.world = await startShardWorld({ postgresUrl: requirePostgres(postgresUrl), shardCount: 2, guildsPerShard: 2, members: 3 });
    bot = started.bot = await startShardedBot(world);
  }, 150_000);

  afterAll(async () => {
    await started.bot?.stop();
    await started.world?.stop();
  }, 60_000);

  const member = (index: number): string => {
    const found = world.members[index];
    if (!found) throw new Error(`no member ${index}`);
    return found.id;
  };

  async function run(guild: ShardGuild, name: string, options: { subcommand?: string; options?: Record<string, string> } = {}) {
    return world.emulator.driver.runCommand({ userId: world.owner.id, guildId: guild.id, channelId: guild.channelId, name, ...options });
  }

  async function publish(guild: ShardGuild, slug: string): Promise<Post> {
    const { driver } = world.emulator;
    const before = new Set(driver.messages(guild.channelId).map((message) => message.id));
    const reply = await (await run(guild, 'review', { subcommand: 'post', options: { review: slug } })).reply(20_000);
    expect(reply.content).toMatch(/^Posted/);
    const post = driver.messages(guild.channelId).find((message) => !before.has(message.id) && message.embeds.length > 0 && !message.interaction_metadata);
    const thread = post ? driver.threads(guild.channelId).find((t) => t.id === post.id) : undefined;
    if (!post || !thread) throw new Error(`no post or thread in guild ${guild.id}`);
    return { guild, messageId: post.id, threadId: thread.id };
  }

  const footerOf = (post: Post): string | null => world.emulator.driver.message(post.guild.channelId, post.messageId)?.embeds.at(-1)?.footer?.text ?? null;
  const likersOf = (post: Post): string[] =>
    world.emulator.driver
      .reactionUsers(post.guild.channelId, post.messageId, '👍')
      .filter((id) => id !== world.emulator.application.botUserId)
      .sort();
  const trueFooter = (post: Post): string | null => formatFooter({ likes: likersOf(post).length, responses: responsesOf(world, post.threadId).length });

  /** Footers show Discord's truth and the shared store holds exactly it, for each post. */
  async function expectExact(list: readonly Post[], timeoutMs = 30_000): Promise<void> {
    const summary = (message: APIMessage): string => `${message.id} ${message.content}`;
    await world.emulator.driver.waitFor(() => list.every((post) => footerOf(post) === trueFooter(post)), timeoutMs, 'every footer to show Discord’s counts');
    const deadline = Date.now() + timeoutMs;
    for (const post of list) {
      for (;;) {
        const stored = await storedView(world, post.messageId, post.threadId);
        const view = { likers: stored.likers, responses: stored.responses.map((r) => `${r.messageId} ${r.content}`) };
        const truth = { likers: likersOf(post), responses: responsesOf(world, post.threadId).map(summary) };
        if (JSON.stringify(view) === JSON.stringify(truth)) break;
        if (Date.now() > deadline) expect(view, `the store of the post in guild ${post.guild.id}`).toEqual(truth);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  it("gives each guild's commands, likes and responses to the shard of that guild, and counts them exactly", async () => {
    const { driver } = world.emulator;
    for (const guild of world.guilds) posts.push(await publish(guild, rockySlug));
    for (const [index, post] of posts.entries()) {
      // Each guild gets its own number of likes and responses, so a count landing in the wrong guild shows.
      for (let m = 0; m <= index % 3; m++) await driver.react(member(m), post.guild.channelId, post.messageId, '👍');
      for (let r = 0; r < index + 1; r++) await driver.sendMessage(member(r % 3), post.threadId, `response ${r} in ${post.guild.id}`);
    }
    await expectExact(posts);
    expect(posts.map(footerOf)).toEqual([
      'Liked by 1 person · 1 Response',
      'Liked by 2 people · 2 Responses',
      'Liked by 3 people · 3 Responses',
      'Liked by 1 person · 4 Responses',
    ]);

    // /top answers in every guild from that guild's own counts.
    for (const [index, post] of posts.entries()) {
      const top = await (await run(post.guild, 'top')).reply(20_000);
      expect(JSON.stringify(top), `/top in guild ${index + 1}`).toContain('Rocky IV');
    }

    // The local Discord delivered each guild's events to the session of its shard only, and each shard process
    // identified as [id, 2].
    const sessions = driver.gatewaySessions();
    expect(sessions.map((session) => session.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const guildsOf = (shard: number): string[] => world.allGuildIds.filter((id) => shardOf(id, 2) === shard).sort();
    for (const session of sessions) expect(session.guildIds.sort(), `guilds of shard ${session.shard[0]}`).toEqual(guildsOf(session.shard[0]));
    // Two shard processes, each its own pid, each logged ready with the guilds of its shard only.
    expect(bot.shardPid(0)).not.toBe(bot.shardPid(1));
    expect(
      bot
        .logs()
        .filter((line) => line.msg === 'bot ready')
        .map((line) => line.guilds)
        .sort(),
    ).toEqual([guildsOf(0).length, guildsOf(1).length].sort());
  }, 120_000);

  it('finds a review published through one shard from a guild of the other, through the shared catalogue', async () => {
    const { driver } = world.emulator;
    const [onShard0] = world.guilds.filter((guild) => guild.shard === 0);
    const [onShard1] = world.guilds.filter((guild) => guild.shard === 1);
    if (!onShard0 || !onShard1) throw new Error('a shard without guilds');
    const opened = await (await run(onShard0, 'review', { subcommand: 'new' })).response(20_000);
    expect(opened.type).toBe(InteractionResponseType.Modal);
    const modal = opened.data as { custom_id: string };
    const fields = {
      title: 'Great Albums of 1985: Love',
      year: '',
      text: 'The Cult found their sound on Love.',
      tracks: '1. The Cult – Nirvana\n2. The Cult – She Sells Sanctuary',
      nextPost: '',
    };
    const preview = await (
      await driver.submitModal({ userId: world.owner.id, guildId: onShard0.id, channelId: onShard0.channelId, customId: modal.custom_id, fields })
    ).reply(20_000);
    await (
      await driver.clickButton({ userId: world.owner.id, channelId: onShard0.channelId, messageId: preview.id, customId: buttonId(preview, 'Publish') })
    ).response(20_000);

    // The other shard's process sees it at its next poll of the shared catalogue.
    const slug = 'great-albums-of-1985-love';
    let choices: { value: unknown }[] = [];
    const deadline = Date.now() + 20_000;
    while (!choices.some((choice) => choice.value === slug) && Date.now() < deadline) {
      choices = await driver.autocomplete({
        userId: world.owner.id,
        guildId: onShard1.id,
        channelId: onShard1.channelId,
        name: 'review',
        subcommand: 'post',
        options: { review: 'love' },
        focused: 'review',
      });
      if (!choices.some((choice) => choice.value === slug)) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(choices.map((choice) => choice.value)).toContain(slug);
  }, 90_000);

  it('respawns a killed shard process, keeps the other shard answering meanwhile, and makes its guilds exact again by reconciliation', async () => {
    const { driver } = world.emulator;
    const down = posts.filter((post) => post.guild.shard === 1);
    const up = posts.filter((post) => post.guild.shard === 0);
    const killedPid = bot.shardPid(1);
    const from = bot.logs().length;
    process.kill(killedPid, 'SIGKILL');
    await bot.waitForLog((line) => line.msg === 'shard process exited; respawning it' && line.shard === 1, 'the manager noticing shard 1 died', 20_000, from);

    // Until shard 1 is back and ready (its respawn waits at least half a second), the bot's health says which shard is missing.
    const health = await fetch(`${bot.healthUrl}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.text()).toMatch(/^shard 1 is (not running|starting)/);
    // People keep reacting and replying in shard 1's guilds: the gateway has no session to tell.
    for (const post of down) {
      await driver.react(member(2), post.guild.channelId, post.messageId, '👍');
      await driver.unreact(member(0), post.guild.channelId, post.messageId, '👍');
      await driver.sendMessage(member(1), post.threadId, `while shard 1 was down, in ${post.guild.id}`);
    }
    // Shard 0 keeps counting its own guilds.
    for (const post of up) await driver.sendMessage(member(2), post.threadId, `shard 0 still counts in ${post.guild.id}`);
    await expectExact(up);

    // The manager spawns shard 1 again; its new session's reconciliation reads what it missed.
    const respawned = await bot.waitForLog((line) => line.msg === 'shard ready' && line.shard === 1, 'shard 1 ready again', 60_000, from);
    expect(respawned).toBeDefined();
    expect(bot.shardPid(1)).not.toBe(killedPid);
    await expectExact([...down, ...up], 45_000);
    expect(down.map(footerOf)).toEqual(down.map(trueFooter));

    // Health is whole again, and /metrics shows both shards and the respawn.
    let healthy = await fetch(`${bot.healthUrl}/healthz`);
    const healthDeadline = Date.now() + 20_000;
    while (healthy.status !== 200 && Date.now() < healthDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      healthy = await fetch(`${bot.healthUrl}/healthz`);
    }
    expect(await healthy.text()).toBe('ok\n');
    const metrics = await (await fetch(`${bot.healthUrl}/metrics`)).text();
    expect(metrics).toMatch(/^liner_notes_gateway_connected\{shard="0"\} 1$/m);
    expect(metrics).toMatch(/^liner_notes_gateway_connected\{shard="1"\} 1$/m);
    expect(metrics).toMatch(/^liner_notes_shard_respawns_total\{shard="1"\} 1$/m);
    expect(metrics).toMatch(/^liner_notes_shards_ready 2$/m);
    expect(metrics.match(/^# TYPE liner_notes_gateway_connected /gm)).toHaveLength(1);
  }, 150_000);

  it('stops every shard process when the manager itself dies, so a restarted manager never runs beside orphans', async () => {
    const pids = [bot.shardPid(0), bot.shardPid(1)];
    const exit = await bot.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const running = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await world.emulator.driver.waitFor(() => pids.every((pid) => !running(pid)), 20_000, 'both shard processes to exit');
    // Each wrote what it held on the way out: the store is still exact.
    await expectExact(posts);
  }, 60_000);
});
