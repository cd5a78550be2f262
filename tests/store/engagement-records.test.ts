import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';

describe('engagement records', () => {
  it('keep which like emoji each person used and the deleted posts and threads, replaced whole', async () => {
    const store = await openStore('memory:');
    await store.engagementRecords.write({
      emojiDetail: new Map([
        [
          'post-1',
          new Map([
            ['u1', ['👍', '❤']],
            ['u2', ['👍']],
          ]),
        ],
      ]),
      deletedIds: new Set(['post:9', 'thread:8']),
    });
    expect(await store.engagementRecords.emojiDetail('post-1')).toEqual(
      new Map([
        ['u1', ['👍', '❤']],
        ['u2', ['👍']],
      ]),
    );
    expect(await store.engagementRecords.deletedIds()).toEqual(new Set(['post:9', 'thread:8']));
    // A write without the deleted set leaves it; an empty detail clears the target's.
    await store.engagementRecords.write({ emojiDetail: new Map([['post-1', new Map()]]) });
    expect(await store.engagementRecords.emojiDetail('post-1')).toEqual(new Map());
    expect(await store.engagementRecords.deletedIds()).toEqual(new Set(['post:9', 'thread:8']));
    // The records are not likes: the post's like set is untouched.
    expect(await store.likes.users('post-1')).toEqual(new Set());
    await store.close();
  });

  it('read what an earlier version wrote beside the like sets, so an upgrade keeps its detail', async () => {
    const store = await openStore('memory:');
    await store.likes.replaceMany(
      new Map([
        ['post-2#emoji', new Set(['u3 👍', 'u3 🔥'])],
        ['engagement#deleted', new Set(['post:1'])],
      ]),
    );
    expect(await store.engagementRecords.emojiDetail('post-2')).toEqual(new Map([['u3', ['👍', '🔥']]]));
    expect(await store.engagementRecords.deletedIds()).toEqual(new Set(['post:1']));
    await store.close();
  });
});
