import { PairCache } from '../pair-cache.js';
import type { ReviewSummary } from './review.js';
import type { EngagementCounts } from './search-reviews.js';

export type RankBy = 'likes' | 'responses';

export interface RankedReview {
  rank: number;
  review: ReviewSummary;
  likes: number;
  responses: number;
}

type Ranking = readonly RankedReview[];

// Ranking a large catalogue on every /top would be that command's whole cost under load; the whole ranking is kept per
// catalogue version and counts snapshot (both replaced, never mutated, when they change) and each call slices it.
const rankings = {
  likes: new PairCache<readonly ReviewSummary[], ReadonlyMap<string, EngagementCounts>, Ranking>(),
  responses: new PairCache<readonly ReviewSummary[], ReadonlyMap<string, EngagementCounts>, Ranking>(),
};

/**
 * The reviews with at least one like (or response) in a guild, most first; ties are broken by the other
 * count, then by title, so the order is stable. Equal scores share a rank ("1, 2, 2, 4"). `counts` is a
 * snapshot (as engagement's countsByGuild hands out): the ranking computed from it is remembered while it lives.
 */
export function rankReviews(reviews: readonly ReviewSummary[], counts: ReadonlyMap<string, EngagementCounts>, by: RankBy, limit: number): RankedReview[] {
  return rankings[by].get(reviews, counts, () => rankAll(reviews, counts, by)).slice(0, limit);
}

function rankAll(reviews: readonly ReviewSummary[], counts: ReadonlyMap<string, EngagementCounts>, by: RankBy): Ranking {
  const other: RankBy = by === 'likes' ? 'responses' : 'likes';
  const rows: Omit<RankedReview, 'rank'>[] = [];
  for (const review of reviews) {
    const c = counts.get(review.slug);
    if (c && c[by] > 0) rows.push({ review, likes: c.likes, responses: c.responses });
  }
  rows.sort((a, b) => b[by] - a[by] || b[other] - a[other] || a.review.title.localeCompare(b.review.title));
  const ranked: RankedReview[] = [];
  rows.forEach((row, index) => {
    const previous = ranked[index - 1];
    const rank = previous && previous[by] === row[by] ? previous.rank : index + 1;
    ranked.push(Object.freeze({ rank, ...row }));
  });
  return Object.freeze(ranked);
}
