import { packTracks, unpackTracks, type Review, type ReviewSummary, type Track } from '../domain/review.js';

/**
 * A summary as the catalogue holds it: the track listing packed into one string, decoded when asked for. Not a
 * plain object: spreading it copies no tracks (read the whole review to make a changed copy).
 */
export class StoredSummary implements ReviewSummary {
  readonly #packedTracks: string;

  constructor(
    readonly slug: string,
    readonly title: string,
    readonly series: string | null,
    readonly subject: string,
    readonly year: number | null,
    readonly nextPost: string | null,
    readonly addedAt: string,
    packedTracks: string,
  ) {
    this.#packedTracks = packedTracks;
  }

  get tracks(): Track[] {
    return unpackTracks(this.#packedTracks);
  }

  get packedTracks(): string {
    return this.#packedTracks;
  }
}

export function summarize(review: Review): StoredSummary {
  return new StoredSummary(review.slug, review.title, review.series, review.subject, review.year, review.nextPost, review.addedAt, packTracks(review.tracks));
}
