import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** The nearest folder above `from` that holds package.json: dist/ has none, so it is the same from source or built. */
function folderWithPackageJson(from: string): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * The project folder, whether this code runs from src/ (tsx, vitest) or bundled into dist/ (`npm start`), where
 * it may sit in an entry or a shared chunk: files that are not built (the sandbox page, fixtures, data/) are
 * found from here.
 */
export const projectRoot = folderWithPackageJson(here);

/** Whether this code runs built (dist/, JavaScript) rather than from its TypeScript source. */
export const runsBuilt = !here.endsWith('.ts');

/** Where the built processes are: what a built process spawns or loads by listing a folder. */
export const builtDir = join(projectRoot, 'dist');
