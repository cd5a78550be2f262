import type { Catalogue } from '../catalogue/index.js';
import { MemberFacingError } from '../domain/member-facing-error.js';
import type { Review } from '../domain/review.js';
import type { Logger } from '../logger.js';
import type { PostRefresher } from './ports.js';
import type { PublicationIndex } from './publication-index.js';
import { neighboursOf, refreshPostsOf } from './refresh-neighbour-posts.js';

/** The ports an edit uses. */
export interface EditPorts {
  catalogue: Pick<Catalogue, 'get' | 'all' | 'update'>;
  publications: Pick<PublicationIndex, 'ofReview'>;
  engagement: PostRefresher;
  logger: Logger;
}

/**
 * Saves an edited review and re-renders every post of it, in every guild, and the posts of its series neighbours
 * before and after the edit: a new title, series or "next post" moves it in (or out of) a series. Returns how many
 * posts of the review are updated.
 */
export async function editReview(ports: EditPorts, review: Review): Promise<number> {
  const before = ports.catalogue.get(review.slug);
  if (!before) throw new MemberFacingError('That review was deleted meanwhile; nothing was saved.');
  const oldNeighbours = neighboursOf(ports.catalogue, before);
  await ports.catalogue.update(review);
  const posts = ports.publications.ofReview(review.slug).filter((p) => !p.withdrawn);
  for (const post of posts) ports.engagement.refresh(post.messageId);
  refreshPostsOf(ports, [...oldNeighbours, ...neighboursOf(ports.catalogue, review)], review.slug);
  ports.logger.info({ slug: review.slug, posts: posts.length }, 'review edited');
  return posts.length;
}
