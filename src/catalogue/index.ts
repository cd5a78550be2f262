import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { join } from 'node:path';
import type { Review } from '../domain/review.js';
import { validateReview } from '../domain/validate-review.js';
import { catalogueOrder } from './catalogue-order.js';
import { reviewsDir } from './data-dir.js';
import { parseReviewFile, reviewFileExtension, serializeReview } from './review-file.js';

export { projectDataDir, reviewsDir } from './data-dir.js';
export { parseReviewFile, ReviewFileError, serializeReview } from './review-file.js';

export interface Catalogue {
  /** Catalogue order: series order, then title. */
  all(): readonly Review[];
  get(slug: string): Review | undefined;
  /** Validates, writes data/reviews/<slug>.md; throws on a duplicate slug. */
  add(review: Review): Promise<void>;
  /** Validates and rewrites an existing review; throws when the slug is unknown. */
  update(review: Review): Promise<void>;
  remove(slug: string): Promise<boolean>;
}

export interface CatalogueProblem {
  /** The file's path. */
  file: string;
  /** What is wrong, naming the field and line where known. */
  message: string;
}

export class CatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogueError';
  }
}

/** Writes beside the target and renames, so a reader never sees half a file. */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function isReviewFileName(name: string): boolean {
  return name.endsWith(reviewFileExtension) && !name.startsWith('.') && !name.startsWith('_');
}

const filesPerBatch = 100;

export interface ReviewFolderReport {
  reviews: Review[];
  problems: CatalogueProblem[];
  files: number;
}

/** Reads every review file in one folder; a bad file becomes a problem, never an exception. */
export async function readReviewFolder(
  folder: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ReviewFolderReport> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter(isReviewFileName).sort();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT') return { reviews: [], problems: [], files: 0 };
    throw new CatalogueError(`cannot read ${folder}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const outcomes: ({ review: Review } | { problem: CatalogueProblem })[] = [];
  // Review files are small: read synchronously they load several times faster than through the thread pool
  // (10,000 files: ~0.08 s against ~0.2 s with 64 reads in flight, and 1.5 s one await at a time). Batches keep
  // the event loop turning between them.
  for (let start = 0; start < names.length; start += filesPerBatch) {
    if (start > 0) await yieldToEventLoop();
    for (const name of names.slice(start, start + filesPerBatch)) {
      const file = join(folder, name);
      try {
        outcomes.push({ review: parseReviewFile(readFileSync(file, 'utf8'), name.slice(0, -reviewFileExtension.length)) });
      } catch (error) {
        outcomes.push({ problem: { file, message: error instanceof Error ? error.message : String(error) } });
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

class FileCatalogue implements Catalogue {
  private readonly reviews = new Map<string, Review>();
  private ordered: readonly Review[] | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly folder: string,
    reviews: Iterable<Review>,
  ) {
    for (const review of reviews) this.reviews.set(review.slug, review);
  }

  all(): readonly Review[] {
    this.ordered ??= Object.freeze(catalogueOrder(this.reviews.values()));
    return this.ordered;
  }

  get(slug: string): Review | undefined {
    return this.reviews.get(slug);
  }

  add(review: Review): Promise<void> {
    return this.serially(async () => {
      const valid = validateReview(review);
      const path = this.pathOf(valid.slug);
      if (this.reviews.has(valid.slug) || (await exists(path))) {
        throw new CatalogueError(`a review with slug "${valid.slug}" is already in the catalogue (${path})`);
      }
      await mkdir(this.folder, { recursive: true });
      await writeAtomically(path, serializeReview(valid));
      this.reviews.set(valid.slug, valid);
      this.ordered = null;
    });
  }

  update(review: Review): Promise<void> {
    return this.serially(async () => {
      const valid = validateReview(review);
      if (!this.reviews.has(valid.slug)) throw new CatalogueError(`no review with slug "${valid.slug}" in the catalogue`);
      await writeAtomically(this.pathOf(valid.slug), serializeReview(valid));
      this.reviews.set(valid.slug, valid);
      this.ordered = null;
    });
  }

  remove(slug: string): Promise<boolean> {
    return this.serially(async () => {
      if (!this.reviews.has(slug)) return false;
      try {
        await unlink(this.pathOf(slug));
      } catch (error) {
        const code = error instanceof Error && 'code' in error ? String(error.code) : '';
        if (code !== 'ENOENT') throw error;
      }
      this.reviews.delete(slug);
      this.ordered = null;
      return true;
    });
  }

  private pathOf(slug: string): string {
    return join(this.folder, `${slug}${reviewFileExtension}`);
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/**
 * Loads data/reviews/*.md from `dir` (the data folder). Each file is validated; a bad file is reported in
 * `problems` and left out, never fatal to the others. A missing folder is an empty catalogue.
 */
export async function loadCatalogue(
  dir: string,
): Promise<{ catalogue: Catalogue; problems: { file: string; message: string }[] }> {
  const folder = reviewsDir(dir);
  const { reviews, problems } = await readReviewFolder(folder);
  return { catalogue: new FileCatalogue(folder, reviews), problems };
}
