/**
 * The port of the shared catalogue: the reviews kept in the store, so that every process on a server store
 * (PostgreSQL, Redis) serves the same catalogue. The catalogue (src/catalogue/store-catalogue.ts) depends on this
 * port, never on keyv; the store knows nothing of the catalogue and keeps what it is given.
 *
 * Each review is two records: its whole text (the review file's format, data/reviews/<slug>.md) and a small
 * summary, so that a start or a reload reads the summaries alone. Both carry the revision of the write that made
 * them, which tells a process whether a whole review it keeps is still current. After every write a new version
 * token is written; the processes poll it (one small read) and reload the summaries when it changed.
 */
export interface CatalogueRepository {
  /** The current version token; null when the catalogue was never written. */
  version(): Promise<string | null>;
  /** Every review's summary record by slug, as stored: the catalogue checks each one before it uses it. */
  summaries(): Promise<Map<string, unknown>>;
  /** Whether the slug's summary is stored: a review is in the catalogue exactly when it is. */
  has(slug: string): Promise<boolean>;
  /** The text records of these slugs, as stored; a slug without a review is absent from the map. */
  texts(slugs: readonly string[]): Promise<Map<string, unknown>>;
  /**
   * Writes the review's text, then its summary, then a new version token: a process that reads the token and then
   * the summaries finds this review, and one that read the token before gets a new token at its next poll.
   */
  put(slug: string, text: StoredReviewText, summary: StoredReviewSummary): Promise<void>;
  /** Removes the review's summary and text, then writes a new version token. Removing a missing slug is a no-op. */
  remove(slug: string): Promise<void>;
}

/** A review's whole text, in the format of its file. */
export interface StoredReviewText {
  revision: string;
  text: string;
}

/** What every process holds in memory for a review: the summary's fields, the track listing packed in one string. */
export interface StoredReviewSummary {
  revision: string;
  title: string;
  series: string | null;
  subject: string;
  year: number | null;
  nextPost: string | null;
  addedAt: string;
  /** The track listing as packTracks (src/domain/review.ts) writes it. */
  tracks: string;
}
