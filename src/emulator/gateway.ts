import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createDeflate } from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import type { GatewayGuildCreateDispatchData, GatewayHelloData } from 'discord-api-types/v10';
import { encodeTextFrame, type PreparedDispatches } from './frames.js';
import {
  guildIdOf,
  isIdentify,
  isResume,
  KNOWN_INTENTS,
  NON_RESUMABLE_CLOSE_CODES,
  randomSessionId,
  disallowedIntents,
  guildCreatePayload,
  readyPayload,
  stripTokenPrefix,
  withoutMessageContent,
} from './gateway-payloads.js';
import { pushDispatches } from './gateway-push.js';
import { routesTo, ShardingRules, type SessionView, type ShardingOptions } from './gateway-sharding.js';
import { flush, hold, isSilenced, sendFrame, trimBuffer, writeCorked, type Connection, type Session } from './gateway-transport.js';
import type { DispatchData, DispatchScope, GuildRecord, World } from './world.js';

/** How long a disconnected session stays resumable (Discord keeps sessions for a few minutes). */
const RESUME_WINDOW_MS = 120_000;
/** How many of the last started sessions sessionViews reports. */
const STARTED_SESSIONS_KEPT = 100;

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  url: () => string;
  sharding?: ShardingOptions;
}

/**
 * The emulator's gateway (Discord's Gateway docs): HELLO, IDENTIFY and RESUME, heartbeats, dispatches filtered by
 * intents, shards and MESSAGE_CONTENT, and the faults a test injects (closes, silences, raw pushes).
 */
export class Gateway {
  private readonly server = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  /** Successful IDENTIFYs, for session_start_limit.remaining. */
  identifies = 0;
  readonly sharding: ShardingRules;
  /** The last sessions started, ended ones included, for tests to see which shard received what. */
  private readonly started: Session[] = [];

  constructor(
    private readonly world: World,
    private readonly options: GatewayOptions,
  ) {
    world.dispatch = (t, d, scope) => this.dispatch(t, d, scope);
    this.sharding = new ShardingRules(options.sharding ?? {}, () => world.guilds.values());
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'ws://127.0.0.1');
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, socket, url.searchParams));
  }

  private accept(socket: WebSocket, transport: Duplex, query: URLSearchParams): void {
    const connection: Connection = {
      socket,
      transport,
      session: null,
      deflate: null,
      deflateChunks: [],
      heartbeatDeadline: null,
      silencedUntil: 0,
      silenceTimer: null,
      sendWindowStart: Date.now(),
      sentInWindow: 0,
    };
    this.connections.add(connection);
    socket.on('close', (code) => this.onClose(connection, code));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      try {
        this.onMessage(connection, data, isBinary);
      } catch {
        // A payload the checks above did not foresee must not take the emulator down.
        this.close(connection, GatewayCloseCodes.DecodeError, 'Decode error');
      }
    });

    // Gateway › Connecting: v=10 and encoding=json are the only ones served here.
    const version = query.get('v');
    if (version !== null && version !== '10') return this.close(connection, GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
    const encoding = query.get('encoding');
    if (encoding !== null && encoding !== 'json') return this.close(connection, GatewayCloseCodes.DecodeError, 'Unsupported encoding');
    const compress = query.get('compress');
    if (compress === 'zlib-stream') this.enableZlibStream(connection);
    else if (compress !== null) return this.close(connection, GatewayCloseCodes.DecodeError, 'Unsupported compression');

    const hello: GatewayHelloData = { heartbeat_interval: this.options.heartbeatIntervalMs };
    sendFrame(connection, JSON.stringify({ op: GatewayOpcodes.Hello, d: hello, s: null, t: null }));
    this.armHeartbeatDeadline(connection);
  }

  /** Gateway › Transport Compression: one zlib context per connection, each payload ends with a Z_SYNC_FLUSH suffix. */
  private enableZlibStream(connection: Connection): void {
    const deflate = createDeflate({ chunkSize: 65536 });
    deflate.on('data', (chunk: Buffer) => connection.deflateChunks.push(chunk));
    connection.deflate = deflate;
  }

  /** Gateway › Sending Heartbeats: a connection that stops heartbeating is closed. */
  private armHeartbeatDeadline(connection: Connection): void {
    if (connection.heartbeatDeadline) clearTimeout(connection.heartbeatDeadline);
    const grace = Math.round(this.options.heartbeatIntervalMs * 1.5) + 250;
    connection.heartbeatDeadline = setTimeout(() => this.close(connection, GatewayCloseCodes.SessionTimedOut, 'Session timed out'), grace);
    connection.heartbeatDeadline.unref();
  }

  // ws's default binaryType (nodebuffer) delivers each message as one Buffer.
  private onMessage(connection: Connection, raw: Buffer, isBinary: boolean): void {
    // Gateway › Rate Limiting: 120 events per connection every 60 seconds, else close 4008.
    const now = Date.now();
    if (now - connection.sendWindowStart >= 60_000) {
      connection.sendWindowStart = now;
      connection.sentInWindow = 0;
    }
    if (++connection.sentInWindow > 120) return this.close(connection, GatewayCloseCodes.RateLimited, 'Rate limited.');
    if (isBinary) return this.close(connection, GatewayCloseCodes.DecodeError, 'Decode error');
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString());
    } catch {
      return this.close(connection, GatewayCloseCodes.DecodeError, 'Decode error');
    }
    if (typeof payload !== 'object' || payload === null || !('op' in payload)) {
      return this.close(connection, GatewayCloseCodes.DecodeError, 'Decode error');
    }
    const op = payload.op;
    const d: unknown = 'd' in payload ? payload.d : undefined;
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        return this.onHeartbeat(connection, d);
      case GatewayOpcodes.Identify:
        return this.onIdentify(connection, d);
      case GatewayOpcodes.Resume:
        return this.onResume(connection, d);
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        if (!connection.session) return this.close(connection, GatewayCloseCodes.NotAuthenticated, 'Not authenticated');
        return;
      default:
        return this.close(connection, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode');
    }
  }

  private onHeartbeat(connection: Connection, d: unknown): void {
    // A silenced connection still counts the client's heartbeats as received; it only stops answering.
    this.armHeartbeatDeadline(connection);
    if (isSilenced(connection)) return;
    const session = connection.session;
    // The heartbeat carries the last sequence the client received: nothing before it needs replaying.
    if (session && typeof d === 'number') trimBuffer(session, d);
    sendFrame(connection, `{"op":${GatewayOpcodes.HeartbeatAck},"d":null,"s":null,"t":null}`);
  }

  private onIdentify(connection: Connection, d: unknown): void {
    if (connection.session) return this.close(connection, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated');
    if (!isIdentify(d)) return this.close(connection, GatewayCloseCodes.DecodeError, 'Decode error');
    if (stripTokenPrefix(d.token) !== this.world.application.token) {
      return this.close(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    }
    const intents = Number(d.intents);
    if (!Number.isInteger(intents) || intents < 0 || (intents & ~KNOWN_INTENTS) !== 0) {
      return this.close(connection, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    }
    if ((intents & disallowedIntents(this.world)) !== 0) {
      return this.close(connection, GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
    }
    // Gateway › Sharding: no `shard` is [0, 1]; a bad pair closes 4010, too many guilds for one session 4011.
    const admitted = this.sharding.admit(d.shard ?? [0, 1]);
    if (!admitted.ok) {
      if ('close' in admitted) return this.close(connection, admitted.close, admitted.reason);
      sendFrame(connection, `{"op":${GatewayOpcodes.InvalidSession},"d":false,"s":null,"t":null}`);
      return;
    }
    const shard = admitted.shard;
    const session: Session = {
      id: randomSessionId(),
      intents,
      shard,
      seq: 0,
      buffer: [],
      buffered: 0,
      sentSeq: 0,
      connection,
      resumable: true,
      guildIds: new Set(),
    };
    this.sessions.set(session.id, session);
    connection.session = session;
    this.identifies++;
    this.started.push(session);
    if (this.started.length > STARTED_SESSIONS_KEPT) this.started.shift();

    const guilds = [...this.world.guilds.values()].filter((guild) => routesTo(shard, guild.id));
    const ready = readyPayload(this.world, session, guilds, this.options.url());
    writeCorked([connection], () => {
      this.queue(session, GatewayDispatchEvents.Ready, JSON.stringify(ready));
      // Gateway Events › Guild Create: sent lazily after READY for each guild, only with the GUILDS intent.
      if ((intents & GatewayIntentBits.Guilds) !== 0) {
        for (const guild of guilds) {
          session.guildIds.add(guild.id);
          this.queue(session, GatewayDispatchEvents.GuildCreate, JSON.stringify(this.guildCreate(guild)));
        }
      }
    });
  }

  /** Gateway Events › Guild Create: the guild as a session with GUILDS receives it. */
  guildCreate(guild: GuildRecord): GatewayGuildCreateDispatchData {
    return guildCreatePayload(this.world, guild);
  }

  private onResume(connection: Connection, d: unknown): void {
    if (connection.session) return this.close(connection, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated');
    if (!isResume(d)) return this.close(connection, GatewayCloseCodes.DecodeError, 'Decode error');
    if (stripTokenPrefix(d.token) !== this.world.application.token) {
      return this.close(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    }
    const session = this.sessions.get(d.session_id);
    const oldest = session?.buffer[0]?.firstSeq ?? (session ? session.seq + 1 : 0);
    // Gateway › Resuming: a session that is gone, or whose missed events are no longer held, gets INVALID_SESSION false.
    if (!session || !session.resumable || d.seq > session.seq || d.seq < oldest - 1) {
      sendFrame(connection, `{"op":${GatewayOpcodes.InvalidSession},"d":false,"s":null,"t":null}`);
      return;
    }
    if (session.connection && session.connection !== connection) {
      const previous = session.connection;
      previous.session = null;
      this.close(previous, GatewayCloseCodes.SessionTimedOut, 'Session resumed elsewhere');
    }
    session.connection = connection;
    connection.session = session;
    session.sentSeq = d.seq;
    this.queue(session, GatewayDispatchEvents.Resumed, '{}');
  }

  private onClose(connection: Connection, code: number): void {
    this.connections.delete(connection);
    if (connection.heartbeatDeadline) clearTimeout(connection.heartbeatDeadline);
    if (connection.silenceTimer) clearTimeout(connection.silenceTimer);
    connection.deflate?.destroy();
    const session = connection.session;
    if (session && session.connection === connection) {
      session.connection = null;
      if (NON_RESUMABLE_CLOSE_CODES.has(code)) {
        this.invalidate(session);
      } else {
        const expiry = setTimeout(() => {
          if (!session.connection) this.invalidate(session);
        }, RESUME_WINDOW_MS);
        expiry.unref();
      }
    }
  }

  private invalidate(session: Session): void {
    session.resumable = false;
    session.buffer = [];
    session.buffered = 0;
    this.sessions.delete(session.id);
  }

  private close(connection: Connection, code: number, reason: string): void {
    const session = connection.session;
    if (session && NON_RESUMABLE_CLOSE_CODES.has(code)) this.invalidate(session);
    if (connection.socket.readyState === WebSocket.OPEN || connection.socket.readyState === WebSocket.CONNECTING) {
      connection.socket.close(code, reason);
    }
  }

  // ---- dispatching ----------------------------------------------------------------------------

  dispatch<E extends GatewayDispatchEvents>(t: E, d: DispatchData<E>, scope: DispatchScope): void {
    let full: string | undefined;
    let stripped: string | undefined;
    const guildId = guildIdOf(t, d);
    for (const session of this.sessions.values()) {
      if (scope.intent !== 0 && (session.intents & scope.intent) === 0) continue;
      if (!routesTo(session.shard, guildId)) continue;
      if (guildId !== undefined) session.guildIds.add(guildId);
      if (scope.messageContent && !this.seesContent(session, scope.messageContent)) {
        stripped ??= JSON.stringify(withoutMessageContent(d));
        this.queue(session, t, stripped);
      } else {
        full ??= JSON.stringify(d);
        this.queue(session, t, full);
      }
    }
  }

  /** Gateway › Message Content Intent: the app's own messages, DMs and messages mentioning it keep their content. */
  private seesContent(session: Session, rule: NonNullable<DispatchScope['messageContent']>): boolean {
    if ((session.intents & GatewayIntentBits.MessageContent) !== 0) return true;
    return rule.isDirect || rule.mentionsBot || rule.authorId === this.world.application.botUserId;
  }

  private queue(session: Session, t: string, data: string): void {
    const seq = ++session.seq;
    hold(session, { firstSeq: seq, count: 1, frames: encodeTextFrame(`{"op":0,"s":${seq},"t":"${t}","d":${data}}`) });
    const connection = session.connection;
    if (connection && !isSilenced(connection)) flush(session, connection);
  }

  // ---- faults ---------------------------------------------------------------------------------

  closeAll(code: number): void {
    for (const connection of [...this.connections]) this.close(connection, code, 'Closed by the emulator');
  }

  silence(ms: number): void {
    for (const connection of this.connections) {
      connection.silencedUntil = Date.now() + ms;
      if (connection.silenceTimer) clearTimeout(connection.silenceTimer);
      connection.silenceTimer = setTimeout(() => {
        connection.silenceTimer = null;
        const session = connection.session;
        if (session && session.connection === connection) flush(session, connection);
      }, ms);
      connection.silenceTimer.unref();
    }
  }

  /** Sends raw dispatches to every identified session (see pushDispatches). */
  push(events: readonly { t: string; d: unknown }[] | PreparedDispatches): Promise<void> {
    return pushDispatches(() => this.sessions.values(), this.connections, events);
  }

  /** The last sessions started, oldest first: their shard, whether one is connected, the guilds it received events of. */
  sessionViews(): SessionView[] {
    return this.started.map((session) => ({
      id: session.id,
      shard: [session.shard[0], session.shard[1]],
      connected: session.connection !== null && session.resumable,
      guildIds: [...session.guildIds],
    }));
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async stop(): Promise<void> {
    for (const connection of [...this.connections]) {
      if (connection.heartbeatDeadline) clearTimeout(connection.heartbeatDeadline);
      if (connection.silenceTimer) clearTimeout(connection.silenceTimer);
      connection.socket.terminate();
      connection.deflate?.destroy();
    }
    this.connections.clear();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
