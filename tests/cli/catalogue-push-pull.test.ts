import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { pullCatalogue } from '../../src/catalogue/pull-catalogue.js';
import { InvalidReviewFilesError, pushCatalogue } from '../../src/catalogue/push-catalogue.js';
import { parseReviewFile, serializeReview } from '../../src/catalogue/review-file.js';
import { loadStoreCatalogue } from '../../src/catalogue/store-catalogue.js';
import type { Store } from '../../src/store/index.js';
import { freshServerStores } from '../e2e/helpers/fresh-server-store.js';
import { memoryCase, reportMissingServers, serverCases } from '../store/helpers/store-cases.js';
import { projectRoot } from './run-cli.js';

// The CLI cases start real processes (node → tsx → the CLI); a busy machine must not fail them.
vi.setConfig({ testTimeout: 60_000 });

const rockySlug = 'great-soundtracks-of-1985-rocky-iv';
/** The shipped file, as written by hand: push and pull keep its exact bytes. */
const rockyText = readFileSync(join(projectRoot, 'data', 'reviews', `${rockySlug}.md`), 'utf8');
const rocky = parseReviewFile(rockyText, rockySlug);
const copy = (slug: string, subject: string): string =>
  serializeReview({ ...rocky, slug, subject, title: `Great Soundtracks of 1985: ${subject}`, nextPost: null, blog: null });

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'liner-notes-push-pull-'));
  dirs.push(dir);
  const reviews = join(dir, 'reviews');
  mkdirSync(reviews);
  for (const [slug, text] of Object.entries(files)) writeFileSync(join(reviews, `${slug}.md`), text);
  return reviews;
}
const filesOf = (reviews: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(reviews)
      .sort()
      .map((name) => [name, readFileSync(join(reviews, name), 'utf8')]),
  );

reportMissingServers('catalogue push and pull');

describe.each([memoryCase, ...serverCases()])('catalogue push and pull on $name', (storeCase) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it('pushes files into the store, reports what changed each time, and pulls the same bytes back', async () => {
    store = await storeCase.place().open();
    const reviews = folder({ [rockySlug]: rockyText, 'great-soundtracks-of-1985-top-gun': copy('great-soundtracks-of-1985-top-gun', 'Top Gun') });
    expect(await pushCatalogue(reviews, store.catalogue)).toEqual({
      added: [rockySlug, 'great-soundtracks-of-1985-top-gun'],
      changed: [],
      removed: [],
      unchanged: [],
      problems: [],
    });
    expect(await pushCatalogue(reviews, store.catalogue)).toMatchObject({
      added: [],
      changed: [],
      removed: [],
      unchanged: [rockySlug, 'great-soundtracks-of-1985-top-gun'],
    });

    writeFileSync(join(reviews, `${rockySlug}.md`), rockyText.replace('year: 1985', 'year: 1986'));
    unlinkSync(join(reviews, 'great-soundtracks-of-1985-top-gun.md'));
    writeFileSync(join(reviews, 'great-soundtracks-of-1985-cocoon.md'), copy('great-soundtracks-of-1985-cocoon', 'Cocoon'));
    const dry = await pushCatalogue(reviews, store.catalogue, { dryRun: true });
    expect(dry).toEqual({
      added: ['great-soundtracks-of-1985-cocoon'],
      changed: [rockySlug],
      removed: ['great-soundtracks-of-1985-top-gun'],
      unchanged: [],
      problems: [],
    });
    // The dry run wrote nothing: the real push finds the same changes.
    expect(await pushCatalogue(reviews, store.catalogue)).toEqual(dry);

    // A bot process on the store serves what was pushed.
    const { catalogue } = await loadStoreCatalogue(store.catalogue);
    await catalogue.close();
    expect(
      catalogue
        .all()
        .map((r) => r.slug)
        .sort(),
    ).toEqual(['great-soundtracks-of-1985-cocoon', rockySlug]);
    expect((await catalogue.read(rockySlug))?.year).toBe(1986);

    const pulled = folder({ 'great-soundtracks-of-1985-old': copy('great-soundtracks-of-1985-old', 'Old'), [rockySlug]: rockyText });
    expect(await pullCatalogue(pulled, store.catalogue)).toEqual({
      added: ['great-soundtracks-of-1985-cocoon'],
      changed: [rockySlug],
      removed: ['great-soundtracks-of-1985-old'],
      unchanged: [],
      problems: [],
    });
    expect(filesOf(pulled)).toEqual(filesOf(reviews));
    expect(await pullCatalogue(pulled, store.catalogue)).toMatchObject({
      added: [],
      changed: [],
      removed: [],
      unchanged: ['great-soundtracks-of-1985-cocoon', rockySlug],
    });
  });

  it('refuses a push with an invalid file, naming it, and leaves the store as it was', async () => {
    store = await storeCase.place().open();
    await pushCatalogue(folder({ [rockySlug]: rockyText }), store.catalogue);
    const reviews = folder({
      [rockySlug]: rockyText.replace('year: 1985', 'year: 1850'),
      'great-soundtracks-of-1985-cocoon': copy('great-soundtracks-of-1985-cocoon', 'Cocoon'),
    });
    const refused = await pushCatalogue(reviews, store.catalogue).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidReviewFilesError);
    expect((refused as InvalidReviewFilesError).problems).toEqual([
      { file: join(reviews, `${rockySlug}.md`), message: 'line 5: year: must be a year from 1900 to 2099' },
    ]);
    expect((refused as Error).message).toBe(
      '1 of 2 review file(s) are invalid, so nothing was pushed; correct them (see "liner-notes validate") and push again',
    );
    const pulled = folder();
    await pullCatalogue(pulled, store.catalogue);
    expect(filesOf(pulled)).toEqual({ [`${rockySlug}.md`]: rockyText });
  });

  it('pulls no record that is not a valid review, nor one whose slug is a path, and keeps the local file', async () => {
    store = await storeCase.place().open();
    await pushCatalogue(folder({ [rockySlug]: rockyText }), store.catalogue);
    const summary = { revision: 'r', title: 'Bad', series: null, subject: 'Bad', year: null, nextPost: null, addedAt: '2024-01-01', tracks: '' };
    await store.catalogue.put('broken', { revision: 'r', text: 'not a review' }, summary);
    await store.catalogue.put('../outside', { revision: 'r', text: rockyText }, summary);
    const pulled = folder({ broken: 'kept as it was' });
    const report = await pullCatalogue(pulled, store.catalogue);
    expect(report.added).toEqual([rockySlug]);
    expect(report.removed).toEqual([]);
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^the store's text is not a valid review, so it is not written: /),
      'its slug is not one (lower-case letters and digits separated by hyphens), so it is not written',
    ]);
    expect(filesOf(pulled)).toEqual({ 'broken.md': 'kept as it was', [`${rockySlug}.md`]: rockyText });
    expect(readdirSync(join(pulled, '..')).sort()).toEqual(['reviews']);
  });
});

const bin = fileURLToPath(new URL('../../bin/liner-notes.js', import.meta.url));

/** The real CLI, with only PATH and `env` in its environment, in a folder without a .env. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'liner-notes-cli-cwd-'));
  dirs.push(cwd);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error && typeof error.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr });
      },
    );
  });
}

describe('liner-notes catalogue push and pull', () => {
  it('needs STORE_URL to name a PostgreSQL or Redis store', async () => {
    const reviews = folder({ [rockySlug]: rockyText });
    const unset = await cli(['catalogue', 'push', '--data', join(reviews, '..')]);
    expect(unset).toMatchObject({ code: 1, stdout: '' });
    expect(unset.stderr).toBe(
      'liner-notes: STORE_URL is not set: push and pull copy the catalogue to and from a PostgreSQL or Redis store (with the default SQLite store, data/reviews is the catalogue itself)\n',
    );
    const sqlite = await cli(['catalogue', 'pull', '--data', join(reviews, '..')], { STORE_URL: `sqlite://${join(reviews, '..', 'store.sqlite')}` });
    expect(sqlite.code).toBe(1);
    expect(sqlite.stderr).toBe(
      'liner-notes: STORE_URL does not name a PostgreSQL or Redis store: with any other store, data/reviews is the catalogue itself and there is nothing to push or pull\n',
    );
    expect(filesOf(reviews)).toEqual({ [`${rockySlug}.md`]: rockyText });
  });

  it('names a server that does not answer without its password', async () => {
    const { code, stdout, stderr } = await cli(['catalogue', 'push', '--data', join(folder(), '..')], {
      STORE_URL: 'postgres://liner:hunter2-secret@127.0.0.1:9/liner',
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^liner-notes: cannot open the store at PostgreSQL postgres:\/\/\[redacted\]@127\.0\.0\.1:9\/liner: .+\n$/);
    expect(stderr).not.toContain('hunter2');
  });

  for (const server of freshServerStores()) {
    it(`pushes and pulls through ${server.name}, with a report and without the password`, async () => {
      const fresh = await server.create();
      try {
        const data = join(folder({ [rockySlug]: rockyText, 'great-soundtracks-of-1985-cocoon': copy('great-soundtracks-of-1985-cocoon', 'Cocoon') }), '..');
        const env = { STORE_URL: fresh.url };
        const pushed = await cli(['catalogue', 'push', '--data', data], env);
        expect(pushed.stderr).toBe('');
        expect(pushed.code).toBe(0);
        const lines = pushed.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(/^push .*reviews → (PostgreSQL|Redis) .*: 2 added, 0 changed, 0 removed, 0 unchanged$/);
        expect(lines.slice(1)).toEqual(['  added    great-soundtracks-of-1985-cocoon', `  added    ${rockySlug}`]);
        expect(pushed.stdout).not.toContain('liner-ci-secret');

        const target = join(folder({ 'great-soundtracks-of-1985-gone': rockyText }), '..');
        const dry = await cli(['catalogue', 'pull', '--data', target, '--dry-run'], env);
        expect(dry.stdout).toMatch(/^pull .* \(dry run, nothing written\): 2 added, 0 changed, 1 removed, 0 unchanged\n/);
        expect(readdirSync(join(target, 'reviews'))).toEqual(['great-soundtracks-of-1985-gone.md']);
        const pulled = await cli(['catalogue', 'pull', '--data', target], env);
        expect(pulled.code).toBe(0);
        expect(pulled.stdout).toContain('2 added, 0 changed, 1 removed, 0 unchanged\n');
        expect(pulled.stdout).toContain('  removed  great-soundtracks-of-1985-gone\n');
        expect(filesOf(join(target, 'reviews'))).toEqual(filesOf(join(data, 'reviews')));
      } finally {
        await fresh.dispose();
      }
    });
  }
});
