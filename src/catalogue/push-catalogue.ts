import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Review } from '../domain/review.js';
import { errorMessage } from '../errors.js';
import type { CatalogueRepository } from '../store/catalogue-repository.js';
import { CatalogueError, type CatalogueProblem } from './catalogue.js';
import { reviewFileExtension } from './review-file-name.js';
import { loadReviewFormat } from './review-format.js';
import { emptySyncReport, inBatches, readReviewTexts, sortSyncReport, type CatalogueSyncReport } from './review-texts.js';
import { summaryFromRecord, summaryRecord, textFromRecord } from './stored-records.js';

/** Push refused: some review files are not valid. Nothing was written. */
export class InvalidReviewFilesError extends CatalogueError {
  constructor(
    readonly problems: CatalogueProblem[],
    files: number,
  ) {
    super(`${problems.length} of ${files} review file(s) are invalid, so nothing was pushed; correct them (see "liner-notes validate") and push again`);
    this.name = 'InvalidReviewFilesError';
  }
}

/**
 * Makes the store's catalogue what the review files in `folder` say: a file whose review the store lacks is added,
 * one whose text differs from the store's replaces it, and a review the store has without a file is removed. Each
 * review keeps its file's exact text, so a pull writes the same bytes back. Every file is checked first: one
 * invalid file refuses the whole push, leaving the store as it was. `dryRun` reports without writing.
 */
export async function pushCatalogue(folder: string, repository: CatalogueRepository, options: { dryRun?: boolean } = {}): Promise<CatalogueSyncReport> {
  const files = await readReviewTexts(folder);
  const { parseReviewFile } = await loadReviewFormat();
  const reviews = new Map<string, Review>();
  const problems: CatalogueProblem[] = [];
  for (const [slug, text] of files) {
    try {
      reviews.set(slug, parseReviewFile(text, slug));
    } catch (error) {
      problems.push({ file: join(folder, `${slug}${reviewFileExtension}`), message: errorMessage(error) });
    }
  }
  if (problems.length > 0) throw new InvalidReviewFilesError(problems, files.size);

  const summaries = await repository.summaries();
  const stored = await repository.texts([...new Set([...files.keys(), ...summaries.keys()])]);
  const report = emptySyncReport();
  const writes: string[] = [];
  for (const [slug, text] of files) {
    const record = textFromRecord(stored.get(slug));
    const summary = summaryFromRecord(slug, summaries.get(slug));
    if (!record) report.added.push(slug);
    // A summary of another revision than the text (two writers at once) is repaired by writing both again.
    else if (record.text !== text || typeof summary === 'string' || summary.revision !== record.revision) report.changed.push(slug);
    else report.unchanged.push(slug);
  }
  writes.push(...report.added, ...report.changed);
  for (const slug of new Set([...summaries.keys(), ...stored.keys()])) if (!files.has(slug)) report.removed.push(slug);
  if (!options.dryRun) {
    await inBatches(writes, async (slug) => {
      const review = reviews.get(slug);
      const text = files.get(slug);
      if (!review || text === undefined) return;
      const revision = randomUUID();
      await repository.put(slug, { revision, text }, summaryRecord(review, revision));
    });
    await inBatches(report.removed, (slug) => repository.remove(slug));
  }
  return sortSyncReport(report);
}
