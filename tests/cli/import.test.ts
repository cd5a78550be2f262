import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli.js';

// Each case starts real processes (node → tsx → the CLI); a busy machine must not fail them.
vi.setConfig({ testTimeout: 60_000 });

const rockyIv = 'tests/importer/fixtures/great-soundtracks-of-1985-rocky-iv.txt';
const dir = mkdtempSync(join(tmpdir(), 'liner-notes-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('liner-notes import', () => {
  it('--json prints exactly one JSON object with the review and nothing on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['import', rockyIv, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const parsed: unknown = JSON.parse(stdout);
    expect(Object.keys(parsed as object)).toEqual([
      'title',
      'series',
      'subject',
      'year',
      'body',
      'tracks',
      'nextPost',
      'responseCount',
      'responses',
      'warnings',
    ]);
    expect(parsed).toMatchObject({
      title: 'Great Soundtracks of 1985: Rocky IV',
      series: 'Great Soundtracks of 1985',
      subject: 'Rocky IV',
      year: 1985,
      nextPost: 'The Cult- Love',
      responseCount: 18,
    });
    const review = parsed as { tracks: unknown[]; responses: { likes: number }[]; warnings: string[]; body: string[] };
    expect(review.tracks).toHaveLength(10);
    expect(review.responses.map((r) => r.likes)).toEqual([1, 2, 1, 1, 1, 1]);
    expect(review.body).toHaveLength(6);
    expect(review.warnings).toEqual([
      'line 20: skipped "John Cafferty and The Beaver Brown Band" inside the track listing (not a numbered "Artist – Title" line)',
    ]);
  });

  it('prints a short human summary without --json', async () => {
    const { code, stdout, stderr } = await runCli(['import', rockyIv]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Great Soundtracks of 1985: Rocky IV\n/);
    expect(stdout).toContain('6 paragraph(s), 10 track(s), next post: The Cult- Love');
    expect(stdout).toContain('blog: 18 response(s), 6 archived');
    expect(stdout).toContain(' 1. Survivor - Burning Heart');
    expect(stdout).toContain('1 warning(s):');
  });

  describe('refuses unusable input with one line on stderr, exit 1 and nothing written', () => {
    const write = (name: string, content: string | Buffer): string => {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    };
    const cases: [string, () => string, RegExp][] = [
      ['a missing file', () => join(dir, 'absent.txt'), /cannot import .*absent\.txt: no such file$/],
      ['an empty file', () => write('empty.txt', ''), /: the file is empty$/],
      ['a blank file', () => write('blank.txt', '\n  \n\n'), /: empty input: there is no text at all$/],
      ['a binary file', () => write('binary.bin', Buffer.from([0x47, 0x49, 0x46, 0x0a, 0x00, 0x01, 0x02])), /: line 2: the file is binary/],
      ['a post without a title', () => write('no-title.txt', '\nTrack Listing\n1. A - B\n'), /: line 2: no title: /],
      ['a post without a listing', () => write('no-listing.txt', 'Title\n\nJust prose here.\n'), /: no track listing: /],
      ['a heading without tracks', () => write('no-tracks.txt', 'Title\n\nTrack Listing\n\nSurvivor\n'), /: line 3: no track listing: /],
      ['a file over 1 MB', () => write('huge.txt', `Title\n${'x'.repeat(1_100_000)}`), /: the file is larger than 1 MB \(1100006 bytes\)/],
    ];

    it.each(cases)('%s', async (_name, file, message) => {
      const data = join(dir, `data-${_name.replaceAll(' ', '-')}`);
      const { code, stdout, stderr } = await runCli(['import', file(), '--json', '--save', '--data', data]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.endsWith('\n')).toBe(true);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^liner-notes: cannot import /);
      expect(stderr.trimEnd()).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(data)).toBe(false);
    });
  });

  it('--save adds the review to the catalogue once; --replace overwrites it', async () => {
    const data = join(dir, 'data');
    const first = await runCli(['import', rockyIv, '--save', '--data', data, '--added-at', '2024-02-03']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/saved .*reviews\/great-soundtracks-of-1985-rocky-iv\.md\n$/);
    expect(readdirSync(join(data, 'reviews'))).toEqual(['great-soundtracks-of-1985-rocky-iv.md']);

    const again = await runCli(['import', rockyIv, '--json', '--save', '--data', data]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already in the catalogue .*--replace/);

    const replaced = await runCli(['import', rockyIv, '--json', '--save', '--replace', '--data', data]);
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout)).toHaveProperty('title', 'Great Soundtracks of 1985: Rocky IV');
    expect(replaced.stderr).toMatch(/^replaced .*great-soundtracks-of-1985-rocky-iv\.md\n$/);

    const validated = await runCli(['validate', data]);
    expect(validated.code).toBe(0);
  });
});
