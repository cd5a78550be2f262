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

interface Field {
  text: string;
  weight: number;
}

function fieldsOf(review: Review): Field[] {
  return [
    { text: normalizeForSearch(review.subject), weight: 8 },
    { text: normalizeForSearch(review.title), weight: 6 },
    { text: normalizeForSearch(review.series ?? ''), weight: 4 },
    { text: normalizeForSearch(review.tracks.map((t) => t.artist).join(' | ')), weight: 2 },
    { text: normalizeForSearch(review.tracks.map((t) => t.title).join(' | ')), weight: 2 },
  ];
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
  for (const review of reviews) {
    const fields = fieldsOf(review);
    const everything = fields.map((f) => f.text).join(' | ');
    if (!words.every((word) => everything.includes(word))) continue;
    let score = 0;
    for (const field of fields) {
      if (field.text.startsWith(phrase)) score += field.weight * 4;
      else if (field.text.includes(phrase)) score += field.weight * 2;
      for (const word of words) if (field.text.includes(word)) score += field.weight / words.length;
    }
    scored.push({ review, score });
  }
  scored.sort((a, b) => b.score - a.score || a.review.title.localeCompare(b.review.title));
  return scored.slice(0, limit).map((s) => s.review);
}

/**
 * What to offer before anything is typed: the most recent and the most liked reviews, alternating, without
 * repeats, then the rest of the catalogue in its order.
 */
export function suggestReviews(
  reviews: readonly Review[],
  counts: ReadonlyMap<string, EngagementCounts>,
  limit: number,
): Review[] {
  const recent = [...reviews].sort((a, b) => b.addedAt.localeCompare(a.addedAt) || a.title.localeCompare(b.title));
  const liked = reviews
    .filter((r) => (counts.get(r.slug)?.likes ?? 0) > 0)
    .sort((a, b) => (counts.get(b.slug)?.likes ?? 0) - (counts.get(a.slug)?.likes ?? 0) || a.title.localeCompare(b.title));
  const chosen = new Map<string, Review>();
  for (let i = 0; chosen.size < limit && (i < recent.length || i < liked.length); i++) {
    const byRecency = recent[i];
    if (byRecency) chosen.set(byRecency.slug, byRecency);
    const byLikes = liked[i];
    if (byLikes && chosen.size < limit) chosen.set(byLikes.slug, byLikes);
  }
  return [...chosen.values()].slice(0, limit);
}
