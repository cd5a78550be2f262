import { describe, expect, it } from 'vitest';
import { rankReviews } from '../../src/domain/rank-reviews.js';
import { loveAlbum, rockyIV, visionQuest } from './fixtures.js';

const catalogue = [visionQuest, rockyIV, loveAlbum];

describe('rankReviews', () => {
  const counts = new Map([
    [rockyIV.slug, { likes: 3, responses: 1 }],
    [visionQuest.slug, { likes: 3, responses: 4 }],
    [loveAlbum.slug, { likes: 0, responses: 2 }],
  ]);

  it('orders by likes, ties broken by responses (sharing the rank), and leaves out zeroes', () => {
    const ranked = rankReviews(catalogue, counts, 'likes', 10);
    expect(ranked.map((r) => [r.rank, r.review.slug])).toEqual([
      [1, visionQuest.slug],
      [1, rockyIV.slug],
    ]);
  });

  it('shares a rank between equal scores and honours the limit', () => {
    const even = new Map([
      [rockyIV.slug, { likes: 2, responses: 0 }],
      [visionQuest.slug, { likes: 2, responses: 0 }],
      [loveAlbum.slug, { likes: 1, responses: 0 }],
    ]);
    expect(rankReviews(catalogue, even, 'likes', 10).map((r) => r.rank)).toEqual([1, 1, 3]);
    expect(rankReviews(catalogue, even, 'likes', 1)).toHaveLength(1);
  });

  it('follows a new counts snapshot and a new catalogue list', () => {
    expect(rankReviews(catalogue, counts, 'likes', 10).map((r) => r.review.slug)).toEqual([visionQuest.slug, rockyIV.slug]);
    const later = new Map([...counts, [loveAlbum.slug, { likes: 7, responses: 2 }]]);
    expect(rankReviews(catalogue, later, 'likes', 10).map((r) => [r.rank, r.review.slug])).toEqual([
      [1, loveAlbum.slug],
      [2, visionQuest.slug],
      [2, rockyIV.slug],
    ]);
    expect(rankReviews([rockyIV, loveAlbum], later, 'likes', 10).map((r) => r.review.slug)).toEqual([loveAlbum.slug, rockyIV.slug]);
    expect(rankReviews(catalogue, later, 'likes', 2).map((r) => r.rank)).toEqual([1, 2]);
  });

  it('ranks by responses when asked', () => {
    expect(rankReviews(catalogue, counts, 'responses', 10).map((r) => r.review.slug)).toEqual([visionQuest.slug, loveAlbum.slug, rockyIV.slug]);
  });
});
