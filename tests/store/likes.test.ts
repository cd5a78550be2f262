import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { memoryCase, persistentStoreCases, type StorePlace } from './helpers/store-cases.js';

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const stores = [...persistentStoreCases('likes'), memoryCase];

describe.each(stores)('likes in the $name store', (storeCase) => {
  let place: StorePlace;
  let store: Store;

  beforeEach(async () => {
    place = storeCase.place();
    store = await place.open();
  });

  afterEach(async () => {
    await store.close();
    place.dispose();
  });

  it('counts a user once however often they add, and ignores removing someone absent', async () => {
    expect(await store.likes.add('post', 'ana')).toBe(true);
    expect(await store.likes.add('post', 'ana')).toBe(false);
    expect(await store.likes.remove('post', 'bob')).toBe(false);
    expect(await store.likes.remove('other-post', 'ana')).toBe(false);
    expect([...(await store.likes.users('post'))]).toEqual(['ana']);
    expect(await store.likes.remove('post', 'ana')).toBe(true);
    expect((await store.likes.users('post')).size).toBe(0);
  });

  it('keeps targets apart and clears one', async () => {
    await store.likes.add('a', 'u1');
    await store.likes.add('b', 'u1');
    await store.likes.add('b', 'u2');
    await store.likes.clear('b');
    expect([...(await store.likes.users('a'))]).toEqual(['u1']);
    expect((await store.likes.users('b')).size).toBe(0);
  });

  it('loses nothing under 1,000 concurrent adds and removes from 200 users on one post', async () => {
    const next = random(1985);
    const operations = Array.from({ length: 1000 }, () => ({
      kind: next() < 0.6 ? ('add' as const) : ('remove' as const),
      userId: `user-${Math.floor(next() * 200)}`,
    }));
    // The model: the same operations applied one after another in the order they were issued.
    const model = new Set<string>();
    const expectedResults = operations.map(({ kind, userId }) => {
      if (kind === 'add') {
        if (model.has(userId)) return false;
        model.add(userId);
        return true;
      }
      return model.delete(userId);
    });

    const results = await Promise.all(
      operations.map(({ kind, userId }) => (kind === 'add' ? store.likes.add('review-post', userId) : store.likes.remove('review-post', userId))),
    );

    expect(results).toEqual(expectedResults);
    expect([...(await store.likes.users('review-post'))].sort()).toEqual([...model].sort());
  });

  it('replaceMany overwrites whole sets, an empty set removing the target, in order with single changes', async () => {
    await store.likes.add('p1', 'old');
    await store.likes.add('p2', 'old');
    const pendingAdd = store.likes.add('p1', 'late');
    await store.likes.replaceMany(
      new Map([
        ['p1', new Set(['x', 'y'])],
        ['p2', new Set<string>()],
        ['p3', new Set(['z'])],
      ]),
    );
    expect(await pendingAdd).toBe(true);
    expect([...(await store.likes.users('p1'))].sort()).toEqual(['x', 'y']);
    expect((await store.likes.users('p2')).size).toBe(0);
    expect([...(await store.likes.users('p3'))]).toEqual(['z']);
  });
});
