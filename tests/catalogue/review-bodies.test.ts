import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue, projectDataDir, reviewsDir } from '../../src/catalogue/index.js';
import { parseReviewFile } from '../../src/catalogue/review-file.js';
import type { Review } from '../../src/domain/review.js';

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

describe('review bodies in the catalogue', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'liner-notes-bodies-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives back the body it was given after add, update and a reload from the files', async () => {
    const { catalogue } = await loadCatalogue(dir);
    await catalogue.add(original);
    expect((await catalogue.read(original.slug))?.body).toEqual(original.body);
    const edited = { ...original, body: [...original.body, 'An added “last word”.'] };
    await catalogue.update(edited);
    expect((await catalogue.read(original.slug))?.body).toEqual(edited.body);
    const reloaded = await (await loadCatalogue(dir)).catalogue.read(original.slug);
    expect(reloaded).toEqual(edited);
  });

  it('reads the shipped review as parsing its file gives it', async () => {
    const slug = 'great-soundtracks-of-1985-rocky-iv';
    const parsed = parseReviewFile(readFileSync(join(reviewsDir(projectDataDir), `${slug}.md`), 'utf8'), slug);
    const { catalogue } = await loadCatalogue(projectDataDir);
    expect(await catalogue.read(slug)).toEqual(parsed);
    expect((await catalogue.read(slug))?.body).toEqual(parsed.body);
  });
});
