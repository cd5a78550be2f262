import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue, type Catalogue } from '../../src/catalogue/index.js';
import type { Review } from '../../src/domain/review.js';
import { searchReviews } from '../../src/domain/search-reviews.js';

function review(slug: string, subject: string, trackTitle: string): Review {
  return {
    slug,
    title: subject,
    series: null,
    subject,
    year: null,
    body: [`About ${subject}.`],
    tracks: [{ position: 1, artist: 'Artist', title: trackTitle }],
    nextPost: null,
    blog: null,
    addedAt: '2024-01-01',
  };
}

let dir: string;
let catalogue: Catalogue;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'liner-notes-catalogue-search-'));
  catalogue = (await loadCatalogue(dir)).catalogue;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Search keeps its index per catalogue list, so every change must hand out a new list.
describe('searching the catalogue as it changes', () => {
  it('finds an added review, the new text of an updated one, and no longer a removed one', async () => {
    await catalogue.add(review('first', 'First Album', 'Opening Song'));
    expect(searchReviews(catalogue.all(), 'opening', 25).map((r) => r.slug)).toEqual(['first']);

    await catalogue.add(review('second', 'Second Album', 'Opening Night'));
    expect(
      searchReviews(catalogue.all(), 'opening', 25)
        .map((r) => r.slug)
        .sort(),
    ).toEqual(['first', 'second']);

    await catalogue.update(review('first', 'First Album', 'Closing Song'));
    expect(searchReviews(catalogue.all(), 'opening', 25).map((r) => r.slug)).toEqual(['second']);
    expect(searchReviews(catalogue.all(), 'closing', 25).map((r) => r.slug)).toEqual(['first']);

    await catalogue.remove('second');
    expect(searchReviews(catalogue.all(), 'opening', 25)).toEqual([]);
  });
});
