import { readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Review, ReviewSummary } from '../domain/review.js';
import { errorMessage } from '../errors.js';
import { KeyedSerializer } from '../keyed-serializer.js';
import { encodeCatalogueIndex, type CatalogueIndex, type FileStamp, type IndexedReview } from './catalogue-index.js';
import { CatalogueError, type Catalogue } from './catalogue.js';
import { catalogueOrder } from './catalogue-order.js';
import { errorCode, exists, stampOf, writeAtomically } from './files.js';
import { isReviewFileName, reviewFileExtension } from './review-file-name.js';
import { loadedReviewFormat, loadReviewFormat, type ReviewFormat } from './review-format.js';
import { StoredSummary, summarize } from './summary.js';

const reviewsKeptWhole = 64;
/** Writing the index after a start waits this long, so that it does not compete with logging in. */
const indexWriteDelayMs = 2000;
/**
 * A file changed this recently may change again within the same tick of the file system's clock, keeping its
 * size, mtime and ctime: its summary is not put in the index (it is read again next time, when it has settled).
 */
export const indexSettlingMs = 3000;

/** Summaries still in the index as it was read: decoded when the catalogue is first used. */
export interface Undecoded {
  index: CatalogueIndex;
  /** The index's entries of the files found unchanged. */
  entries: Int32Array;
}

export class FileCatalogue implements Catalogue {
  #summaries: Map<string, StoredSummary>;
  /** Stamps of the files whose summaries may go in the index. */
  readonly #stamps: Map<string, FileStamp>;
  #undecoded: Undecoded | null;
  /** Recently read whole reviews, least recently used first. */
  readonly #whole = new Map<string, Review>();
  #ordered: readonly ReviewSummary[] | null = null;
  /** add, update, remove and index writes, one at a time. */
  readonly #writes = new KeyedSerializer();
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
        if (errorCode(error) !== 'ENOENT') throw error;
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
    return this.#writes.idle();
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
      throw new CatalogueError(`the review file ${this.pathOf(slug)} changed since the catalogue was loaded and is no longer valid: ${errorMessage(error)}`);
    }
    if (changesBefore === this.#changes) this.#keep(review);
    return review;
  }

  #unreadable(slug: string, error: unknown): CatalogueError {
    return new CatalogueError(`cannot read the review file ${this.pathOf(slug)}: ${errorMessage(error)}`);
  }

  private pathOf(slug: string): string {
    return join(this.folder, `${slug}${reviewFileExtension}`);
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    return this.#writes.run('files', task);
  }
}
