/** The dash between a track's artist and title: hyphen, en dash or em dash. */
export type TrackDash = '-' | '–' | '—';

/** A track on a review's listing. Soundtracks have a different artist on nearly every track. */
export interface Track {
  position: number;
  artist: string;
  title: string;
  /** The dash written between artist and title when it is not a hyphen, kept so the review file says what was typed. */
  dash?: '–' | '—';
}

/** A response from the old blog, kept as an archive: never mixed into Discord counts. */
export interface BlogResponse {
  text: string;
  likes: number;
}

export interface BlogArchive {
  /** The blog's own count ("18 Responses to …"), which is larger than the visible ones. */
  responseCount: number;
  responses: BlogResponse[];
}

/**
 * What the catalogue keeps in memory for every review: everything lists, search, autocomplete, series order and
 * /tracks need. The text and the blog archive stay in the review's file (the catalogue's `read` gives the whole
 * Review). A whole Review is a ReviewSummary too. The catalogue's summaries are not plain objects (their tracks
 * are decoded on access): to make a changed copy of a review, read the whole review and spread that.
 */
export interface ReviewSummary {
  /** Stable id derived from the title, unique in the catalogue. */
  readonly slug: string;
  readonly title: string;
  /** e.g. "Great Soundtracks of 1985"; null when the title has no series. */
  readonly series: string | null;
  /** e.g. "Rocky IV". */
  readonly subject: string;
  readonly year: number | null;
  /** In a summary, decoded from a compact form on each access: read it once per use. */
  readonly tracks: readonly Track[];
  /** The blog's "Next post:" text, used to order a series. */
  readonly nextPost: string | null;
  /** ISO date the review entered the catalogue; orders "most recent". */
  readonly addedAt: string;
}

export interface Review extends ReviewSummary {
  slug: string;
  title: string;
  series: string | null;
  subject: string;
  year: number | null;
  /** Paragraphs in order, Markdown allowed. */
  body: string[];
  tracks: Track[];
  nextPost: string | null;
  /** Present for reviews imported from the blog. */
  blog: BlogArchive | null;
  addedAt: string;
}

// Artists and titles are single lines (validateReview), so neither separator can occur inside one.
const fieldSeparator = '\r';
const trackSeparator = '\n';

/** A track listing as one string (12 tracks: one string instead of 37 values), for summaries held by the thousand. */
export function packTracks(tracks: readonly Track[]): string {
  return tracks.map((t) => `${t.position}${fieldSeparator}${t.artist}${fieldSeparator}${t.title}`).join(trackSeparator);
}

export function unpackTracks(packed: string): Track[] {
  if (packed.length === 0) return [];
  return packed.split(trackSeparator).map((line) => {
    const first = line.indexOf(fieldSeparator);
    const second = line.indexOf(fieldSeparator, first + 1);
    return { position: Number(line.slice(0, first)), artist: line.slice(first + 1, second), title: line.slice(second + 1) };
  });
}
