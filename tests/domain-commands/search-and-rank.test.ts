import { describe, expect, it } from 'vitest';
import { rankReviews } from '../../src/domain/rank-reviews.js';
import { normalizeForSearch, reviewsNamed, searchReviews, suggestReviews } from '../../src/domain/search-reviews.js';
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

describe('search over catalogue versions', () => {
  it('sees a review added, changed or removed as soon as the catalogue hands out its new list', () => {
    const before = [rockyIV, visionQuest];
    expect(searchReviews(before, 'cult', 25)).toEqual([]);
    const added = [rockyIV, visionQuest, loveAlbum];
    expect(searchReviews(added, 'cult', 25).map((r) => r.slug)).toEqual([loveAlbum.slug]);
    const renamed = { ...rockyIV, subject: 'Drago', tracks: [{ position: 1, artist: 'Survivor', title: 'Eye of the Tiger' }] };
    const updated = [renamed, visionQuest, loveAlbum];
    expect(searchReviews(updated, 'burning heart', 25)).toEqual([]);
    expect(searchReviews(updated, 'drago', 25)).toEqual([renamed]);
    expect(searchReviews([visionQuest], 'drago', 25)).toEqual([]);
    // an older list still answers for what it holds
    expect(searchReviews(before, 'burning heart', 25)).toEqual([rockyIV]);
  });

  it('answers the same query on the same list the same way every time', () => {
    const first = searchReviews(catalogue, 'soundtracks 1985', 25).map((r) => r.slug);
    expect(searchReviews(catalogue, 'soundtracks 1985', 25).map((r) => r.slug)).toEqual(first);
    expect(searchReviews(catalogue, 'soundtracks 1985', 1).map((r) => r.slug)).toEqual(first.slice(0, 1));
    const mine = searchReviews(catalogue, 'soundtracks 1985', 25);
    mine.reverse().push(loveAlbum);
    expect(searchReviews(catalogue, 'soundtracks 1985', 25).map((r) => r.slug)).toEqual(first);
  });

  it('keeps the best matches in score, then title, then catalogue order when many match', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      makeReview({ slug: `r${i}`, title: `Album ${String(59 - i).padStart(2, '0')}`, subject: i % 2 === 0 ? 'Night Drive' : 'Drive at Night' }),
    );
    const twins = [makeReview({ slug: 'twin-b', title: 'Aardvark', subject: 'Night Drive' }), makeReview({ slug: 'twin-a', title: 'Aardvark', subject: 'Night Drive' })];
    const list = [...many, ...twins];
    const expected = [...list]
      .filter((r) => r.subject === 'Night Drive')
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((r) => r.slug);
    expect(searchReviews(list, 'night drive', 25).map((r) => r.slug)).toEqual(expected.slice(0, 25));
    expect(expected.slice(0, 2)).toEqual(['twin-b', 'twin-a']);
  });

  it('finds reviews by their exact subject or title, case and punctuation aside', () => {
    expect(reviewsNamed(catalogue, 'rocky iv')).toEqual([rockyIV]);
    expect(reviewsNamed(catalogue, rockyIV.title.toUpperCase())).toEqual([rockyIV]);
    expect(reviewsNamed(catalogue, 'rocky')).toEqual([]);
  });
});

describe('suggestReviews', () => {
  it('alternates the most recent and the most liked without repeats', () => {
    const counts = new Map([[visionQuest.slug, { likes: 5, responses: 0 }]]);
    expect(suggestReviews(catalogue, counts, 25).map((r) => r.slug)).toEqual([loveAlbum.slug, visionQuest.slug, rockyIV.slug]);
    expect(suggestReviews(catalogue, counts, 2)).toHaveLength(2);
  });

  it('follows a new counts snapshot and a new catalogue list', () => {
    const counts = new Map([[visionQuest.slug, { likes: 5, responses: 0 }]]);
    expect(suggestReviews(catalogue, counts, 2).map((r) => r.slug)).toEqual([loveAlbum.slug, visionQuest.slug]);
    const later = new Map([[rockyIV.slug, { likes: 9, responses: 0 }]]);
    expect(suggestReviews(catalogue, later, 2).map((r) => r.slug)).toEqual([loveAlbum.slug, rockyIV.slug]);
    const newest = makeReview({ slug: 'newest', title: 'Newest', subject: 'Newest', addedAt: '2099-01-01' });
    expect(suggestReviews([...catalogue, newest], later, 1).map((r) => r.slug)).toEqual(['newest']);
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
    expect(rankReviews(catalogue, counts, 'responses', 10).map((r) => r.review.slug)).toEqual([
      visionQuest.slug,
      loveAlbum.slug,
      rockyIV.slug,
    ]);
  });
});
