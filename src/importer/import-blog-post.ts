import type { BlogResponse, Review } from '../domain/review.js';
import { slugify } from '../domain/slugify.js';
import { ReviewValidationError, validateReview } from '../domain/validate-review.js';
import { isBoilerplateLine, startsBoilerplateBlock } from './boilerplate.js';
import { ImportError } from './import-error.js';
import { isNumberedTrackLine, scanTrackListing, type ListedTrack } from '../domain/track-listing.js';

export interface ImportResult {
  review: Review;
  warnings: string[];
}

/** Posts are a few kilobytes; anything past this is not a blog post. */
export const maxPostBytes = 1024 * 1024;

const listingHeading = /^\s*(?:the\s+)?(?:track\s*listing|track\s*list|tracklist|tracks|songs)\s*:?\s*$/i;
const nextPostLine = /^\s*next\s+post\s*:\s*(.*)$/i;
/** "18 Responses to “Title”", "One thought on “Title”": the count, then the post's title, quoted or not. */
const responsesHeading = /^\s*(\d[\d,]*|one|no)\s+(?:responses?|comments?|thoughts?|replies|reply)\s+(?:to|on)\s+(.+)$/i;
const quoted = /^["“'‘«].*["”'’»]$/;

function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Only a heading naming the post: a paragraph opening with "2 thoughts on the mix: …" is prose. */
function readResponsesHeading(line: string, title: string): number | null {
  const match = responsesHeading.exec(line);
  if (!match) return null;
  const named = (match[2] ?? '').trim();
  if (!quoted.test(named) && comparable(named) !== comparable(title)) return null;
  return parseCount(match[1] ?? '0');
}
const responseStart = /^\s*(\d{1,4})[.)]\s+(\S.*)$/;
const likedBy = /^\s*liked by\s+(one|\d[\d,]*)\s+(?:person|people)\.?\s*$/i;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for: many of them mark binary input
const controlCharacter = /[\u0000-\u0008\u000e-\u001f\ufffd]/;

interface Paragraph {
  text: string;
  line: number;
}

function normalizeLines(text: string): string[] {
  return text
    .replace(/^\ufeff/, '')
    .split(/\r\n|\r|\n/)
    .map((line) =>
      line
        .replace(/[\u00a0\u2007\u202f]/g, ' ')
        .replace(/[\u200b\u200c\u200d\u2060\ufeff]/g, '')
        .replace(/\s+$/, ''),
    );
}

function rejectBinary(lines: readonly string[]): void {
  let suspicious = 0;
  let characters = 0;
  let firstLine: number | null = null;
  lines.forEach((line, index) => {
    characters += line.length + 1;
    for (const char of line) {
      if (char === '\u0000') throw new ImportError('binary input: it contains NUL bytes, not text', index + 1);
      if (controlCharacter.test(char)) {
        suspicious++;
        firstLine ??= index + 1;
      }
    }
  });
  if (suspicious > 0 && suspicious * 100 > characters) {
    throw new ImportError('binary input: it is full of control characters or undecodable bytes, not text', firstLine);
  }
}

/** Consecutive non-blank lines form a paragraph; boilerplate lines are dropped. */
function paragraphs(lines: readonly string[], from: number, to: number): Paragraph[] {
  const result: Paragraph[] = [];
  let current: string[] = [];
  let startLine = 0;
  const close = (): void => {
    if (current.length > 0) result.push({ text: current.join('\n'), line: startLine });
    current = [];
  };
  for (let i = from; i < to; i++) {
    const line = (lines[i] ?? '').trim();
    if (line.length === 0 || isBoilerplateLine(line)) {
      close();
      continue;
    }
    if (current.length === 0) startLine = i + 1;
    current.push(line);
  }
  close();
  return result;
}

function parseCount(word: string): number {
  const lower = word.toLowerCase();
  if (lower === 'one') return 1;
  if (lower === 'no') return 0;
  return Number(lower.replaceAll(',', ''));
}

interface ResponseDraft {
  line: number;
  paragraphs: string[][];
  likes: number;
}

function parseResponses(lines: readonly string[], from: number, to: number, warnings: string[]): { responses: BlogResponse[]; lines: number[] } {
  const drafts: ResponseDraft[] = [];
  let current: ResponseDraft | null = null;
  let previousNumber = 0;
  let blankSince = true;
  for (let i = from; i < to; i++) {
    const raw = lines[i] ?? '';
    const line = raw.trim();
    if (line.length === 0) {
      blankSince = true;
      continue;
    }
    const likes = likedBy.exec(line);
    if (likes) {
      if (current) current.likes = parseCount(likes[1] ?? '0');
      else warnings.push(`line ${i + 1}: skipped ${JSON.stringify(line)}: it belongs to no response`);
      blankSince = true;
      continue;
    }
    if (isBoilerplateLine(line)) continue;
    const start = responseStart.exec(raw);
    if (start && Number(start[1]) > previousNumber) {
      previousNumber = Number(start[1]);
      current = { line: i + 1, paragraphs: [[(start[2] ?? '').trim()]], likes: 0 };
      drafts.push(current);
      blankSince = false;
      continue;
    }
    if (!current) {
      warnings.push(`line ${i + 1}: skipped ${JSON.stringify(line.slice(0, 80))} before the first numbered response`);
      continue;
    }
    const lastParagraph = current.paragraphs.at(-1);
    if (blankSince || !lastParagraph) current.paragraphs.push([line]);
    else lastParagraph.push(line);
    blankSince = false;
  }
  const responses: BlogResponse[] = [];
  const responseLines: number[] = [];
  for (const draft of drafts) {
    const text = draft.paragraphs
      .map((p) => p.join('\n'))
      .filter((p) => p.length > 0)
      .join('\n\n');
    if (text.length === 0) {
      warnings.push(`line ${draft.line}: skipped an empty response`);
      continue;
    }
    responses.push({ text, likes: draft.likes });
    responseLines.push(draft.line);
  }
  return { responses, lines: responseLines };
}

function findIndex(lines: readonly string[], from: number, to: number, test: (line: string) => boolean): number {
  for (let i = from; i < to; i++) if (test(lines[i] ?? '')) return i;
  return -1;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** "Great Soundtracks of 1985: Rocky IV" → series "Great Soundtracks of 1985", subject "Rocky IV", year 1985. */
export function splitTitle(title: string): { series: string | null; subject: string; year: number | null } {
  const separatorAt = title.indexOf(': ');
  const series = separatorAt > 0 ? title.slice(0, separatorAt).trim() : null;
  const subject = separatorAt > 0 ? title.slice(separatorAt + 2).trim() : title;
  const yearMatch = series === null ? null : /(?<!\d)(19\d{2}|20\d{2})(?!\d)/.exec(series);
  return { series, subject, year: yearMatch ? Number(yearMatch[1]) : null };
}

function describeTitleProblem(line: string): string | null {
  if (listingHeading.test(line)) return 'it is a track listing heading';
  if (isNumberedTrackLine(line)) return 'it is a track';
  if (nextPostLine.test(line)) return 'it is the "Next post:" line';
  if (readResponsesHeading(line, '') !== null) return 'it is the responses heading';
  if (isBoilerplateLine(line)) return 'it is blog boilerplate';
  return null;
}

/**
 * Turns one blog post exported as plain text into a review. Throws ImportError (with the line where one applies)
 * when the text is not a usable post; everything it skipped or guessed is in `warnings`.
 */
export function importBlogPost(text: string, options: { addedAt?: string } = {}): ImportResult {
  if (Buffer.byteLength(text, 'utf8') > maxPostBytes) {
    throw new ImportError(`input is larger than 1 MB (${Buffer.byteLength(text, 'utf8')} bytes): not a blog post`);
  }
  const lines = normalizeLines(text);
  rejectBinary(lines);
  const warnings: string[] = [];

  const titleIndex = lines.findIndex((line) => line.trim().length > 0);
  if (titleIndex < 0) throw new ImportError('empty input: there is no text at all');
  const title = (lines[titleIndex] ?? '').trim();
  const titleProblem = describeTitleProblem(title);
  if (titleProblem) throw new ImportError(`no title: the first line with text is not a title (${titleProblem})`, titleIndex + 1);

  const { series, subject, year } = splitTitle(title);

  // The post's sections, each ending where the next one starts.
  const end = lines.length;
  const responsesAt = findIndex(lines, titleIndex + 1, end, (line) => readResponsesHeading(line, title) !== null);
  const leaveReplyAt = findIndex(lines, titleIndex + 1, end, (line) => /^\s*leave a (reply|comment)\s*$/i.test(line));
  const postEnd = [responsesAt, leaveReplyAt].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), end);
  const nextPostAt = findIndex(lines, titleIndex + 1, postEnd, (line) => nextPostLine.test(line));
  const reviewEnd = nextPostAt >= 0 ? nextPostAt : postEnd;

  let headingAt = findIndex(lines, titleIndex + 1, reviewEnd, (line) => listingHeading.test(line));
  let listingFrom = headingAt + 1;
  if (headingAt < 0) {
    const firstTrack = findIndex(lines, titleIndex + 1, reviewEnd, isNumberedTrackLine);
    if (firstTrack < 0) {
      throw new ImportError('no track listing: no "Track Listing" heading and no numbered "Artist - Title" lines');
    }
    warnings.push(`no "Track Listing" heading: the listing was taken to start at line ${firstTrack + 1}`);
    headingAt = firstTrack;
    listingFrom = firstTrack;
  }

  const isStop = (line: string): boolean =>
    nextPostLine.test(line) || readResponsesHeading(line, title) !== null || startsBoilerplateBlock(line) || listingHeading.test(line);
  const listingLines = lines.slice(listingFrom, reviewEnd);
  const scan = scanTrackListing(listingLines, { firstLineNumber: listingFrom + 1, endAtProse: true, isStop });
  if (scan.tracks.length === 0) {
    throw new ImportError(
      'no track listing: the "Track Listing" heading is followed by no numbered "Artist - Title" lines (a dash followed by a space separates artist and title)',
      headingAt + 1,
    );
  }
  warnings.push(...scan.warnings);
  const listingEnd = listingFrom + scan.end;

  const blockAfterListing = findIndex(lines, listingEnd, reviewEnd, startsBoilerplateBlock);
  const body = [...paragraphs(lines, titleIndex + 1, headingAt), ...paragraphs(lines, listingEnd, blockAfterListing >= 0 ? blockAfterListing : reviewEnd)];

  let nextPost: string | null = null;
  if (nextPostAt >= 0) {
    nextPost = (nextPostLine.exec(lines[nextPostAt] ?? '')?.[1] ?? '').trim() || null;
    if (nextPost === null) warnings.push(`line ${nextPostAt + 1}: "Next post:" names no post; nextPost left empty`);
    const blockAfterNext = findIndex(lines, nextPostAt + 1, postEnd, startsBoilerplateBlock);
    for (const paragraph of paragraphs(lines, nextPostAt + 1, blockAfterNext >= 0 ? blockAfterNext : postEnd)) {
      warnings.push(`line ${paragraph.line}: skipped ${JSON.stringify(paragraph.text.slice(0, 80))} after "Next post:" (not part of the review)`);
    }
  }

  const { responseCount, responses, responseLines } = readArchive(lines, responsesAt, title, warnings);

  const candidate: Review = {
    slug: slugify(title),
    title,
    series,
    subject,
    year,
    body: body.map((p) => p.text),
    tracks: scan.tracks.map(({ position, artist, title: trackTitle }) => ({ position, artist, title: trackTitle })),
    nextPost,
    blog: { responseCount, responses },
    addedAt: options.addedAt ?? today(),
  };
  try {
    return { review: validateReview(candidate), warnings };
  } catch (error) {
    if (error instanceof ReviewValidationError) {
      throw new ImportError(error.message, lineOfField(error.field, { titleIndex, tracks: scan.tracks, body, responseLines, nextPostAt }));
    }
    throw error;
  }
}

/** The blog's responses: the count from the heading (0 without one) and the visible responses. */
function readArchive(
  lines: readonly string[],
  headingAt: number,
  title: string,
  warnings: string[],
): { responseCount: number; responses: BlogResponse[]; responseLines: number[] } {
  if (headingAt < 0) return { responseCount: 0, responses: [], responseLines: [] };
  const counted = readResponsesHeading(lines[headingAt] ?? '', title) ?? 0;
  const blockAt = findIndex(lines, headingAt + 1, lines.length, startsBoilerplateBlock);
  const { responses, lines: responseLines } = parseResponses(lines, headingAt + 1, blockAt >= 0 ? blockAt : lines.length, warnings);
  if (counted < responses.length) {
    warnings.push(
      `line ${headingAt + 1}: the blog counts ${counted} response(s) but ${responses.length} are visible; responseCount set to ${responses.length}`,
    );
  }
  return { responseCount: Math.max(counted, responses.length), responses, responseLines };
}

function lineOfField(
  field: string,
  where: { titleIndex: number; tracks: ListedTrack[]; body: Paragraph[]; responseLines: number[]; nextPostAt: number },
): number | null {
  const indexed = /^(tracks|body|blog\.responses)\[(\d+)\]/.exec(field);
  if (indexed) {
    const index = Number(indexed[2]);
    if (indexed[1] === 'tracks') return where.tracks[index]?.line ?? null;
    if (indexed[1] === 'body') return where.body[index]?.line ?? null;
    return where.responseLines[index] ?? null;
  }
  if (['title', 'series', 'subject', 'year', 'slug'].includes(field)) return where.titleIndex + 1;
  if (field === 'nextPost' && where.nextPostAt >= 0) return where.nextPostAt + 1;
  return null;
}
