import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's data/ folder (the catalogue and the default SQLite store), wherever the process was started. */
export const projectDataDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

export function reviewsDir(dataDir: string): string {
  return join(dataDir, 'reviews');
}
