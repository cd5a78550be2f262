import type { Review } from '../domain/review.js';

function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether a blog "Next post:" text names `review` by its title or subject ("The Cult- Love" names "… : Love"). */
function names(nextPost: string, review: Review): boolean {
  const wanted = normalize(nextPost);
  if (wanted.length === 0) return false;
  return [review.title, review.subject].some((name) => {
    const candidate = normalize(name);
    return candidate.length > 0 && (candidate === wanted || wanted.endsWith(` ${candidate}`));
  });
}

const byTitle = (a: Review, b: Review): number => a.title.localeCompare(b.title) || a.slug.localeCompare(b.slug);

/** Within a series: chains of "Next post" links, each started at a review nothing links to; the rest by title. */
function orderSeries(members: Review[]): Review[] {
  members.sort(byTitle);
  const next = new Map<string, Review>();
  const linked = new Set<string>();
  for (const review of members) {
    if (!review.nextPost) continue;
    const target = members.find((m) => m.slug !== review.slug && !linked.has(m.slug) && names(review.nextPost ?? '', m));
    if (target) {
      next.set(review.slug, target);
      linked.add(target.slug);
    }
  }
  const ordered: Review[] = [];
  const placed = new Set<string>();
  const walk = (start: Review): void => {
    for (let current: Review | undefined = start; current && !placed.has(current.slug); current = next.get(current.slug)) {
      ordered.push(current);
      placed.add(current.slug);
    }
  };
  for (const review of members) if (!linked.has(review.slug)) walk(review);
  for (const review of members) walk(review);
  return ordered;
}

/** Catalogue order: series by name (reviews without a series last), each in reading order, then by title. */
export function catalogueOrder(reviews: Iterable<Review>): Review[] {
  const groups = new Map<string | null, Review[]>();
  for (const review of reviews) {
    const group = groups.get(review.series);
    if (group) group.push(review);
    else groups.set(review.series, [review]);
  }
  const seriesNames = [...groups.keys()].filter((s): s is string => s !== null).sort((a, b) => a.localeCompare(b));
  const ordered = seriesNames.flatMap((name) => orderSeries(groups.get(name) ?? []));
  return [...ordered, ...(groups.get(null) ?? []).sort(byTitle)];
}
