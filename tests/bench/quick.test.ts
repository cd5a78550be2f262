import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string | undefined;

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface SpreadJson {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

interface RowJson {
  section: string;
  figure: string;
  bot: SpreadJson | null;
  bare: SpreadJson | null;
  ratio: SpreadJson | null;
  goal: string;
  met: boolean | null;
}

function isSpread(value: unknown): value is SpreadJson {
  return typeof value === 'object' && value !== null && 'median' in value && 'runs' in value && Array.isArray(value.runs);
}

// Checks that the benchmarks run and report every section, not how fast anything is (timing belongs in the bench).
describe('npm run bench -- --quick', () => {
  it('runs every section in child processes and writes well-formed results', async () => {
    dir = await mkdtemp(join(tmpdir(), 'liner-notes-bench-test-'));
    const out = join(dir, 'quick.json');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], {
      cwd: join(import.meta.dirname, '..', '..'),
      timeout: 170_000,
      maxBuffer: 10 * 1024 * 1024,
    });
    const result = JSON.parse(await readFile(out, 'utf8')) as {
      mode: string;
      machine: { cores: number; node: string; discordJs: string };
      rows: RowJson[];
      runs: Record<string, unknown[]>;
    };

    expect(result.mode).toBe('quick');
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.machine.node).toBe(process.version);
    expect(result.machine.discordJs).toMatch(/^14\./);
    expect(Object.keys(result.runs).sort()).toEqual(['footer', 'latency', 'likes', 'reconcile', 'shards', 'startup', 'stores']);
    // One run per section; the server-store section runs once per store it can reach (SQLite, and the servers named).
    const storeKinds = 1 + (process.env.TEST_POSTGRES_URL ? 1 : 0) + (process.env.TEST_REDIS_URL ? 1 : 0);
    for (const [name, runs] of Object.entries(result.runs)) expect(runs, name).toHaveLength(name === 'stores' ? storeKinds : 1);

    const sections = new Set(result.rows.map((row) => row.section));
    expect([...sections].sort()).toEqual([
      'Command latency',
      'Emulator push',
      'Footer burst',
      'Like throughput',
      'Memory',
      'Reconciliation',
      'Server stores',
      'Shards',
      'Start-up',
    ]);
    for (const row of result.rows) {
      // A server the run could not reach is named as not measured, with nothing to judge.
      if (row.figure.includes('not measured')) {
        expect(row.met).toBeNull();
        continue;
      }
      expect(isSpread(row.bot), `${row.section} – ${row.figure}: bot figure`).toBe(true);
      expect(row.bot?.runs, `${row.section} – ${row.figure}: one value per run`).toHaveLength(1);
      expect(row.met === null || typeof row.met === 'boolean').toBe(true);
      // A figure a goal is judged on must have been measured (NaN reaches JSON as null); informational ones,
      // such as the gap between edits when there was only one edit, may be missing.
      if (row.goal === '') continue;
      expect(row.met, `${row.section} – ${row.figure}: judged`).not.toBeNull();
      expect(
        row.bot?.runs.every((value) => typeof value === 'number'),
        `${row.section} – ${row.figure}: every run measured`,
      ).toBe(true);
      if (row.bare !== null) expect(row.bare.runs.every((value) => typeof value === 'number')).toBe(true);
      if (row.ratio !== null) expect(typeof row.ratio.median).toBe('number');
    }
    // Six command cases (three kinds, one at a time and in flight), each with p50/p90/p99/max.
    expect(result.rows.filter((row) => row.section === 'Command latency' && row.goal.startsWith('bot p99'))).toHaveLength(6);

    // The same figures as a table on stdout.
    expect(stdout).toContain('| Section');
    for (const section of sections) expect(stdout).toContain(section);
  }, 180_000);
});
