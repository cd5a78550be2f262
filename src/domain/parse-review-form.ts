import { parseTrackListing } from './track-listing.js';
import { MemberFacingError } from './member-facing-error.js';
import type { Review } from './review.js';
import { slugify } from './slugify.js';
import { validateReview } from './validate-review.js';
import { invisibleReason, isInvisible, stripBidiControls } from './visible-text.js';

/** What the review modal asks for, as typed. */
export interface ReviewForm {
  /** "Great Soundtracks of 1985: Rocky IV": the series before the first ": ", as on the blog. */
  title: string;
  /** Four digits, or empty to take the year from the series. */
  year: string;
  /** Paragraphs separated by blank lines. */
  text: string;
  /** One track per line in the importer's formats ("1. Survivor – Burning Heart"). */
  tracks: string;
  /** The blog's "Next post" reference, for series order; may be empty. */
  nextPost: string;
}

export interface ParsedReviewForm {
  review: Review;
  warnings: string[];
}

/** The form a review fills in again (for "Edit" and /review edit). */
export function reviewToForm(review: Review): ReviewForm {
  return {
    title: review.title,
    year: review.year === null ? '' : String(review.year),
    text: review.body.join('\n\n'),
    tracks: review.tracks.map((t) => `${t.position}. ${t.artist} ${t.dash ?? '-'} ${t.title}`).join('\n'),
    nextPost: review.nextPost ?? '',
  };
}

/**
 * Turns modal input into a validated review. `base` is the review being edited: its slug, blog archive and
 * date are kept. Throws MemberFacingError for what the form itself gets wrong and ReviewValidationError
 * (naming the field) for what the review model refuses.
 */
export function parseReviewForm(form: ReviewForm, options: { addedAt: string; base?: Review }): ParsedReviewForm {
  const title = form.title.replace(/\s+/g, ' ').trim();
  if (title.length === 0) throw new MemberFacingError('Title: write the review’s title, e.g. "Great Soundtracks of 1985: Rocky IV".');
  const split = title.indexOf(': ');
  const series = split > 0 ? title.slice(0, split).trim() : null;
  const subject = split > 0 ? title.slice(split + 2).trim() : title;
  if (subject.length === 0) throw new MemberFacingError('Title: nothing follows the series and ": " – add the subject, e.g. "Rocky IV".');
  // A title of zero-width spaces passes trim() but would be an empty-looking post, file name and thread name.
  if (isInvisible(title))
    throw new MemberFacingError(`Title: the title ${invisibleReason}; write one people can read, e.g. "Great Soundtracks of 1985: Rocky IV".`);
  if (series !== null && isInvisible(series))
    throw new MemberFacingError(`Title: the series before ": " ${invisibleReason}; write it out or leave out the ": ".`);
  if (isInvisible(subject)) throw new MemberFacingError(`Title: the subject after ": " ${invisibleReason}; write it out, e.g. "Rocky IV".`);

  const yearText = form.year.trim();
  let year: number | null;
  if (yearText.length > 0) {
    // Quoted without bidi controls: an override would show the year reversed in the refusal.
    if (!/^\d{4}$/.test(yearText))
      throw new MemberFacingError(`Year: "${stripBidiControls(yearText)}" is not a four-digit year (e.g. 1985); leave it empty for none.`);
    year = Number(yearText);
  } else {
    const found = /\b(19\d{2}|20\d{2})\b/.exec(series ?? '');
    year = found?.[1] ? Number(found[1]) : null;
  }

  const body = form.text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (body.length === 0) throw new MemberFacingError('Review text: write at least one paragraph.');
  const hidden = body.findIndex(isInvisible);
  if (hidden >= 0) throw new MemberFacingError(`Review text: paragraph ${hidden + 1} ${invisibleReason}; delete it or write it out.`);

  const lines = form.tracks.replace(/\r\n?/g, '\n').split('\n');
  const { tracks, warnings } = parseTrackListing(lines);
  if (tracks.length === 0) {
    throw new MemberFacingError('Track listing: no track found. Write one per line, e.g. "1. Survivor – Burning Heart".');
  }
  for (const track of tracks) {
    const part = isInvisible(track.artist) ? 'artist' : isInvisible(track.title) ? 'title' : null;
    if (part) throw new MemberFacingError(`Track listing: the ${part} of track ${track.position} ${invisibleReason}.`);
  }
  const nextPost = form.nextPost.trim();
  if (nextPost.length > 0 && isInvisible(nextPost)) throw new MemberFacingError(`Next post: the text ${invisibleReason}; leave it empty for none.`);
  const review = validateReview({
    slug: options.base?.slug ?? slugify(title),
    title,
    series,
    subject,
    year,
    body,
    tracks,
    nextPost: nextPost.length > 0 ? nextPost : null,
    blog: options.base?.blog ?? null,
    addedAt: options.base?.addedAt ?? options.addedAt,
  });
  return { review, warnings };
}
