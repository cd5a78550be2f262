import { describe, expect, it } from 'vitest';
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
    expect(
      seriesOrder([a, b, c], 'S')
        .map((r) => r.slug)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    expect(seriesOrder([a, b, c], 'S')).toHaveLength(3);
  });

  it('gives previous and next neighbours, none outside a series', () => {
    const all = [rockyIV, loveAlbum, visionQuest];
    expect(seriesNeighbours(all, rockyIV)).toEqual({ previous: visionQuest, next: null });
    expect(seriesNeighbours(all, visionQuest)).toEqual({ previous: null, next: rockyIV });
    expect(seriesNeighbours(all, loveAlbum)).toEqual({ previous: null, next: null });
  });
});
