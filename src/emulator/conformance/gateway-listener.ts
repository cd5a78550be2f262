// A bare gateway connection (no discord.js) so that the script sees INTERACTION_CREATE dispatches and can
// answer interactions it did not start itself (autocomplete), exactly as a bot would.
import WebSocket from 'ws';
import { GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { isRecord } from '../../validation.js';

export interface Dispatch {
  t: string;
  d: unknown;
}

export interface GatewayListener {
  /** Resolves with the first dispatch (already received or future) that satisfies the predicate. */
  waitFor(predicate: (dispatch: Dispatch) => boolean, timeoutMs: number, description: string): Promise<Dispatch>;
  close(): void;
}

export function connectGatewayListener(gatewayUrl: string, token: string, timeoutMs = 5000): Promise<GatewayListener> {
  const url = new URL(gatewayUrl);
  url.searchParams.set('v', '10');
  url.searchParams.set('encoding', 'json');
  const socket = new WebSocket(url);
  const received: Dispatch[] = [];
  const waiters = new Set<{ predicate: (dispatch: Dispatch) => boolean; resolve: (dispatch: Dispatch) => void }>();
  let heartbeat: NodeJS.Timeout | undefined;
  let sequence: number | null = null;

  const listener: GatewayListener = {
    waitFor(predicate, waitMs, description) {
      const already = received.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (dispatch: Dispatch) => {
            clearTimeout(timer);
            resolve(dispatch);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`gateway: no ${description} within ${waitMs} ms`));
        }, waitMs);
        waiters.add(waiter);
      });
    },
    close() {
      if (heartbeat) clearInterval(heartbeat);
      socket.close(1000);
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.close();
      reject(new Error(`gateway: no READY from ${gatewayUrl} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`gateway: ${error.message}`));
    });
    // ws's default binaryType (nodebuffer) delivers each message as one Buffer.
    socket.on('message', (raw: Buffer) => {
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString());
      } catch {
        return;
      }
      if (!isRecord(payload)) return;
      if (typeof payload['s'] === 'number') sequence = payload['s'];
      if (payload['op'] === GatewayOpcodes.Hello && isRecord(payload['d'])) {
        const interval = Number(payload['d']['heartbeat_interval']);
        heartbeat = setInterval(() => socket.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: sequence })), interval);
        heartbeat.unref();
        socket.send(
          JSON.stringify({
            op: GatewayOpcodes.Identify,
            d: {
              token,
              intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.GuildMessageReactions,
              properties: { os: process.platform, browser: 'liner-notes-conformance', device: 'liner-notes-conformance' },
            },
          }),
        );
        return;
      }
      if (payload['op'] !== GatewayOpcodes.Dispatch || typeof payload['t'] !== 'string') return;
      const dispatch: Dispatch = { t: payload['t'], d: payload['d'] };
      if (dispatch.t === 'READY') {
        clearTimeout(timer);
        resolve(listener);
      }
      received.push(dispatch);
      for (const waiter of waiters) {
        if (waiter.predicate(dispatch)) {
          waiters.delete(waiter);
          waiter.resolve(dispatch);
        }
      }
    });
  });
}
