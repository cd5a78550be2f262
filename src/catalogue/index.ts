import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { join, sep } from 'node:path';
import type { Review, ReviewSummary } from '../domain/review.js';
import {
  catalogueIndexFileName,
  decodeCatalogueIndex,
  encodeCatalogueIndex,
  type CatalogueIndex,
  type FileStamp,
  type IndexedReview,
} from './catalogue-index.js';
import { catalogueOrder } from './catalogue-order.js';
import { reviewsDir } from '../data-dir.js';
import { isReviewFileName, reviewFileExtension } from './review-file-name.js';
import { loadedReviewFormat, loadReviewFormat, type ReviewFormat } from './review-format.js';
import { StoredSummary, summarize } from './summary.js';

export { catalogueIndexFileName } from './catalogue-index.js';
export { projectDataDir, reviewsDir } from './data-dir.js';

/**
 * The reviews: their summaries in memory, their whole text in data/reviews/<slug>.md, read when an answer needs
 * it (the last few read are kept).
 */
export interface Catalogue {
  /** Catalogue order: series order, then title. */
  all(): readonly ReviewSummary[];
  get(slug: string): ReviewSummary | undefined;
  /**
   * The whole review, from its file; undefined for a slug not in the catalogue. Throws CatalogueError naming the
   * file when it can no longer be read or is no longer valid (edited by hand since the catalogue was loaded).
   */
  read(slug: string): Promise<Review | undefined>;
  /** Validates, writes data/reviews/<slug>.md; throws on a duplicate slug. */
  add(review: Review): Promise<void>;
  /** Validates and rewrites an existing review; throws when the slug is unknown. */
  update(review: Review): Promise<void>;
  remove(slug: string): Promise<boolean>;
  /** Resolves once every write asked for so far (review files and the index) is done. */
  settled(): Promise<void>;
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
  const { parseReviewFile } = await loadReviewFormat();
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

const reviewsKeptWhole = 64;
/** Writing the index after a start waits this long, so that it does not compete with logging in. */
const indexWriteDelayMs = 2000;
/**
 * A file changed this recently may change again within the same tick of the file system's clock, keeping its
 * size, mtime and ctime: its summary is not put in the index (it is read again next time, when it has settled).
 */
export const indexSettlingMs = 3000;

/** Summaries still in the index as it was read: decoded when the catalogue is first used. */
interface Undecoded {
  index: CatalogueIndex;
  /** The index's entries of the files found unchanged. */
  entries: Int32Array;
}

class FileCatalogue implements Catalogue {
  #summaries: Map<string, StoredSummary>;
  /** Stamps of the files whose summaries may go in the index. */
  readonly #stamps: Map<string, FileStamp>;
  #undecoded: Undecoded | null;
  /** Recently read whole reviews, least recently used first. */
  readonly #whole = new Map<string, Review>();
  #ordered: readonly ReviewSummary[] | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  /** Counts add, update and remove, so a read that overlapped one does not keep what it read. */
  #changes = 0;
  #indexTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly folder: string,
    private readonly indexPath: string,
    parsed: { summaries: Map<string, StoredSummary>; stamps: Map<string, FileStamp> },
    undecoded: Undecoded | null,
    private readonly onIndexError: ((error: unknown) => void) | undefined,
  ) {
    this.#summaries = parsed.summaries;
    this.#stamps = parsed.stamps;
    this.#undecoded = undecoded;
  }

  all(): readonly ReviewSummary[] {
    this.#ordered ??= Object.freeze(catalogueOrder(this.#decoded().values()));
    return this.#ordered;
  }

  get(slug: string): ReviewSummary | undefined {
    return this.#decoded().get(slug);
  }

  async read(slug: string): Promise<Review | undefined> {
    const kept = this.#kept(slug);
    if (kept || !this.#decoded().has(slug)) return kept;
    const changes = this.#changes;
    let text: string;
    try {
      text = await readFile(this.pathOf(slug), 'utf8');
    } catch (error) {
      if (!this.#summaries.has(slug)) return undefined;
      throw this.#unreadable(slug, error);
    }
    return this.#parsed(await loadReviewFormat(), slug, text, changes);
  }


  add(review: Review): Promise<void> {
    return this.serially(async () => {
      const format = await loadReviewFormat();
      const valid = format.validateReview(review);
      const path = this.pathOf(valid.slug);
      if (this.#decoded().has(valid.slug) || (await exists(path))) {
        throw new CatalogueError(`a review with slug "${valid.slug}" is already in the catalogue (${path})`);
      }
      await mkdir(this.folder, { recursive: true });
      await this.#write(format, valid);
    });
  }

  update(review: Review): Promise<void> {
    return this.serially(async () => {
      const format = await loadReviewFormat();
      const valid = format.validateReview(review);
      if (!this.#decoded().has(valid.slug)) throw new CatalogueError(`no review with slug "${valid.slug}" in the catalogue`);
      await this.#write(format, valid);
    });
  }

  remove(slug: string): Promise<boolean> {
    return this.serially(async () => {
      if (!this.#decoded().has(slug)) return false;
      try {
        await unlink(this.pathOf(slug));
      } catch (error) {
        const code = error instanceof Error && 'code' in error ? String(error.code) : '';
        if (code !== 'ENOENT') throw error;
      }
      this.#changes++;
      this.#summaries.delete(slug);
      this.#stamps.delete(slug);
      this.#whole.delete(slug);
      this.#ordered = null;
      await this.#saveIndex();
      return true;
    });
  }

  settled(): Promise<void> {
    if (this.#indexTimer) {
      clearTimeout(this.#indexTimer);
      this.#indexTimer = null;
      void this.serially(() => this.#saveIndex());
    }
    return this.#queue.then(() => undefined);
  }

  /** After a load that found the index out of date: rewritten a little later, in turn with add, update and remove. */
  saveIndexSoon(): void {
    if (this.#indexTimer) return;
    this.#indexTimer = setTimeout(() => {
      this.#indexTimer = null;
      void this.serially(() => this.#saveIndex());
    }, indexWriteDelayMs);
    // A short-lived process (the CLI) need not wait for it: the next load finds the index out of date again.
    this.#indexTimer.unref();
  }

  /**
   * Every summary, the ones still in the index decoded now. Should that part of the index prove unusable, those
   * files are read instead, and the index is written again.
   */
  #decoded(): Map<string, StoredSummary> {
    const undecoded = this.#undecoded;
    if (!undecoded) return this.#summaries;
    this.#undecoded = null;
    const { index, entries } = undecoded;
    const decoded = index.summaries(entries);
    const summaries = new Map<string, StoredSummary>();
    if (decoded) {
      decoded.forEach((summary, at) => {
        summaries.set(summary.slug, summary);
        this.#stamps.set(summary.slug, index.stamp(entries[at] ?? 0));
      });
    } else {
      const format = loadedReviewFormat();
      if (format) {
        this.#reread(format, undecoded, summaries);
      } else {
        // A start from the index did not load the parser: until it has, and has read these files, answers go
        // without their reviews. Writes wait for them.
        const reread = this.serially(async () => {
          this.#reread(await loadReviewFormat(), undecoded, this.#summaries);
          this.#ordered = null;
        });
        // A parser that cannot load fails the reads and writes that need it, which say so.
        reread.catch(() => undefined);
      }
    }
    for (const [slug, summary] of this.#summaries) summaries.set(slug, summary);
    this.#summaries = summaries;
    return summaries;
  }

  /** Reads the files the index described into `summaries`, and has the index written again. */
  #reread({ parseReviewFile }: ReviewFormat, { index, entries }: Undecoded, summaries: Map<string, StoredSummary>): void {
    const now = Date.now();
    const names = index.nameList();
    for (const entry of entries) {
      const name = names[entry] ?? '';
      const slug = name.slice(0, -reviewFileExtension.length);
      const file = join(this.folder, name);
      try {
        const stamp = stampOf(statSync(file));
        summaries.set(slug, summarize(parseReviewFile(readFileSync(file, 'utf8'), slug)));
        if (now - stamp.mtimeMs >= indexSettlingMs) this.#stamps.set(slug, stamp);
      } catch {
        // Valid when the catalogue was loaded, so changed since: left out, as a load now would.
      }
    }
    this.saveIndexSoon();
  }

  async #write(format: ReviewFormat, review: Review): Promise<void> {
    const path = this.pathOf(review.slug);
    await writeAtomically(path, format.serializeReview(review));
    // Written by this process just now, from this review: the stamp describes this content.
    const stamp = stampOf(await stat(path));
    this.#changes++;
    this.#summaries.set(review.slug, summarize(review));
    this.#stamps.set(review.slug, stamp);
    this.#keep(review);
    this.#ordered = null;
    await this.#saveIndex();
  }

  /** Never fails the operation that asked for it: without an index the next start reads the files. */
  async #saveIndex(): Promise<void> {
    try {
      const summaries = this.#decoded();
      // This write covers whatever a pending one (after a load, or after decoding found the index unusable) would.
      if (this.#indexTimer) {
        clearTimeout(this.#indexTimer);
        this.#indexTimer = null;
      }
      // In the folder's listing order, which the next load compares with the index's in one go.
      const listing = await readdir(this.folder).catch(() => []);
      const slugs = new Set(listing.filter(isReviewFileName).map((name) => name.slice(0, -reviewFileExtension.length)));
      for (const slug of this.#stamps.keys()) slugs.add(slug);
      const entries: IndexedReview[] = [];
      for (const slug of slugs) {
        const stamp = this.#stamps.get(slug);
        const summary = summaries.get(slug);
        if (stamp && summary) entries.push({ stamp, summary });
      }
      await writeAtomically(this.indexPath, await encodeCatalogueIndex(entries));
    } catch (error) {
      this.onIndexError?.(error);
    }
  }

  #kept(slug: string): Review | undefined {
    const review = this.#whole.get(slug);
    if (review) {
      this.#whole.delete(slug);
      this.#whole.set(slug, review);
    }
    return review;
  }

  #keep(review: Review): void {
    this.#whole.delete(review.slug);
    this.#whole.set(review.slug, review);
    if (this.#whole.size > reviewsKeptWhole) {
      const oldest = this.#whole.keys().next();
      if (!oldest.done) this.#whole.delete(oldest.value);
    }
  }

  #parsed(format: ReviewFormat, slug: string, text: string, changesBefore: number): Review {
    let review: Review;
    try {
      review = format.parseReviewFile(text, slug);
    } catch (error) {
      throw new CatalogueError(
        `the review file ${this.pathOf(slug)} changed since the catalogue was loaded and is no longer valid: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (changesBefore === this.#changes) this.#keep(review);
    return review;
  }

  #unreadable(slug: string, error: unknown): CatalogueError {
    return new CatalogueError(`cannot read the review file ${this.pathOf(slug)}: ${error instanceof Error ? error.message : String(error)}`);
  }

  private pathOf(slug: string): string {
    return join(this.folder, `${slug}${reviewFileExtension}`);
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task, task);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

function stampOf(stats: Stats): FileStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

export interface LoadCatalogueOptions {
  /** Told when writing the index fails; the catalogue works on without it. */
  onIndexError?: (error: unknown) => void;
}

export interface LoadedCatalogue {
  catalogue: Catalogue;
  problems: CatalogueProblem[];
  /** Reviews taken from the index, their files unchanged. */
  fromIndex: number;
  /** Review files read and parsed (new or changed since the index, or every file without a usable index). */
  parsed: number;
}

const statsPerBatch = 1000;

/**
 * Loads data/reviews/*.md from `dir` (the data folder). Files unchanged since `dir`/.catalogue-index.json was
 * written (same size, mtime and ctime) are taken from it: it is held as read, and their summaries are decoded from
 * it when the catalogue is first used (a start then lists, stats and checks, and builds no objects per review).
 * Every other file is read and validated. A bad file is reported in `problems` and left out, never fatal to the
 * others. A missing folder is an empty catalogue. When the index was out of date it is rewritten in the
 * background, after the catalogue is handed out.
 */
export async function loadCatalogue(dir: string, options: LoadCatalogueOptions = {}): Promise<LoadedCatalogue> {
  const folder = reviewsDir(dir);
  const indexPath = join(dir, catalogueIndexFileName);
  const startedAt = Date.now();
  // Read off the main thread while the folder is listed and stat'ed.
  const indexBytes = readFile(indexPath).catch(() => null);
  let names: string[];
  try {
    names = readdirSync(folder).filter(isReviewFileName);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code !== 'ENOENT') throw new CatalogueError(`cannot read ${folder}: ${error instanceof Error ? error.message : String(error)}`);
    names = [];
  }
  // Stamps in flat arrays rather than one object per file: 10,000 of them are mostly compared and dropped.
  const sizes = new Float64Array(names.length).fill(-1);
  const mtimes = new Float64Array(names.length);
  const ctimes = new Float64Array(names.length);
  // Plain concatenation: path.join normalising 10,000 paths cost a fifth of the stats' time.
  const prefix = `${folder}${sep}`;
  for (let at = 0; at < names.length; at++) {
    if (at > 0 && at % statsPerBatch === 0) await yieldToEventLoop();
    const stats = statSync(prefix + (names[at] ?? ''), { throwIfNoEntry: false });
    if (!stats?.isFile()) continue;
    sizes[at] = stats.size;
    mtimes[at] = stats.mtimeMs;
    ctimes[at] = stats.ctimeMs;
  }
  const bytes = await indexBytes;
  const index = bytes ? decodeCatalogueIndex(bytes) : null;

  // Files the index describes as they still are: their summaries stay in it until the catalogue is first used.
  const fromIndex: number[] = [];
  const described = new Uint8Array(names.length);
  if (index) {
    const describe = (entry: number, at: number | undefined): void => {
      if (at === undefined || described[at] === 1 || !index.unchanged(entry, sizes[at] ?? -1, mtimes[at] ?? 0, ctimes[at] ?? 0)) return;
      described[at] = 1;
      fromIndex.push(entry);
    };
    if (names.join('\n') === index.names) {
      // The usual case, no file added or removed: the listing is the index's, name for name.
      for (let entry = 0; entry < index.count; entry++) describe(entry, entry);
    } else {
      const positions = new Map<string, number>();
      names.forEach((name, at) => positions.set(name, at));
      index.nameList().forEach((name, entry) => describe(entry, positions.get(name)));
    }
  }

  const summaries = new Map<string, StoredSummary>();
  const stamps = new Map<string, FileStamp>();
  const problems: CatalogueProblem[] = [];
  let parsed = 0;
  let newlyIndexed = 0;
  let format: ReviewFormat | null = null;
  for (let at = 0; at < names.length; at++) {
    const size = sizes[at] ?? -1;
    if (described[at] === 1 || size < 0) continue;
    // Loaded for the first file to parse: a start whose files are all in the index does without it.
    format ??= await loadReviewFormat();
    if (parsed > 0 && parsed % filesPerBatch === 0) await yieldToEventLoop();
    parsed++;
    const name = names[at] ?? '';
    const file = join(folder, name);
    const slug = name.slice(0, -reviewFileExtension.length);
    try {
      summaries.set(slug, summarize(format.parseReviewFile(readFileSync(file, 'utf8'), slug)));
    } catch (error) {
      problems.push({ file, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const mtimeMs = mtimes[at] ?? 0;
    if (startedAt - mtimeMs >= indexSettlingMs) {
      stamps.set(slug, { size, mtimeMs, ctimeMs: ctimes[at] ?? 0 });
      newlyIndexed++;
    }
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const undecoded = index && fromIndex.length > 0 ? { index, entries: Int32Array.from(fromIndex) } : null;
  const catalogue = new FileCatalogue(folder, indexPath, { summaries, stamps }, undecoded, options.onIndexError);
  const outOfDate = newlyIndexed > 0 || fromIndex.length < (index?.count ?? 0) || (bytes !== null && index === null);
  if (outOfDate) catalogue.saveIndexSoon();
  return { catalogue, problems, fromIndex: fromIndex.length, parsed };
}
