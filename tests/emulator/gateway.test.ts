import { afterEach, describe, expect, it } from 'vitest';
import { createInflate, constants as zlibConstants } from 'node:zlib';
import { WebSocket } from 'ws';
import { REST } from '@discordjs/rest';
import { Events, GatewayIntentBits } from 'discord.js';
import type { Client, Message } from 'discord.js';
import { GatewayOpcodes, Routes } from 'discord-api-types/v10';
import { login, startWorld } from './setup.js';
import type { World } from './setup.js';

interface Frame {
  op: GatewayOpcodes;
  d: unknown;
  s: number | null;
  t: string | null;
}

/** A bare gateway client: records frames and the close code. */
class RawGateway {
  readonly frames: Frame[] = [];
  closeCode: number | undefined;
  badFrames = 0;
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;

  constructor(url: string, compress = false) {
    this.socket = new WebSocket(`${url}?v=10&encoding=json${compress ? '&compress=zlib-stream' : ''}`);
    this.opened = new Promise((resolve) => this.socket.once('open', () => resolve()));
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
    if (compress) {
      const inflate = createInflate({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
      let text = '';
      inflate.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        // Each compressed message ends at a complete JSON payload.
        try {
          this.frames.push(JSON.parse(text) as Frame);
          text = '';
        } catch {
          // wait for more
        }
      });
      this.socket.on('message', (data: Buffer, isBinary) => {
        expect(isBinary).toBe(true);
        // Gateway › Transport Compression: every message ends with the Z_SYNC_FLUSH suffix 00 00 ff ff.
        if (data.subarray(-4).toString('hex') !== '0000ffff') this.badFrames++;
        inflate.write(data);
      });
    } else {
      this.socket.on('message', (data: Buffer) => this.frames.push(JSON.parse(data.toString()) as Frame));
    }
  }

  send(op: number, d: unknown): void {
    this.socket.send(JSON.stringify({ op, d }));
  }

  async waitFor(predicate: (frames: Frame[]) => boolean, timeoutMs = 3000): Promise<void> {
    const started = Date.now();
    while (!predicate(this.frames)) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out; frames: ${JSON.stringify(this.frames.map((f) => [f.op, f.t]))}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  dispatches(t: string): Frame[] {
    return this.frames.filter((frame) => frame.op === GatewayOpcodes.Dispatch && frame.t === t);
  }
}

describe('emulator: gateway robustness', () => {
  let world: World | undefined;
  let client: Client | undefined;
  const raws: RawGateway[] = [];
  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.socket.terminate();
    await client?.destroy();
    await world?.emulator.stop();
    client = undefined;
    world = undefined;
  });

  const raw = (compress = false): RawGateway => {
    if (!world) throw new Error('no world');
    const gateway = new RawGateway(world.emulator.gatewayUrl, compress);
    raws.push(gateway);
    return gateway;
  };
  const identify = (gateway: RawGateway, intents: number, token = world?.emulator.application.token): void =>
    gateway.send(GatewayOpcodes.Identify, { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' } });

  it('serves url, shards and session_start_limit from GET /gateway/bot', async () => {
    world = await startWorld();
    const rest = new REST({ api: world.emulator.restUrl }).setToken(world.emulator.application.token);
    const info = await rest.get(Routes.gatewayBot());
    expect(info).toEqual({
      url: world.emulator.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 },
    });
    client = await login(world.emulator);
    expect(await rest.get(Routes.gatewayBot())).toMatchObject({ session_start_limit: { remaining: 999 } });
  });

  it('closes with 4004 on a bad token, 4013 on invalid intents and 4014 on disallowed intents', async () => {
    world = await startWorld({ privilegedIntents: { messageContent: false } });
    const badToken = raw();
    await badToken.opened;
    identify(badToken, GatewayIntentBits.Guilds, 'not-the-token');
    expect(await badToken.closed).toBe(4004);

    const invalid = raw();
    await invalid.opened;
    identify(invalid, 1 << 30);
    expect(await invalid.closed).toBe(4013);

    const disallowed = raw();
    await disallowed.opened;
    identify(disallowed, GatewayIntentBits.Guilds | GatewayIntentBits.MessageContent);
    expect(await disallowed.closed).toBe(4014);
  });

  it('closes malformed IDENTIFY payloads instead of failing', async () => {
    world = await startWorld();
    const badShard = raw();
    await badShard.opened;
    badShard.send(GatewayOpcodes.Identify, { token: world.emulator.application.token, intents: 1, properties: {}, shard: 'all' });
    expect(await badShard.closed).toBe(4010);
    const notJson = raw();
    await notJson.opened;
    notJson.socket.send('{ op: 2');
    expect(await notJson.closed).toBe(4002);
    const noToken = raw();
    await noToken.opened;
    noToken.send(GatewayOpcodes.Identify, { intents: 1 });
    expect(await noToken.closed).toBe(4002);
    const healthy = raw();
    await healthy.opened;
    identify(healthy, GatewayIntentBits.Guilds);
    await healthy.waitFor((frames) => frames.some((f) => f.t === 'READY'));
  });

  it('sends HELLO, READY and GUILD_CREATE with increasing sequence numbers and acknowledges heartbeats', async () => {
    world = await startWorld();
    const gateway = raw();
    await gateway.waitFor((frames) => frames.some((f) => f.op === GatewayOpcodes.Hello));
    expect(gateway.frames[0]?.d).toEqual({ heartbeat_interval: 1000 });
    identify(gateway, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    await gateway.waitFor((frames) => frames.some((f) => f.t === 'GUILD_CREATE'));
    const [ready] = gateway.dispatches('READY');
    expect(ready?.s).toBe(1);
    expect(ready?.d).toMatchObject({
      v: 10,
      user: { id: world.emulator.application.botUserId, bot: true },
      guilds: [{ id: world.guild.id, unavailable: true }],
      resume_gateway_url: world.emulator.gatewayUrl,
      application: { id: world.emulator.application.id },
    });
    expect(gateway.dispatches('GUILD_CREATE')[0]?.s).toBe(2);
    gateway.send(GatewayOpcodes.Heartbeat, 2);
    await gateway.waitFor((frames) => frames.some((f) => f.op === GatewayOpcodes.HeartbeatAck));
  });

  it('closes a connection that stops heartbeating, and rejects unknown opcodes and payloads before IDENTIFY', async () => {
    world = await startWorld({ heartbeatIntervalMs: 100 });
    const silent = raw();
    expect(await silent.closed).toBe(4009);
    const unknownOp = raw();
    await unknownOp.opened;
    unknownOp.send(42, null);
    expect(await unknownOp.closed).toBe(4001);
    const early = raw();
    await early.opened;
    early.send(GatewayOpcodes.RequestGuildMembers, { guild_id: world.guild.id, limit: 0, query: '' });
    expect(await early.closed).toBe(4003);
  });

  it('sends each guild to the shard that owns it', async () => {
    world = await startWorld();
    const second = world.emulator.driver.createGuild({ name: 'Second', ownerId: world.admin.id });
    const shardOf = (guildId: string): number => Number((BigInt(guildId) >> 22n) % 2n);
    const shards = [raw(), raw()];
    for (const [index, gateway] of shards.entries()) {
      await gateway.opened;
      gateway.send(GatewayOpcodes.Identify, {
        token: world.emulator.application.token,
        intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages,
        properties: { os: 'linux', browser: 'test', device: 'test' },
        shard: [index, 2],
      });
      await gateway.waitFor((frames) => frames.some((f) => f.t === 'READY'));
    }
    const expected = (index: number): string[] => [world?.guild.id ?? '', second.id].filter((id) => shardOf(id) === index).sort();
    for (const [index, gateway] of shards.entries()) {
      await gateway.waitFor(() => gateway.dispatches('GUILD_CREATE').length === expected(index).length);
      const ready = gateway.dispatches('READY')[0]?.d as { guilds: { id: string }[] };
      expect(ready.guilds.map((g) => g.id).sort()).toEqual(expected(index));
    }
    await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, 'sharded');
    const owner = shards[shardOf(world.guild.id)];
    const other = shards[1 - shardOf(world.guild.id)];
    await owner?.waitFor(() => owner.dispatches('MESSAGE_CREATE').length === 1);
    expect(other?.dispatches('MESSAGE_CREATE')).toEqual([]);
  });

  it('closes with 4008 when a connection sends more than 120 events a minute', async () => {
    world = await startWorld();
    const gateway = raw();
    await gateway.opened;
    identify(gateway, GatewayIntentBits.Guilds);
    for (let i = 0; i < 125; i++) gateway.send(GatewayOpcodes.Heartbeat, null);
    expect(await gateway.closed).toBe(4008);
  });

  it('compresses with zlib-stream when asked', async () => {
    world = await startWorld();
    const gateway = raw(true);
    await gateway.waitFor((frames) => frames.some((f) => f.op === GatewayOpcodes.Hello));
    identify(gateway, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent);
    await gateway.waitFor((frames) => frames.some((f) => f.t === 'GUILD_CREATE'));
    await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, 'compressed hello');
    await gateway.waitFor((frames) => frames.some((f) => f.t === 'MESSAGE_CREATE'));
    expect(gateway.dispatches('MESSAGE_CREATE')[0]?.d).toMatchObject({ content: 'compressed hello' });
    const events = Array.from({ length: 1000 }, (_, i) => ({ t: 'TYPING_START', d: { channel_id: world?.reviews.id, timestamp: i } }));
    await world.emulator.driver.pushDispatches(events);
    await gateway.waitFor(() => gateway.dispatches('TYPING_START').length === 1000);
    expect(gateway.dispatches('TYPING_START').map((f) => (f.d as { timestamp: number }).timestamp)).toEqual(events.map((_, i) => i));
    expect(gateway.badFrames).toBe(0);
  });

  it('answers INVALID_SESSION to a RESUME of an unknown session', async () => {
    world = await startWorld();
    const gateway = raw();
    await gateway.opened;
    gateway.send(GatewayOpcodes.Resume, { token: world.emulator.application.token, session_id: 'nope', seq: 3 });
    await gateway.waitFor((frames) => frames.some((f) => f.op === GatewayOpcodes.InvalidSession));
    expect(gateway.frames.find((f) => f.op === GatewayOpcodes.InvalidSession)?.d).toBe(false);
  });

  it('resumes a discord.js client after a resumable close and replays each missed dispatch once', async () => {
    world = await startWorld();
    client = await login(world.emulator);
    const seen: string[] = [];
    client.on(Events.MessageCreate, (message: Message) => seen.push(message.content));
    const resumed = new Promise<void>((resolve) => client?.once(Events.ShardResume, () => resolve()));
    world.emulator.driver.closeGateway(4000);
    for (const text of ['missed 1', 'missed 2', 'missed 3']) await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, text);
    await resumed;
    await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, 'after resume');
    await world.emulator.driver.waitFor(() => seen.includes('after resume'), 5000, 'the message after the resume');
    expect(seen).toEqual(['missed 1', 'missed 2', 'missed 3', 'after resume']);
  });

  it('starts a new session after a non-resumable close; dispatches of the dead session are not replayed', async () => {
    world = await startWorld();
    client = await login(world.emulator);
    const seen: string[] = [];
    client.on(Events.MessageCreate, (message: Message) => seen.push(message.content));
    let readies = 0;
    client.on(Events.Raw, (packet: { t?: string }) => {
      if (packet.t === 'READY') readies++;
    });
    world.emulator.driver.closeGateway(4009);
    await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, 'lost');
    // discord.js waits out its 5-second identify throttle before the new IDENTIFY.
    await world.emulator.driver.waitFor(() => readies === 1, 12_000, 'a new READY');
    await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, 'new session');
    await world.emulator.driver.waitFor(() => seen.includes('new session'), 5000, 'the message in the new session');
    expect(seen).toEqual(['new session']);
  });

  it('holds a connection silent, then delivers what it held exactly once', async () => {
    world = await startWorld();
    client = await login(world.emulator);
    const seen: string[] = [];
    client.on(Events.MessageCreate, (message: Message) => seen.push(message.content));
    world.emulator.driver.silenceGateway(1500);
    await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, 'held');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([]);
    await world.emulator.driver.waitFor(() => seen.length > 0, 6000, 'the held message');
    await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, 'later');
    await world.emulator.driver.waitFor(() => seen.includes('later'), 5000, 'the later message');
    expect(seen).toEqual(['held', 'later']);
  });

  it('pushes raw dispatches in order with consecutive sequence numbers', async () => {
    world = await startWorld();
    const gateway = raw();
    await gateway.opened;
    identify(gateway, GatewayIntentBits.Guilds);
    await gateway.waitFor((frames) => frames.some((f) => f.t === 'GUILD_CREATE'));
    const events = Array.from({ length: 2000 }, (_, i) => ({
      t: 'TYPING_START',
      d: { channel_id: world?.reviews.id, user_id: world?.member.id, timestamp: i },
    }));
    await world.emulator.driver.pushDispatches(events);
    await gateway.waitFor((frames) => gateway.dispatches('TYPING_START').length === 2000 && frames.length > 0);
    const pushed = gateway.dispatches('TYPING_START');
    expect(pushed.map((f) => (f.d as { timestamp: number }).timestamp)).toEqual(events.map((_, i) => i));
    const first = pushed[0]?.s ?? 0;
    expect(pushed.every((f, i) => f.s === first + i)).toBe(true);
  });

  it('holds a push back while the client does not read, then delivers every dispatch in order', async () => {
    // This raw client never heartbeats: a long interval keeps the session open while 30 MB are delivered.
    world = await startWorld({ heartbeatIntervalMs: 60_000 });
    const gateway = raw();
    await gateway.opened;
    identify(gateway, GatewayIntentBits.Guilds);
    await gateway.waitFor((frames) => frames.some((f) => f.t === 'GUILD_CREATE'));
    gateway.socket.pause();
    // About 30 MB: more than the kernel's socket buffers and the emulator's own limit can hold.
    const padding = 'x'.repeat(2000);
    const events = Array.from({ length: 15_000 }, (_, i) => ({ t: 'TYPING_START', d: { channel_id: world?.reviews.id, timestamp: i, padding } }));
    let pushed = false;
    const pushing = world.emulator.driver.pushDispatches(events).then(() => {
      pushed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pushed).toBe(false);
    gateway.socket.resume();
    await pushing;
    await gateway.waitFor(() => gateway.dispatches('TYPING_START').length === events.length, 10_000);
    const received = gateway.dispatches('TYPING_START');
    expect(received.map((f) => (f.d as { timestamp: number }).timestamp)).toEqual(events.map((_, i) => i));
    const first = received[0]?.s ?? 0;
    expect(received.every((f, i) => f.s === first + i)).toBe(true);
  });

  it('pushes a prepared batch in order with consecutive sequence numbers, as many times as it is pushed', async () => {
    world = await startWorld();
    const gateway = raw();
    await gateway.opened;
    identify(gateway, GatewayIntentBits.Guilds);
    await gateway.waitFor((frames) => frames.some((f) => f.t === 'GUILD_CREATE'));
    // More than one batch, and payloads of every length form (7-bit, 16-bit, 64-bit).
    const events = Array.from({ length: 1500 }, (_, i) => ({
      t: 'TYPING_START',
      d: { channel_id: world?.reviews.id, timestamp: i, padding: 'ü'.repeat(i === 700 ? 40_000 : i % 3 === 0 ? 100 : 0) },
    }));
    const prepared = world.emulator.driver.prepareDispatches(events);
    await world.emulator.driver.pushDispatches(prepared);
    await world.emulator.driver.pushDispatches(prepared);
    await gateway.waitFor(() => gateway.dispatches('TYPING_START').length === 3000);
    const pushed = gateway.dispatches('TYPING_START');
    expect(pushed.map((f) => f.d)).toEqual([...events, ...events].map((event) => event.d));
    const first = pushed[0]?.s ?? 0;
    expect(first).toBe((gateway.dispatches('GUILD_CREATE')[0]?.s ?? 0) + 1);
    expect(pushed.every((f, i) => f.s === first + i)).toBe(true);
  });

  it('a discord.js client receives every pushed dispatch, plain and prepared, in order with consecutive sequence numbers', async () => {
    world = await startWorld();
    client = await login(world.emulator);
    const received: { s: number; timestamp: number }[] = [];
    client.on(Events.Raw, (packet: { t?: string; s?: number; d?: { timestamp?: number } }) => {
      if (packet.t === 'TYPING_START') received.push({ s: packet.s ?? -1, timestamp: packet.d?.timestamp ?? -1 });
    });
    const events = (from: number) =>
      Array.from({ length: 1200 }, (_, i) => ({ t: 'TYPING_START', d: { channel_id: world?.reviews.id, user_id: world?.member.id, timestamp: from + i } }));
    await world.emulator.driver.pushDispatches(events(0));
    await world.emulator.driver.pushDispatches(world.emulator.driver.prepareDispatches(events(1200)));
    await world.emulator.driver.waitFor(() => received.length >= 2400, 5000, 'every pushed dispatch');
    expect(received.map((r) => r.timestamp)).toEqual(Array.from({ length: 2400 }, (_, i) => i));
    const first = received[0]?.s ?? 0;
    expect(received.every((r, i) => r.s === first + i)).toBe(true);
  });

  it('holds a push while the connection is silent, then delivers all of it once, in order', async () => {
    world = await startWorld();
    client = await login(world.emulator);
    const received: { s: number; timestamp: number }[] = [];
    client.on(Events.Raw, (packet: { t?: string; s?: number; d?: { timestamp?: number } }) => {
      if (packet.t === 'TYPING_START') received.push({ s: packet.s ?? -1, timestamp: packet.d?.timestamp ?? -1 });
    });
    world.emulator.driver.silenceGateway(1500);
    const events = Array.from({ length: 1500 }, (_, i) => ({
      t: 'TYPING_START',
      d: { channel_id: world?.reviews.id, user_id: world?.member.id, timestamp: i },
    }));
    await world.emulator.driver.pushDispatches(world.emulator.driver.prepareDispatches(events));
    expect(received).toEqual([]);
    await world.emulator.driver.waitFor(() => received.length >= events.length, 6000, 'the held dispatches');
    // A dispatch after them: anything sent twice would have arrived before it.
    const later = new Promise<void>((resolve) => client?.once(Events.MessageCreate, () => resolve()));
    await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, 'later');
    await later;
    expect(received.map((r) => r.timestamp)).toEqual(events.map((_, i) => i));
    const first = received[0]?.s ?? 0;
    expect(received.every((r, i) => r.s === first + i)).toBe(true);
  });

  it('a client that drops in the middle of a push resumes and gets each dispatch it missed once, in order', async () => {
    world = await startWorld();
    const first = raw();
    await first.opened;
    identify(first, GatewayIntentBits.Guilds);
    await first.waitFor((frames) => frames.some((f) => f.t === 'GUILD_CREATE'));
    const sessionId = (first.dispatches('READY')[0]?.d as { session_id: string }).session_id;
    // About 30 MB: far more than the socket buffers and the emulator's limit hold, so the push is still going.
    const padding = 'x'.repeat(2000);
    const events = Array.from({ length: 15_000 }, (_, i) => ({ t: 'TYPING_START', d: { channel_id: world?.reviews.id, timestamp: i, padding } }));
    let pushed = false;
    let pushedAtDrop: boolean | undefined;
    let seen = 0;
    first.socket.on('message', () => {
      if (++seen === 2000) {
        pushedAtDrop = pushed;
        first.socket.terminate();
      }
    });
    const pushing = world.emulator.driver.pushDispatches(world.emulator.driver.prepareDispatches(events)).then(() => {
      pushed = true;
    });
    await first.closed;
    expect(pushedAtDrop).toBe(false);
    const lastSeq = first.frames.at(-1)?.s ?? 0;

    const second = raw();
    await second.opened;
    second.send(GatewayOpcodes.Resume, { token: world.emulator.application.token, session_id: sessionId, seq: lastSeq });
    await pushing;
    const missed = events.length - first.dispatches('TYPING_START').length;
    await second.waitFor(() => second.dispatches('TYPING_START').length === missed, 10_000);
    expect(second.dispatches('RESUMED')).toHaveLength(1);
    const dispatches = second.frames.filter((f) => f.op === GatewayOpcodes.Dispatch);
    expect(dispatches.every((f, i) => f.s === lastSeq + 1 + i)).toBe(true);
    const timestamps = [...first.dispatches('TYPING_START'), ...second.dispatches('TYPING_START')].map((f) => (f.d as { timestamp: number }).timestamp);
    expect(timestamps).toEqual(events.map((_, i) => i));
  });

  it('resumes a discord.js client closed in the middle of a push; every dispatch arrives once, in order', async () => {
    world = await startWorld();
    const emulator = world.emulator;
    client = await login(emulator);
    const received: number[] = [];
    let pushed = false;
    let pushedAtClose: boolean | undefined;
    client.on(Events.Raw, (packet: { t?: string; d?: { timestamp?: number } }) => {
      if (packet.t !== 'TYPING_START') return;
      received.push(packet.d?.timestamp ?? -1);
      if (received.length === 2000) {
        pushedAtClose = pushed;
        emulator.driver.closeGateway(4000);
      }
    });
    const resumed = new Promise<void>((resolve) => client?.once(Events.ShardResume, () => resolve()));
    const padding = 'x'.repeat(2000);
    const events = Array.from({ length: 15_000 }, (_, i) => ({
      t: 'TYPING_START',
      d: { channel_id: world?.reviews.id, user_id: world?.member.id, timestamp: i, padding },
    }));
    await emulator.driver.pushDispatches(emulator.driver.prepareDispatches(events)).then(() => {
      pushed = true;
    });
    await resumed;
    expect(pushedAtClose).toBe(false);
    await emulator.driver.waitFor(() => received.length >= events.length, 10_000, 'every pushed dispatch');
    expect(received).toEqual(events.map((_, i) => i));
  });
});
