import type { ReviewSummary } from '../domain/review.js';
import { seriesOrder } from '../domain/series-order.js';

const byTitle = (a: ReviewSummary, b: ReviewSummary): number => a.title.localeCompare(b.title) || a.slug.localeCompare(b.slug);

/** Catalogue order: series by name, each in its reading order (seriesOrder); reviews without a series last, by title. */
export function catalogueOrder<R extends ReviewSummary>(reviews: Iterable<R>): R[] {
  const groups = new Map<string | null, R[]>();
  for (const review of reviews) {
    const group = groups.get(review.series);
    if (group) group.push(review);
    else groups.set(review.series, [review]);
  }
  const seriesNames = [...groups.keys()].filter((s): s is string => s !== null).sort((a, b) => a.localeCompare(b));
  // The same reading order as the series neighbours on posts and /review read.
  const ordered = seriesNames.flatMap((name) => seriesOrder(groups.get(name) ?? [], name));
  return [...ordered, ...(groups.get(null) ?? []).sort(byTitle)];
}
