import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { slugPattern } from '../domain/slugify.js';
import { errorMessage } from '../errors.js';
import type { CatalogueRepository } from '../store/catalogue-repository.js';
import { errorCode, writeAtomically } from './files.js';
import { reviewFileExtension } from './review-file-name.js';
import { loadReviewFormat } from './review-format.js';
import { emptySyncReport, inBatches, readReviewTexts, sortSyncReport, type CatalogueSyncReport } from './review-texts.js';
import { textFromRecord } from './stored-records.js';

/**
 * Makes the review files in `folder` what the store's catalogue says: each review is written as its file (the
 * exact text the store holds) where the file is missing or differs, and a file whose review the store does not have
 * is removed. A record that is not a valid review (or whose slug is not one, which could name a path outside the
 * folder) is reported in `problems` and its file left as it is. `dryRun` reports without writing.
 */
export async function pullCatalogue(folder: string, repository: CatalogueRepository, options: { dryRun?: boolean } = {}): Promise<CatalogueSyncReport> {
  const summaries = await repository.summaries();
  const stored = await repository.texts([...summaries.keys()]);
  const { parseReviewFile } = await loadReviewFormat();
  const files = await readReviewTexts(folder);
  const report = emptySyncReport();
  const valid = new Map<string, string>();
  /** Slugs the store has, valid or not: their files are never removed. */
  const inStore = new Set(summaries.keys());
  for (const slug of inStore) {
    const file = join(folder, `${slug}${reviewFileExtension}`);
    if (!slugPattern.test(slug)) {
      report.problems.push({
        file: `the store's review "${slug}"`,
        message: 'its slug is not one (lower-case letters and digits separated by hyphens), so it is not written',
      });
      continue;
    }
    const record = textFromRecord(stored.get(slug));
    if (!record) {
      report.problems.push({ file, message: 'the store has its summary but not its text; left as it is' });
      continue;
    }
    try {
      parseReviewFile(record.text, slug);
    } catch (error) {
      report.problems.push({ file, message: `the store's text is not a valid review, so it is not written: ${errorMessage(error)}` });
      continue;
    }
    valid.set(slug, record.text);
    const current = files.get(slug);
    if (current === undefined) report.added.push(slug);
    else if (current !== record.text) report.changed.push(slug);
    else report.unchanged.push(slug);
  }
  for (const slug of files.keys()) if (!inStore.has(slug)) report.removed.push(slug);
  if (!options.dryRun) {
    if (report.added.length > 0) await mkdir(folder, { recursive: true });
    await inBatches([...report.added, ...report.changed], async (slug) => {
      await writeAtomically(join(folder, `${slug}${reviewFileExtension}`), valid.get(slug) ?? '');
    });
    await inBatches(report.removed, async (slug) => {
      try {
        await unlink(join(folder, `${slug}${reviewFileExtension}`));
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error;
      }
    });
  }
  return sortSyncReport(report);
}
