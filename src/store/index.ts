import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { projectDataDir } from '../data-dir.js';
import { errorMessage } from '../errors.js';
import { redactSecrets, redactUrl } from '../redact.js';
import type { OwnsGuild } from './guild-ownership.js';
import { createKeyvStore, type KeyvConnector } from './keyv-store.js';
import type { Store } from './ports.js';
import { StoreUrlError } from './store-error.js';

export type * from './ports.js';
export { defaultGuildSettings } from './ports.js';
export { createKeyvStore, type KeyvConnector } from './keyv-store.js';
export { GuildOwnershipError, ownsEveryGuild, ownsShardGuilds, type OwnsGuild } from './guild-ownership.js';
export { StoreUrlError } from './store-error.js';

/** The file the embedded store uses when STORE_URL is unset (git-ignored: data/*.sqlite). */
export const defaultSqliteFile = 'liner-notes.sqlite';

/** The keyv namespace every key of the store lives under, unless openStore is given another (tests use their own). */
export const defaultNamespace = 'liner-notes';

type ConnectorFactory = (url: string, namespace: string) => KeyvConnector;

/**
 * The server stores: their adapters are dependencies, and each adds atomically to what several processes share.
 * Each loads with its first use, so a bot on SQLite never loads a PostgreSQL or Redis client.
 */
const serverConnectors: Record<string, () => Promise<ConnectorFactory>> = {
  redis: async () => (await import('./redis-store.js')).redisConnector,
  rediss: async () => (await import('./redis-store.js')).redisConnector,
  postgres: async () => (await import('./postgres-store.js')).postgresConnector,
  postgresql: async () => (await import('./postgres-store.js')).postgresConnector,
};

/**
 * Whether STORE_URL names a server store (PostgreSQL, Redis), which several processes may share: with one, the
 * catalogue lives in the store too (src/catalogue/store-catalogue.ts).
 */
export function isServerStoreUrl(url: string | undefined): boolean {
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url ?? '')?.[1]?.toLowerCase();
  return scheme !== undefined && scheme in serverConnectors;
}

/** Schemes whose keyv adapter is a separate package, installed when someone needs it. */
const optionalAdapters: Record<string, string> = {
  mysql: '@keyv/mysql',
  mongodb: '@keyv/mongo',
};

const supported = ['memory:', 'sqlite://<file>', ...[...Object.keys(serverConnectors), ...Object.keys(optionalAdapters)].map((scheme) => `${scheme}://…`)];

export interface OpenStoreOptions {
  /** The folder of the default SQLite file (default: the project's data/). */
  dataDir?: string;
  /** The keyv namespace (default: "liner-notes"), so several bots or test runs can share one server. */
  namespace?: string;
  /** The guilds this process writes; see guild-ownership.ts. */
  ownsGuild?: OwnsGuild;
}

function newKeyv(store: KeyvStoreAdapter | undefined, namespace: string): Keyv {
  const keyv = new Keyv({ ...(store ? { store } : {}), namespace, throwOnErrors: true });
  // Failures reach the caller through the rejected promise (throwOnErrors); this only keeps the event quiet.
  keyv.on('error', () => undefined);
  return keyv;
}

function sqliteConnector(file: string, namespace: string): KeyvConnector {
  return {
    location: file === ':memory:' ? 'SQLite in memory' : `SQLite file ${file}`,
    async open() {
      const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 });
      adapter.on('error', () => undefined);
      try {
        // WAL keeps readers and the single writer out of each other's way and makes each small write cheap.
        if (file !== ':memory:') {
          await adapter.query('PRAGMA journal_mode=WAL');
          await adapter.query('PRAGMA synchronous=NORMAL');
        }
      } catch (error) {
        await adapter.disconnect().catch(() => undefined);
        throw new StoreUrlError(`cannot open the SQLite store at ${file}: ${errorMessage(error)}`);
      }
      return { keyv: newKeyv(adapter, namespace), close: () => adapter.disconnect() };
    },
  };
}

async function openSqlite(file: string, options: OpenStoreOptions): Promise<Store> {
  if (file !== ':memory:') {
    try {
      await mkdir(dirname(file), { recursive: true });
    } catch (error) {
      throw new StoreUrlError(`cannot create the folder of the SQLite store ${file}: ${errorMessage(error)}`);
    }
  }
  const store = await createKeyvStore(sqliteConnector(file, options.namespace ?? defaultNamespace), options);
  return checkWritable(store, `the SQLite store at ${file}`);
}

/**
 * A store that cannot be written would lose every change of the run: find out at start, with one clear line,
 * rather than at the first flush. The check writes one small key of its own.
 */
async function checkWritable(store: Store, what: string): Promise<Store> {
  try {
    await store.likes.replaceMany(new Map([[writeCheckKey, new Set([String(Date.now())])]]));
  } catch (error) {
    await store.close().catch(() => undefined);
    // A server's error can quote its connection string: the message is masked like every other secret-bearing text.
    throw new StoreUrlError(`cannot write ${what}: ${redactSecrets(errorMessage(error))}`);
  }
  return store;
}

const writeCheckKey = 'store#write-check';

function isAdapterConstructor(value: unknown): value is new (uri: string) => KeyvStoreAdapter {
  return typeof value === 'function';
}

async function openServer(scheme: string, url: string, options: OpenStoreOptions): Promise<Store> {
  const load = serverConnectors[scheme];
  if (!load) throw new StoreUrlError(`STORE_URL scheme "${scheme}:" is not supported; supported: ${supported.join(', ')}`);
  const opened = (await load())(url, options.namespace ?? defaultNamespace);
  return checkWritable(await createKeyvStore(opened, options), `the store at ${opened.location}`);
}

async function openOptional(scheme: string, url: string, options: OpenStoreOptions): Promise<Store> {
  const packageName = optionalAdapters[scheme] ?? '';
  let loaded: unknown;
  try {
    loaded = await import(packageName);
  } catch {
    throw new StoreUrlError(
      `STORE_URL uses ${scheme}://, whose adapter is not installed yet: run "npm install ${packageName}" (keyv 5 compatible) and start again`,
    );
  }
  const adapter = loaded !== null && typeof loaded === 'object' && 'default' in loaded ? loaded.default : undefined;
  if (!isAdapterConstructor(adapter)) throw new StoreUrlError(`${packageName} does not export a keyv store adapter`);
  const location = redactUrl(url);
  const store = await createKeyvStore(
    {
      location,
      open: () => {
        const keyv = newKeyv(new adapter(url), options.namespace ?? defaultNamespace);
        return Promise.resolve({ keyv, close: () => keyv.disconnect() });
      },
    },
    options,
  );
  return checkWritable(store, location);
}

function memoryConnector(): KeyvConnector {
  // One Map for the store's life: a reopen keeps the data, as a memory store has no connection to lose.
  const keyv = newKeyv(undefined, defaultNamespace);
  return { location: 'memory', open: () => Promise.resolve({ keyv, close: () => Promise.resolve() }) };
}

/**
 * Opens the store a URL names (STORE_URL):
 *   undefined or ""   SQLite in <dataDir>/liner-notes.sqlite (dataDir defaults to the project's data/)
 *   "memory:"         an in-memory Map, gone when the process ends
 *   "sqlite://path"   SQLite in that file (relative paths from the working directory)
 *   "postgres://user:password@host:port/db" (or postgresql://)  PostgreSQL, keyv's table "keyv" in that database
 *   "redis://[:password@]host:port[/db]" (or rediss://)          Redis
 *   mysql://, mongodb://  the matching @keyv adapter, once installed
 * A server store can be shared by several processes, each writing only the guilds it owns (guild-ownership.ts).
 */
export async function openStore(url: string | undefined, options: OpenStoreOptions = {}): Promise<Store> {
  const trimmed = url?.trim() ?? '';
  if (trimmed.length === 0) return openSqlite(join(options.dataDir ?? projectDataDir, defaultSqliteFile), options);
  if (trimmed === 'memory:' || trimmed === 'memory://') return createKeyvStore(memoryConnector(), options);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new StoreUrlError(`STORE_URL has no scheme (such as sqlite:// or redis://); supported: ${supported.join(', ')}`);
  }
  if (scheme === 'sqlite') {
    const path = trimmed.replace(/^sqlite:(\/\/)?/i, '');
    if (path.length === 0) throw new StoreUrlError('STORE_URL "sqlite://" names no file: write sqlite://data/liner-notes.sqlite');
    return openSqlite(path === ':memory:' || isAbsolute(path) ? path : resolve(path), options);
  }
  if (scheme in serverConnectors) return openServer(scheme, trimmed, options);
  if (scheme in optionalAdapters) return openOptional(scheme, trimmed, options);
  throw new StoreUrlError(`STORE_URL scheme "${scheme}:" is not supported; supported: ${supported.join(', ')}`);
}
