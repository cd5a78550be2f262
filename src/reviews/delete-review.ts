import type { Catalogue } from '../catalogue/index.js';
import type { ReviewSummary } from '../domain/review.js';
import type { Logger } from '../logger.js';
import type { PublicationRepository } from '../store/ports.js';
import type { PostRefresher } from './ports.js';
import type { PublicationIndex } from './publication-index.js';
import { neighboursOf, refreshPostsOf } from './refresh-neighbour-posts.js';

/** The ports a deletion uses. */
export interface DeletePorts {
  catalogue: Pick<Catalogue, 'all' | 'remove'>;
  publications: Pick<PublicationIndex, 'ofReview' | 'put' | 'rememberRemovedTitle'>;
  store: { publications: Pick<PublicationRepository, 'save'> };
  engagement: PostRefresher;
  logger: Logger;
}

/**
 * Removes a review from the catalogue; its posts stay, marked withdrawn, with their likes and responses. Its series
 * neighbours' posts are re-rendered so none keeps a button to it (they link to each other instead, where posted).
 * Returns how many posts were withdrawn.
 */
export async function deleteReview(ports: DeletePorts, review: ReviewSummary): Promise<number> {
  const neighbours = neighboursOf(ports.catalogue, review);
  ports.publications.rememberRemovedTitle(review.slug, review.title);
  await ports.catalogue.remove(review.slug);
  const posts = ports.publications.ofReview(review.slug).filter((p) => !p.withdrawn);
  for (const post of posts) {
    const withdrawn = { ...post, withdrawn: true };
    await ports.store.publications.save(withdrawn);
    ports.publications.put(withdrawn);
    ports.engagement.refresh(post.messageId);
  }
  refreshPostsOf(ports, neighbours, review.slug);
  ports.logger.info({ slug: review.slug, posts: posts.length }, 'review deleted');
  return posts.length;
}
