import KeyvPostgres from '@keyv/postgres';
import Keyv from 'keyv';
import pg from 'pg';
import { errorMessage } from '../errors.js';
import { redactSecrets, redactUrl } from '../redact.js';
import type { KeyvConnector } from './keyv-store.js';
import type { SharedSet } from './shared-set.js';
import { StoreUrlError } from './store-error.js';

/** The table of shared sets, beside keyv's own table ("keyv"): one row per member, so adding is one upsert. */
const setsTable = 'liner_notes_sets';

/** Connecting to a server that does not answer fails after this long instead of hanging the start. */
const connectTimeoutMs = 5000;

/**
 * @keyv/postgres keeps one pg pool per module and ends it on any adapter's disconnect, so replacing a connection
 * (a reopen after failed writes) would end the new one's pool too. Each opened connection here owns its pool: the
 * adapter queries through it and its disconnect ends that pool alone.
 */
function adapterOnPool(pool: pg.Pool, url: string): KeyvPostgres {
  class PooledKeyvPostgres extends KeyvPostgres {
    override connect(): Promise<(sql: string, values?: unknown) => Promise<unknown[]>> {
      return Promise.resolve(async (sql: string, values?: unknown) => (await pool.query<pg.QueryResultRow>(sql, values as unknown[] | undefined)).rows);
    }

    override async disconnect(): Promise<void> {
      await pool.end();
    }
  }
  return new PooledKeyvPostgres({ uri: url });
}

/** Concurrent CREATE … IF NOT EXISTS from two processes can still collide in the catalogue; the table is there then. */
function isAlreadyThere(error: unknown): boolean {
  const code = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
  // Two processes creating the table at once: a unique violation on the catalog, "relation already exists", or
  // "type already exists" (the table's row type), depending on where they collide.
  return code === '23505' || code === '42P07' || code === '42710';
}

function postgresSet(pool: pg.Pool, namespace: string, name: string): SharedSet {
  return {
    async add(member) {
      // One statement: the primary key makes a second addition of the same member a no-op, from any process.
      await pool.query(`INSERT INTO ${setsTable} (namespace, name, member) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [namespace, name, member]);
    },
    async members() {
      const result = await pool.query<{ member: string }>(`SELECT member FROM ${setsTable} WHERE namespace = $1 AND name = $2`, [namespace, name]);
      return result.rows.map((row) => row.member);
    },
  };
}

/** PostgreSQL through @keyv/postgres (keyv's table "keyv", keys prefixed with the namespace). */
export function postgresConnector(url: string, namespace: string): KeyvConnector {
  const location = `PostgreSQL ${redactUrl(url)}`;
  return {
    location,
    async open() {
      const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, max: 10 });
      // An idle connection the server dropped: the pool discards it, and the next query reports any lasting failure.
      pool.on('error', () => undefined);
      try {
        await pool.query(
          `CREATE TABLE IF NOT EXISTS ${setsTable} (namespace TEXT NOT NULL, name TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (namespace, name, member))`,
        );
      } catch (error) {
        if (!isAlreadyThere(error)) {
          await pool.end().catch(() => undefined);
          throw new StoreUrlError(`cannot open the store at ${location}: ${redactSecrets(errorMessage(error)) || 'no answer'}`);
        }
      }
      const adapter = adapterOnPool(pool, url);
      adapter.on('error', () => undefined);
      const keyv = new Keyv({ store: adapter, namespace, throwOnErrors: true });
      keyv.on('error', () => undefined);
      return {
        keyv,
        close: () => pool.end(),
        sharedSet: (name: string) => postgresSet(pool, namespace, name),
      };
    },
  };
}
