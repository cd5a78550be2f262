import { describe, expect, it } from 'vitest';
import { parseReviewFile, ReviewFileError, serializeReview } from '../../src/catalogue/review-file.js';
import type { Review } from '../../src/domain/review.js';

const handWritten = `---
title: "Great Albums of 1985: Brothers in Arms"
series: Great Albums of 1985
subject: Brothers in Arms
year: 1985
addedAt: 2024-06-01
---

Dire Straits made the first album many people bought on **CD**.

The title track closes it, and it is the best thing on it.

## Track listing

1. Dire Straits - So Far Away
2. Dire Straits - Money for Nothing
3. Dire Straits – Walk of Life
`;

function fileError(text: string, slug = 'x'): ReviewFileError {
  try {
    parseReviewFile(text, slug);
  } catch (error) {
    if (error instanceof ReviewFileError) return error;
    throw error;
  }
  throw new Error('expected a ReviewFileError');
}

describe('parseReviewFile', () => {
  it('reads a hand-written file: optional fields absent, slug from the file name', () => {
    expect(parseReviewFile(handWritten, 'great-albums-of-1985-brothers-in-arms')).toEqual({
      slug: 'great-albums-of-1985-brothers-in-arms',
      title: 'Great Albums of 1985: Brothers in Arms',
      series: 'Great Albums of 1985',
      subject: 'Brothers in Arms',
      year: 1985,
      body: ['Dire Straits made the first album many people bought on **CD**.', 'The title track closes it, and it is the best thing on it.'],
      tracks: [
        { position: 1, artist: 'Dire Straits', title: 'So Far Away' },
        { position: 2, artist: 'Dire Straits', title: 'Money for Nothing' },
        { position: 3, artist: 'Dire Straits', title: 'Walk of Life', dash: '–' },
      ],
      nextPost: null,
      blog: null,
      addedAt: '2024-06-01',
    } satisfies Review);
  });

  it('names the field and line of a bad track', () => {
    const error = fileError(handWritten.replace('2. Dire Straits - Money for Nothing', '2. Dire Straits-Money for Nothing'));
    expect(error.line).toBe(16);
    expect(error.field).toBe('tracks[1]');
    expect(error.message).toMatch(/^line 16: not a track: "2\. Dire Straits-Money for Nothing"/);
  });

  it('names the field and line of a duplicate position', () => {
    const error = fileError(handWritten.replace('3. Dire Straits – Walk of Life', '2. Dire Straits – Walk of Life'));
    expect(error.message).toBe('line 17: tracks[2].position: duplicate position 2 (also tracks[1])');
  });

  it('names a bad front matter value and its line', () => {
    const error = fileError(handWritten.replace('year: 1985', 'year: 85'));
    expect(error.message).toBe('line 5: year: must be a year from 1900 to 2099');
  });

  it('names a missing title', () => {
    expect(fileError(handWritten.replace('title: "Great Albums of 1985: Brothers in Arms"\n', '')).message).toBe('title: is missing');
  });

  it('refuses an unknown front matter field (a typo) with its line', () => {
    expect(fileError(handWritten.replace('year: 1985', 'yaer: 1985')).message).toMatch(/^line 5: unknown front matter field "yaer"/);
  });

  it('explains an unquoted title with ": " (invalid YAML) and names its line', () => {
    const error = fileError(handWritten.replace('title: "Great Albums of 1985: Brothers in Arms"', 'title: Great Albums of 1985: Brothers in Arms'));
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/front matter is not valid YAML: .*\(put a value that contains ": " in quotes\)$/);
  });

  it('refuses broken YAML, a missing front matter and a missing listing', () => {
    expect(fileError(handWritten.replace('year: 1985', 'year: [1985')).message).toMatch(/front matter is not valid YAML/);
    expect(fileError('Just text\n').message).toMatch(/^line 1: the file must start with "---"/);
    expect(fileError(handWritten.split('## Track listing')[0] ?? '').message).toMatch(/no "## Track listing" section/);
    expect(fileError(`${handWritten}\n## Notes\n\nMore.\n`).message).toMatch(/track listing must be the last section/);
  });

  it('refuses a file name that is not a slug', () => {
    expect(fileError(handWritten, 'Brothers In Arms').field).toBe('slug');
  });
});

describe('serializeReview', () => {
  const review: Review = {
    slug: 'desert-island-discs-my-ten',
    title: 'Desert Island Discs: My Ten',
    series: 'Desert Island Discs',
    subject: 'My Ten',
    year: null,
    body: ['First line\nsecond line of the same paragraph.', 'A paragraph with "quotes", a colon: and # hash.'],
    tracks: [
      { position: 1, artist: 'David Bowie', title: '"Heroes"' },
      { position: 2, artist: 'a-ha', title: 'Take On Me - Remix' },
      { position: 10, artist: 'Run-D.M.C.', title: 'It’s Tricky' },
    ],
    nextPost: 'Great Albums of 1987: Bad',
    blog: {
      responseCount: 7,
      responses: [
        { text: 'No Madonna?\n\nI am shocked: truly.', likes: 3 },
        { text: '- starts with a dash', likes: 0 },
      ],
    },
    addedAt: '2024-06-01T10:00:00.000Z',
  };

  it('writes a file that reads back as the same review', () => {
    expect(parseReviewFile(serializeReview(review), review.slug)).toEqual(review);
  });

  it('writes the listing as "N. Artist - Title" under its heading, last', () => {
    const text = serializeReview(review);
    expect(text).toMatch(/## Track listing\n\n1\. David Bowie - "Heroes"\n2\. a-ha - Take On Me - Remix\n10\. Run-D\.M\.C\. - It’s Tricky\n$/);
    expect(text.startsWith('---\ntitle: "Desert Island Discs: My Ten"\n')).toBe(true);
  });

  it('writes each track with the dash it was typed with, and reads it back', () => {
    const dashed: Review = {
      ...review,
      tracks: [
        { position: 1, artist: 'Survivor', title: 'Burning Heart', dash: '–' },
        { position: 2, artist: 'Go West', title: 'One Way Street', dash: '—' },
      ],
    };
    const text = serializeReview(dashed);
    expect(text).toMatch(/## Track listing\n\n1\. Survivor – Burning Heart\n2\. Go West — One Way Street\n$/);
    expect(parseReviewFile(text, dashed.slug)).toEqual(dashed);
  });

  it('round-trips a review without body or blog', () => {
    const bare: Review = { ...review, body: [], blog: null, nextPost: null, series: null };
    expect(parseReviewFile(serializeReview(bare), bare.slug)).toEqual(bare);
  });
});
