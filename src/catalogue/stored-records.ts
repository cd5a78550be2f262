import type { Review } from '../domain/review.js';
import type { StoredReviewSummary, StoredReviewText } from '../store/catalogue-repository.js';
import { StoredSummary, summarize } from './summary.js';

/**
 * The shared catalogue's records as the store keeps them, and their checks: a record is read from a server other
 * processes (and people) write, so nothing in it is trusted until checked.
 */

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isTextOrNull = (value: unknown): value is string | null => value === null || isText(value);

export function summaryRecord(review: Review, revision: string): StoredReviewSummary {
  const summary = summarize(review);
  return {
    revision,
    title: summary.title,
    series: summary.series,
    subject: summary.subject,
    year: summary.year,
    nextPost: summary.nextPost,
    addedAt: summary.addedAt,
    tracks: summary.packedTracks,
  };
}

/** A checked summary record with its revision, or the reason it is not one. */
export function summaryFromRecord(slug: string, value: unknown): { summary: StoredSummary; revision: string } | string {
  if (value === null || typeof value !== 'object') return 'its summary is not an object';
  const record: Partial<Record<keyof StoredReviewSummary, unknown>> = value;
  const { revision, title, series, subject, year, nextPost, addedAt, tracks } = record;
  if (!isText(revision)) return 'its summary has no revision';
  if (!isText(title) || !isTextOrNull(series) || !isText(subject) || !isTextOrNull(nextPost) || !isText(addedAt) || typeof tracks !== 'string') {
    return 'its summary lacks a title, subject, date or track listing';
  }
  if (year !== null && !(typeof year === 'number' && Number.isSafeInteger(year))) return 'its summary has a year that is not a whole number';
  return { summary: new StoredSummary(slug, title, series, subject, year, nextPost, addedAt, tracks), revision };
}

/** A checked text record, or null when the value is not one. */
export function textFromRecord(value: unknown): StoredReviewText | null {
  if (value === null || typeof value !== 'object' || !('revision' in value) || !('text' in value)) return null;
  const { revision, text } = value;
  return isText(revision) && typeof text === 'string' ? { revision, text } : null;
}
