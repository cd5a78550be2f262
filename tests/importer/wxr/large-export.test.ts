import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import { channelFooter, channelHeader, item } from './build-export.js';

// Child processes (node → tsx) on a busy two-core machine: generous, and no part of what is asserted.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const posts = 2000;
const dir = mkdtempSync(join(tmpdir(), 'liner-notes-wxr-large-'));
const file = join(dir, 'large-export.xml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const paragraph = 'An album of its year, reviewed at length: the songs, the sleeve, the singles and what came after. '.repeat(6);

/** Writes the export item by item, as a big blog's would be: posts with listings, comments, and spam among them. */
beforeAll(async () => {
  const out = createWriteStream(file);
  const write = (text: string): Promise<void> =>
    new Promise((resolve) => {
      if (out.write(text)) resolve();
      else out.once('drain', () => resolve());
    });
  await write(channelHeader());
  for (let n = 1; n <= posts; n++) {
    const tracks = Array.from({ length: 10 }, (_, i) => `${i + 1}. Artist ${n}-${i + 1}- Song ${i + 1}`).join('\n');
    await write(
      item(
        {
          title: `Great Albums of 1984: Album ${n}`,
          postName: `great-albums-of-1984-album-${n}`,
          content: `${paragraph}\n\n${paragraph}\n\nTrack Listing\n\n${tracks}\n\nNext post: Album ${n + 1}`,
          comments: [
            { id: n * 10 + 1, author: 'Reader', email: `reader${n}@mail.example`, ip: '192.0.2.1', date: '2020-01-02 10:00:00', content: paragraph },
            { id: n * 10 + 2, author: 'Spam', date: '2020-01-02 11:00:00', content: paragraph, approved: 'spam' },
            { id: n * 10 + 3, author: 'Other', date: '2020-01-02 12:00:00', content: 'A reply.', parent: n * 10 + 1 },
          ],
        },
        n,
      ),
    );
  }
  await write(channelFooter);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
});

const measureScript = fileURLToPath(new URL('./measure-heap.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** What measure-heap.ts prints. */
interface Measured {
  reviews: number;
  atQuarter: { heap: number; bytes: number };
  atEnd: { heap: number };
}

function measure(): Promise<Measured> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', measureScript, file],
      { cwd: projectRoot, encoding: 'utf8', maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Measured)),
    );
  });
}

describe(`an export of ${posts} posts`, () => {
  it('imports as a stream: the live heap after the whole file is about what it was after a quarter of it', async () => {
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(5 * 1024 * 1024);
    const { reviews, atQuarter, atEnd } = await measure();
    expect(reviews).toBe(posts);
    // Three quarters of the file (megabytes of XML) passed through; holding even a tenth of it would show.
    const passedThrough = size - atQuarter.bytes;
    expect(atEnd.heap - atQuarter.heap).toBeLessThan(passedThrough / 10);
  });

  it('shows a progress bar on stderr and the summary on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['import', file]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Test Blog: ${posts} reviews, 0 posts skipped\\n`));
    expect(stdout).toContain(`  Great Albums of 1984: Album ${posts}: 10 tracks, 2 responses\n`);
    const bars = stderr.trimEnd().split('\n');
    expect(bars.length).toBeGreaterThanOrEqual(2);
    expect(bars.at(-1)).toMatch(/^reading .*large-export\.xml \[#{30}\] 100% \(\d+\.\d of \d+\.\d MB\)$/);
    expect(bars[0]).toMatch(/\[#{0,3}-+\] +\d+%/);
    expect(stdout + stderr).not.toMatch(/reader\d+@mail\.example|192\.0\.2\.1/);
  });
});
