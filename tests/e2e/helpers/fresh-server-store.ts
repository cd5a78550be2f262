import { randomBytes } from 'node:crypto';
import { createClient } from '@keyv/redis';
import pg from 'pg';

/**
 * A store of its own on a test server, for a process that opens STORE_URL with the default namespace (the bot, the
 * CLI): a new PostgreSQL database, or a Redis database number nobody else holds. `dispose` removes it.
 */
export interface FreshServerStore {
  name: string;
  url: string;
  dispose(): Promise<void>;
}

export async function freshPostgres(serverUrl: string): Promise<FreshServerStore> {
  const database = `liner_notes_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return {
    name: 'PostgreSQL',
    url: url.toString(),
    async dispose() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Redis has databases 0–15; 0 is the other tests' (they use namespaces). A claim in database 0 reserves one. */
export async function freshRedis(serverUrl: string): Promise<FreshServerStore> {
  const claims = createClient({ url: serverUrl });
  await claims.connect();
  try {
    for (let db = 1; db <= 15; db++) {
      const claim = `liner-notes-test-claim:${db}`;
      if ((await claims.set(claim, String(process.pid), { condition: 'NX', expiration: { type: 'EX', value: 900 } })) !== 'OK') continue;
      const url = new URL(serverUrl);
      url.pathname = `/${db}`;
      const client = createClient({ url: url.toString() });
      await client.connect();
      await client.flushDb();
      await client.close();
      return {
        name: 'Redis',
        url: url.toString(),
        async dispose() {
          const cleaner = createClient({ url: url.toString() });
          await cleaner.connect();
          await cleaner.flushDb();
          await cleaner.close();
          const releaser = createClient({ url: serverUrl });
          await releaser.connect();
          await releaser.del(claim);
          await releaser.close();
        },
      };
    }
  } finally {
    await claims.close();
  }
  throw new Error('every Redis database 1–15 is claimed by another test run');
}

/** A fresh store on each test server whose URL is set (see tests/store/helpers/store-cases.ts). */
export function freshServerStores(): { name: string; create: () => Promise<FreshServerStore> }[] {
  const postgres = process.env.TEST_POSTGRES_URL?.trim();
  const redis = process.env.TEST_REDIS_URL?.trim();
  return [
    ...(postgres ? [{ name: 'PostgreSQL', create: () => freshPostgres(postgres) }] : []),
    ...(redis ? [{ name: 'Redis', create: () => freshRedis(redis) }] : []),
  ];
}
