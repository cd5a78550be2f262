import type { Catalogue } from '../catalogue/index.js';
import type { ReviewSummary } from '../domain/review.js';
import { seriesNeighbours } from '../domain/series-order.js';
import type { PostRefresher } from './ports.js';
import type { PublicationIndex } from './publication-index.js';

/** The reviews whose posts show a series button to `review` (its previous and next), as the catalogue has it now. */
export function neighboursOf(catalogue: Pick<Catalogue, 'all'>, review: ReviewSummary): ReviewSummary[] {
  const { previous, next } = seriesNeighbours(catalogue.all(), review);
  return [previous, next].filter((r): r is ReviewSummary => r !== null);
}

/**
 * Re-renders every live post, in every guild, of the given reviews. A post's "◀ / ▶" buttons are drawn from the
 * catalogue and the publications at render time, so a deleted, withdrawn, renamed or re-seriesed neighbour drops out
 * of (or into) them once the post is edited; without the edit, Discord keeps showing the old buttons.
 */
export function refreshPostsOf(
  ports: { publications: Pick<PublicationIndex, 'ofReview'>; engagement: PostRefresher },
  reviews: readonly ReviewSummary[],
  except?: string,
): number {
  const slugs = new Set(reviews.map((r) => r.slug));
  if (except !== undefined) slugs.delete(except);
  let refreshed = 0;
  for (const slug of slugs) {
    for (const post of ports.publications.ofReview(slug)) {
      if (post.withdrawn) continue;
      ports.engagement.refresh(post.messageId);
      refreshed += 1;
    }
  }
  return refreshed;
}
