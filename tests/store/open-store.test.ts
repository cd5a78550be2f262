import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, StoreUrlError } from '../../src/store/index.js';

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

describe('openStore', () => {
  it('keeps data across a restart of the SQLite store', async () => {
    const file = join(dir, 'restart.sqlite');
    const first = await openStore(`sqlite://${file}`);
    await first.likes.add('post', 'ana');
    await first.likes.add('post', 'bob');
    await first.settings.set('g1', { reviewsChannelId: 'c1', likeEmojis: ['🔥'], adminRoleId: null, countOwnLikes: false });
    await first.publications.save({
      guildId: 'g1', slug: 's', channelId: 'c1', messageId: 'm1', threadId: 't1', postedBy: 'admin', postedAt: '2024-05-01T00:00:00Z', withdrawn: false,
    });
    await first.responses.upsert({
      messageId: 'r1', threadId: 't1', authorId: 'u', authorName: 'U', content: 'hi', createdAt: '2024-05-01T00:00:01Z', editedAt: null,
    });
    await first.close();

    const second = await openStore(`sqlite://${file}`);
    expect([...(await second.likes.users('post'))].sort()).toEqual(['ana', 'bob']);
    expect((await second.settings.get('g1')).likeEmojis).toEqual(['🔥']);
    expect((await second.publications.byThread('t1'))?.messageId).toBe('m1');
    expect((await second.publications.listAll()).map((p) => p.slug)).toEqual(['s']);
    expect((await second.responses.list('t1')).map((r) => r.content)).toEqual(['hi']);
    await second.close();
  });

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

  it('says which package to install for Redis and Postgres', async () => {
    expect((await openError('redis://localhost:6379')).message).toMatch(/not installed yet: run "npm install @keyv\/redis"/);
    expect((await openError('postgres://user@localhost/db')).message).toMatch(/npm install @keyv\/postgres/);
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
