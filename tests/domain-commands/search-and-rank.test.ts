import { describe, expect, it } from 'vitest';
import { rankReviews } from '../../src/domain/rank-reviews.js';
import { normalizeForSearch, searchReviews, suggestReviews } from '../../src/domain/search-reviews.js';
import { makeReview, loveAlbum, rockyIV, visionQuest } from './fixtures.js';

const catalogue = [visionQuest, rockyIV, loveAlbum];

describe('searchReviews', () => {
  it('finds Rocky IV by a track title', () => {
    expect(searchReviews(catalogue, 'burning heart', 25).map((r) => r.slug)).toEqual([rockyIV.slug]);
  });

  it('matches subjects, series and artists, case and punctuation aside', () => {
    expect(searchReviews(catalogue, 'ROCKY', 25)[0]?.slug).toBe(rockyIV.slug);
    expect(searchReviews(catalogue, 'soundtracks 1985', 25).map((r) => r.slug).sort()).toEqual(
      [rockyIV.slug, visionQuest.slug].sort(),
    );
    expect(searchReviews(catalogue, 'madonna', 25).map((r) => r.slug)).toEqual([visionQuest.slug]);
    expect(searchReviews(catalogue, 'the cult', 25)[0]?.slug).toBe(loveAlbum.slug);
  });

  it('ranks a subject match above a track-listing match', () => {
    const hearts = makeReview({ slug: 'hearts', title: 'Hearts', subject: 'Hearts' });
    expect(searchReviews([rockyIV, hearts], 'hearts', 25).map((r) => r.slug)).toEqual(['hearts', rockyIV.slug]);
  });

  it('returns nothing for no match or empty text, and honours the limit', () => {
    expect(searchReviews(catalogue, 'polka', 25)).toEqual([]);
    expect(searchReviews(catalogue, '  ', 25)).toEqual([]);
    const many = Array.from({ length: 40 }, (_, i) => makeReview({ slug: `r${i}`, title: `Review ${i}`, subject: `Review ${i}` }));
    expect(searchReviews(many, 'review', 25)).toHaveLength(25);
  });

  it('folds accents and curly quotes', () => {
    expect(normalizeForSearch('Café “Noir”')).toBe('cafe noir');
  });
});

describe('suggestReviews', () => {
  it('alternates the most recent and the most liked without repeats', () => {
    const counts = new Map([[visionQuest.slug, { likes: 5, responses: 0 }]]);
    expect(suggestReviews(catalogue, counts, 25).map((r) => r.slug)).toEqual([loveAlbum.slug, visionQuest.slug, rockyIV.slug]);
    expect(suggestReviews(catalogue, counts, 2)).toHaveLength(2);
  });
});

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

  it('ranks by responses when asked', () => {
    expect(rankReviews(catalogue, counts, 'responses', 10).map((r) => r.review.slug)).toEqual([
      visionQuest.slug,
      loveAlbum.slug,
      rockyIV.slug,
    ]);
  });
});
