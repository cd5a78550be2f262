import { isMap, parseDocument, stringify } from 'yaml';
import type { Review } from '../domain/review.js';
import { ReviewValidationError, validateReview } from '../domain/validate-review.js';
import { splitTrackLine, trackDash } from '../domain/track-listing.js';

/**
 * One review as a Markdown file an admin can write by hand and read in a pull request:
 *
 *   ---                                  YAML front matter: title, series, subject, year, nextPost,
 *   title: "Great Soundtracks of 1985: Rocky IV"     addedAt and (for imported posts) blog
 *   …
 *   ---
 *   First paragraph of the review.       the body: paragraphs separated by blank lines, Markdown allowed
 *
 *   ## Track listing                      the last section: one "N. Artist - Title" per line, with the
 *   1. Survivor - Burning Heart             dash as written (hyphen, en dash or em dash)
 *
 * The slug is the file name (data/reviews/<slug>.md), so fixing a typo in a title keeps the review's id.
 */

const listingHeading = /^##\s+(track\s*listing|tracks)\s*$/i;
const frontMatterKeys = ['title', 'series', 'subject', 'year', 'nextPost', 'addedAt', 'blog'] as const;

/** A problem in a review file, with the field and the 1-based line where they are known. */
export class ReviewFileError extends Error {
  readonly field: string | null;
  readonly line: number | null;

  constructor(message: string, options: { field?: string | null; line?: number | null } = {}) {
    const line = options.line ?? null;
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'ReviewFileError';
    this.field = options.field ?? null;
    this.line = line;
  }
}

export function serializeReview(review: Review): string {
  const frontMatter: Record<string, unknown> = {
    title: review.title,
    series: review.series,
    subject: review.subject,
    year: review.year,
    nextPost: review.nextPost,
    addedAt: review.addedAt,
  };
  if (review.blog) frontMatter.blog = review.blog;
  const yaml = stringify(frontMatter, { lineWidth: 0, blockQuote: 'literal' });
  const body = review.body.map((paragraph) => `${paragraph}\n`).join('\n');
  const tracks = review.tracks.map((t) => `${t.position}. ${t.artist} ${t.dash ?? '-'} ${t.title}\n`).join('');
  return `---\n${yaml}---\n\n${body}${body.length > 0 ? '\n' : ''}## Track listing\n\n${tracks}`;
}

interface Located {
  fieldLines: Map<string, number>;
}

/** Reads a review file; `slug` is its file name without the extension. Throws ReviewFileError naming field and line. */
export function parseReviewFile(text: string, slug: string): Review {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  if ((lines[0] ?? '').trim() !== '---') {
    throw new ReviewFileError('the file must start with "---" and YAML front matter (title, series, subject, …)', { line: 1 });
  }
  const closing = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (closing < 0) throw new ReviewFileError('the front matter has no closing "---"', { line: 1 });

  const located: Located = { fieldLines: new Map() };
  const frontMatter = readFrontMatter(lines.slice(1, closing).join('\n'), located);

  const headingAt = lines.findIndex((line, index) => index > closing && listingHeading.test(line.trim()));
  if (headingAt < 0) throw new ReviewFileError('there is no "## Track listing" section', { field: 'tracks' });

  const body: string[] = [];
  let paragraph: string[] = [];
  const closeParagraph = (): void => {
    if (paragraph.length > 0) body.push(paragraph.join('\n'));
    paragraph = [];
  };
  for (let index = closing + 1; index < headingAt; index++) {
    const line = lines[index] ?? '';
    if (line.trim().length === 0) {
      closeParagraph();
      continue;
    }
    if (paragraph.length === 0) located.fieldLines.set(`body[${body.length}]`, index + 1);
    paragraph.push(line.trimEnd());
  }
  closeParagraph();

  const tracks: Review['tracks'] = [];
  for (let index = headingAt + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim().length === 0) continue;
    if (/^#{1,6}\s/.test(line.trim())) {
      throw new ReviewFileError('the track listing must be the last section of the file', { field: 'tracks', line: index + 1 });
    }
    const track = splitTrackLine(line, false, { unquoteTitle: false });
    if (!track || track.number === null) {
      throw new ReviewFileError(
        `not a track: ${JSON.stringify(line.trim().slice(0, 80))} (write "N. Artist - Title", a dash followed by a space between them)`,
        { field: `tracks[${tracks.length}]`, line: index + 1 },
      );
    }
    located.fieldLines.set(`tracks[${tracks.length}]`, index + 1);
    tracks.push({ position: track.number, artist: track.artist, title: track.title, ...trackDash(track.dash) });
  }

  const candidate = { slug, ...frontMatter, body, tracks };
  try {
    return validateReview(candidate);
  } catch (error) {
    if (!(error instanceof ReviewValidationError)) throw error;
    throw new ReviewFileError(error.message, { field: error.field, line: lineOf(error.field, located) });
  }
}

function lineOf(field: string, located: Located): number | null {
  const exact = located.fieldLines.get(field);
  if (exact !== undefined) return exact;
  const indexed = /^(tracks|body)\[\d+\]/.exec(field);
  if (indexed) return located.fieldLines.get(indexed[0]) ?? null;
  const top = field.split(/[.[]/)[0] ?? field;
  return located.fieldLines.get(top) ?? null;
}

/** The first character of a YAML plain scalar may not be an indicator (YAML 1.2, 7.3.3). */
const plainScalarStart = /^[^-?:,[\]{}#&*!|>'"%@`\s+.]/;
/** Plain scalars the YAML 1.2 core schema reads as numbers (ints in any base, floats, infinities, NaN). */
const yamlNumber = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^0o[0-7]+$|^0x[0-9a-fA-F]+$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
const frontMatterLine = /^([A-Za-z]+):(?: (.*))?$/;

/**
 * The front matter `serializeReview` writes and most people type: one `key: value` line per top-level field, the
 * value null, a plain decimal integer, a quoted string without escapes, or a plain string. YAML's parser took
 * 40 % of loading a large catalogue; these lines mean the same without it. Returns null for anything else (nested
 * blog data, comments, escapes, numbers or booleans in other spellings, unknown or repeated keys): the full parser
 * reads those and reports any error.
 */
function readSimpleFrontMatter(source: string, located: Located): Record<string, unknown> | null {
  const record: Record<string, unknown> = {};
  const lines = source.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim().length === 0) continue;
    const match = frontMatterLine.exec(line);
    const key = match?.[1];
    if (!match || key === undefined || !(frontMatterKeys as readonly string[]).includes(key) || key in record) return null;
    const text = (match[2] ?? '').trim();
    let value: unknown;
    if (text === '' || text === 'null' || text === 'Null' || text === 'NULL' || text === '~') value = null;
    else if (/^(0|[1-9][0-9]{0,14})$/.test(text)) value = Number(text);
    else if (/^"[^"\\]*"$/.test(text)) value = text.slice(1, -1);
    else if (/^'(?:[^']|'')*'$/.test(text)) value = text.slice(1, -1).replaceAll("''", "'");
    else if (plainScalarStart.test(text) && !yamlNumber.test(text) && !/: |\s#|:$|\t/.test(text) && !/^(true|false)$/i.test(text)) value = text;
    else return null;
    record[key] = value;
    located.fieldLines.set(key, index + 2);
  }
  if (Object.keys(record).length === 0) return null;
  for (const key of ['series', 'year', 'nextPost', 'blog'] as const) if (!(key in record)) record[key] = null;
  return record;
}

function readFrontMatter(source: string, located: Located): Record<string, unknown> {
  const simple = readSimpleFrontMatter(source, located);
  if (simple) return simple;
  located.fieldLines.clear();
  const document = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  const lineOfOffset = (offset: number): number => source.slice(0, offset).split('\n').length + 1;
  const firstError = document.errors[0];
  if (firstError) {
    const reason = firstError.message.split('\n')[0] ?? '';
    // The usual cause in a hand-written file: an unquoted title such as `title: Series: Subject`.
    const hint = /nested mappings|implicit key/i.test(reason) ? ' (put a value that contains ": " in quotes)' : '';
    throw new ReviewFileError(`front matter is not valid YAML: ${reason}${hint}`, {
      field: 'front matter',
      line: lineOfOffset(firstError.pos[0]),
    });
  }
  if (!isMap(document.contents)) {
    throw new ReviewFileError('front matter must be "key: value" lines (title, series, subject, …)', { field: 'front matter', line: 2 });
  }
  for (const pair of document.contents.items) {
    // A parsed document's keys are nodes with their source range (an empty key is an empty scalar, never null).
    const key: unknown = 'value' in pair.key ? pair.key.value : pair.key;
    if (typeof key === 'string') located.fieldLines.set(key, lineOfOffset(pair.key.range[0]));
  }
  const data: unknown = document.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ReviewFileError('front matter must be "key: value" lines', { field: 'front matter', line: 2 });
  }
  const record = Object.fromEntries(Object.entries(data));
  const unknownKeys = Object.keys(record).filter((key) => !(frontMatterKeys as readonly string[]).includes(key));
  const firstUnknown = unknownKeys[0];
  if (firstUnknown !== undefined) {
    throw new ReviewFileError(`unknown front matter field "${firstUnknown}" (known: ${frontMatterKeys.join(', ')})`, {
      field: firstUnknown,
      line: located.fieldLines.get(firstUnknown) ?? null,
    });
  }
  // Optional in a hand-written file: absent means none.
  for (const key of ['series', 'year', 'nextPost', 'blog'] as const) if (!(key in record)) record[key] = null;
  return record;
}
