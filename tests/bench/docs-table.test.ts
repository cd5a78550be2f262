import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocsTableError, parseBenchResult, renderDocsTable, replaceTable, tableEnd, tableStart, writeDocsTable } from '../../bench/lib/docs-table.js';

const spread = (median: number | null, min: number | null = median, max: number | null = median) => ({
  median,
  min,
  max,
  runs: [min, median, max],
});

function result(overrides: Record<string, unknown> = {}) {
  const rows: Record<string, unknown>[] = [
    {
      section: 'Like throughput',
      figure: '20,000 reaction events',
      unit: 'events/s',
      bot: spread(48662, 47170, 50761),
      bare: spread(81633, 76336, 87719),
      ratio: spread(0.62, 0.55, 0.62),
      goal: 'bot ≥ 0.5× bare',
      met: true,
    },
    { section: 'Footer burst', figure: '429 answers', unit: '', bot: spread(0), bare: null, ratio: null, goal: 'none', met: true },
  ];
  return {
    generatedAt: '2026-11-26T15:46:04.782Z',
    mode: 'full',
    commit: 'abc1234',
    durationSeconds: 96,
    machine: { cores: 2, cpuModel: 'Test CPU', memoryMB: 1024, node: 'v20.20.2', discordJs: '14.28.1' },
    sizes: {},
    goalsMet: true,
    rows,
    runs: {},
    ...overrides,
  };
}

describe('renderDocsTable', () => {
  it('names the run and shows each row as the bench prints it', () => {
    const block = renderDocsTable(parseBenchResult(result(), 'latest.json'));
    expect(block).toContain('Run of 2026-11-26 at commit abc1234 (full): 2 cores Test CPU, Node v20.20.2, discord.js 14.28.1, 96 s.');
    expect(block).toContain(
      '| Like throughput | 20,000 reaction events [events/s] | 48,662 (47,170–50,761) | 81,633 (76,336–87,719) | 0.62 (0.55–0.62)× | bot ≥ 0.5× bare | yes |',
    );
    expect(block).toContain('| Footer burst    | 429 answers');
    expect(block.endsWith('Every goal met.')).toBe(true);
  });

  it('names every goal that was missed', () => {
    const missed = result();
    missed.rows[1] = { ...missed.rows[1], bot: spread(3), met: false };
    const block = renderDocsTable(parseBenchResult(missed, 'latest.json'));
    expect(block).toContain('| NO  |');
    expect(block.endsWith('Goals not met: Footer burst – 429 answers.')).toBe(true);
  });

  it('shows a figure a run could not measure (NaN, stored as null) as n/a', () => {
    const broken = result();
    broken.rows[0] = { ...broken.rows[0], ratio: spread(null) };
    expect(renderDocsTable(parseBenchResult(broken, 'latest.json'))).toContain('| n/a (n/a–n/a)× |');
  });
});

describe('parseBenchResult', () => {
  it('refuses something that is not a results file, naming the file and the field', () => {
    expect(() => parseBenchResult({ rows: [] }, 'bench/results/latest.json')).toThrow(DocsTableError);
    expect(() => parseBenchResult(result({ mode: 'fast' }), 'bench/results/latest.json')).toThrow(
      /^bench\/results\/latest\.json is not a bench results file: mode: /,
    );
    const badRow = result();
    badRow.rows[0] = { ...badRow.rows[0], met: 'yes' };
    expect(() => parseBenchResult(badRow, 'x.json')).toThrow(/x\.json is not a bench results file: rows\.0\.met: /);
  });
});

describe('replaceTable', () => {
  const page = ['# Benchmarks', '', 'Before.', '', tableStart, 'old table', tableEnd, '', 'After.', ''].join('\n');

  it('replaces only what is between the markers, and keeps them', () => {
    const updated = replaceTable(page, 'new table', 'page.md');
    expect(updated).toBe(['# Benchmarks', '', 'Before.', '', tableStart, 'new table', tableEnd, '', 'After.', ''].join('\n'));
    expect(replaceTable(updated, 'new table', 'page.md')).toBe(updated);
  });

  it('refuses a page without both markers, with two pairs, or with them in the wrong order', () => {
    expect(() => replaceTable('# Benchmarks\n', 'x', 'page.md')).toThrow(`page.md has no ${tableStart} line`);
    expect(() => replaceTable(`${tableStart}\n`, 'x', 'page.md')).toThrow(`page.md has no ${tableEnd} line`);
    expect(() => replaceTable(`${page}${page}`, 'x', 'page.md')).toThrow('more than one pair');
    expect(() => replaceTable(`${tableEnd}\n${tableStart}\n`, 'x', 'page.md')).toThrow(`page.md has ${tableEnd} before ${tableStart}`);
  });
});

describe('writeDocsTable', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'liner-notes-docs-table-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rewrites the page from the results file', async () => {
    const resultFile = join(dir, 'latest.json');
    const docFile = join(dir, 'benchmarks.md');
    await writeFile(resultFile, JSON.stringify(result()));
    await writeFile(docFile, `Intro.\n\n${tableStart}\nstale\n${tableEnd}\n\nNotes.\n`);
    await writeDocsTable(resultFile, docFile);
    const doc = await readFile(docFile, 'utf8');
    expect(doc).toBe(`Intro.\n\n${tableStart}\n${renderDocsTable(parseBenchResult(result(), 'r'))}\n${tableEnd}\n\nNotes.\n`);
  });

  it('leaves the page as it was when the results file is missing, not JSON or not results', async () => {
    const docFile = join(dir, 'benchmarks.md');
    const before = `${tableStart}\nthe table\n${tableEnd}\n`;
    await writeFile(docFile, before);
    await expect(writeDocsTable(join(dir, 'absent.json'), docFile)).rejects.toThrow(/^cannot read .*absent\.json: ENOENT/);
    await writeFile(join(dir, 'cut.json'), '{"rows": [');
    await expect(writeDocsTable(join(dir, 'cut.json'), docFile)).rejects.toThrow(/cut\.json: not JSON/);
    await writeFile(join(dir, 'other.json'), '{"name": "liner-notes"}');
    await expect(writeDocsTable(join(dir, 'other.json'), docFile)).rejects.toThrow(/other\.json is not a bench results file/);
    expect(await readFile(docFile, 'utf8')).toBe(before);
  });
});
