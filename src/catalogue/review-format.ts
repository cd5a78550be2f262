import type { validateReview } from '../domain/validate-review.js';
import type { parseReviewFile, serializeReview } from './review-file.js';

/** Reading, writing and validating review files. */
export interface ReviewFormat {
  parseReviewFile: typeof parseReviewFile;
  serializeReview: typeof serializeReview;
  validateReview: typeof validateReview;
}

let loading: Promise<ReviewFormat> | null = null;
let loaded: ReviewFormat | null = null;

/**
 * The review-file parser (yaml and the review schemas), loaded on first need: a start whose files are all in the
 * catalogue index parses none, and loading it would only slow that start.
 */
export function loadReviewFormat(): Promise<ReviewFormat> {
  loading ??= Promise.all([import('./review-file.js'), import('../domain/validate-review.js')]).then(([file, validation]) => {
    loaded = { parseReviewFile: file.parseReviewFile, serializeReview: file.serializeReview, validateReview: validation.validateReview };
    return loaded;
  });
  return loading;
}

/** The format if it has loaded, for code that cannot wait for it. */
export function loadedReviewFormat(): ReviewFormat | null {
  return loaded;
}
