import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sourceDir = dirname(fileURLToPath(import.meta.url));

/**
 * The project folder, whether this file runs from src/ (tsx, vitest) or compiled into dist/src/ (`npm start`):
 * files that are not compiled (the sandbox page, fixtures, data/) are found from here.
 */
export const projectRoot = basename(dirname(sourceDir)) === 'dist' ? join(sourceDir, '..', '..') : join(sourceDir, '..');
