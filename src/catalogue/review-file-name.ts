/** Review files are data/reviews/<slug>.md. Kept apart from the parser so that naming files does not load it. */
export const reviewFileExtension = '.md';

export function isReviewFileName(name: string): boolean {
  return name.endsWith(reviewFileExtension) && !name.startsWith('.') && !name.startsWith('_');
}
