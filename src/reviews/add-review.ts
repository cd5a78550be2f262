import { CatalogueError, type Catalogue } from '../catalogue/index.js';
import { MemberFacingError } from '../domain/member-facing-error.js';
import type { Review } from '../domain/review.js';

/** Adds a new review to the catalogue; a taken slug is the admin's to resolve. */
export async function addReview(ports: { catalogue: Pick<Catalogue, 'get' | 'add'> }, review: Review): Promise<void> {
  if (ports.catalogue.get(review.slug)) {
    throw new MemberFacingError(
      `A review titled like “${review.title}” is already in the catalogue (${review.slug}). Change the title, or use \`/review edit\`.`,
    );
  }
  try {
    await ports.catalogue.add(review);
  } catch (error) {
    if (error instanceof CatalogueError) throw new MemberFacingError(`The catalogue refused the review: ${error.message}.`);
    throw error;
  }
}
