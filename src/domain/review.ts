/** A track on a review's listing. Soundtracks have a different artist on nearly every track. */
export interface Track {
  position: number;
  artist: string;
  title: string;
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

export interface Review {
  /** Stable id derived from the title, unique in the catalogue. */
  slug: string;
  title: string;
  /** e.g. "Great Soundtracks of 1985"; null when the title has no series. */
  series: string | null;
  /** e.g. "Rocky IV". */
  subject: string;
  year: number | null;
  /** Paragraphs in order, Markdown allowed. */
  body: string[];
  tracks: Track[];
  /** The blog's "Next post:" text, used to order a series. */
  nextPost: string | null;
  /** Present for reviews imported from the blog. */
  blog: BlogArchive | null;
  /** ISO date the review entered the catalogue; orders "most recent". */
  addedAt: string;
}
