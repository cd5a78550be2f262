import { z } from 'zod';
import type { Review } from './review.js';
import { slugPattern } from './slugify.js';

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

export class ReviewValidationError extends Error {
  readonly field: string;
  /** Every problem found, the first of which is `field` and the message. */
  readonly issues: readonly ReviewIssue[];

  constructor(issues: readonly ReviewIssue[]) {
    const first = issues[0] ?? { field: 'review', message: 'is not a valid review' };
    super(`${first.field}: ${first.message}`);
    this.name = 'ReviewValidationError';
    this.field = first.field;
    this.issues = issues;
  }
}

/** A separator the track listing reads as "artist | title": a dash followed by whitespace. */
const trackSeparator = /[-–—]\s/;

function text(max: number, what = 'text') {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is missing' : `must be ${what}, not ${describe(issue.input)}`) })
    .refine((value) => value.trim().length > 0, { error: 'must not be empty' })
    .refine((value) => value === value.trim(), { error: 'must not start or end with whitespace' })
    .refine((value) => value.length <= max, {
      error: (issue) => `is ${String(issue.input).length} characters long, the limit is ${max}`,
    });
}

function singleLine(max: number) {
  return text(max).refine((value) => !/[\r\n]/.test(value), { error: 'must be a single line' });
}

function nullable<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()], {
    error: (issue) => (issue.input === undefined ? 'is missing (use null for none)' : `must be text or null, not ${describe(issue.input)}`),
  });
}

function integer(min: number, max: number, outOfRange?: string) {
  return z
    .number({ error: (issue) => (issue.input === undefined ? 'is missing' : `must be a number, not ${describe(issue.input)}`) })
    .int({ error: 'must be a whole number' })
    .min(min, { error: outOfRange ?? `must be at least ${min}` })
    .max(max, { error: outOfRange ?? `must be at most ${max}` });
}

/** An object that rejects fields it does not know: a typo in a hand-written file must not pass silently. */
function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'must be an object'),
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const trackSchema = strictObject({
  position: integer(1, reviewLimits.maxPosition),
  artist: singleLine(reviewLimits.trackArtist).refine((artist) => !trackSeparator.test(artist), {
    error: 'must not contain a dash followed by a space: that separates artist from title in a track listing',
  }),
  title: singleLine(reviewLimits.trackTitle),
});

const responseSchema = strictObject({
  text: text(reviewLimits.responseText),
  likes: integer(0, reviewLimits.responseCount),
});

const blogSchema = strictObject({
  responseCount: integer(0, reviewLimits.responseCount),
  responses: z.array(responseSchema).max(reviewLimits.responses, { error: `must hold at most ${reviewLimits.responses} responses` }),
}).refine((blog) => blog.responseCount >= blog.responses.length, {
  error: 'responseCount is smaller than the number of archived responses',
  path: ['responseCount'],
});

const isoDate = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

export const reviewSchema = strictObject({
  slug: z
    .string({ error: (issue) => (issue.input === undefined ? 'is missing' : `must be text, not ${describe(issue.input)}`) })
    .min(1, { error: 'must not be empty' })
    .max(reviewLimits.slug, { error: `must be at most ${reviewLimits.slug} characters` })
    .regex(slugPattern, { error: 'must be lower-case letters and digits separated by single hyphens' }),
  title: singleLine(reviewLimits.title),
  series: nullable(singleLine(reviewLimits.series)),
  subject: singleLine(reviewLimits.subject),
  year: z.union([integer(reviewLimits.minYear, reviewLimits.maxYear, `must be a year from ${reviewLimits.minYear} to ${reviewLimits.maxYear}`), z.null()], {
    error: (issue) =>
      issue.input === undefined
        ? 'is missing (use null for none)'
        : `must be a year from ${reviewLimits.minYear} to ${reviewLimits.maxYear} or null, not ${describe(issue.input)}`,
  }),
  body: z
    .array(text(reviewLimits.paragraph).refine((p) => !/\n[ \t]*\n/.test(p), { error: 'must not contain a blank line (that starts a new paragraph)' }), {
      error: (issue) => (issue.input === undefined ? 'is missing' : 'must be a list of paragraphs'),
    })
    .max(reviewLimits.paragraphs, { error: `must have at most ${reviewLimits.paragraphs} paragraphs` })
    .refine((body) => body.reduce((sum, p) => sum + p.length, 0) <= reviewLimits.bodyTotal, {
      error: `is longer than ${reviewLimits.bodyTotal} characters in total`,
    }),
  tracks: z
    .array(trackSchema, { error: (issue) => (issue.input === undefined ? 'is missing' : 'must be a list of tracks') })
    .min(1, { error: 'must have at least one track' })
    .max(reviewLimits.tracks, { error: `must have at most ${reviewLimits.tracks} tracks` })
    .superRefine((tracks, ctx) => {
      const seen = new Map<number, number>();
      tracks.forEach((track, index) => {
        const earlier = seen.get(track.position);
        if (earlier !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'position'],
            message: `duplicate position ${track.position} (also tracks[${earlier}])`,
          });
        } else {
          seen.set(track.position, index);
        }
      });
    }),
  nextPost: nullable(singleLine(reviewLimits.nextPost)),
  blog: z.union([blogSchema, z.null()], {
    error: (issue) => (issue.input === undefined ? 'is missing (use null for none)' : 'must be an object or null'),
  }),
  addedAt: z
    .string({ error: (issue) => (issue.input === undefined ? 'is missing' : `must be an ISO date, not ${describe(issue.input)}`) })
    .refine((value) => isoDate.test(value) && !Number.isNaN(Date.parse(value)), {
      error: 'must be an ISO date such as 2024-05-01 or 2024-05-01T12:00:00Z',
    }),
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
  const result = reviewSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: formatPath(issue.path), message: issue.message }));
  throw new ReviewValidationError(issues);
}
