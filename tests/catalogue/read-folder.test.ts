import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readReviewFolder } from '../../src/catalogue/index.js';
import { serializeReview } from '../../src/catalogue/review-file.js';
import type { Review } from '../../src/domain/review.js';

function review(slug: string): Review {
  return {
    slug,
    title: `Album ${slug}`,
    series: null,
    subject: `Album ${slug}`,
    year: null,
    body: ['About it.'],
    tracks: [{ position: 1, artist: 'Artist', title: 'Song' }],
    nextPost: null,
    blog: null,
    addedAt: '2024-01-01',
  };
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'liner-notes-read-folder-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('readReviewFolder with many files', () => {
  it('reads every file in batches, reports each bad one, and keeps the file order', async () => {
    const slugs = Array.from({ length: 150 }, (_, i) => `r${String(i).padStart(3, '0')}`);
    await Promise.all(slugs.map((slug, i) => writeFile(join(folder, `${slug}.md`), i % 10 === 3 ? 'no front matter here\n' : serializeReview(review(slug)))));
    const progress: number[] = [];
    const report = await readReviewFolder(folder, (done, total) => {
      expect(total).toBe(150);
      progress.push(done);
    });
    const bad = slugs.filter((_, i) => i % 10 === 3);
    expect(report.files).toBe(150);
    expect(report.reviews.map((r) => r.slug)).toEqual(slugs.filter((slug) => !bad.includes(slug)));
    expect(report.problems.map((p) => p.file)).toEqual(bad.map((slug) => join(folder, `${slug}.md`)));
    expect(report.problems[0]?.message).toContain('line 1');
    expect(progress).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });
});
