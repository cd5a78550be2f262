import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { join } from 'node:path';
import type { Review } from '../domain/review.js';
import { errorMessage } from '../errors.js';
import { CatalogueError, type CatalogueProblem } from './catalogue.js';
import { errorCode } from './files.js';
import { isReviewFileName, reviewFileExtension } from './review-file-name.js';
import { loadReviewFormat } from './review-format.js';

/** Files parsed between two turns of the event loop. */
export const filesPerBatch = 100;

export interface ReviewFolderReport {
  reviews: Review[];
  problems: CatalogueProblem[];
  files: number;
}

/** Reads every review file in one folder; a bad file becomes a problem, never an exception. */
export async function readReviewFolder(folder: string, onProgress?: (done: number, total: number) => void): Promise<ReviewFolderReport> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter(isReviewFileName).sort();
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { reviews: [], problems: [], files: 0 };
    throw new CatalogueError(`cannot read ${folder}: ${errorMessage(error)}`);
  }
  const { parseReviewFile } = await loadReviewFormat();
  const outcomes: ({ review: Review } | { problem: CatalogueProblem })[] = [];
  // Review files are small: read synchronously they load several times faster than through the thread pool (the
  // bench's start-up section measures it). Batches keep the event loop turning between them.
  for (let start = 0; start < names.length; start += filesPerBatch) {
    if (start > 0) await yieldToEventLoop();
    for (const name of names.slice(start, start + filesPerBatch)) {
      const file = join(folder, name);
      try {
        outcomes.push({ review: parseReviewFile(readFileSync(file, 'utf8'), name.slice(0, -reviewFileExtension.length)) });
      } catch (error) {
        outcomes.push({ problem: { file, message: errorMessage(error) } });
      }
      onProgress?.(outcomes.length, names.length);
    }
  }
  const reviews: Review[] = [];
  const problems: CatalogueProblem[] = [];
  for (const outcome of outcomes) {
    if ('review' in outcome) reviews.push(outcome.review);
    else problems.push(outcome.problem);
  }
  return { reviews, problems, files: names.length };
}
