import type { Track, TrackDash } from './review.js';

/** "1. …", "1) …", "01. …", "#1. …" with any indentation. */
const numberedLine = /^\s*#?(\d{1,3})\s*[.)]\s*(\S.*)$/;
/** A bullet in front of an unnumbered track. */
const bullet = /^\s*[-*•·]\s+/;
/**
 * Artist and title are split at the first dash followed by whitespace, never at a bare hyphen:
 * "a-ha- Take On Me", "Run-D.M.C. - It's Tricky", "Survivor – Burning Heart".
 */
const separator = /\s*[-–—]\s+/;
const surroundingQuotes = /^["“”„'‘’](.+)["“”'‘’]$/;

/** A parsed track with the 1-based line it came from. */
export interface ListedTrack extends Track {
  line: number;
}

export interface SplitTrack {
  number: number | null;
  artist: string;
  title: string;
  /** The dash that separated them, as written. */
  dash: TrackDash;
}

/** The dash a track keeps: absent for the plain hyphen, so listings written with hyphens read as before. */
export function trackDash(dash: TrackDash): Pick<Track, 'dash'> {
  return dash === '-' ? {} : { dash };
}

function unquote(title: string): string {
  const match = surroundingQuotes.exec(title);
  return match?.[1]?.trim() || title;
}

function splitArtistAndTitle(text: string, unquoteTitle: boolean): { artist: string; title: string; dash: TrackDash } | null {
  const match = separator.exec(text);
  if (!match) return null;
  const artist = text.slice(0, match.index).trim();
  const rawTitle = text.slice(match.index + match[0].length).trim();
  const title = unquoteTitle ? unquote(rawTitle) : rawTitle;
  if (artist.length === 0 || title.length === 0) return null;
  const dash = match[0].includes('–') ? '–' : match[0].includes('—') ? '—' : '-';
  return { artist, title, dash };
}

/**
 * Reads one listing line as "N. Artist - Title" (or, when `allowUnnumbered`, "Artist - Title"); null when it is
 * not one. Blog titles often come in quotes ("“Burning Heart”"), which are dropped unless `unquoteTitle` is false.
 */
export function splitTrackLine(line: string, allowUnnumbered: boolean, options: { unquoteTitle?: boolean } = {}): SplitTrack | null {
  const unquoteTitle = options.unquoteTitle ?? true;
  const numbered = numberedLine.exec(line);
  if (numbered) {
    const parts = splitArtistAndTitle(numbered[2] ?? '', unquoteTitle);
    return parts ? { number: Number(numbered[1]), ...parts } : null;
  }
  if (!allowUnnumbered) return null;
  const parts = splitArtistAndTitle(line.trim().replace(bullet, ''), unquoteTitle);
  return parts ? { number: null, ...parts } : null;
}

export function isNumberedTrackLine(line: string): boolean {
  return splitTrackLine(line, false)?.number != null;
}

/** A line of running prose, which ends a listing rather than sitting inside it. */
export function looksLikeProse(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length > 120) return true;
  return /[.!?:]["”’)]?$/.test(trimmed) && trimmed.split(/\s+/).length > 8;
}

export interface ScanOptions {
  /** Line number of lines[0] in the whole post, for warnings. */
  firstLineNumber?: number;
  /**
   * Inside a post the listing ends where prose resumes; stray short lines between tracks (a lone band name)
   * are skipped with a warning. Without this, every line given belongs to the listing.
   */
  endAtProse?: boolean;
  /** Lines at which the listing ends whatever follows ("Next post:", the responses heading …). */
  isStop?: (line: string) => boolean;
}

export interface ScanResult {
  tracks: ListedTrack[];
  warnings: string[];
  /** Index in `lines` just after the listing (lines from here on are not part of it). */
  end: number;
}

const maxStrayRun = 3;

function quoteLine(line: string): string {
  const trimmed = line.trim();
  return JSON.stringify(trimmed.length > 80 ? `${trimmed.slice(0, 80)}…` : trimmed);
}

export function scanTrackListing(lines: readonly string[], options: ScanOptions = {}): ScanResult {
  const first = options.firstLineNumber ?? 1;
  const isStop = options.isStop ?? (() => false);
  const firstTrackLine = lines.findIndex((line) => splitTrackLine(line, true) !== null);
  const numbered = firstTrackLine >= 0 && splitTrackLine(lines[firstTrackLine] ?? '', true)?.number !== null;
  const tracks: ListedTrack[] = [];
  const warnings: string[] = [];
  let guessedPositions = 0;
  let renumberedBy = 0;
  let index = 0;

  const nextTrackIndex = (from: number): number => {
    for (let i = from; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (isStop(line)) return -1;
      if (splitTrackLine(line, !numbered)) return i;
    }
    return -1;
  };

  while (index < lines.length) {
    const line = lines[index] ?? '';
    if (line.trim().length === 0) {
      index++;
      continue;
    }
    if (isStop(line)) break;
    const track = splitTrackLine(line, !numbered);
    if (track) {
      const previous = tracks.at(-1)?.position ?? 0;
      let position = track.number === null ? previous + 1 : track.number + renumberedBy;
      if (track.number === null) guessedPositions++;
      else if (position <= previous) {
        // A repeated or restarted number (a second disc, a typo): keep counting, and shift what follows alike.
        renumberedBy += previous + 1 - position;
        warnings.push(
          `line ${first + index}: track number ${track.number} does not follow ${previous}; numbered it ${previous + 1}; the tracks after it are shifted by ${renumberedBy}`,
        );
        position = previous + 1;
      }
      tracks.push({ position, artist: track.artist, title: track.title, ...trackDash(track.dash), line: first + index });
      index++;
      continue;
    }
    // Not a track. Inside a post, decide whether it is a stray line within the listing or where prose resumes.
    if (options.endAtProse && tracks.length > 0) {
      const next = nextTrackIndex(index);
      const run = next < 0 ? [] : lines.slice(index, next).filter((l) => l.trim().length > 0);
      if (next < 0 || run.length > maxStrayRun || run.some(looksLikeProse)) break;
    }
    // The same dash as the examples the form and the docs show ("1. Survivor – Burning Heart").
    const why = numberedLine.test(line) ? 'no "Artist – Title" separator (a dash followed by a space)' : 'not a numbered "Artist – Title" line';
    warnings.push(`line ${first + index}: skipped ${quoteLine(line)} inside the track listing (${why})`);
    index++;
  }
  if (guessedPositions > 0) {
    warnings.push(`the track listing has ${guessedPositions} unnumbered track(s): positions guessed from their order`);
  }
  // Trailing blank lines belong to whatever follows.
  let end = index;
  while (end > 0 && (lines[end - 1] ?? '').trim().length === 0) end--;
  return { tracks, warnings, end };
}

/**
 * Parses the lines of a track listing (the importer's formats: "1. Artist- Title", "1) Artist – Title",
 * "01. Artist — Title", indentation, blank lines). Lines that are not tracks are skipped with a warning. Each
 * track keeps the dash it was written with (`dash`, absent for a hyphen), so what an admin typed is what is saved.
 */
export function parseTrackListing(lines: readonly string[], options: { firstLineNumber?: number } = {}): { tracks: Track[]; warnings: string[] } {
  const { tracks, warnings } = scanTrackListing(lines, { firstLineNumber: options.firstLineNumber ?? 1 });
  return { tracks: tracks.map(({ line: _line, ...track }) => track), warnings };
}
