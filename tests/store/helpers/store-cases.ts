import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { openStore, type OpenStoreOptions, type Store } from '../../../src/store/index.js';

/**
 * The stores the store suite runs on. SQLite and memory need nothing; PostgreSQL and Redis need a server, named by
 * TEST_POSTGRES_URL and TEST_REDIS_URL (`eval "$(bash .ci/services.sh start)"` starts both, see
 * docs/running-at-scale.md).
 */
export interface StoreCase {
  name: string;
  /** A fresh place to store in (a new file, or a new namespace on the server), for one test. */
  place(): StorePlace;
}

export interface StorePlace {
  url: string;
  options: OpenStoreOptions;
  /** Opens the store at this place; a second open sees what the first wrote. */
  open(): Promise<Store>;
  /** Removes what the place left on disk (a server namespace is left: its keys are unique to the run). */
  dispose(): void;
}

function sqlitePlace(): StorePlace {
  const dir = mkdtempSync(join(tmpdir(), 'liner-notes-store-'));
  const url = `sqlite://${join(dir, 'store.sqlite')}`;
  return { url, options: {}, open: () => openStore(url), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function serverPlace(url: string): StorePlace {
  // A namespace of its own per test, so runs (and tests) sharing a server never see each other's keys.
  const options = { namespace: `test-${randomUUID()}` };
  return { url, options, open: () => openStore(url, options), dispose: () => undefined };
}

const servers = [
  { name: 'PostgreSQL', variable: 'TEST_POSTGRES_URL' },
  { name: 'Redis', variable: 'TEST_REDIS_URL' },
] as const;

export const sqliteCase: StoreCase = { name: 'SQLite', place: sqlitePlace };

export const memoryCase: StoreCase = {
  name: 'memory',
  place: () => ({ url: 'memory:', options: {}, open: () => openStore('memory:'), dispose: () => undefined }),
};

/** The server stores whose URL is set. */
export function serverCases(): StoreCase[] {
  return servers.flatMap(({ name, variable }) => {
    const url = process.env[variable]?.trim();
    return url ? [{ name, place: () => serverPlace(url) }] : [];
  });
}

/**
 * For each server whose URL is missing, a failing test that says what to set: a store suite that skipped
 * PostgreSQL or Redis would pass while proving nothing. `bash .ci/run` (the README's test command) starts both.
 */
export function reportMissingServers(suite: string): void {
  for (const { name, variable } of servers) {
    if (process.env[variable]?.trim()) continue;
    const reason = `${variable} is not set, so ${suite} cannot run on ${name}; start the test servers with eval "$(bash .ci/services.sh start)"`;
    describe(`${suite} on ${name}`, () => {
      it(`needs ${variable}`, () => {
        throw new Error(reason);
      });
    });
  }
}

/** SQLite, then every server store that is set up; missing servers are reported under `suite`'s name. */
export function persistentStoreCases(suite: string): StoreCase[] {
  reportMissingServers(suite);
  return [sqliteCase, ...serverCases()];
}
