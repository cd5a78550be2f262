import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue, projectDataDir } from '../../src/catalogue/index.js';
import { serializeReview } from '../../src/catalogue/review-file.js';
import type { Review } from '../../src/domain/review.js';
import { ReviewValidationError } from '../../src/domain/validate-review.js';
import { importBlogPost } from '../../src/importer/index.js';

function review(title: string, overrides: Partial<Review> = {}): Review {
  const [series, subject] = title.includes(': ') ? title.split(': ') : [null, title];
  return {
    slug: title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, ''),
    title,
    series: series ?? null,
    subject,
    year: null,
    body: [`About ${title}.`],
    tracks: [{ position: 1, artist: 'Artist', title: 'Song' }],
    nextPost: null,
    blog: null,
    addedAt: '2024-01-01',
    ...overrides,
  };
}

describe('the shipped catalogue', () => {
  it('loads without problems and holds the Rocky IV review imported from the blog post', async () => {
    const { catalogue, problems } = await loadCatalogue(projectDataDir);
    expect(problems).toEqual([]);
    expect(catalogue.get('great-soundtracks-of-1985-rocky-iv')?.title).toBe('Great Soundtracks of 1985: Rocky IV');
    const rocky = await catalogue.read('great-soundtracks-of-1985-rocky-iv');
    expect(rocky).toBeDefined();
    const imported = importBlogPost(readFileSync(new URL('../importer/fixtures/great-soundtracks-of-1985-rocky-iv.txt', import.meta.url), 'utf8')).review;
    expect(rocky?.title).toBe(imported.title);
    expect(rocky?.series).toBe('Great Soundtracks of 1985');
    expect(rocky?.year).toBe(1985);
    expect(rocky?.nextPost).toBe('The Cult- Love');
    expect(rocky?.blog).toEqual(imported.blog);
    expect(rocky?.body).toHaveLength(imported.body.length);
    // Checked by hand: the listing's misspellings fixed to match the post's own prose ("Hearts on Fire", "Vince DiCola").
    expect(rocky?.tracks.map((t) => t.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rocky?.tracks[1]).toEqual({ position: 2, artist: 'John Cafferty and the Beaver Brown Band', title: 'Hearts on Fire' });
    expect(rocky?.tracks[4]).toEqual({ position: 5, artist: 'Vince DiCola', title: 'War' });
  });
});

describe('a catalogue in a folder', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'liner-notes-catalogue-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is empty when the folder does not exist yet', async () => {
    const { catalogue, problems } = await loadCatalogue(join(dir, 'nothing-here'));
    expect(catalogue.all()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('reports a bad file and still loads the others', async () => {
    mkdirSync(join(dir, 'reviews'));
    const good = review('Good One');
    writeFileSync(join(dir, 'reviews', `${good.slug}.md`), serializeReview(good));
    writeFileSync(join(dir, 'reviews', 'broken.md'), serializeReview(review('Broken')).replace('1. Artist - Song', '1. Artist-Song'));
    writeFileSync(join(dir, 'reviews', 'notes.txt'), 'not a review file');
    const { catalogue, problems } = await loadCatalogue(dir);
    expect(catalogue.all().map((r) => r.slug)).toEqual(['good-one']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.file).toBe(join(dir, 'reviews', 'broken.md'));
    expect(problems[0]?.message).toMatch(/^line \d+: not a track: "1\. Artist-Song"/);
  });

  it('adds, updates and removes review files, writing whole files only', async () => {
    const { catalogue } = await loadCatalogue(dir);
    const added = review('Great Albums of 1984: Purple Rain');
    await catalogue.add(added);
    const file = join(dir, 'reviews', 'great-albums-of-1984-purple-rain.md');
    expect(readFileSync(file, 'utf8')).toBe(serializeReview(added));

    await expect(catalogue.add({ ...added, subject: 'Again' })).rejects.toThrow(/already in the catalogue/);
    await expect(catalogue.add({ ...added, slug: 'other', tracks: [] })).rejects.toBeInstanceOf(ReviewValidationError);
    await expect(catalogue.update({ ...added, slug: 'unknown' })).rejects.toThrow(/no review with slug "unknown"/);

    await catalogue.update({ ...added, year: 1984 });
    expect(catalogue.get(added.slug)?.year).toBe(1984);
    const reloaded = await loadCatalogue(dir);
    expect(reloaded.catalogue.get(added.slug)?.year).toBe(1984);

    expect(await catalogue.remove('unknown')).toBe(false);
    expect(await catalogue.remove(added.slug)).toBe(true);
    expect(catalogue.get(added.slug)).toBeUndefined();
    expect(readdirSync(join(dir, 'reviews'))).toEqual([]);
  });

  it('refuses one of two concurrent adds of the same slug and leaves no temporary files', async () => {
    const { catalogue } = await loadCatalogue(dir);
    const results = await Promise.allSettled([catalogue.add(review('Same')), catalogue.add(review('Same', { year: 1999 }))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(readdirSync(join(dir, 'reviews'))).toEqual(['same.md']);
  });

  it('orders by series, each series in "Next post" reading order, then reviews without a series by title', async () => {
    const { catalogue } = await loadCatalogue(dir);
    await catalogue.add(review('Zebra'));
    await catalogue.add(review('Great Soundtracks of 1985: Vision Quest', { nextPost: 'Great Soundtracks of 1985: Rocky IV' }));
    await catalogue.add(review('Great Soundtracks of 1985: Rocky IV', { nextPost: 'The Cult- Love' }));
    await catalogue.add(review('Great Soundtracks of 1985: Back to the Future', { nextPost: 'Great Soundtracks of 1985: Vision Quest' }));
    await catalogue.add(review('Apple'));
    await catalogue.add(review('Great Albums of 1985: Love', { subject: 'Love' }));
    expect(catalogue.all().map((r) => r.title)).toEqual([
      'Great Albums of 1985: Love',
      'Great Soundtracks of 1985: Back to the Future',
      'Great Soundtracks of 1985: Vision Quest',
      'Great Soundtracks of 1985: Rocky IV',
      'Apple',
      'Zebra',
    ]);
  });
});
