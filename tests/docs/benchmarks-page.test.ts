import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchResult, renderDocsTable, tableEnd, tableStart } from '../../bench/lib/docs-table.js';

const root = join(import.meta.dirname, '..', '..');

describe('docs/benchmarks.md', () => {
  it('shows the table of bench/results/latest.json, as `npm run bench:docs` writes it', async () => {
    const page = await readFile(join(root, 'docs', 'benchmarks.md'), 'utf8');
    const json: unknown = JSON.parse(await readFile(join(root, 'bench', 'results', 'latest.json'), 'utf8'));
    const start = page.indexOf(tableStart);
    const end = page.indexOf(tableEnd);
    expect(start, 'the page keeps its start marker').toBeGreaterThan(-1);
    expect(end, 'the end marker follows the start marker').toBeGreaterThan(start);
    const shown = page.slice(start + tableStart.length, end).trim();
    expect(shown, 'run `npm run bench:docs` to bring the page in line with the results file').toBe(
      renderDocsTable(parseBenchResult(json, 'bench/results/latest.json')),
    );
  });
});
