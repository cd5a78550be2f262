import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownLinks, namedPaths, headingAnchors } from './markdown.js';

const root = join(import.meta.dirname, '..', '..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const read = (page: string): string => readFileSync(join(root, page), 'utf8');

/** Files the docs name that a run creates and git ignores, so a fresh clone does not have them. */
const generatedPaths = new Set(['bench/results/quick.tmp']);

describe('README.md and docs/', () => {
  it('README.md fits a newcomer’s first ten minutes: at most 250 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(250);
  });

  it('every relative link points at a file that exists, and at a heading that exists', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const { target, line } of markdownLinks(read(page))) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto: and the like: not part of the repository
        const [pathPart = '', anchor] = target.split('#', 2);
        const file = pathPart === '' ? join(root, page) : resolve(root, dirname(page), decodeURIComponent(pathPart));
        const where = `${page}:${String(line)}: ${target}`;
        if (!file.startsWith(root) || !existsSync(file)) {
          broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor !== undefined && file.endsWith('.md') && !headingAnchors(readFileSync(file, 'utf8')).has(anchor)) {
          broken.push(`${where} (no heading #${anchor} in ${relative(root, file)})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('every file or folder named in code (`src/…`, `tests/…`, `bench/…`, …) exists', () => {
    const missing: string[] = [];
    for (const page of pages) {
      for (const { path, line } of namedPaths(read(page))) {
        if (generatedPaths.has(path)) continue;
        if (!existsSync(join(root, path))) missing.push(`${page}:${String(line)}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every page in docs/ is linked from the README', () => {
    const linked = new Set(
      markdownLinks(read('README.md'))
        .map(({ target }) => target.split('#', 1)[0] ?? '')
        .filter((target) => target.startsWith('docs/')),
    );
    const unlinked = pages.filter((page) => page.startsWith('docs/') && statSync(join(root, page)).isFile() && !linked.has(page));
    expect(unlinked).toEqual([]);
  });
});
