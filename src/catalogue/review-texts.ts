import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../errors.js';
import { CatalogueError, type CatalogueProblem } from './catalogue.js';
import { errorCode } from './files.js';
import { isReviewFileName, reviewFileExtension } from './review-file-name.js';

/** What `catalogue push` and `catalogue pull` changed (or, with a dry run, would change), each list of slugs sorted. */
export interface CatalogueSyncReport {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /** Reviews left alone because they are not valid (pull: records in the store; push refuses instead). */
  problems: CatalogueProblem[];
}

export function emptySyncReport(): CatalogueSyncReport {
  return { added: [], changed: [], removed: [], unchanged: [], problems: [] };
}

export function sortSyncReport(report: CatalogueSyncReport): CatalogueSyncReport {
  for (const list of [report.added, report.changed, report.removed, report.unchanged]) list.sort();
  report.problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return report;
}

/** The text of every review file in a folder, by slug; a missing folder holds none. */
export async function readReviewTexts(folder: string): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter(isReviewFileName).sort();
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return new Map();
    throw new CatalogueError(`cannot read ${folder}: ${errorMessage(error)}`);
  }
  const texts = new Map<string, string>();
  for (const name of names) {
    const file = join(folder, name);
    try {
      texts.set(name.slice(0, -reviewFileExtension.length), await readFile(file, 'utf8'));
    } catch (error) {
      throw new CatalogueError(`cannot read ${file}: ${errorMessage(error)}`);
    }
  }
  return texts;
}

/** Runs `task` for each item, a few at a time: a server answers many small writes faster side by side. */
export async function inBatches<T>(items: readonly T[], task: (item: T) => Promise<void>, size = 16): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(task));
}
