import type { Review, Track } from '../domain/review.js';

const paragraphSeparator = '\n\n';
const bodyChunkBytes = 1024 * 1024;

/** A copy that does not share memory with the text it was cut from (V8 keeps a long substring as a view of its parent). */
function ownCopy(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

const compacted = new WeakSet<Review>();

/**
 * Reviews as the catalogue keeps them in memory. A large catalogue is mostly body text, which V8 keeps as
 * two-byte strings as soon as a paragraph holds one curly quote (2 bytes a character), and every field read
 * from a file was a slice that kept the whole file's text alive. Here:
 * - a body is held as UTF-8 bytes (1 byte a character for most prose) and decoded each time it is read; the
 *   bytes go one after another into 1 MB buffers (one allocation each), not one small buffer per review
 *   (those come from Node's 8 KB pool slabs, and thousands of them cost more than the text);
 * - the other text fields are copies of their own, and repeated ones (series, artists, dates) are held once.
 * `review.body` still reads as the paragraphs: the Review contract is unchanged.
 */
export class CompactReviews {
  readonly #texts = new Map<string, string>();
  #chunk: Buffer = Buffer.alloc(0);
  #used = 0;

  /** The review as the catalogue keeps it (a review already compacted is returned as it is). */
  compact(review: Review): Review {
    if (compacted.has(review)) return review;
    const readBody = this.#holdBody(review.body);
    const tracks: Track[] = review.tracks.map((track) => ({ position: track.position, artist: this.#share(track.artist), title: ownCopy(track.title) }));
    const compact: Review = {
      slug: ownCopy(review.slug),
      title: ownCopy(review.title),
      series: review.series === null ? null : this.#share(review.series),
      subject: ownCopy(review.subject),
      year: review.year,
      get body(): string[] {
        return readBody();
      },
      tracks,
      nextPost: review.nextPost === null ? null : ownCopy(review.nextPost),
      blog: review.blog,
      addedAt: this.#share(review.addedAt),
    };
    compacted.add(compact);
    return compact;
  }

  /** One copy per distinct value; the map grows only with distinct values, which a catalogue repeats a great deal. */
  #share(text: string): string {
    const known = this.#texts.get(text);
    if (known !== undefined) return known;
    const copy = ownCopy(text);
    this.#texts.set(copy, copy);
    return copy;
  }

  /** Paragraphs never contain a blank line nor start or end with whitespace (validateReview), so "\n\n" joins them unambiguously. */
  #holdBody(body: readonly string[]): () => string[] {
    if (body.length === 0) return () => [];
    const text = body.join(paragraphSeparator);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.#chunk.length - this.#used) {
      this.#chunk = Buffer.allocUnsafeSlow(Math.max(bodyChunkBytes, bytes));
      this.#used = 0;
    }
    const chunk = this.#chunk;
    const start = this.#used;
    chunk.write(text, start, bytes, 'utf8');
    this.#used += bytes;
    return () => chunk.toString('utf8', start, start + bytes).split(paragraphSeparator);
  }
}
