import * as v from 'valibot';
import { cappedArray, defaultMessage, issueKeys, strictObject as strictObjectOf } from '../validation.js';
import { MemberFacingError } from './member-facing-error.js';
import type { Review } from './review.js';
import { slugPattern } from './slugify.js';
import { invisibleReason, isInvisible } from './visible-text.js';

/**
 * Limits follow what Discord can show (Embed Limits in Discord's message resource docs: title 256,
 * description 4096, field value 1024, 6000 per message) and what is plainly nonsense for a review.
 */
export const reviewLimits = {
  slug: 80,
  title: 256,
  series: 200,
  subject: 256,
  nextPost: 256,
  paragraph: 4096,
  paragraphs: 100,
  bodyTotal: 40_000,
  tracks: 100,
  trackArtist: 200,
  trackTitle: 200,
  maxPosition: 999,
  minYear: 1900,
  maxYear: 2099,
  responses: 1000,
  responseText: 4096,
  responseCount: 1_000_000,
} as const;

export interface ReviewIssue {
  /** Path of the offending value, e.g. "tracks[3].title". */
  field: string;
  message: string;
}

/** A review the model refuses; the CLI and the importers show `message`, a member reads `memberMessage`. */
export class ReviewValidationError extends MemberFacingError {
  override readonly name: string = 'ReviewValidationError';
  readonly field: string;
  /** Every problem found, the first of which is `field` and the message. */
  readonly issues: readonly ReviewIssue[];

  constructor(issues: readonly ReviewIssue[]) {
    const first = issues[0] ?? { field: 'review', message: 'is not a valid review' };
    super(`${first.field}: ${first.message}`);
    this.field = first.field;
    this.issues = issues;
  }

  override get memberMessage(): string {
    return `The review was refused: ${this.field} ${this.message.slice(this.field.length + 2)}.`;
  }
}

/** A separator the track listing reads as "artist | title": a dash followed by whitespace. */
const trackSeparator = /[-–—]\s/;

function text(max: number, what = 'text') {
  return v.pipe(
    v.string((issue) => (issue.input === undefined ? 'is missing' : `must be ${what}, not ${describe(issue.input)}`)),
    v.check((value) => value.trim().length > 0, 'must not be empty'),
    // Zero-width spaces and bidi controls pass trim(): a title of them would look empty everywhere it is shown.
    v.check((value) => value.trim().length === 0 || !isInvisible(value), invisibleReason),
    v.check((value) => value === value.trim(), 'must not start or end with whitespace'),
    v.check(
      (value) => value.length <= max,
      (issue) => `is ${issue.input.length} characters long, the limit is ${max}`,
    ),
  );
}

function singleLine(max: number) {
  return v.pipe(
    text(max),
    v.check((value) => !/[\r\n]/.test(value), 'must be a single line'),
  );
}

function nullable<T extends v.GenericSchema>(schema: T) {
  return v.union([schema, v.null()], (issue) =>
    issue.input === undefined ? 'is missing (use null for none)' : `must be text or null, not ${describe(issue.input)}`,
  );
}

function integer(min: number, max: number, outOfRange?: string) {
  return v.pipe(
    // A fraction is refused like a wrong type: the range and the checks of the enclosing object are not run on it.
    v.custom<number>(
      (value) => typeof value === 'number' && Number.isInteger(value),
      (issue) =>
        issue.input === undefined
          ? 'is missing'
          : typeof issue.input === 'number' && Number.isFinite(issue.input)
            ? 'must be a whole number'
            : `must be a number, not ${describe(issue.input)}`,
    ),
    v.check((value: number) => Number.isSafeInteger(value), 'must be a whole number'),
    v.minValue(min, outOfRange ?? `must be at least ${min}`),
    v.maxValue(max, outOfRange ?? `must be at most ${max}`),
  );
}

/** An object that rejects fields it does not know: a typo in a hand-written file must not pass silently. */
function strictObject<const T extends v.ObjectEntries>(entries: T) {
  return strictObjectOf(entries, { notObject: () => 'must be an object', unknownKeys: (keys) => `unknown field(s): ${keys.join(', ')}` });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined) return `${typeof value} ${String(value)}`;
  // A function or a symbol: neither comes out of a parsed file, and a function's source is no help in a message.
  return typeof value;
}

const trackSchema = strictObject({
  position: integer(1, reviewLimits.maxPosition),
  artist: v.pipe(
    singleLine(reviewLimits.trackArtist),
    v.check((artist) => !trackSeparator.test(artist), 'must not contain a dash followed by a space: that separates artist from title in a track listing'),
  ),
  title: singleLine(reviewLimits.trackTitle),
  // Absent for a hyphen; the dash a listing line was written with otherwise.
  dash: v.optional(v.picklist(['–', '—'], 'must be "–" or "—" (leave it out for a hyphen)')),
});

const responseSchema = strictObject({
  text: text(reviewLimits.responseText),
  likes: integer(0, reviewLimits.responseCount),
});

const blogSchema = v.pipe(
  strictObject({
    responseCount: integer(0, reviewLimits.responseCount),
    responses: cappedArray(responseSchema, reviewLimits.responses, `must hold at most ${reviewLimits.responses} responses`),
  }),
  v.forward(
    v.check((blog) => blog.responseCount >= blog.responses.length, 'responseCount is smaller than the number of archived responses'),
    ['responseCount'],
  ),
);

const isoDate = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

export const reviewSchema = strictObject({
  slug: v.pipe(
    v.string((issue) => (issue.input === undefined ? 'is missing' : `must be text, not ${describe(issue.input)}`)),
    v.minLength(1, 'must not be empty'),
    v.maxLength(reviewLimits.slug, `must be at most ${reviewLimits.slug} characters`),
    v.regex(slugPattern, 'must be lower-case letters and digits separated by single hyphens'),
  ),
  title: singleLine(reviewLimits.title),
  series: nullable(singleLine(reviewLimits.series)),
  subject: singleLine(reviewLimits.subject),
  year: v.union(
    [integer(reviewLimits.minYear, reviewLimits.maxYear, `must be a year from ${reviewLimits.minYear} to ${reviewLimits.maxYear}`), v.null()],
    (issue) =>
      issue.input === undefined
        ? 'is missing (use null for none)'
        : `must be a year from ${reviewLimits.minYear} to ${reviewLimits.maxYear} or null, not ${describe(issue.input)}`,
  ),
  body: v.pipe(
    cappedArray(
      v.pipe(
        text(reviewLimits.paragraph),
        v.check((p) => !/\n[ \t]*\n/.test(p), 'must not contain a blank line (that starts a new paragraph)'),
      ),
      reviewLimits.paragraphs,
      `must have at most ${reviewLimits.paragraphs} paragraphs`,
      (issue) => (issue.input === undefined ? 'is missing' : 'must be a list of paragraphs'),
    ),
    v.check((body) => body.reduce((sum, p) => sum + p.length, 0) <= reviewLimits.bodyTotal, `is longer than ${reviewLimits.bodyTotal} characters in total`),
  ),
  tracks: v.pipe(
    cappedArray(trackSchema, reviewLimits.tracks, `must have at most ${reviewLimits.tracks} tracks`, (issue) =>
      issue.input === undefined ? 'is missing' : 'must be a list of tracks',
    ),
    v.minLength(1, 'must have at least one track'),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const tracks = dataset.value;
      const seen = new Map<number, number>();
      tracks.forEach((track, index) => {
        const earlier = seen.get(track.position);
        if (earlier !== undefined) {
          addIssue({
            message: `duplicate position ${track.position} (also tracks[${earlier}])`,
            path: [
              { type: 'array', origin: 'value', input: tracks, key: index, value: track },
              { type: 'object', origin: 'value', input: track, key: 'position', value: track.position },
            ],
          });
        } else {
          seen.set(track.position, index);
        }
      });
    }),
  ),
  nextPost: nullable(singleLine(reviewLimits.nextPost)),
  blog: v.union([blogSchema, v.null()], (issue) => (issue.input === undefined ? 'is missing (use null for none)' : 'must be an object or null')),
  addedAt: v.pipe(
    v.string((issue) => (issue.input === undefined ? 'is missing' : `must be an ISO date, not ${describe(issue.input)}`)),
    v.check((value) => isoDate.test(value) && !Number.isNaN(Date.parse(value)), 'must be an ISO date such as 2024-05-01 or 2024-05-01T12:00:00Z'),
  ),
});

function formatPath(path: readonly PropertyKey[]): string {
  let field = '';
  for (const part of path) {
    if (typeof part === 'number') field += `[${part}]`;
    else field += field.length === 0 ? String(part) : `.${String(part)}`;
  }
  return field.length > 0 ? field : 'review';
}

/** The review, checked; throws ReviewValidationError naming the first bad field. */
export function validateReview(input: unknown): Review {
  const result = v.safeParse(reviewSchema, input, { message: defaultMessage });
  if (result.success) return result.output;
  const issues = result.issues.map((issue) => ({ field: formatPath(issueKeys(issue)), message: issue.message }));
  throw new ReviewValidationError(issues);
}
