import { describe, expect, it } from 'vitest';
import type { Review } from '../../src/domain/review.js';
import { normalizeForSearch, reviewsNamed, searchReviews, suggestReviews } from '../../src/domain/search-reviews.js';
import { makeReview, loveAlbum, rockyIV, visionQuest } from './fixtures.js';

const catalogue = [visionQuest, rockyIV, loveAlbum];

describe('searchReviews', () => {
  it('finds Rocky IV by a track title', () => {
    expect(searchReviews(catalogue, 'burning heart', 25).map((r) => r.slug)).toEqual([rockyIV.slug]);
  });

  it('matches subjects, series and artists, case and punctuation aside', () => {
    expect(searchReviews(catalogue, 'ROCKY', 25)[0]?.slug).toBe(rockyIV.slug);
    expect(
      searchReviews(catalogue, 'soundtracks 1985', 25)
        .map((r) => r.slug)
        .sort(),
    ).toEqual([rockyIV.slug, visionQuest.slug].sort());
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
    const twins = [
      makeReview({ slug: 'twin-b', title: 'Aardvark', subject: 'Night Drive' }),
      makeReview({ slug: 'twin-a', title: 'Aardvark', subject: 'Night Drive' }),
    ];
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

const referenceFields = new WeakMap<Review, string[]>();

/** Scores every review's text directly and sorts the lot: the plain form of the search, for comparison. */
function referenceSearch(reviews: readonly Review[], query: string, limit: number): Review[] {
  const phrase = normalizeForSearch(query);
  if (phrase.length === 0 || limit < 1) return [];
  const words = phrase.split(' ');
  const weights = [8, 6, 4, 2, 2];
  const scored: { review: Review; score: number }[] = [];
  for (const review of reviews) {
    const fields = referenceFields.get(review) ?? [
      normalizeForSearch(review.subject),
      normalizeForSearch(review.title),
      normalizeForSearch(review.series ?? ''),
      normalizeForSearch(review.tracks.map((t) => t.artist).join(' | ')),
      normalizeForSearch(review.tracks.map((t) => t.title).join(' | ')),
    ];
    referenceFields.set(review, fields);
    if (!words.every((word) => fields.some((text) => text.includes(word)))) continue;
    let score = 0;
    fields.forEach((text, field) => {
      const weight = weights[field] ?? 0;
      const hasPhrase = text.includes(phrase);
      if (hasPhrase) score += text.startsWith(phrase) ? weight * 4 : weight * 2;
      for (const word of words) if (hasPhrase || text.includes(word)) score += weight / words.length;
    });
    scored.push({ review, score });
  }
  scored.sort((a, b) => b.score - a.score || a.review.title.localeCompare(b.review.title));
  return scored.slice(0, limit).map(({ review }) => review);
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function generatedCatalogue(count: number, random: () => number): Review[] {
  const words = [
    'Burning',
    'Heart',
    'Neon',
    'Tiger',
    'Night',
    'Drive',
    'Café',
    'Noir',
    'Eye',
    'of',
    'the',
    'Rocky’s',
    'Rêve',
    'Highway',
    'Storm',
    'Heartbeat',
    'Nightshade',
    '1985',
    '19',
    'X',
  ];
  const bands = ['Survivor', 'Europe', 'Heart', 'Bonnie Tyler', 'Go West', 'Night Ranger', 'Mötley Crüe', 'Toto'];
  const pick = (items: readonly string[]): string => items[Math.floor(random() * items.length)] ?? '';
  const phrase = (length: number): string => Array.from({ length }, () => pick(words)).join(' ');
  return Array.from({ length: count }, (_, i) => {
    const year = 1975 + (i % 20);
    const series = i % 5 === 0 ? null : `Great Soundtracks of ${year}`;
    // Few distinct subjects, so many reviews tie on score and title order decides.
    const subject = i % 3 === 0 ? phrase(2) : `${phrase(1 + Math.floor(random() * 3))} ${i}`;
    const title = series ? `${series}: ${subject}` : subject;
    const tracks = Array.from({ length: 1 + Math.floor(random() * 10) }, (_, t) => ({
      position: t + 1,
      artist: pick(bands),
      title: phrase(1 + Math.floor(random() * 3)),
    }));
    return makeReview({ slug: `review-${i}`, title, subject, series, tracks });
  });
}

describe('search over a large catalogue', () => {
  const random = seededRandom(42);
  const reviews = generatedCatalogue(3000, random);
  const prefixes = (text: string): string[] => [1, 2, 3, 5, 8, 13, text.length].map((length) => text.slice(0, length));
  const queries = [
    '',
    '   ',
    '—',
    'zzqx',
    'heart zzqx',
    'great soundtracks of 19',
    'great soundtracks of 1985',
    'soundtracks 1985 tiger',
    'GREAT SOUNDTRACKS',
    'cafe',
    'CAFÉ NOIR',
    'rocky s',
    'rocky’s eye',
    'motley crue',
    'of the',
    'ight',
    'eart',
    'x',
    '1',
    '19 19',
    'heart heart',
    'night ranger heart',
    'survivor burning',
    'toto storm drive',
    'of',
    'e',
    'great soundtracks of 1990: night',
    ...reviews
      .slice(0, 40)
      .flatMap((review) => [
        ...prefixes(review.subject),
        ...prefixes(review.title),
        ...prefixes(review.tracks[0]?.title ?? ''),
        ...prefixes(review.tracks[0]?.artist ?? ''),
        `${review.subject.split(' ')[0] ?? ''} ${review.tracks[0]?.artist ?? ''}`,
        `${review.tracks[0]?.title ?? ''} ${review.subject}`.slice(0, 12),
      ]),
  ];

  it('gives what scoring every review directly gives, for many queries and limits', () => {
    expect(new Set(queries).size).toBeGreaterThan(300);
    for (const query of new Set(queries)) {
      const expected = referenceSearch(reviews, query, 25).map((r) => r.slug);
      for (const limit of [25, 5, 1]) {
        expect(
          searchReviews(reviews, query, limit).map((r) => r.slug),
          `${query} (${limit})`,
        ).toEqual(expected.slice(0, limit));
      }
    }
    expect(searchReviews(reviews, 'great soundtracks of 19', 25)).toHaveLength(25);
    expect(searchReviews(reviews, 'zzqx', 25)).toEqual([]);
  });

  it('stays the same as the direct scoring after reviews are added, changed and removed', () => {
    const [seventh, eighth] = [reviews[7], reviews[8]];
    if (!seventh || !eighth) throw new Error('the generated catalogue is too short');
    const changed = { ...seventh, subject: 'Zanzibar Nights', title: 'Zanzibar Nights', series: null };
    const added = makeReview({ slug: 'added', title: 'Great Soundtracks of 1985: Heart', subject: 'Heart', series: 'Great Soundtracks of 1985' });
    const next = [added, ...reviews.slice(0, 7), changed, ...reviews.slice(9)];
    for (const query of ['zanzibar', 'nights', 'heart', 'great soundtracks of 1985', eighth.subject, seventh.subject, 'of the']) {
      expect(
        searchReviews(next, query, 25).map((r) => r.slug),
        query,
      ).toEqual(referenceSearch(next, query, 25).map((r) => r.slug));
      expect(
        searchReviews(reviews, query, 25).map((r) => r.slug),
        query,
      ).toEqual(referenceSearch(reviews, query, 25).map((r) => r.slug));
    }
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
