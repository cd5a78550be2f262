import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { projectDataDir } from '../catalogue/data-dir.js';
import { createKeyvStore } from './keyv-store.js';
import type { Store } from './ports.js';

export type * from './ports.js';
export { defaultGuildSettings } from './ports.js';
export { createKeyvStore } from './keyv-store.js';

/** The file the embedded store uses when STORE_URL is unset (git-ignored: data/*.sqlite). */
export const defaultSqliteFile = 'liner-notes.sqlite';

const namespace = 'liner-notes';

/** Schemes whose keyv adapter is a separate package, installed when someone needs it. */
const optionalAdapters: Record<string, string> = {
  redis: '@keyv/redis',
  rediss: '@keyv/redis',
  postgres: '@keyv/postgres',
  postgresql: '@keyv/postgres',
  mysql: '@keyv/mysql',
  mongodb: '@keyv/mongo',
};

const supported = ['memory:', 'sqlite://<file>', ...Object.keys(optionalAdapters).map((scheme) => `${scheme}://…`)];

export class StoreUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUrlError';
  }
}

function newKeyv(store?: KeyvStoreAdapter): Keyv {
  const keyv = new Keyv({ ...(store ? { store } : {}), namespace, throwOnErrors: true });
  // Failures reach the caller through the rejected promise (throwOnErrors); this only keeps the event quiet.
  keyv.on('error', () => undefined);
  return keyv;
}

async function openSqlite(file: string): Promise<Store> {
  if (file !== ':memory:') {
    try {
      await mkdir(dirname(file), { recursive: true });
    } catch (error) {
      throw new StoreUrlError(`cannot create the folder of the SQLite store ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 });
  adapter.on('error', () => undefined);
  try {
    // WAL keeps readers and the single writer out of each other's way and makes each small write cheap.
    if (file !== ':memory:') {
      await adapter.query('PRAGMA journal_mode=WAL');
      await adapter.query('PRAGMA synchronous=NORMAL');
    }
  } catch (error) {
    throw new StoreUrlError(`cannot open the SQLite store at ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return createKeyvStore(newKeyv(adapter), () => adapter.disconnect());
}

function isAdapterConstructor(value: unknown): value is new (uri: string) => KeyvStoreAdapter {
  return typeof value === 'function';
}

async function openOptional(scheme: string, url: string): Promise<Store> {
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
  const store = new adapter(url);
  return createKeyvStore(newKeyv(store));
}

/**
 * Opens the store a URL names (STORE_URL):
 *   undefined or ""   SQLite in <dataDir>/liner-notes.sqlite (dataDir defaults to the project's data/)
 *   "memory:"         an in-memory Map, gone when the process ends
 *   "sqlite://path"   SQLite in that file (relative paths from the working directory)
 *   redis://, postgres:// …  the matching @keyv adapter, once installed
 */
export async function openStore(url: string | undefined, options: { dataDir?: string } = {}): Promise<Store> {
  const trimmed = url?.trim() ?? '';
  if (trimmed.length === 0) return openSqlite(join(options.dataDir ?? projectDataDir, defaultSqliteFile));
  if (trimmed === 'memory:' || trimmed === 'memory://') return createKeyvStore(newKeyv());
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new StoreUrlError(`STORE_URL "${trimmed}" has no scheme; supported: ${supported.join(', ')}`);
  }
  if (scheme === 'sqlite') {
    const path = trimmed.replace(/^sqlite:(\/\/)?/i, '');
    if (path.length === 0) throw new StoreUrlError('STORE_URL "sqlite://" names no file: write sqlite://data/liner-notes.sqlite');
    return openSqlite(path === ':memory:' || isAbsolute(path) ? path : resolve(path));
  }
  if (scheme in optionalAdapters) return openOptional(scheme, trimmed);
  throw new StoreUrlError(`STORE_URL scheme "${scheme}:" is not supported; supported: ${supported.join(', ')}`);
}
