/**
 * Run as a child process with --expose-gc (tests/importer/wxr/large-export.test.ts): imports an export, keeping
 * nothing per review, and prints the live heap (after a full collection) at a quarter of the file and at its end.
 */
import { importWxr } from '../../../src/importer/wxr/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const collect: () => void = gc;
const file = process.argv[2];
if (!file) throw new Error('usage: measure-heap EXPORT.xml');

let reviews = 0;
let skipped = 0;
let atQuarter: { heap: number; bytes: number } | null = null;
const live = (): number => {
  collect();
  return process.memoryUsage().heapUsed;
};
await importWxr(file, {
  onReview: () => reviews++,
  onSkipped: () => skipped++,
  onProgress(bytes, total) {
    if (atQuarter === null && bytes >= total / 4) atQuarter = { heap: live(), bytes };
  },
});
const end = { heap: live(), bytes: 0 };
process.stdout.write(`${JSON.stringify({ reviews, skipped, atQuarter, atEnd: end })}\n`);
