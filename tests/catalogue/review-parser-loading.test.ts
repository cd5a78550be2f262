import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { albumOf1984 } from './albums-of-1984.js';

/** Whether the catalogue module imported by freshCatalogueModule loaded the review-file parser's YAML library. */
let yamlLoaded = false;

const slugs = ['born-in-the-usa', 'like-a-virgin', 'purple-rain'];
let dir: string;
const indexFile = (): string => join(dir, '.catalogue-index.json');

/** The catalogue module as a new process imports it: nothing loaded yet. */
async function freshCatalogueModule() {
  vi.resetModules();
  yamlLoaded = false;
  vi.doMock('yaml', async (importOriginal) => {
    yamlLoaded = true;
    return importOriginal();
  });
  return import('../../src/catalogue/index.js');
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liner-notes-parser-loading-'));
  mkdirSync(join(dir, 'reviews'));
  const { serializeReview } = await import('../../src/catalogue/review-file.js');
  const settled = new Date(Date.now() - 3_600_000);
  for (const slug of slugs) {
    const file = join(dir, 'reviews', `${slug}.md`);
    writeFileSync(file, serializeReview(albumOf1984(slug)));
    utimesSync(file, settled, settled);
  }
  const { loadCatalogue } = await import('../../src/catalogue/index.js');
  await (await loadCatalogue(dir)).catalogue.settled();
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('starts from an up-to-date index without loading the review-file parser, and loads it to read a review', async () => {
  const { loadCatalogue } = await freshCatalogueModule();
  const { catalogue, fromIndex, parsed } = await loadCatalogue(dir);
  expect({ fromIndex, parsed }).toEqual({ fromIndex: 3, parsed: 0 });
  expect(catalogue.all().map((s) => s.slug)).toEqual(slugs);
  expect(yamlLoaded).toBe(false);

  expect((await catalogue.read('purple-rain'))?.body).toEqual(['About purple-rain.']);
  expect(yamlLoaded).toBe(true);
});

it('loads the parser at start when a file changed since the index was written', async () => {
  writeFileSync(join(dir, 'reviews', 'thriller.md'), readFileSync(join(dir, 'reviews', 'purple-rain.md'), 'utf8'));
  const { loadCatalogue } = await freshCatalogueModule();
  const { catalogue, fromIndex, parsed } = await loadCatalogue(dir);
  expect({ fromIndex, parsed }).toEqual({ fromIndex: 3, parsed: 1 });
  expect(catalogue.get('thriller')?.title).toBe('Great Albums of 1984: purple-rain');
  expect(yamlLoaded).toBe(true);
});

it('reads the files again when the index’s summaries prove unusable before the parser has loaded, and writes wait for them', async () => {
  // Summaries that are not compressed data, under a checksum that matches them.
  const { entries } = JSON.parse(readFileSync(indexFile(), 'utf8')) as { entries: { names: string; stamps: unknown[] } };
  const text = JSON.stringify({ names: entries.names, stamps: entries.stamps, summaries: 'bm90IGNvbXByZXNzZWQ=' });
  writeFileSync(indexFile(), `{"version":1,"checksum":"${createHash('sha1').update(text).digest('hex')}","entries":${text}}`);

  const { loadCatalogue } = await freshCatalogueModule();
  const { catalogue, fromIndex } = await loadCatalogue(dir);
  expect(fromIndex).toBe(3);
  expect(yamlLoaded).toBe(false);
  catalogue.all();
  const edit = catalogue.update(albumOf1984('purple-rain', { body: ['Edited.'] }));
  await expect(edit).resolves.toBeUndefined();
  expect(catalogue.all().map((s) => s.slug)).toEqual(slugs);
  expect((await catalogue.read('purple-rain'))?.body).toEqual(['Edited.']);
  await catalogue.settled();
  expect((await loadCatalogue(dir)).fromIndex).toBe(3);
});
