/**
 * A raw WebSocket gateway client that identifies with the bot's intents and then only counts dispatch
 * frames (no JSON parsing, no cache): the ceiling of what the emulator can push through one connection.
 */
import { GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import WebSocket from 'ws';
import { childSide, requireEnv } from '../lib/child-side.js';

let socket: WebSocket | undefined;
let heartbeat: NodeJS.Timeout | undefined;
const side = childSide({
  stop: () => {
    if (heartbeat) clearInterval(heartbeat);
    socket?.close(1000);
    return Promise.resolve();
  },
});

const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.GuildMessageReactions | GatewayIntentBits.MessageContent;
// Every dispatch frame the emulator writes starts with {"op":0, so the 7th byte tells a dispatch from an ack.
const dispatchMarker = '0'.charCodeAt(0);

try {
  const token = requireEnv('DISCORD_TOKEN');
  // It looks at one byte of each dispatch and never decodes its text, so ws's UTF-8 check of every message is
  // work it does not need; the few frames it does parse (HELLO, READY, GUILD_CREATE) go through JSON.parse anyway.
  socket = new WebSocket(`${requireEnv('BENCH_GATEWAY_URL')}?v=10&encoding=json`, { skipUTF8Validation: true });
  let ready = false;
  let seq: number | null = null;
  socket.on('message', (data: Buffer) => {
    if (ready) {
      if (data[6] === dispatchMarker) side.count();
      return;
    }
    const payload = JSON.parse(data.toString('utf8')) as { op: GatewayOpcodes; s: number | null; t: string | null; d: unknown };
    if (payload.s !== null) seq = payload.s;
    if (payload.op === GatewayOpcodes.Hello) {
      const interval = (payload.d as { heartbeat_interval: number }).heartbeat_interval;
      heartbeat = setInterval(() => socket?.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: seq })), interval);
      socket?.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token, intents, properties: { os: 'linux', browser: 'bench', device: 'bench' } } }));
    } else if (payload.t === 'GUILD_CREATE') {
      ready = true;
      side.ready();
    }
  });
  socket.on('close', (code) => {
    if (!ready) side.fail(new Error(`the gateway closed the connection with ${code} before the guild arrived`));
  });
} catch (error) {
  side.fail(error);
}
