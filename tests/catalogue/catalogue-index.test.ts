import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogueError, catalogueIndexFileName, loadCatalogue, type Catalogue } from '../../src/catalogue/index.js';
import { serializeReview } from '../../src/catalogue/review-file.js';
import type { Review } from '../../src/domain/review.js';
import { albumOf1984 } from './albums-of-1984.js';

function review(slug: string, overrides: Partial<Review> = {}): Review {
  return albumOf1984(slug, {
    body: [`About ${slug}.`, 'A second paragraph.'],
    tracks: [
      { position: 1, artist: 'Prince', title: `${slug} one` },
      { position: 2, artist: 'Sheila E.', title: 'The “Glamorous” Life\tlive' },
    ],
    blog: { responseCount: 3, responses: [{ text: 'Great post.', likes: 1 }] },
    ...overrides,
  });
}

let dir: string;
const reviewsFolder = (): string => join(dir, 'reviews');
const indexFile = (): string => join(dir, catalogueIndexFileName);
const fileOf = (slug: string): string => join(reviewsFolder(), `${slug}.md`);
let clock = Date.now() - 3_600_000;

/** Writes a review file last modified an hour ago, as a catalogue in use is (each file gets its own mtime). */
function writeSettled(slug: string, text: string): void {
  writeFileSync(fileOf(slug), text);
  clock += 1000;
  utimesSync(fileOf(slug), new Date(clock), new Date(clock));
}

/** The catalogue as every answer sees it, tracks decoded. */
function contents(catalogue: Catalogue) {
  return catalogue.all().map((s) => ({
    slug: s.slug,
    title: s.title,
    series: s.series,
    subject: s.subject,
    year: s.year,
    nextPost: s.nextPost,
    addedAt: s.addedAt,
    tracks: s.tracks,
  }));
}

async function loadAndIndex() {
  const loaded = await loadCatalogue(dir);
  await loaded.catalogue.settled();
  return loaded;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liner-notes-index-'));
  mkdirSync(reviewsFolder());
  for (const slug of ['purple-rain', 'born-in-the-usa', 'like-a-virgin']) writeSettled(slug, serializeReview(review(slug)));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the catalogue index', () => {
  it('is written after a load, not before it resolves, and the next load takes every unchanged file from it', async () => {
    const first = await loadCatalogue(dir);
    expect({ fromIndex: first.fromIndex, parsed: first.parsed }).toEqual({ fromIndex: 0, parsed: 3 });
    expect(existsSync(indexFile())).toBe(false);
    await first.catalogue.settled();
    expect(existsSync(indexFile())).toBe(true);

    const second = await loadCatalogue(dir);
    expect({ fromIndex: second.fromIndex, parsed: second.parsed, problems: second.problems }).toEqual({ fromIndex: 3, parsed: 0, problems: [] });
    expect(contents(second.catalogue)).toEqual(contents(first.catalogue));
    expect(second.catalogue.get('purple-rain')?.tracks).toEqual(review('purple-rain').tracks);
    // The text and the blog archive are not in the index: read from the file.
    expect(await second.catalogue.read('purple-rain')).toEqual(review('purple-rain'));
    // Nothing changed, so nothing is written.
    await second.catalogue.settled();
    expect((await loadCatalogue(dir)).fromIndex).toBe(3);
  });

  it('parses a changed file again and gives its new summary', async () => {
    await loadAndIndex();
    writeSettled('purple-rain', serializeReview(review('purple-rain', { title: 'Great Albums of 1984: Purple Rain', year: 1985 })));
    const changed = await loadAndIndex();
    expect({ fromIndex: changed.fromIndex, parsed: changed.parsed }).toEqual({ fromIndex: 2, parsed: 1 });
    expect(changed.catalogue.get('purple-rain')).toMatchObject({ title: 'Great Albums of 1984: Purple Rain', year: 1985 });
    const again = await loadCatalogue(dir);
    expect({ fromIndex: again.fromIndex, parsed: again.parsed }).toEqual({ fromIndex: 3, parsed: 0 });
    expect(again.catalogue.get('purple-rain')?.title).toBe('Great Albums of 1984: Purple Rain');
  });

  it('keeps a file changed moments ago out of the index until it has settled, and reads it every time until then', async () => {
    await loadAndIndex();
    writeFileSync(fileOf('purple-rain'), serializeReview(review('purple-rain', { subject: 'Purple Rain' })));
    for (let load = 0; load < 2; load++) {
      const loaded = await loadAndIndex();
      expect({ fromIndex: loaded.fromIndex, parsed: loaded.parsed }).toEqual({ fromIndex: 2, parsed: 1 });
      expect(loaded.catalogue.get('purple-rain')?.subject).toBe('Purple Rain');
    }
  });

  it('picks up a new file and drops a deleted one', async () => {
    await loadAndIndex();
    writeSettled('thriller', serializeReview(review('thriller', { series: null, title: 'Thriller', subject: 'Thriller' })));
    rmSync(fileOf('like-a-virgin'));
    const loaded = await loadAndIndex();
    expect({ fromIndex: loaded.fromIndex, parsed: loaded.parsed }).toEqual({ fromIndex: 2, parsed: 1 });
    expect(
      loaded.catalogue
        .all()
        .map((r) => r.slug)
        .sort(),
    ).toEqual(['born-in-the-usa', 'purple-rain', 'thriller']);
    expect(loaded.catalogue.get('like-a-virgin')).toBeUndefined();
    expect(await loaded.catalogue.read('like-a-virgin')).toBeUndefined();
    const again = await loadCatalogue(dir);
    expect({ fromIndex: again.fromIndex, parsed: again.parsed }).toEqual({ fromIndex: 3, parsed: 0 });
  });

  it('reports a bad file on every load, never from the index, and still indexes the others', async () => {
    writeSettled('broken', 'no front matter');
    for (let load = 0; load < 2; load++) {
      const loaded = await loadAndIndex();
      expect(loaded.problems.map((p) => p.file)).toEqual([fileOf('broken')]);
      expect(loaded.catalogue.all()).toHaveLength(3);
    }
    expect((await loadCatalogue(dir)).fromIndex).toBe(3);
  });

  /** An index as this version writes it, with the right checksum: a forgery the checksum cannot catch. */
  interface Lists {
    names: string;
    stamps: unknown[];
    summaries: unknown[];
  }
  function listsOf(index: string): Lists {
    const { entries } = JSON.parse(index) as { entries: { names: string; stamps: unknown[]; summaries: string } };
    return { ...entries, summaries: JSON.parse(inflateRawSync(Buffer.from(entries.summaries, 'base64')).toString('utf8')) as unknown[] };
  }
  function forged({ names, stamps, summaries }: Lists, summariesText = deflateRawSync(JSON.stringify(summaries)).toString('base64')): string {
    const text = JSON.stringify({ names, stamps, summaries: summariesText });
    return `{"version":1,"checksum":"${createHash('sha1').update(text).digest('hex')}","entries":${text}}`;
  }

  it.each<[string, (index: string) => string]>([
    ['not JSON at all', () => 'this is not an index'],
    ['empty', () => ''],
    ['cut short', (index) => index.slice(0, Math.floor(index.length / 2))],
    ['reformatted', (index) => JSON.stringify(JSON.parse(index), null, 2)],
    ['of another version', (index) => index.replace('{"version":1,', '{"version":0,')],
    [
      'edited by hand (its compressed summaries changed)',
      (index) => index.replace(/"summaries":"(.)/, (_, first: string) => `"summaries":"${first === 'A' ? 'B' : 'A'}`),
    ],
    ['edited by hand (a file size changed)', (index) => index.replace(/"stamps":\[(\d+)/, (_, size: string) => `"stamps":[${Number(size) + 1}`)],
    [
      'of the right version and checksum but naming a file that is not a review file',
      (index) => {
        const lists = listsOf(index);
        return forged({ ...lists, names: lists.names.replace('purple-rain.md', 'Purple Rain.txt') });
      },
    ],
    [
      'of the right version and checksum but with an empty file name at the end',
      (index) => {
        const lists = listsOf(index);
        return forged({ ...lists, names: `${lists.names}\n` });
      },
    ],
    [
      'of the right version and checksum but with its summaries before its names',
      (index) => {
        const { names, stamps, summaries } = listsOf(index);
        const text = JSON.stringify({ summaries: deflateRawSync(JSON.stringify(summaries)).toString('base64'), names, stamps });
        return `{"version":1,"checksum":"${createHash('sha1').update(text).digest('hex')}","entries":${text}}`;
      },
    ],
    [
      'of the right version and checksum but with a size that is not a number',
      (index) => {
        const lists = listsOf(index);
        return forged({ ...lists, stamps: lists.stamps.map((value, at) => (at === 0 ? String(value) : value)) });
      },
    ],
    [
      'of the right version and checksum but one stamp short',
      (index) => {
        const lists = listsOf(index);
        return forged({ ...lists, stamps: lists.stamps.slice(0, -1) });
      },
    ],
  ])('is not used when it is %s: every file is read, with the right results', async (_what, spoil) => {
    const expected = contents((await loadAndIndex()).catalogue);
    writeFileSync(indexFile(), spoil(readFileSync(indexFile(), 'utf8')));
    const loaded = await loadAndIndex();
    expect({ fromIndex: loaded.fromIndex, parsed: loaded.parsed, problems: loaded.problems }).toEqual({ fromIndex: 0, parsed: 3, problems: [] });
    expect(contents(loaded.catalogue)).toEqual(expected);
    // Written again, it serves the next load.
    expect((await loadCatalogue(dir)).fromIndex).toBe(3);
  });

  // The summaries are checked when they are first used, after the load: the files are read then.
  it.each<[string, (index: string) => string]>([
    [
      'of another shape',
      (index) => {
        const lists = listsOf(index);
        return forged({ ...lists, summaries: lists.summaries.map((value, at) => (at % 7 === 3 ? String(value) : value)) });
      },
    ],
    [
      'one value short',
      (index) => {
        const lists = listsOf(index);
        return forged({ ...lists, summaries: lists.summaries.slice(0, -1) });
      },
    ],
    ['not compressed data', (index) => forged(listsOf(index), 'bm90IGNvbXByZXNzZWQ=')],
  ])('gives the files’ summaries when the index’s summaries are %s, and is written again', async (_what, spoil) => {
    const expected = contents((await loadAndIndex()).catalogue);
    writeFileSync(indexFile(), spoil(readFileSync(indexFile(), 'utf8')));
    const loaded = await loadCatalogue(dir);
    expect(loaded.fromIndex).toBe(3);
    expect(contents(loaded.catalogue)).toEqual(expected);
    await loaded.catalogue.settled();
    const again = await loadCatalogue(dir);
    expect(again.fromIndex).toBe(3);
    expect(contents(again.catalogue)).toEqual(expected);
  });

  it('is kept in step by add, update and remove, and so are reads', async () => {
    const { catalogue } = await loadAndIndex();
    expect((await catalogue.read('purple-rain'))?.body).toEqual(review('purple-rain').body);

    await catalogue.add(review('thriller', { body: ['Added.'] }));
    await catalogue.update(review('purple-rain', { body: ['Updated text.'], tracks: [{ position: 1, artist: 'Prince', title: 'When Doves Cry' }] }));
    await catalogue.remove('like-a-virgin');
    expect((await catalogue.read('purple-rain'))?.body).toEqual(['Updated text.']);
    expect(catalogue.get('purple-rain')?.tracks).toEqual([{ position: 1, artist: 'Prince', title: 'When Doves Cry' }]);
    expect(await catalogue.read('like-a-virgin')).toBeUndefined();

    const reloaded = await loadCatalogue(dir);
    // The catalogue's own writes go in the index at once.
    expect({ fromIndex: reloaded.fromIndex, parsed: reloaded.parsed }).toEqual({ fromIndex: 3, parsed: 0 });
    expect(contents(reloaded.catalogue)).toEqual(contents(catalogue));
    expect((await reloaded.catalogue.read('thriller'))?.body).toEqual(['Added.']);
    expect((await reloaded.catalogue.read('purple-rain'))?.body).toEqual(['Updated text.']);
    expect(reloaded.catalogue.get('like-a-virgin')).toBeUndefined();
  });

  it('keeps working when the index cannot be written, and says so', async () => {
    mkdirSync(indexFile());
    const failures: unknown[] = [];
    const { catalogue } = await loadCatalogue(dir, { onIndexError: (error) => failures.push(error) });
    await catalogue.settled();
    expect(failures).toHaveLength(1);
    await catalogue.add(review('thriller'));
    expect(catalogue.get('thriller')?.title).toBe('Great Albums of 1984: thriller');
    expect(failures).toHaveLength(2);
    const loaded = await loadCatalogue(dir);
    expect({ fromIndex: loaded.fromIndex, parsed: loaded.parsed }).toEqual({ fromIndex: 0, parsed: 4 });
  });
});

describe('reading a whole review', () => {
  it('gives a clear error naming the file when it was broken or deleted after the load', async () => {
    const { catalogue } = await loadAndIndex();
    writeFileSync(fileOf('purple-rain'), serializeReview(review('purple-rain')).replace('1. Prince - purple-rain one', '1. Prince-purple-rain one'));
    const broken = catalogue.read('purple-rain');
    await expect(broken).rejects.toBeInstanceOf(CatalogueError);
    await expect(broken).rejects.toThrow(`the review file ${fileOf('purple-rain')} changed since the catalogue was loaded and is no longer valid: line`);
    await expect(catalogue.read('purple-rain')).rejects.toThrow(/no longer valid: line \d+: not a track/);

    rmSync(fileOf('born-in-the-usa'));
    await expect(catalogue.read('born-in-the-usa')).rejects.toThrow(`cannot read the review file ${fileOf('born-in-the-usa')}`);
    expect(await catalogue.read('not-in-the-catalogue')).toBeUndefined();
  });

  it('gives the review as its file holds it', async () => {
    const { catalogue } = await loadAndIndex();
    expect(await catalogue.read('like-a-virgin')).toEqual(review('like-a-virgin'));
  });
});
