import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { projectRoot, runCli } from './run-cli.js';

// Each case starts real processes (node → tsx → the CLI); a busy machine must not fail them.
vi.setConfig({ testTimeout: 60_000 });

const dir = mkdtempSync(join(tmpdir(), 'liner-notes-cli-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shipped = readFileSync(join(projectRoot, 'data', 'reviews', 'great-soundtracks-of-1985-rocky-iv.md'), 'utf8');

describe('liner-notes validate', () => {
  it('passes on the shipped data/', async () => {
    const { code, stdout, stderr } = await runCli(['validate']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+ review\(s\) in .*reviews are valid\n$/);
  });

  it('names each bad file and field and exits non-zero', async () => {
    const reviews = join(dir, 'bad', 'reviews');
    mkdirSync(reviews, { recursive: true });
    writeFileSync(join(reviews, 'good.md'), shipped);
    writeFileSync(join(reviews, 'bad-year.md'), shipped.replace('year: 1985', 'year: 1850'));
    writeFileSync(join(reviews, 'bad-track.md'), shipped.replace('4. Survivor - Eye of the Tiger', '4. Survivor - '));
    const { code, stdout, stderr } = await runCli(['validate', join(dir, 'bad')]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/bad-track\.md: line \d+: not a track: "4\. Survivor -"/);
    expect(lines[1]).toMatch(/bad-year\.md: line 5: year: must be a year from 1900 to 2099$/);
    expect(lines[2]).toMatch(/^liner-notes: 2 of 3 review file\(s\) in .* are invalid$/);
  });

  it('reports progress on stderr over many files, keeping stdout for the result', async () => {
    const reviews = join(dir, 'many', 'reviews');
    mkdirSync(reviews, { recursive: true });
    for (let i = 0; i < 250; i++) writeFileSync(join(reviews, `review-${i}.md`), shipped);
    const { code, stdout, stderr } = await runCli(['validate', join(dir, 'many')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^250 review\(s\) in .* are valid\n$/);
    expect(stderr).toBe('checked 100/250\nchecked 200/250\nchecked 250/250\n');
  });

  it('accepts the reviews folder itself', async () => {
    const reviews = join(dir, 'flat');
    mkdirSync(reviews);
    writeFileSync(join(reviews, 'great-soundtracks-of-1985-rocky-iv.md'), shipped);
    const { code } = await runCli(['validate', reviews]);
    expect(code).toBe(0);
  });

  it('refuses a folder that does not exist or holds no reviews', async () => {
    const missing = await runCli(['validate', join(dir, 'missing')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^liner-notes: no such folder: .*missing\n$/);
    mkdirSync(join(dir, 'empty'));
    const empty = await runCli(['validate', join(dir, 'empty')]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no review files \(\*\.md\)/);
  });
});

describe('liner-notes list', () => {
  it('prints the catalogue', async () => {
    const { code, stdout, stderr } = await runCli(['list']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^great-soundtracks-of-1985-rocky-iv +1985 +10 tracks +Great Soundtracks of 1985: Rocky IV$/m);
  });

  it('--json prints the reviews, and a bad file is reported on stderr without hiding the rest', async () => {
    const reviews = join(dir, 'listed', 'reviews');
    mkdirSync(reviews, { recursive: true });
    writeFileSync(join(reviews, 'great-soundtracks-of-1985-rocky-iv.md'), shipped);
    writeFileSync(join(reviews, 'broken.md'), 'no front matter');
    const { code, stdout, stderr } = await runCli(['list', '--json', '--data', join(dir, 'listed')]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { slug: string }[];
    expect(parsed.map((r) => r.slug)).toEqual(['great-soundtracks-of-1985-rocky-iv']);
    expect(stderr).toMatch(/^skipped .*broken\.md: line 1: the file must start with "---"/);
  });
});

describe('liner-notes itself', () => {
  it('rejects an unknown command on stderr with exit 1', async () => {
    const { code, stdout, stderr } = await runCli(['frobnicate']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('lists its commands in --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/import \[options\] <file>/);
    expect(stdout).toMatch(/validate \[dir\]/);
    expect(stdout).toMatch(/list \[options\]/);
  });
});
