import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue, parseReviewFile, projectDataDir, reviewsDir } from '../../src/catalogue/index.js';
import { CompactReviews } from '../../src/catalogue/compact-review.js';
import type { Review } from '../../src/domain/review.js';
import { validateReview } from '../../src/domain/validate-review.js';

const original: Review = {
  slug: 'great-soundtracks-of-1986-top-gun',
  title: 'Great Soundtracks of 1986: Top Gun',
  series: 'Great Soundtracks of 1986',
  subject: 'Top Gun',
  year: 1986,
  body: [
    'It’s the soundtrack that made “Danger Zone” a standard — and Kenny Loggins a fixture of every 80s list.',
    'A second paragraph\nwith a line break inside, *Markdown* and an emoji 🎸.',
    'Plain ASCII to finish.',
  ],
  tracks: [
    { position: 1, artist: 'Kenny Loggins', title: 'Danger Zone' },
    { position: 2, artist: 'Berlin', title: 'Take My Breath Away (Love Theme from “Top Gun”)' },
  ],
  nextPost: 'Great Soundtracks of 1986: Highlander',
  blog: { responseCount: 2, responses: [{ text: 'Love this one’s guitar.', likes: 3 }] },
  addedAt: '2024-03-01',
};

describe('a review as the catalogue holds it', () => {
  it('reads exactly as the review it was made from, body included, also when spread or serialised', () => {
    const compact = new CompactReviews().compact(original);
    expect(compact).toEqual(original);
    expect(compact.body).toEqual(original.body);
    expect({ ...compact }).toEqual(original);
    expect(JSON.parse(JSON.stringify(compact))).toEqual(original);
    expect(validateReview(compact)).toEqual(original);
  });

  it('hands out a fresh body each time, so a caller changing it changes nothing in the catalogue', () => {
    const compact = new CompactReviews().compact(original);
    compact.body.push('an extra paragraph');
    const read = compact.body;
    read[0] = 'changed';
    expect(compact.body).toEqual(original.body);
  });

  it('reads every body back when many reviews fill several of the buffers bodies are held in', () => {
    const reviews = new CompactReviews();
    const paragraph = (i: number) => `Review ${i}’s paragraph — ${'é'.repeat(i % 7)}${'words and more words '.repeat(40).trim()}`;
    const made = Array.from({ length: 1500 }, (_, i) => reviews.compact({ ...original, slug: `review-${i}`, body: [paragraph(i), `Last of ${i}.`] }));
    made.forEach((review, i) => expect(review.body).toEqual([paragraph(i), `Last of ${i}.`]));
  });

  it('keeps an empty body empty', () => {
    expect(new CompactReviews().compact({ ...original, body: [] }).body).toEqual([]);
  });

  it('shares one copy of a repeated value among reviews', () => {
    const reviews = new CompactReviews();
    const first = reviews.compact(original);
    const second = reviews.compact({ ...original, slug: 'other', title: 'Great Soundtracks of 1986: Other' });
    expect(second.series).toBe(first.series);
    expect(second.tracks[0]?.artist).toBe('Kenny Loggins');
  });
});

describe('the catalogue with compact reviews', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'liner-notes-compact-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives back the body it was given after add, update and a reload from the files', async () => {
    const { catalogue } = await loadCatalogue(dir);
    await catalogue.add(original);
    expect(catalogue.get(original.slug)?.body).toEqual(original.body);
    const edited = { ...original, body: [...original.body, 'An added “last word”.'] };
    await catalogue.update(edited);
    expect(catalogue.get(original.slug)?.body).toEqual(edited.body);
    const reloaded = (await loadCatalogue(dir)).catalogue.get(original.slug);
    expect(reloaded).toEqual(edited);
  });

  it('reads the shipped review as parsing its file gives it', async () => {
    const slug = 'great-soundtracks-of-1985-rocky-iv';
    const parsed = parseReviewFile(readFileSync(join(reviewsDir(projectDataDir), `${slug}.md`), 'utf8'), slug);
    const { catalogue } = await loadCatalogue(projectDataDir);
    expect(catalogue.get(slug)).toEqual(parsed);
    expect(catalogue.get(slug)?.body).toEqual(parsed.body);
  });
});
