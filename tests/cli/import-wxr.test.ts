import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { maxExportBytes } from '../../src/importer/wxr/index.js';
import { buildExport, type ItemSpec } from '../importer/wxr/build-export.js';
import { runCli } from './run-cli.js';

// Each case starts real processes (node → tsx → the CLI); a busy machine must not fail them.
vi.setConfig({ testTimeout: 60_000 });

const sample = 'tests/importer/wxr/fixtures/wordpress-export-sample.xml';
const dir = mkdtempSync(join(tmpdir(), 'liner-notes-cli-wxr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Every file under a folder, by path relative to it, with its content. */
function tree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string, prefix: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else files[`${prefix}${name}`] = readFileSync(path, 'utf8');
    }
  };
  if (existsSync(root)) walk(root, '');
  return files;
}

const listing = 'Track Listing\n\n1. A- B\n2. C- D';
const three: [ItemSpec, ItemSpec, ItemSpec] = [
  { title: 'Great Albums of 1984: First', postName: 'first', content: `One.\n\n${listing}` },
  { title: 'Great Albums of 1984: Second', postName: 'second', content: `Two.\n\n${listing}` },
  { title: 'Great Albums of 1984: Third', postName: 'third', content: `Three.\n\n${listing}` },
];

describe('liner-notes import EXPORT.xml', () => {
  it('prints a summary: the reviews with track and response counts, the posts skipped with reasons, the warnings', async () => {
    const { code, stdout, stderr } = await runCli(['import', sample]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'Rock and Roll Children: 1 review, 1 post skipped',
        '  Great Soundtracks of 1985: Rocky IV: 10 tracks, 6 responses',
        'Skipped:',
        '  Great Soundtracks of 1985: The Breakfast Club: a draft, not published',
        'Not posts, so not reviews: 1 page, 1 attachment',
        'Warnings:',
        '  Great Soundtracks of 1985: Rocky IV: skipped "John Cafferty and The Beaver Brown Band" inside the track listing (not a numbered "Artist – Title" line)',
        '',
      ].join('\n'),
    );
  });

  it('recognises an export by its content, whatever its name', async () => {
    const renamed = write('rocky.txt', readFileSync(sample, 'utf8'));
    const { code, stdout } = await runCli(['import', renamed]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Rock and Roll Children: 1 review/);
  });

  it('--json prints exactly one JSON object: the reviews with their responses, and what was skipped', async () => {
    const { code, stdout, stderr } = await runCli(['import', sample, '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const parsed = JSON.parse(stdout) as {
      reviews: Record<string, unknown>[];
      skipped: { title: string; reason: string }[];
    };
    expect(Object.keys(parsed)).toEqual(['reviews', 'skipped']);
    const [review] = parsed.reviews;
    expect(Object.keys(review ?? {})).toEqual([
      'slug',
      'title',
      'series',
      'subject',
      'year',
      'postedAt',
      'body',
      'tracks',
      'nextPost',
      'responseCount',
      'responses',
      'warnings',
    ]);
    expect(review).toMatchObject({
      slug: 'great-soundtracks-of-1985-rocky-iv',
      postedAt: '2019-06-14T09:00:00Z',
      year: 1985,
      nextPost: 'The Cult- Love',
      responseCount: 6,
    });
    expect((review?.tracks as unknown[])[0]).toEqual({ position: 1, artist: 'Survivor', title: 'Burning Heart' });
    const responses = review?.responses as Record<string, unknown>[];
    expect(responses).toHaveLength(6);
    expect(responses[0]).toEqual({
      author: 'Jeff',
      date: '2019-06-14T10:00:00Z',
      text: 'There’s another Rocky IV reference in Family Guy. Peter finds out that Russia edited the film so Drago wins at the end. Peter challenging Putin to a fight.',
      likes: 0,
      replyTo: null,
    });
    expect(parsed.skipped).toEqual([
      { title: 'About', reason: 'a page, not a post' },
      { title: 'rocky-iv-cover', reason: 'an attachment, not a post' },
      { title: 'Great Soundtracks of 1985: The Breakfast Club', reason: 'a draft, not published' },
    ]);
  });

  it('--json gives replyTo as the 1-based position of the response answered', async () => {
    const file = write(
      'threads.xml',
      buildExport([
        {
          title: 'Threads',
          content: listing,
          comments: [
            { id: 1, author: 'Ann', date: '2020-01-02 10:00:00', content: 'Top.' },
            { id: 2, author: 'Bob', date: '2020-01-02 12:00:00', content: 'Later top.' },
            { id: 3, author: 'Cat', date: '2020-01-02 11:00:00', content: 'Reply.', parent: 1 },
          ],
        },
      ]),
    );
    const { stdout } = await runCli(['import', file, '--json']);
    const responses = (JSON.parse(stdout) as { reviews: { responses: { author: string; replyTo: number | null }[] }[] }).reviews[0]?.responses;
    expect(responses?.map((r) => [r.author, r.replyTo])).toEqual([
      ['Ann', null],
      ['Cat', 1],
      ['Bob', null],
    ]);
  });
});

describe('liner-notes import EXPORT.xml --save', () => {
  it('writes every review; a second run leaves the same files and reports each review left alone; --replace rewrites them', async () => {
    const file = write('three.xml', buildExport(three));
    const data = join(dir, 'data-twice');
    const first = await runCli(['import', file, '--save', '--data', data]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\nsaved 3 reviews to .*reviews\/\n$/);
    const files = tree(join(data, 'reviews'));
    expect(Object.keys(files)).toEqual(['first.md', 'second.md', 'third.md']);

    const again = await runCli(['import', file, '--save', '--data', data]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('saved 0 reviews to');
    expect(again.stdout).toContain(', left 3 alone\n');
    expect(again.stdout).toContain('  left alone second: already in the catalogue (--replace overwrites it)\n');
    expect(tree(join(data, 'reviews'))).toEqual(files);

    const replaced = await runCli(['import', file, '--save', '--replace', '--json', '--data', data]);
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout)).toHaveProperty('reviews');
    expect(replaced.stderr).toMatch(/^saved 0 reviews to .*, replaced 3\n$/);
    expect(tree(join(data, 'reviews'))).toEqual(files);

    expect((await runCli(['validate', data])).code).toBe(0);
  });

  it('writes nothing when a write fails halfway: reviews added before it are removed, replaced ones put back', async () => {
    const data = join(dir, 'data-halfway');
    const first = write('first-only.xml', buildExport([{ ...three[0], content: `The first, as first written.\n\n${listing}` }]));
    expect((await runCli(['import', first, '--save', '--data', data])).code).toBe(0);
    const before = tree(data);
    // Where the third review's file should go there is a folder: its write fails after the others were done.
    mkdirSync(join(data, 'reviews', 'third.md'));

    const file = write('three-again.xml', buildExport(three));
    const { code, stdout, stderr } = await runCli(['import', file, '--save', '--replace', '--data', data]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^liner-notes: cannot import .*three-again\.xml: nothing saved: writing "third" failed: .*; the catalogue is as it was\n$/);
    const after = tree(data);
    expect(after['reviews/first.md']).toBe(before['reviews/first.md']);
    expect(Object.keys(after).filter((name) => name.startsWith('reviews/'))).toEqual(['reviews/first.md']);
  });
});

describe('liner-notes import: an unusable export exits 1 with one line on stderr and writes nothing', () => {
  const cases: [string, () => string, RegExp][] = [
    ['not XML', () => write('broken.xml', '<?xml version="1.0"?>\n<rss><channel></rss>'), /: not XML: line 2, column \d+: /],
    [
      'XML that is not a WordPress export',
      () => write('atom.xml', '<feed xmlns="http://www.w3.org/2005/Atom"/>'),
      /: XML, but not a WordPress export: its root element is <feed>, not <rss>$/,
    ],
    [
      'a WXR version it does not know',
      () => write('v9.xml', buildExport(three, { version: '9.9' })),
      /: WXR version "9\.9" is not one this importer knows \(it reads 1\.0, 1\.1, 1\.2\)$/,
    ],
    [
      'a file over the size limit',
      () => {
        const file = write('huge.xml', '<?xml version="1.0"?>');
        truncateSync(file, maxExportBytes + 1);
        return file;
      },
      /: the file is \d+ bytes, over the 256 MB limit for a WordPress export: /,
    ],
  ];

  it.each(cases)('%s', async (name, file, message) => {
    const data = join(dir, `data-${name.replaceAll(' ', '-')}`);
    const { code, stdout, stderr } = await runCli(['import', file(), '--json', '--save', '--data', data]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^liner-notes: cannot import /);
    expect(stderr.trimEnd()).toMatch(message);
    expect(existsSync(data)).toBe(false);
  });
});

describe('liner-notes import: privacy', () => {
  it('no e-mail or IP address from the export appears in the JSON, the messages or the files written', async () => {
    const secrets = ['editor@blog.example', 'ann@mail.example', '198.51.100.23', '2001:db8::17', 'bob@mail.example', '198.51.100.99'];
    const file = write(
      'private.xml',
      buildExport(
        [
          {
            title: 'Great Albums of 1984: Private',
            content: `Mail me: editor@blog.example\n\n${listing}`,
            comments: [
              {
                id: 1,
                author: 'Ann',
                email: 'ann@mail.example',
                ip: '198.51.100.23',
                url: 'https://ann.example',
                date: '2020-01-02 10:00:00',
                content: 'I am ann@mail.example at 198.51.100.23.',
              },
              { id: 2, author: 'bob@mail.example', email: 'bob@mail.example', ip: '2001:db8::17', date: '2020-01-02 11:00:00', content: 'From 2001:db8::17.' },
              { id: 3, author: 'Pending', email: 'pending@mail.example', ip: '198.51.100.99', date: '2020-01-02 12:00:00', content: 'wait', approved: '0' },
            ],
          },
          { title: 'No listing from 198.51.100.23', content: 'Just words.' },
        ],
        { authorEmail: 'editor@blog.example' },
      ),
    );
    const data = join(dir, 'data-private');
    const json = await runCli(['import', file, '--json', '--save', '--data', data]);
    const text = await runCli(['import', file]);
    expect(json.code).toBe(0);
    const written = Object.values(tree(data)).join('\n');
    expect(written).toContain('Great Albums of 1984: Private');
    for (const output of [json.stdout, json.stderr, text.stdout, text.stderr, written]) {
      for (const secret of [...secrets, 'pending@mail.example', 'ann.example']) expect(output).not.toContain(secret);
    }
  });
});
