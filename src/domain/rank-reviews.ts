import type { Review } from './review.js';
import type { EngagementCounts } from './search-reviews.js';

export type RankBy = 'likes' | 'responses';

export interface RankedReview {
  rank: number;
  review: Review;
  likes: number;
  responses: number;
}

/**
 * The reviews with at least one like (or response) in a guild, most first; ties are broken by the other
 * count, then by title, so the order is stable. Equal scores share a rank ("1, 2, 2, 4").
 */
export function rankReviews(
  reviews: readonly Review[],
  counts: ReadonlyMap<string, EngagementCounts>,
  by: RankBy,
  limit: number,
): RankedReview[] {
  const other: RankBy = by === 'likes' ? 'responses' : 'likes';
  const rows = reviews
    .map((review) => {
      const c = counts.get(review.slug) ?? { likes: 0, responses: 0 };
      return { review, likes: c.likes, responses: c.responses };
    })
    .filter((row) => row[by] > 0)
    .sort((a, b) => b[by] - a[by] || b[other] - a[other] || a.review.title.localeCompare(b.review.title))
    .slice(0, limit);
  const ranked: RankedReview[] = [];
  rows.forEach((row, index) => {
    const previous = ranked[index - 1];
    const rank = previous && previous[by] === row[by] ? previous.rank : index + 1;
    ranked.push({ rank, ...row });
  });
  return ranked;
}
