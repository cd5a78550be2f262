import { randomUUID } from 'node:crypto';
import type { Review, ReviewSummary } from '../domain/review.js';
import { errorMessage } from '../errors.js';
import { KeyedSerializer } from '../keyed-serializer.js';
import { redactSecrets } from '../redact.js';
import type { CatalogueRepository } from '../store/catalogue-repository.js';
import { CatalogueError, type Catalogue } from './catalogue.js';
import { catalogueOrder } from './catalogue-order.js';
import { loadReviewFormat, type ReviewFormat } from './review-format.js';
import { summaryFromRecord, summaryRecord, textFromRecord } from './stored-records.js';
import type { StoredSummary } from './summary.js';

/**
 * How often each process reads the catalogue's version token. A change made by one process shows in every other
 * within this interval plus one reload of the summaries.
 */
export const cataloguePollMs = 2000;

const reviewsKeptWhole = 64;

/** A review in the store that the catalogue leaves out, and why. */
export interface StoredReviewProblem {
  slug: string;
  message: string;
}

export interface StoreCatalogueOptions {
  /** Default: cataloguePollMs. */
  pollMs?: number;
  /**
   * Told when polling starts to fail (once, not at every poll of an outage); the catalogue serves what it has and
   * tries again at each poll.
   */
  onPollError?: (error: unknown) => void;
  /** Told when a poll succeeds again after onPollError. */
  onPollRecovered?: () => void;
  /** Told of each review a load or reload leaves out (a record nobody could have written through the catalogue). */
  onProblem?: (problem: StoredReviewProblem) => void;
}

/**
 * The catalogue on a server store, shared by every process: the summaries in memory, each review's whole text in
 * the store, read when an answer needs it (the last few read are kept, with the revision they were read at).
 * Every write goes to the store first and then into this process's memory; the other processes see it at their
 * next poll of the version token (see CatalogueRepository). `start()` begins polling; `close()` ends it.
 */
export class StoreCatalogue implements Catalogue {
  #summaries = new Map<string, StoredSummary>();
  #revisions = new Map<string, string>();
  /** Recently read whole reviews with their revision, least recently used first. */
  readonly #whole = new Map<string, { revision: string; review: Review }>();
  #ordered: readonly ReviewSummary[] | null = null;
  readonly #writes = new KeyedSerializer();
  /** Counts this process's writes, so a reload that overlapped one does not replace what it wrote. */
  #changes = 0;
  /** The version token the summaries in memory were read at. */
  #seen: string | null = null;
  /** Whether the summaries were ever read: the first refresh reads them even when the token is null. */
  #loaded = false;
  #reloading: Promise<boolean> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Whether the last poll failed, so an outage is reported once. */
  #failing = false;

  constructor(
    private readonly repository: CatalogueRepository,
    private readonly options: StoreCatalogueOptions = {},
  ) {}

  all(): readonly ReviewSummary[] {
    this.#ordered ??= Object.freeze(catalogueOrder(this.#summaries.values()));
    return this.#ordered;
  }

  get(slug: string): ReviewSummary | undefined {
    return this.#summaries.get(slug);
  }

  async read(slug: string): Promise<Review | undefined> {
    const revision = this.#revisions.get(slug);
    if (revision === undefined) return undefined;
    const kept = this.#whole.get(slug);
    if (kept?.revision === revision) {
      this.#whole.delete(slug);
      this.#whole.set(slug, kept);
      return kept.review;
    }
    const changes = this.#changes;
    const record = textFromRecord((await this.repository.texts([slug])).get(slug));
    // Removed or rewritten by another process since the last reload: the next one brings the catalogue up to date.
    if (!record) return undefined;
    let review: Review;
    try {
      review = (await loadReviewFormat()).parseReviewFile(record.text, slug);
    } catch (error) {
      throw new CatalogueError(`the review "${slug}" in the store is not valid: ${errorMessage(error)}`);
    }
    if (changes === this.#changes && this.#revisions.get(slug) === record.revision) this.#keep(slug, record.revision, review);
    return review;
  }

  add(review: Review): Promise<void> {
    return this.#serially(async () => {
      const format = await loadReviewFormat();
      const valid = format.validateReview(review);
      // Another process may have added it since the last reload: the store is asked, not only this memory.
      if (this.#summaries.has(valid.slug) || (await this.#inStore(valid.slug))) {
        throw new CatalogueError(`a review with slug "${valid.slug}" is already in the catalogue`);
      }
      await this.#write(format, valid);
    });
  }

  update(review: Review): Promise<void> {
    return this.#serially(async () => {
      const format = await loadReviewFormat();
      const valid = format.validateReview(review);
      if (!this.#summaries.has(valid.slug) && !(await this.#inStore(valid.slug))) {
        throw new CatalogueError(`no review with slug "${valid.slug}" in the catalogue`);
      }
      await this.#write(format, valid);
    });
  }

  remove(slug: string): Promise<boolean> {
    return this.#serially(async () => {
      if (!this.#summaries.has(slug) && !(await this.#inStore(slug))) return false;
      await this.repository.remove(slug);
      this.#changes++;
      this.#summaries.delete(slug);
      this.#revisions.delete(slug);
      this.#whole.delete(slug);
      this.#ordered = null;
      return true;
    });
  }

  settled(): Promise<void> {
    return this.#writes.idle();
  }

  /**
   * Reads the version token and, when it is not the one the summaries were read at, every summary again. Resolves
   * true when the catalogue changed. Polling calls it; so can anyone who needs the store's catalogue now.
   */
  refresh(): Promise<boolean> {
    this.#reloading ??= this.#reload().finally(() => {
      this.#reloading = null;
    });
    return this.#reloading;
  }

  /** Polls the version token every pollMs until close(). The timer does not keep the process alive. */
  start(): void {
    if (this.#timer || this.#closed) return;
    const poll = (): void => {
      this.#timer = setTimeout(() => {
        this.refresh()
          .then(() => {
            if (!this.#failing) return;
            this.#failing = false;
            this.options.onPollRecovered?.();
          })
          .catch((error: unknown) => {
            if (this.#failing) return;
            this.#failing = true;
            this.options.onPollError?.(error);
          })
          .finally(() => {
            if (!this.#closed) poll();
          });
      }, this.options.pollMs ?? cataloguePollMs);
      this.#timer.unref();
    };
    poll();
  }

  /** Stops polling and waits for the writes asked for so far; the store stays open (its owner closes it). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#writes.idle();
  }

  async #reload(): Promise<boolean> {
    // The token before the summaries: a write whose token comes later is found by the next poll.
    const token = await this.repository.version();
    if (this.#loaded && token === this.#seen) return false;
    const changes = this.#changes;
    const records = await this.repository.summaries();
    // A write of this process overlapped: what was read may predate it, so the next poll reads again.
    if (changes !== this.#changes) return false;
    const summaries = new Map<string, StoredSummary>();
    const revisions = new Map<string, string>();
    for (const [slug, value] of records) {
      const revision = this.#revisions.get(slug);
      const current = this.#summaries.get(slug);
      const checked = summaryFromRecord(slug, value);
      if (typeof checked === 'string') {
        this.options.onProblem?.({ slug, message: `left out of the catalogue: ${checked}` });
        continue;
      }
      // Unchanged reviews keep their summary object, so a reload builds objects only for what changed.
      summaries.set(slug, current && revision === checked.revision ? current : checked.summary);
      revisions.set(slug, checked.revision);
    }
    const changed = summaries.size !== this.#summaries.size || [...revisions].some(([slug, revision]) => this.#revisions.get(slug) !== revision);
    this.#summaries = summaries;
    this.#revisions = revisions;
    this.#seen = token;
    this.#loaded = true;
    for (const [slug, kept] of this.#whole) if (revisions.get(slug) !== kept.revision) this.#whole.delete(slug);
    if (changed) this.#ordered = null;
    return changed;
  }

  /** A write cut off between the text and the summary leaves a text alone: not a review, and a new add may replace it. */
  #inStore(slug: string): Promise<boolean> {
    return this.repository.has(slug);
  }

  async #write(format: ReviewFormat, review: Review): Promise<void> {
    const revision = randomUUID();
    const record = summaryRecord(review, revision);
    await this.repository.put(review.slug, { revision, text: format.serializeReview(review) }, record);
    this.#changes++;
    const checked = summaryFromRecord(review.slug, record);
    if (typeof checked !== 'string') this.#summaries.set(review.slug, checked.summary);
    this.#revisions.set(review.slug, revision);
    this.#keep(review.slug, revision, review);
    this.#ordered = null;
  }

  #keep(slug: string, revision: string, review: Review): void {
    this.#whole.delete(slug);
    this.#whole.set(slug, { revision, review });
    if (this.#whole.size > reviewsKeptWhole) {
      const oldest = this.#whole.keys().next();
      if (!oldest.done) this.#whole.delete(oldest.value);
    }
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    return this.#writes.run('store', task);
  }
}

export interface LoadedStoreCatalogue {
  catalogue: StoreCatalogue;
  /** The reviews it holds. */
  reviews: number;
}

/** Reads every summary from the store and starts polling for changes; throws CatalogueError when the store cannot be read. */
export async function loadStoreCatalogue(repository: CatalogueRepository, options: StoreCatalogueOptions = {}): Promise<LoadedStoreCatalogue> {
  const catalogue = new StoreCatalogue(repository, options);
  try {
    await catalogue.refresh();
  } catch (error) {
    // A server's error can quote its connection string: masked like every other secret-bearing text.
    throw new CatalogueError(`cannot read the shared catalogue from the store: ${redactSecrets(errorMessage(error))}`);
  }
  catalogue.start();
  return { catalogue, reviews: catalogue.all().length };
}
