import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue, reviewsDir, type Catalogue } from '../../src/catalogue/index.js';
import { SaveError, saveReviews } from '../../src/cli/save-reviews.js';
import { albumOf1984 } from '../catalogue/albums-of-1984.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liner-notes-save-reviews-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The review files as they are on disk. */
function files(): Record<string, string> {
  const folder = reviewsDir(dir);
  return Object.fromEntries(
    readdirSync(folder)
      .sort()
      .map((name) => [name, readFileSync(join(folder, name), 'utf8')]),
  );
}

/** The real catalogue, whose nth write (add or update, counting from 1) fails as a full disk would. */
function failingAt(catalogue: Catalogue, n: number): Catalogue {
  let writes = 0;
  const fail = (): void => {
    writes++;
    if (writes === n) throw new Error('ENOSPC: no space left on device');
  };
  return {
    all: () => catalogue.all(),
    get: (slug) => catalogue.get(slug),
    read: (slug) => catalogue.read(slug),
    add: async (review) => (fail(), catalogue.add(review)),
    update: async (review) => (fail(), catalogue.update(review)),
    remove: (slug) => catalogue.remove(slug),
    settled: () => catalogue.settled(),
  };
}

describe('saving a batch of reviews', () => {
  it('adds new reviews, leaves existing ones alone, or replaces them with replace', async () => {
    const { catalogue } = await loadCatalogue(dir);
    await catalogue.add(albumOf1984('purple-rain'));
    const report = await saveReviews(catalogue, [albumOf1984('purple-rain', { body: ['New.'] }), albumOf1984('born-in-the-usa')], { replace: false });
    expect(report).toEqual({ saved: ['born-in-the-usa'], replaced: [], kept: ['purple-rain'], blocked: [] });
    expect((await catalogue.read('purple-rain'))?.body).toEqual(['About purple-rain.']);

    const replaced = await saveReviews(catalogue, [albumOf1984('purple-rain', { body: ['New.'] })], { replace: true });
    expect(replaced.replaced).toEqual(['purple-rain']);
    expect((await catalogue.read('purple-rain'))?.body).toEqual(['New.']);
  });

  it('undoes every write when one fails: added files removed, replaced ones as they were', async () => {
    const { catalogue } = await loadCatalogue(dir);
    await catalogue.add(albumOf1984('purple-rain'));
    await catalogue.add(albumOf1984('thriller'));
    await catalogue.settled();
    const before = files();

    const batch = [albumOf1984('purple-rain', { body: ['Changed.'] }), albumOf1984('born-in-the-usa'), albumOf1984('thriller', { body: ['Changed.'] })];
    await expect(saveReviews(failingAt(catalogue, 3), batch, { replace: true })).rejects.toThrow(
      new SaveError('nothing saved: writing "thriller" failed: ENOSPC: no space left on device; the catalogue is as it was'),
    );
    expect(files()).toEqual(before);
    expect(catalogue.get('born-in-the-usa')).toBeUndefined();

    const reloaded = await loadCatalogue(dir);
    expect(
      reloaded.catalogue
        .all()
        .map((r) => r.slug)
        .sort(),
    ).toEqual(['purple-rain', 'thriller']);
  });

  it('leaves alone a review whose file is there but unusable, naming the problem', async () => {
    const { catalogue } = await loadCatalogue(dir);
    const report = await saveReviews(catalogue, [albumOf1984('purple-rain')], {
      replace: true,
      problems: [{ file: join(reviewsDir(dir), 'purple-rain.md'), message: 'line 3: tracks[0].artist: must not be empty' }],
    });
    expect(report).toEqual({ saved: [], replaced: [], kept: [], blocked: [{ slug: 'purple-rain', problem: 'line 3: tracks[0].artist: must not be empty' }] });
  });
});
