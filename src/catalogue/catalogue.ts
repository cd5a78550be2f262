import type { Review, ReviewSummary } from '../domain/review.js';

/**
 * The reviews: their summaries in memory, their whole text in data/reviews/<slug>.md, read when an answer needs
 * it (the last few read are kept).
 */
export interface Catalogue {
  /** Catalogue order: series order, then title. */
  all(): readonly ReviewSummary[];
  get(slug: string): ReviewSummary | undefined;
  /**
   * The whole review, from its file; undefined for a slug not in the catalogue. Throws CatalogueError naming the
   * file when it can no longer be read or is no longer valid (edited by hand since the catalogue was loaded).
   */
  read(slug: string): Promise<Review | undefined>;
  /** Validates, writes data/reviews/<slug>.md; throws on a duplicate slug. */
  add(review: Review): Promise<void>;
  /** Validates and rewrites an existing review; throws when the slug is unknown. */
  update(review: Review): Promise<void>;
  remove(slug: string): Promise<boolean>;
  /** Resolves once every write asked for so far (review files and the index) is done. */
  settled(): Promise<void>;
}

export interface CatalogueProblem {
  /** The file's path. */
  file: string;
  /** What is wrong, naming the field and line where known. */
  message: string;
}

export class CatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogueError';
  }
}
