import { join } from 'node:path';
import { projectRoot } from './project-root.js';

/**
 * The project's data/ folder (the catalogue and the default SQLite store), wherever the process was started. It
 * lives beside project-root.ts because both the store and the catalogue default to it and neither owns it.
 */
export const projectDataDir = join(projectRoot, 'data');

/** The catalogue's review files within a data folder. */
export function reviewsDir(dataDir: string): string {
  return join(dataDir, 'reviews');
}
