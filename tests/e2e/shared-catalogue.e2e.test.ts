import { ChannelType, InteractionResponseType } from 'discord-api-types/v10';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deployCommands } from '../../src/deploy.js';
import { loadCommands } from '../../src/discord/load-commands.js';
import { buttonId } from '../bot/harness.js';
import { reportMissingServers } from '../store/helpers/store-cases.js';
import { startBotProcess, startProcessWorld, type BotProcess, type ProcessWorld } from './helpers/bot-process.js';
import { freshServerStores, type FreshServerStore } from './helpers/fresh-server-store.js';

// Each case builds the bot, starts two processes and a fresh database; a busy machine must not fail them.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

/**
 * The bound docs/running-at-scale.md states: a change shows in every other process within one poll of the version
 * token (2 s) plus one reload of the summaries. The wait allows for a busy test machine on top of it.
 */
const propagationWaitMs = 10_000;

const shardOf = (guildId: string): number => Number((BigInt(guildId) >> 22n) % 2n);

const love = {
  title: 'Great Albums of 1985: Love',
  year: '1985',
  text: 'The Cult found their sound on Love.',
  tracks: '1. The Cult – Nirvana\n2. The Cult – She Sells Sanctuary',
  nextPost: '',
};
const loveSlug = 'great-albums-of-1985-love';

interface Guild {
  id: string;
  /** Guilds created to find one in the other shard, this one among them. */
  created: number;
  channelId: string;
  memberId: string;
}

/**
 * A second guild in the other shard of two (Gateway › Sharding: shard_id = (guild_id >> 22) % num_shards), with a
 * member, a text channel and the commands. Guild ids are snowflakes of their creation time, so a guild created a
 * millisecond later may land in the other shard.
 */
async function guildInOtherShard(world: ProcessWorld): Promise<Guild> {
  const { driver } = world.emulator;
  const wanted = 1 - shardOf(world.guildId);
  let guild = driver.createGuild({ name: 'Album Club', ownerId: world.owner.id });
  let created = 1;
  while (shardOf(guild.id) !== wanted) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    guild = driver.createGuild({ name: 'Album Club', ownerId: world.owner.id });
    created++;
  }
  const member = driver.createUser({ username: 'albumfan', globalName: 'Album Fan' });
  driver.addMember(guild.id, member.id);
  const channel = driver.createChannel(guild.id, { name: 'reviews', type: ChannelType.GuildText });
  await deployCommands({
    token: world.emulator.application.token,
    clientId: world.emulator.application.id,
    guildId: guild.id,
    apiUrl: world.emulator.restUrl,
    definitions: (await loadCommands()).map((m) => m.definition),
  });
  return { id: guild.id, created, channelId: channel.id, memberId: member.id };
}

/** The slugs `/tracks review:<typed>` offers a member of `guild`, as Discord shows the bot's autocomplete answer. */
async function offered(world: ProcessWorld, guild: Guild, typed: string): Promise<string[]> {
  const choices = await world.emulator.driver.autocomplete({
    userId: guild.memberId,
    guildId: guild.id,
    channelId: guild.channelId,
    name: 'tracks',
    options: { review: typed },
    focused: 'review',
  });
  return choices.map((choice) => String(choice.value));
}

interface ModalData {
  custom_id: string;
}

reportMissingServers('the shared catalogue across bot processes');

/**
 * Two bot processes on one server store, each one shard of the same application: SHARDS and SHARD_COUNT are what
 * discord.js's Client reads to identify (ShardingManager sets them in each shard process), so the gateway sends each
 * process only its own guild's events and interactions. They run without a manager (no SHARDING_MANAGER, whose IPC
 * channel a plain child process lacks), which leaves only the manager's pacing out: the catalogue is what is under
 * test. An admin adds and deletes a review through the process of the first guild; a member of the second guild,
 * served only by the other process, sees the change in autocomplete. Nothing links the two processes but the store.
 */
describe.each(freshServerStores())('the catalogue shared through $name', ({ create }) => {
  let world: ProcessWorld | undefined;
  let fresh: FreshServerStore | undefined;
  const bots: BotProcess[] = [];
  let otherDir: string | undefined;

  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    await world?.stop();
    if (otherDir) await rm(otherDir, { recursive: true, force: true });
    await fresh?.dispose();
  });

  it("shows a review added through one process in the other's autocomplete, and its deletion too", async () => {
    fresh = await create();
    world = await startProcessWorld({ members: 1 });
    const { driver } = world.emulator;
    const other = await guildInOtherShard(world);
    otherDir = await mkdtemp(join(tmpdir(), 'liner-notes-process-'));
    const env = (guildId: string): Record<string, string> => ({ STORE_URL: fresh?.url ?? '', SHARDS: `[${shardOf(guildId)}]`, SHARD_COUNT: '2' });
    const [first, second] = await Promise.all([
      startBotProcess(world, { env: env(world.guildId) }),
      startBotProcess({ ...world, dir: otherDir }, { env: env(other.id) }),
    ]);
    bots.push(first, second);
    // Each process is one shard: the gateway split the guilds between them, none to both.
    const guildsOf = (bot: BotProcess): number => Number(bot.logs().find((line) => line.msg === 'bot ready')?.guilds);
    expect(guildsOf(first) + guildsOf(second)).toBe(1 + other.created);
    expect(Math.min(guildsOf(first), guildsOf(second))).toBeGreaterThan(0);
    await second.waitForLog('shared catalogue loaded');
    expect(await offered(world, other, 'Love')).toEqual([]);

    // The admin of the first guild writes and publishes the review through the first process.
    const ask = await driver.runCommand({ userId: world.owner.id, guildId: world.guildId, channelId: world.channelId, name: 'review', subcommand: 'new' });
    const modal = await ask.response();
    expect(modal.type).toBe(InteractionResponseType.Modal);
    const customId = (modal.data as ModalData).custom_id;
    const preview = await (
      await driver.submitModal({ userId: world.owner.id, guildId: world.guildId, channelId: world.channelId, customId, fields: love })
    ).reply();
    const published = await driver.clickButton({
      userId: world.owner.id,
      channelId: world.channelId,
      messageId: preview.id,
      customId: buttonId(preview, 'Publish'),
    });
    await published.response();
    await driver.waitFor(
      () => driver.messages(world?.channelId ?? '').some((m) => !m.interaction_metadata && m.embeds[0]?.title === love.title),
      15_000,
      'the published post',
    );

    await vi.waitFor(async () => expect(await offered(world as ProcessWorld, other, 'Love')).toEqual([loveSlug]), {
      timeout: propagationWaitMs,
      interval: 250,
    });
    // The second process serves the whole review too, read from the store.
    const tracks = await (
      await driver.runCommand({ userId: other.memberId, guildId: other.id, channelId: other.channelId, name: 'tracks', options: { review: loveSlug } })
    ).reply();
    expect(JSON.stringify(tracks.embeds)).toContain('She Sells Sanctuary');

    const deleting = await (
      await driver.runCommand({
        userId: world.owner.id,
        guildId: world.guildId,
        channelId: world.channelId,
        name: 'review',
        subcommand: 'delete',
        options: { review: loveSlug },
      })
    ).reply();
    await (
      await driver.clickButton({ userId: world.owner.id, channelId: world.channelId, messageId: deleting.id, customId: buttonId(deleting, 'Delete') })
    ).response();
    await vi.waitFor(async () => expect(await offered(world as ProcessWorld, other, 'Love')).toEqual([]), { timeout: propagationWaitMs, interval: 250 });

    // Neither process logged an error on the way.
    for (const bot of bots) expect(bot.logs().filter((line) => line.level >= 50)).toEqual([]);
  });
});
