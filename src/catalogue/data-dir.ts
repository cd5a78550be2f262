/** Kept for the sandbox's imports; the data folder's paths live in src/data-dir.ts. */
export { projectDataDir, reviewsDir } from '../data-dir.js';
