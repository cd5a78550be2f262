import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { REST } from '@discordjs/rest';
import { ChannelType, Client, GatewayIntentBits } from 'discord.js';
import { GatewayOpcodes, Routes } from 'discord-api-types/v10';
import type { APIGatewayBotInfo, APIGuild, APIUser } from 'discord-api-types/v10';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { createGuildOnShard, shardOf } from '../shards/helpers/guild-on-shard.js';

interface Frame {
  op: GatewayOpcodes;
  d: unknown;
  s: number | null;
  t: string | null;
}

/** A bare gateway client that identifies with a given `shard` and records frames and the close code. */
class RawSession {
  readonly frames: Frame[] = [];
  readonly socket: WebSocket;
  readonly closed: Promise<number>;
  private readonly opened: Promise<void>;

  constructor(url: string) {
    this.socket = new WebSocket(`${url}?v=10&encoding=json`);
    this.opened = new Promise((resolve) => this.socket.once('open', () => resolve()));
    this.closed = new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
    this.socket.on('message', (data: Buffer) => this.frames.push(JSON.parse(data.toString()) as Frame));
  }

  async identify(token: string, shard?: unknown): Promise<void> {
    await this.opened;
    const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.GuildMessageReactions | GatewayIntentBits.MessageContent;
    this.socket.send(
      JSON.stringify({
        op: GatewayOpcodes.Identify,
        d: { token, intents, properties: { os: 'linux', browser: 't', device: 't' }, ...(shard === undefined ? {} : { shard }) },
      }),
    );
  }

  async waitFor(predicate: (frames: Frame[]) => boolean, what: string): Promise<void> {
    const started = Date.now();
    while (!predicate(this.frames)) {
      if (Date.now() - started > 3000) throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames.map((f) => [f.op, f.t]))}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** The guild ids of the dispatches of type `t` this session received. */
  guildsOf(t: string): string[] {
    return this.frames.filter((f) => f.op === GatewayOpcodes.Dispatch && f.t === t).map((f) => guildIdIn(f.d, t));
  }
}

function guildIdIn(d: unknown, t: string): string {
  if (typeof d !== 'object' || d === null) return '';
  if ('guild_id' in d && typeof d.guild_id === 'string') return d.guild_id;
  if (t === 'GUILD_CREATE' && 'id' in d && typeof d.id === 'string') return d.id;
  return '';
}

describe('emulator: sharding as Discord does it (Topics › Gateway › Sharding)', () => {
  let emulator: Emulator | undefined;
  const sessions: RawSession[] = [];
  const clients: Client[] = [];

  afterEach(async () => {
    for (const session of sessions.splice(0)) session.socket.terminate();
    for (const client of clients.splice(0)) await client.destroy();
    await emulator?.stop();
    emulator = undefined;
  });

  async function start(options: EmulatorOptions = {}): Promise<{ emulator: Emulator; owner: APIUser }> {
    emulator = await startEmulator({ rateLimits: false, heartbeatIntervalMs: 1000, ...options });
    const owner = emulator.driver.createUser({ username: 'owner' });
    return { emulator, owner };
  }

  function session(url: string): RawSession {
    const created = new RawSession(url);
    sessions.push(created);
    return created;
  }

  async function gatewayBot(running: Emulator): Promise<APIGatewayBotInfo> {
    const rest = new REST({ api: running.restUrl }).setToken(running.application.token);
    return (await rest.get(Routes.gatewayBot())) as APIGatewayBotInfo;
  }

  it('GET /gateway/bot recommends one shard and a max_concurrency of 1 unless told otherwise', async () => {
    const { emulator: running } = await start();
    const info = await gatewayBot(running);
    expect(info.shards).toBe(1);
    expect(info.session_start_limit.max_concurrency).toBe(1);
    expect(info.url).toBe(running.gatewayUrl);
  });

  it('GET /gateway/bot reports the configured shard count and max_concurrency, and never fewer shards than the guild limit needs', async () => {
    const configured = await start({ sharding: { recommendedShards: 4, maxConcurrency: 16 } });
    const info = await gatewayBot(configured.emulator);
    expect(info.shards).toBe(4);
    expect(info.session_start_limit.max_concurrency).toBe(16);
    await configured.emulator.stop();

    const limited = await start({ sharding: { maxGuildsPerShard: 1 } });
    createGuildOnShard(limited.emulator.driver, { name: 'even', ownerId: limited.owner.id }, 0, 2);
    createGuildOnShard(limited.emulator.driver, { name: 'odd', ownerId: limited.owner.id }, 1, 2);
    // Two guilds, one a shard: a single session would hold both, so at least two shards are recommended.
    expect((await gatewayBot(limited.emulator)).shards).toBeGreaterThanOrEqual(2);
  });

  it("sends each guild's READY entry, GUILD_CREATE and events only to the session of its shard, and events without a guild to shard 0", async () => {
    const { emulator: running, owner } = await start();
    const { driver } = running;
    // Every guild made, including any that landed on the other shard than asked (see createGuildOnShard).
    const all: APIGuild[] = [];
    const guilds: APIGuild[] = [0, 1, 0, 1].map((shard, index) => createGuildOnShard(driver, { name: `guild ${index}`, ownerId: owner.id }, shard, 2, all));
    const channels = guilds.map((guild) => driver.createChannel(guild.id, { name: 'reviews', type: ChannelType.GuildText }));
    const shard0 = session(running.gatewayUrl);
    const shard1 = session(running.gatewayUrl);
    await shard0.identify(running.application.token, [0, 2]);
    await shard1.identify(running.application.token, [1, 2]);
    const onShard = (shard: number): string[] =>
      all
        .filter((guild) => shardOf(guild.id, 2) === shard)
        .map((guild) => guild.id)
        .sort();
    const messagesOnShard = (shard: number): string[] =>
      guilds
        .filter((guild) => shardOf(guild.id, 2) === shard)
        .map((guild) => guild.id)
        .sort();
    await shard0.waitFor((frames) => frames.filter((f) => f.t === 'GUILD_CREATE').length === onShard(0).length, 'shard 0 guilds');
    await shard1.waitFor((frames) => frames.filter((f) => f.t === 'GUILD_CREATE').length === onShard(1).length, 'shard 1 guilds');

    const ready = (raw: RawSession): { shard?: unknown; guilds: { id: string }[] } =>
      raw.frames.find((f) => f.t === 'READY')?.d as { shard?: unknown; guilds: { id: string }[] };
    expect(ready(shard0).shard).toEqual([0, 2]);
    expect(
      ready(shard0)
        .guilds.map((guild) => guild.id)
        .sort(),
    ).toEqual(onShard(0));
    expect(
      ready(shard1)
        .guilds.map((guild) => guild.id)
        .sort(),
    ).toEqual(onShard(1));
    expect(shard0.guildsOf('GUILD_CREATE').sort()).toEqual(onShard(0));
    expect(shard1.guildsOf('GUILD_CREATE').sort()).toEqual(onShard(1));

    // A member writes in each guild: each message reaches its guild's shard only.
    for (const channel of channels) await driver.sendMessage(owner.id, channel.id, `hello ${channel.id}`);
    await shard0.waitFor((frames) => frames.filter((f) => f.t === 'MESSAGE_CREATE').length === 2, 'shard 0 messages');
    await shard1.waitFor((frames) => frames.filter((f) => f.t === 'MESSAGE_CREATE').length === 2, 'shard 1 messages');
    expect(shard0.guildsOf('MESSAGE_CREATE').sort()).toEqual(messagesOnShard(0));
    expect(shard1.guildsOf('MESSAGE_CREATE').sort()).toEqual(messagesOnShard(1));

    // Raw pushes follow the same routing; an event without a guild_id (a DM) goes to shard 0 only.
    const [first, second] = guilds;
    if (!first || !second) throw new Error('no guilds');
    const reaction = (guildId: string): { t: string; d: unknown } => ({
      t: 'MESSAGE_REACTION_ADD',
      d: { user_id: owner.id, channel_id: '1', message_id: '2', guild_id: guildId, emoji: { id: null, name: '👍' }, type: 0, burst: false },
    });
    const direct = {
      t: 'MESSAGE_CREATE',
      d: {
        id: '3',
        channel_id: '4',
        author: owner,
        content: 'a DM',
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [],
        embeds: [],
        pinned: false,
        type: 0,
      },
    };
    // GUILD_UPDATE carries the guild itself (its `id`), which routes it like guild_id does.
    const renamed = { t: 'GUILD_UPDATE', d: { id: second.id, name: 'renamed' } };
    await driver.pushDispatches(driver.prepareDispatches([reaction(first.id), reaction(second.id), direct, renamed, reaction(first.id)]));
    await shard0.waitFor((frames) => frames.filter((f) => f.t === 'MESSAGE_CREATE').length === 3, 'the DM on shard 0');
    await shard1.waitFor((frames) => frames.some((f) => f.t === 'MESSAGE_REACTION_ADD'), 'shard 1 reaction');
    expect(shard0.guildsOf('MESSAGE_REACTION_ADD')).toEqual([first.id, first.id]);
    expect(shard1.guildsOf('MESSAGE_REACTION_ADD')).toEqual([second.id]);
    expect(shard1.guildsOf('MESSAGE_CREATE')).not.toContain('');
    await shard1.waitFor((frames) => frames.some((f) => f.t === 'GUILD_UPDATE'), 'GUILD_UPDATE on shard 1');
    expect(shard0.frames.some((f) => f.t === 'GUILD_UPDATE')).toBe(false);
    // Sequence numbers stay consecutive for each session although each got only part of the push.
    for (const raw of [shard0, shard1]) {
      const seqs = raw.frames.filter((f) => f.op === GatewayOpcodes.Dispatch).map((f) => f.s);
      expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    }

    // The driver says which session received which guild's events.
    const views = driver.gatewaySessions();
    expect(views.map((view) => view.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(views[0]?.guildIds.sort()).toEqual(onShard(0));
    expect(views[1]?.guildIds.sort()).toEqual(onShard(1));
    expect(views.every((view) => view.connected)).toBe(true);
  });

  it('closes IDENTIFY with 4010 Invalid shard for a shard that does not exist', async () => {
    const { emulator: running } = await start();
    for (const shard of [
      [2, 2],
      [-1, 2],
      [0, 0],
      [1.5, 2],
      [0, 2, 1],
      ['0', '2'],
    ]) {
      const raw = session(running.gatewayUrl);
      await raw.identify(running.application.token, shard);
      expect(await raw.closed, JSON.stringify(shard)).toBe(4010);
    }
  });

  it('closes IDENTIFY with 4011 Sharding required when one session would hold more guilds than a shard may', async () => {
    const { emulator: running, owner } = await start({ sharding: { maxGuildsPerShard: 2 } });
    const all: APIGuild[] = [];
    for (const [index, shard] of [0, 1, 0].entries()) createGuildOnShard(running.driver, { name: `guild ${index}`, ownerId: owner.id }, shard, 2, all);
    // Three guilds or more: one session would hold them all.
    const unsharded = session(running.gatewayUrl);
    await unsharded.identify(running.application.token);
    expect(await unsharded.closed).toBe(4011);

    // Split in two, each shard holds at most two (unless a guild landed on another shard than asked: then that shard
    // is the one refused).
    for (const shard of [0, 1]) {
      const held = all.filter((guild) => shardOf(guild.id, 2) === shard).length;
      const raw = session(running.gatewayUrl);
      await raw.identify(running.application.token, [shard, 2]);
      if (held > 2) expect(await raw.closed).toBe(4011);
      else await raw.waitFor((frames) => frames.some((f) => f.t === 'READY'), `READY of shard ${shard}`);
    }
  });

  it('answers INVALID_SESSION to an IDENTIFY beyond max_concurrency in its 5-second window, per rate-limit key', async () => {
    const { emulator: running } = await start({ sharding: { maxConcurrency: 2, enforceMaxConcurrency: true } });
    const token = running.application.token;
    const zero = session(running.gatewayUrl);
    const one = session(running.gatewayUrl);
    const two = session(running.gatewayUrl);
    // Keys 0 % 2 and 1 % 2 differ: both start at once.
    await zero.identify(token, [0, 4]);
    await one.identify(token, [1, 4]);
    await zero.waitFor((frames) => frames.some((f) => f.t === 'READY'), 'READY of shard 0');
    await one.waitFor((frames) => frames.some((f) => f.t === 'READY'), 'READY of shard 1');
    // Shard 2 has key 0, which shard 0 used just now.
    await two.identify(token, [2, 4]);
    await two.waitFor((frames) => frames.some((f) => f.op === GatewayOpcodes.InvalidSession), 'INVALID_SESSION');
    expect(two.frames.find((f) => f.op === GatewayOpcodes.InvalidSession)?.d).toBe(false);
    expect(two.frames.some((f) => f.t === 'READY')).toBe(false);
  });

  it('serves a discord.js client that runs both shards of two in one process, each guild on its own shard', async () => {
    const { emulator: running, owner } = await start({ sharding: { recommendedShards: 2, maxConcurrency: 2 } });
    const guilds: APIGuild[] = [];
    for (const shard of [0, 1]) createGuildOnShard(running.driver, { name: `guild ${shard}`, ownerId: owner.id }, shard, 2, guilds);
    const client = new Client({ intents: [GatewayIntentBits.Guilds], shards: 'auto', rest: { api: running.restUrl } });
    clients.push(client);
    const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
    await client.login(running.application.token);
    await ready;
    // 'auto' asked GET /gateway/bot: two shards, each with its own guild.
    expect(client.options.shardCount).toBe(2);
    expect([...client.guilds.cache.keys()].sort()).toEqual(guilds.map((guild) => guild.id).sort());
    for (const guild of guilds) expect(client.guilds.cache.get(guild.id)?.shardId).toBe(shardOf(guild.id, 2));
  });
});
