import type { ReviewSummary } from './review.js';
import { normalizeForSearch } from './search-reviews.js';

export interface SeriesNeighbours<R extends ReviewSummary = ReviewSummary> {
  previous: R | null;
  next: R | null;
}

/** Whether a blog "Next post:" text ("The Cult- Love", "Great Soundtracks of 1985: Vision Quest") names `review`. */
function namesReview(nextPost: string, review: ReviewSummary): boolean {
  const wanted = normalizeForSearch(nextPost);
  if (wanted.length === 0) return false;
  return [review.title, review.subject].some((name) => {
    const candidate = normalizeForSearch(name);
    return candidate === wanted || wanted.endsWith(` ${candidate}`);
  });
}

/**
 * The reviews of one series in reading order: chains built from the imported "Next post" links, each chain
 * started at a review nothing links to; chains (and unlinked reviews) in the order they entered the catalogue.
 */
export function seriesOrder<R extends ReviewSummary>(reviews: readonly R[], series: string): R[] {
  const members = reviews
    .filter((r) => r.series === series)
    .sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.title.localeCompare(b.title) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const nextOf = new Map<string, R>();
  const linkedTo = new Set<string>();
  for (const review of members) {
    if (!review.nextPost) continue;
    const target = members.find((m) => m.slug !== review.slug && !linkedTo.has(m.slug) && namesReview(review.nextPost ?? '', m));
    if (target) {
      nextOf.set(review.slug, target);
      linkedTo.add(target.slug);
    }
  }
  const ordered: R[] = [];
  const placed = new Set<string>();
  const walk = (start: R): void => {
    let current: R | undefined = start;
    while (current && !placed.has(current.slug)) {
      ordered.push(current);
      placed.add(current.slug);
      current = nextOf.get(current.slug);
    }
  };
  for (const review of members) if (!linkedTo.has(review.slug)) walk(review);
  for (const review of members) walk(review); // a cycle of links: still list every member once
  return ordered;
}

/** The previous and next review in `review`'s series; both null when it has no series. */
export function seriesNeighbours<R extends ReviewSummary>(reviews: readonly R[], review: ReviewSummary): SeriesNeighbours<R> {
  if (!review.series) return { previous: null, next: null };
  const order = seriesOrder(reviews, review.series);
  const index = order.findIndex((r) => r.slug === review.slug);
  if (index < 0) return { previous: null, next: null };
  return { previous: order[index - 1] ?? null, next: order[index + 1] ?? null };
}
