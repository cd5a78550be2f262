import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore, StoreUrlError } from '../../src/store/index.js';
import { persistentStoreCases, serverCases, type StorePlace } from './helpers/store-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'liner-notes-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function openError(url: string): Promise<StoreUrlError> {
  try {
    const store = await openStore(url, { dataDir: dir });
    await store.close();
  } catch (error) {
    if (error instanceof StoreUrlError) return error;
    throw error;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe.each(persistentStoreCases('a restart'))('a restart of the $name store', (storeCase) => {
  let place: StorePlace | undefined;
  afterEach(() => place?.dispose());

  it('keeps every kind of data', async () => {
    place = storeCase.place();
    const first = await place.open();
    await first.likes.add('post', 'ana');
    await first.likes.add('post', 'bob');
    await first.settings.set('g1', { reviewsChannelId: 'c1', likeEmojis: ['🔥'], adminRoleId: null, countOwnLikes: false });
    await first.publications.save({
      guildId: 'g1',
      slug: 's',
      channelId: 'c1',
      messageId: 'm1',
      threadId: 't1',
      postedBy: 'admin',
      postedAt: '2024-05-01T00:00:00Z',
      withdrawn: false,
    });
    await first.responses.upsert({
      messageId: 'r1',
      threadId: 't1',
      authorId: 'u',
      authorName: 'U',
      content: 'hi',
      createdAt: '2024-05-01T00:00:01Z',
      editedAt: null,
    });
    await first.close();

    const second = await place.open();
    expect([...(await second.likes.users('post'))].sort()).toEqual(['ana', 'bob']);
    expect((await second.settings.get('g1')).likeEmojis).toEqual(['🔥']);
    expect((await second.publications.byThread('t1'))?.messageId).toBe('m1');
    expect((await second.publications.listAll()).map((p) => p.slug)).toEqual(['s']);
    expect((await second.responses.list('t1')).map((r) => r.content)).toEqual(['hi']);
    await second.close();
  });
});

describe('openStore', () => {
  it('uses liner-notes.sqlite in the data folder when no URL is given', async () => {
    const store = await openStore(undefined, { dataDir: join(dir, 'data') });
    await store.likes.add('x', 'y');
    await store.close();
    expect(existsSync(join(dir, 'data', 'liner-notes.sqlite'))).toBe(true);
  });

  it('forgets an in-memory store on close', async () => {
    const first = await openStore('memory:');
    await first.likes.add('post', 'ana');
    await first.close();
    const second = await openStore('memory:');
    expect((await second.likes.users('post')).size).toBe(0);
    await second.close();
  });

  it('closing twice is harmless', async () => {
    const store = await openStore(`sqlite://${join(dir, 'twice.sqlite')}`);
    await store.close();
    await store.close();
  });

  it('refuses an unknown scheme, naming it and the supported ones', async () => {
    const error = await openError('ftp://example.org/store');
    expect(error.message).toMatch(/scheme "ftp:" is not supported/);
    expect(error.message).toMatch(/memory:, sqlite:\/\/<file>, redis:\/\//);
  });

  it('refuses a URL without a scheme', async () => {
    expect((await openError('just-a-file.sqlite')).message).toMatch(/has no scheme/);
  });

  it('says which package to install for the adapters it does not ship (MySQL, MongoDB)', async () => {
    expect((await openError('mysql://user@localhost/db')).message).toMatch(/not installed yet: run "npm install @keyv\/mysql"/);
    expect((await openError('mongodb://localhost:27017/db')).message).toMatch(/npm install @keyv\/mongo/);
  });

  it('refuses a PostgreSQL or Redis server that does not answer, in one line naming it without its password', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const postgres = await openError('postgres://liner:hunter2-secret@127.0.0.1:1/liner');
    expect(postgres.message).toBe('cannot open the store at PostgreSQL postgres://[redacted]@127.0.0.1:1/liner: connect ECONNREFUSED 127.0.0.1:1');
    const redis = await openError('redis://:hunter2-secret@127.0.0.1:1');
    expect(redis.message).toBe('cannot open the store at Redis redis://[redacted]@127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1');
    const postgresql = await openError('postgresql://liner:hunter2-secret@127.0.0.1:1/liner');
    expect(postgresql.message).toMatch(/^cannot open the store at PostgreSQL postgresql:\/\/\[redacted\]@127\.0\.0\.1:1\/liner: /);
    for (const error of [postgres, redis, postgresql]) expect(error.message).not.toContain('hunter2');
  });

  it('refuses a file that is not a database, or sits under a file, with a clear error', async () => {
    const notADatabase = join(dir, 'notes.txt');
    writeFileSync(notADatabase, 'these are notes, not a database');
    expect((await openError(`sqlite://${notADatabase}`)).message).toMatch(/cannot open the SQLite store at .*notes\.txt: SQLITE_NOTADB/);
    expect((await openError(`sqlite://${join(notADatabase, 'x.sqlite')}`)).message).toMatch(/cannot create the folder of the SQLite store/);
  });

  it('refuses sqlite:// without a file', async () => {
    expect((await openError('sqlite://')).message).toMatch(/names no file/);
  });
});

describe.each(serverCases())('the $name server', (storeCase) => {
  it("refuses a wrong password with the server's reason, never the password", async () => {
    const { url } = storeCase.place();
    const parsed = new URL(url);
    parsed.password = 'wrong-password-42';
    // Redis without a password configured refuses AUTH too, so both servers answer with a refusal.
    const error = await openError(parsed.toString());
    expect(error.message).toMatch(/^cannot open the store at (PostgreSQL|Redis) \w+:\/\/\[redacted\]@127\.0\.0\.1:\d+/);
    expect(error.message).toMatch(/password|AUTH/);
    expect(error.message).not.toContain('wrong-password-42');
  });
});
