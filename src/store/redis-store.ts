import KeyvRedis, { type RedisClientConnectionType } from '@keyv/redis';
import Keyv from 'keyv';
import { errorMessage } from '../errors.js';
import { redactSecrets, redactUrl } from '../redact.js';
import type { KeyvConnector } from './keyv-store.js';
import type { SharedSet } from './shared-set.js';
import { StoreUrlError } from './store-error.js';

const connectTimeoutMs = 5000;

/** Reconnection waits grow to at most this, so a server back after a restart is found within seconds. */
const maxReconnectDelayMs = 2000;

function redisSet(client: RedisClientConnectionType, key: string): SharedSet {
  return {
    async add(member) {
      // SADD is atomic on the server: two processes adding at once both end up in the set.
      await client.sAdd(key, member);
    },
    members: () => client.sMembers(key),
  };
}

/** Redis through @keyv/redis (keys "<namespace>::<key>"), on a client this connector owns. */
export function redisConnector(url: string, namespace: string): KeyvConnector {
  const location = `Redis ${redactUrl(url)}`;
  return {
    location,
    async open() {
      let connected = false;
      const adapter = new KeyvRedis<unknown>(
        {
          url,
          // A command while the connection is down fails at once instead of waiting in a queue, so the batched
          // writer sees the failure, keeps its changes and retries, as with the other stores.
          disableOfflineQueue: true,
          socket: {
            connectTimeout: connectTimeoutMs,
            // Before the first connection a failure is final (a start must say so, not wait); after it, the client
            // reconnects in the background with a growing delay.
            reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(100 * 2 ** retries, maxReconnectDelayMs) : cause),
          },
        },
        { namespace, throwOnErrors: true, throwOnConnectError: true },
      );
      // Errors reach callers through their rejected commands; this only keeps the events quiet.
      adapter.on('error', () => undefined);
      const client = adapter.client;
      // The client rejects a failed first connection with "The client is closed"; its error event has the cause.
      let cause: unknown;
      client.on('error', (error: unknown) => {
        cause = error;
      });
      try {
        await client.connect();
      } catch (error) {
        // A cluster's destroy returns a promise: the connect's failure is what to report, so it is not awaited.
        if (client.isOpen) void client.destroy();
        throw new StoreUrlError(`cannot open the store at ${location}: ${redactSecrets(errorMessage(cause ?? error)) || 'no answer'}`);
      }
      connected = true;
      // The adapter prefixes keys with the namespace itself; keyv's own prefix would double it.
      const keyv = new Keyv({ store: adapter, namespace, useKeyPrefix: false, throwOnErrors: true });
      keyv.on('error', () => undefined);
      return {
        keyv,
        close: async () => {
          if (client.isOpen) await client.close();
        },
        sharedSet: (name: string) => redisSet(client, `${namespace}::set:${name}`),
      };
    },
  };
}
