import { PairCache } from './cache-by-identity.js';
import type { Review } from './review.js';

export interface EngagementCounts {
  likes: number;
  responses: number;
}

/** Lower case, no accents, curly quotes and punctuation folded to spaces: "Rocky IV’s" ~ "rocky iv s". */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Mark}/gu, '')
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, ' ')
    .trim();
}

interface SearchEntry {
  review: Review;
  /** Normalised subject, title, series, artists and track titles, in the order of `fieldWeights`. */
  fields: readonly string[];
  /** Every field joined, for the "all words somewhere" test. */
  everything: string;
}

/** Subject and title count more than the series, which counts more than the track listing. */
const fieldWeights = [8, 6, 4, 2, 2] as const;

function entryFor(review: Review): SearchEntry {
  const fields = [
    normalizeForSearch(review.subject),
    normalizeForSearch(review.title),
    normalizeForSearch(review.series ?? ''),
    normalizeForSearch(review.tracks.map((t) => t.artist).join(' | ')),
    normalizeForSearch(review.tracks.map((t) => t.title).join(' | ')),
  ];
  return { review, fields, everything: fields.join(' | ') };
}

// Normalising every field of every review on each keystroke cost ~160 ms with 10,000 reviews. Reviews are
// immutable values and the catalogue hands out a new array on every add, update or remove, so an index keyed by
// the array is built once per catalogue version, and entries keyed by review survive the versions they are in.
const entriesByReview = new WeakMap<Review, SearchEntry>();
const indexByList = new WeakMap<readonly Review[], readonly SearchEntry[]>();

function searchIndexOf(reviews: readonly Review[]): readonly SearchEntry[] {
  const cached = indexByList.get(reviews);
  if (cached) return cached;
  const index = reviews.map((review) => {
    let entry = entriesByReview.get(review);
    if (!entry) {
      entry = entryFor(review);
      entriesByReview.set(review, entry);
    }
    return entry;
  });
  indexByList.set(reviews, index);
  return index;
}

/** Reviews whose subject or title is `name`, case, accents and punctuation aside. */
export function reviewsNamed(reviews: readonly Review[], name: string): Review[] {
  const wanted = normalizeForSearch(name);
  return searchIndexOf(reviews)
    .filter(({ fields }) => fields[0] === wanted || fields[1] === wanted)
    .map(({ review }) => review);
}

/**
 * Reviews matching every word of `query` somewhere in their title, subject, series, artists or track titles,
 * best first: a whole-phrase match beats scattered words, and subject and title beat track listings.
 */
export function searchReviews(reviews: readonly Review[], query: string, limit: number): Review[] {
  const phrase = normalizeForSearch(query);
  if (phrase.length === 0) return [];
  const words = phrase.split(' ');
  const scored: { review: Review; score: number }[] = [];
  for (const { review, fields, everything } of searchIndexOf(reviews)) {
    if (!words.every((word) => everything.includes(word))) continue;
    let score = 0;
    fields.forEach((text, index) => {
      const weight = fieldWeights[index] ?? 0;
      if (text.startsWith(phrase)) score += weight * 4;
      else if (text.includes(phrase)) score += weight * 2;
      for (const word of words) if (text.includes(word)) score += weight / words.length;
    });
    scored.push({ review, score });
  }
  scored.sort((a, b) => b.score - a.score || a.review.title.localeCompare(b.review.title));
  return scored.slice(0, limit).map((s) => s.review);
}

// Both orders are kept per catalogue version (and counts snapshot, which engagement replaces when a count changes).
const recentFirst = new WeakMap<readonly Review[], readonly Review[]>();
const mostLiked = new PairCache<readonly Review[], ReadonlyMap<string, EngagementCounts>, readonly Review[]>();

/**
 * What to offer before anything is typed: the most recent and the most liked reviews, alternating, without
 * repeats, then the rest of the catalogue in its order. `counts` is a snapshot (as engagement's countsByGuild
 * hands out): the order computed from it is remembered for as long as it lives.
 */
export function suggestReviews(
  reviews: readonly Review[],
  counts: ReadonlyMap<string, EngagementCounts>,
  limit: number,
): Review[] {
  let recent = recentFirst.get(reviews);
  if (!recent) {
    recent = [...reviews].sort((a, b) => b.addedAt.localeCompare(a.addedAt) || a.title.localeCompare(b.title));
    recentFirst.set(reviews, recent);
  }
  const liked = mostLiked.get(reviews, counts, () =>
    reviews
      .filter((r) => (counts.get(r.slug)?.likes ?? 0) > 0)
      .sort((a, b) => (counts.get(b.slug)?.likes ?? 0) - (counts.get(a.slug)?.likes ?? 0) || a.title.localeCompare(b.title)),
  );
  const chosen = new Map<string, Review>();
  for (let i = 0; chosen.size < limit && (i < recent.length || i < liked.length); i++) {
    const byRecency = recent[i];
    if (byRecency) chosen.set(byRecency.slug, byRecency);
    const byLikes = liked[i];
    if (byLikes && chosen.size < limit) chosen.set(byLikes.slug, byLikes);
  }
  return [...chosen.values()].slice(0, limit);
}
