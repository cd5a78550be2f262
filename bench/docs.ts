/**
 * `npm run bench:docs`: rewrites the table in docs/benchmarks.md from bench/results/latest.json, without running
 * any benchmark. A full `npm run bench` does the same step itself after writing the results.
 */
import { relative } from 'node:path';
import { errorMessage } from '../src/errors.js';
import { benchmarksPage, DocsTableError, latestResultFile, writeDocsTable } from './lib/docs-table.js';

try {
  await writeDocsTable(latestResultFile, benchmarksPage);
  console.log(`${relative(process.cwd(), benchmarksPage)}: table written from ${relative(process.cwd(), latestResultFile)}`);
} catch (error) {
  console.error(`bench:docs: ${error instanceof DocsTableError ? error.message : errorMessage(error)}`);
  process.exitCode = 1;
}
