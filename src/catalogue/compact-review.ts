import type { Review, Track } from '../domain/review.js';

/**
 * A review as the catalogue keeps it in memory. A large catalogue is mostly body text, which V8 keeps as
 * two-byte strings as soon as a paragraph holds one curly quote (2 bytes a character), and every field read
 * from a file was a slice that kept the whole file's text alive. Here the body is held as UTF-8 bytes (1 byte a
 * character for most prose) and decoded each time it is read, and the other text fields are copies of their own.
 * `review.body` still reads as the paragraphs: the Review contract is unchanged.
 */
const paragraphSeparator = '\n\n';

/** Paragraphs never contain a blank line nor start or end with whitespace (validateReview), so "\n\n" joins them unambiguously. */
function encodeBody(body: readonly string[]): Buffer | null {
  return body.length === 0 ? null : Buffer.from(body.join(paragraphSeparator), 'utf8');
}

function decodeBody(bytes: Buffer | null): string[] {
  return bytes === null ? [] : bytes.toString('utf8').split(paragraphSeparator);
}

/** A copy that does not share memory with the text it was cut from (V8 keeps a long substring as a view of its parent). */
function ownCopy(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * Repeated values (series names, artists) are held once for the whole catalogue. The pool only grows with
 * distinct values, which a catalogue repeats a great deal.
 */
export class TextPool {
  readonly #texts = new Map<string, string>();

  share(text: string): string {
    const known = this.#texts.get(text);
    if (known !== undefined) return known;
    const copy = ownCopy(text);
    this.#texts.set(copy, copy);
    return copy;
  }
}

const compacted = new WeakSet<Review>();

/** The review as the catalogue keeps it (a review already compacted is returned as it is). */
export function compactReview(review: Review, pool: TextPool): Review {
  if (compacted.has(review)) return review;
  const bodyBytes = encodeBody(review.body);
  const tracks: Track[] = review.tracks.map((track) => ({ position: track.position, artist: pool.share(track.artist), title: ownCopy(track.title) }));
  const compact: Review = {
    slug: ownCopy(review.slug),
    title: ownCopy(review.title),
    series: review.series === null ? null : pool.share(review.series),
    subject: ownCopy(review.subject),
    year: review.year,
    get body(): string[] {
      return decodeBody(bodyBytes);
    },
    tracks,
    nextPost: review.nextPost === null ? null : ownCopy(review.nextPost),
    blog: review.blog,
    addedAt: pool.share(review.addedAt),
  };
  compacted.add(compact);
  return compact;
}
