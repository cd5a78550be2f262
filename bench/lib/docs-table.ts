import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as v from 'valibot';
import { errorMessage } from '../../src/errors.js';
import { benchDir, projectDir } from './child.js';
import { renderTable, type Row } from './report.js';

/**
 * docs/benchmarks.md shows the table of bench/results/latest.json. The bench writes it between these two marker
 * comments, so the page and the results file cannot drift apart and nobody pastes figures by hand.
 */
export const tableStart = '<!-- bench-table:start -->';
export const tableEnd = '<!-- bench-table:end -->';

/** The results file a full run writes, and the page that shows it. */
export const latestResultFile = join(benchDir, 'results', 'latest.json');
export const benchmarksPage = join(projectDir, 'docs', 'benchmarks.md');

/** A results file or a docs page the table step cannot use; the message names the file and what is wrong. */
export class DocsTableError extends Error {
  override readonly name = 'DocsTableError';
}

// JSON.stringify writes NaN (a run that produced no figure) as null; renderTable shows NaN as "n/a".
const figure = v.pipe(
  v.nullable(v.number()),
  v.transform((value) => value ?? Number.NaN),
);
const spreadSchema = v.nullable(v.object({ median: figure, min: figure, max: figure, runs: v.array(figure) }));
const rowSchema = v.object({
  section: v.string(),
  figure: v.string(),
  unit: v.string(),
  bot: spreadSchema,
  bare: spreadSchema,
  ratio: spreadSchema,
  goal: v.string(),
  met: v.nullable(v.boolean()),
});
const resultSchema = v.object({
  generatedAt: v.pipe(v.string(), v.isoTimestamp()),
  mode: v.picklist(['full', 'quick']),
  commit: v.nullable(v.string()),
  durationSeconds: v.number(),
  machine: v.object({ cores: v.number(), cpuModel: v.string(), node: v.string(), discordJs: v.string() }),
  rows: v.array(rowSchema),
});

/** What the docs table needs of a bench results file. */
export type BenchResultForDocs = v.InferOutput<typeof resultSchema>;

/** Checks a parsed results file; `source` names it in the error. */
export function parseBenchResult(json: unknown, source: string): BenchResultForDocs {
  const parsed = v.safeParse(resultSchema, json);
  if (parsed.success) return parsed.output;
  const issue = parsed.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  throw new DocsTableError(`${source} is not a bench results file: ${path ? `${path}: ` : ''}${issue.message}`);
}

/** The generated block: which run it is, the table, and whether every goal was met. */
export function renderDocsTable(result: BenchResultForDocs): string {
  const { machine } = result;
  const rows: Row[] = result.rows;
  const missed = rows.filter((row) => row.met === false);
  return [
    '<!-- Written by `npm run bench` (a full run) and `npm run bench:docs` from bench/results/latest.json: edit neither by hand. -->',
    `Run of ${result.generatedAt.slice(0, 10)}${result.commit ? ` at commit ${result.commit}` : ''} (${result.mode}): ${String(machine.cores)} cores ${machine.cpuModel}, Node ${machine.node}, discord.js ${machine.discordJs}, ${String(result.durationSeconds)} s.`,
    '',
    renderTable(rows),
    '',
    missed.length === 0 ? 'Every goal met.' : `Goals not met: ${missed.map((row) => `${row.section} – ${row.figure}`).join('; ')}.`,
  ].join('\n');
}

/** `doc` with everything between the markers replaced by `block`; the markers themselves stay. */
export function replaceTable(doc: string, block: string, docName: string): string {
  const start = doc.indexOf(tableStart);
  const end = doc.indexOf(tableEnd);
  if (start === -1 || end === -1) {
    throw new DocsTableError(`${docName} has no ${start === -1 ? tableStart : tableEnd} line: put both markers where the table goes`);
  }
  if (doc.indexOf(tableStart, start + 1) !== -1 || doc.indexOf(tableEnd, end + 1) !== -1) {
    throw new DocsTableError(`${docName} has more than one pair of bench-table markers: keep one`);
  }
  if (end < start) throw new DocsTableError(`${docName} has ${tableEnd} before ${tableStart}`);
  return `${doc.slice(0, start + tableStart.length)}\n${block}\n${doc.slice(end)}`;
}

/**
 * Rewrites the table in `docFile` from `resultFile`. Nothing is written when either file is unusable, so a
 * broken results file never blanks the page.
 */
export async function writeDocsTable(resultFile: string, docFile: string): Promise<void> {
  const resultName = relative(process.cwd(), resultFile) || resultFile;
  const docName = relative(process.cwd(), docFile) || docFile;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(resultFile, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not JSON (${error.message})` : errorMessage(error);
    throw new DocsTableError(`cannot read ${resultName}: ${reason}`);
  }
  const block = renderDocsTable(parseBenchResult(json, resultName));
  let doc: string;
  try {
    doc = await readFile(docFile, 'utf8');
  } catch (error) {
    throw new DocsTableError(`cannot read ${docName}: ${errorMessage(error)}`);
  }
  const updated = replaceTable(doc, block, docName);
  if (updated !== doc) await writeFile(docFile, updated);
}
