import { describe, expect, it } from 'vitest';
import { BatchedWriter } from '../../src/engagement/batched-writer.js';
import { createPostState } from '../../src/engagement/view.js';
import { likeSetEngagementRecords } from '../../src/store/keyv-engagement-records.js';
import { pino } from 'pino';
import { createLogger, type Logger } from '../../src/logger.js';
import { openStore } from '../../src/store/index.js';
import type { Publication, Store, StoredResponse } from '../../src/store/ports.js';

const silent = createLogger('silent');

function publication(messageId: string): Publication {
  return {
    guildId: 'guild',
    slug: 'rocky-iv',
    channelId: 'channel',
    messageId,
    threadId: null,
    postedBy: 'admin',
    postedAt: '2024-01-01T00:00:00.000Z',
    withdrawn: false,
  };
}

/** The store with replaceMany (and response upserts) failing the next `failures` times, its calls counted. */
function flaky(store: Store): Store & { calls: number; failures: number; reopened: number } {
  const wrapped = {
    settings: store.settings,
    publications: store.publications,
    catalogue: store.catalogue,
    responses: {
      upsert: async (response: StoredResponse) => {
        if (wrapped.failures > 0) {
          wrapped.failures -= 1;
          throw new Error('database is locked');
        }
        await store.responses.upsert(response);
      },
      remove: (threadId: string, messageId: string) => store.responses.remove(threadId, messageId),
      list: (threadId: string) => store.responses.list(threadId),
    },
    location: 'a flaky test store',
    reopen: () => {
      wrapped.reopened += 1;
      return store.reopen();
    },
    close: () => store.close(),
    calls: 0,
    failures: 0,
    reopened: 0,
    likes: {
      add: (targetId: string, userId: string) => store.likes.add(targetId, userId),
      remove: (targetId: string, userId: string) => store.likes.remove(targetId, userId),
      clear: (targetId: string) => store.likes.clear(targetId),
      users: (targetId: string) => store.likes.users(targetId),
      replaceMany: async (sets: ReadonlyMap<string, ReadonlySet<string>>) => {
        wrapped.calls += 1;
        if (wrapped.failures > 0) {
          wrapped.failures -= 1;
          throw new Error('database is locked');
        }
        await store.likes.replaceMany(sets);
      },
    },
    // The records ride on the like sets' storage, so the same failures reach them.
    get engagementRecords() {
      return likeSetEngagementRecords(wrapped.likes);
    },
  };
  return wrapped;
}

describe('BatchedWriter', () => {
  it('writes many changes to one target as one set', async () => {
    const store = flaky(await openStore('memory:'));
    const post = createPostState(publication('post-1'));
    const writer = new BatchedWriter(
      store,
      silent,
      () => new Set(),
      () => false,
    );
    for (let user = 0; user < 100; user++) {
      post.tally.add(`user-${user}`, '👍');
      writer.markDirty(post);
    }
    post.tally.remove('user-7', '👍');
    writer.markDirty(post);
    await writer.flush();
    expect(store.calls).toBe(1);
    expect((await store.likes.users('post-1')).size).toBe(99);
    expect(await store.engagementRecords.emojiDetail('post-1')).toEqual(new Map());
    await writer.flush();
    expect(store.calls).toBe(1);
  });

  it('keeps a failed write dirty and writes it on the next flush', async () => {
    const store = flaky(await openStore('memory:'));
    const post = createPostState(publication('post-2'));
    const writer = new BatchedWriter(
      store,
      silent,
      () => new Set(),
      () => false,
    );
    post.tally.add('user-1', '👍');
    writer.markDirty(post);
    store.failures = 1;
    await writer.flush();
    expect(await store.likes.users('post-2')).toEqual(new Set());
    expect(writer.pending).toBe(1);
    await writer.flush();
    expect(await store.likes.users('post-2')).toEqual(new Set(['user-1']));
    expect(writer.pending).toBe(0);
  });

  it('persists which like emoji each person used while the guild has several', async () => {
    const store = flaky(await openStore('memory:'));
    const post = createPostState(publication('post-3'));
    const writer = new BatchedWriter(
      store,
      silent,
      () => new Set(['post:gone']),
      () => true,
    );
    post.tally.add('user-1', '👍');
    post.tally.add('user-1', '❤');
    writer.markDirty(post);
    writer.markDeletedIdsDirty();
    await writer.flush();
    expect(await store.engagementRecords.emojiDetail('post-3')).toEqual(new Map([['user-1', ['👍', '❤']]]));
    expect(await store.engagementRecords.deletedIds()).toEqual(new Set(['post:gone']));
  });

  it('writes the latest state of each response and retries a failed one', async () => {
    const store = flaky(await openStore('memory:'));
    const writer = new BatchedWriter(
      store,
      silent,
      () => new Set(),
      () => false,
    );
    const response: StoredResponse = {
      messageId: 'm1',
      threadId: 't1',
      authorId: 'u1',
      authorName: 'Listener',
      content: 'Burning Heart',
      createdAt: '2024-01-01T00:00:00.000Z',
      editedAt: null,
    };
    writer.markResponseChanged('m1', { kind: 'upsert', response });
    writer.markResponseChanged('m1', { kind: 'upsert', response: { ...response, content: 'Hearts on Fire', editedAt: '2024-01-01T00:01:00.000Z' } });
    writer.markResponseChanged('m2', { kind: 'upsert', response: { ...response, messageId: 'm2', content: 'gone soon' } });
    writer.markResponseChanged('m2', { kind: 'remove', threadId: 't1', messageId: 'm2' });
    store.failures = 1;
    await writer.flush();
    expect(await store.responses.list('t1')).toEqual([]);
    expect(writer.pending).toBe(1);
    await writer.flush();
    expect((await store.responses.list('t1')).map((stored) => stored.content)).toEqual(['Hearts on Fire']);
    expect(writer.pending).toBe(0);
  });

  it('logs a failing store once, retries on a new connection with backoff, reminds at most once a period and says when it heals', async () => {
    const store = flaky(await openStore('memory:'));
    const lines: { level: number; msg: string; store?: string; cause?: string; unwritten?: number }[] = [];
    const logger: Logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
    const policy = { retryDelayMs: 0, maxRetryDelayMs: 0, reminderEveryMs: 60_000 };
    const writer = new BatchedWriter(
      store,
      logger,
      () => new Set(),
      () => false,
      policy,
    );
    const post = createPostState(publication('post-4'));
    post.tally.add('user-1', '👍');
    writer.markDirty(post);
    // Every write fails until the store heals (a flush may make two writes: the like sets and the records).
    store.failures = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 5; attempt++) await writer.flush();
    expect(writer.failing).toBe(true);
    expect(store.reopened).toBe(5);
    expect(await store.likes.users('post-4')).toEqual(new Set());
    const errors = lines.filter((line) => line.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ store: 'a flaky test store', cause: 'database is locked', unwritten: 1 });
    store.failures = 0;
    await writer.flush();
    expect(writer.failing).toBe(false);
    expect(await store.likes.users('post-4')).toEqual(new Set(['user-1']));
    expect(lines.filter((line) => line.level >= 50)).toHaveLength(1);
    expect(lines.at(-1)?.msg).toMatch(/writable again/);
  });
});
