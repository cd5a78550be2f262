import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../src/domain/keyed-lock.js';
import { paginate } from '../../src/domain/paginate.js';
import { seriesNeighbours, seriesOrder } from '../../src/domain/series-order.js';
import { loveAlbum, makeReview, rockyIV, visionQuest } from './fixtures.js';

describe('seriesOrder', () => {
  it('follows the imported "Next post" links', () => {
    // Rocky IV entered the catalogue later, but Vision Quest's "Next post" names it.
    const order = seriesOrder([rockyIV, loveAlbum, visionQuest], 'Great Soundtracks of 1985');
    expect(order.map((r) => r.slug)).toEqual([visionQuest.slug, rockyIV.slug]);
  });

  it('orders unlinked members by when they were added, and survives a cycle', () => {
    const a = makeReview({ slug: 'a', title: 'S: A', series: 'S', subject: 'A', nextPost: 'S: B', addedAt: '2024-01-02' });
    const b = makeReview({ slug: 'b', title: 'S: B', series: 'S', subject: 'B', nextPost: 'S: A', addedAt: '2024-01-01' });
    const c = makeReview({ slug: 'c', title: 'S: C', series: 'S', subject: 'C', addedAt: '2024-01-03' });
    expect(seriesOrder([a, b, c], 'S').map((r) => r.slug).sort()).toEqual(['a', 'b', 'c']);
    expect(seriesOrder([a, b, c], 'S')).toHaveLength(3);
  });

  it('gives previous and next neighbours, none outside a series', () => {
    const all = [rockyIV, loveAlbum, visionQuest];
    expect(seriesNeighbours(all, rockyIV)).toEqual({ previous: visionQuest, next: null });
    expect(seriesNeighbours(all, visionQuest)).toEqual({ previous: null, next: rockyIV });
    expect(seriesNeighbours(all, loveAlbum)).toEqual({ previous: null, next: null });
  });
});

describe('paginate', () => {
  it('slices pages and clamps out-of-range page numbers', () => {
    const items = [1, 2, 3, 4, 5];
    expect(paginate(items, 2, 0)).toEqual({ items: [1, 2], page: 0, pageCount: 3 });
    expect(paginate(items, 2, 2)).toEqual({ items: [5], page: 2, pageCount: 3 });
    expect(paginate(items, 2, 9)).toEqual({ items: [5], page: 2, pageCount: 3 });
    expect(paginate([], 2, 0)).toEqual({ items: [], page: 0, pageCount: 1 });
  });
});

describe('KeyedLock', () => {
  it('runs tasks on one key one at a time, in order, even when one fails', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const task = (name: string, fail = false) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([lock.run('k', task('a', true)), lock.run('k', task('b')), lock.run('other', task('c'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(events.indexOf('end a')).toBeLessThan(events.indexOf('start b'));
    expect(events.indexOf('start c')).toBeLessThan(events.indexOf('end a'));
    expect(lock.busyKeys).toBe(0);
  });
});
