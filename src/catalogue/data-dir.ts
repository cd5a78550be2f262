import { join } from 'node:path';
import { projectRoot } from '../project-root.js';

/** The project's data/ folder (the catalogue and the default SQLite store), wherever the process was started. */
export const projectDataDir = join(projectRoot, 'data');

export function reviewsDir(dataDir: string): string {
  return join(dataDir, 'reviews');
}
