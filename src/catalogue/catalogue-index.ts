import { createHash } from 'node:crypto';
import { StoredSummary } from './summary.js';

/**
 * The catalogue index, data/.catalogue-index.json: per review file its size, mtime and ctime when it was read and
 * its summary, so that a start with unchanged files reads one file instead of thousands. It is a cache, never the
 * truth: anything unexpected in it (another version, a hand edit, a truncated write) makes it unusable as a whole,
 * and the catalogue is read from the review files instead.
 *
 *   {"version":1,"checksum":"<sha1 of the entries' text>","entries":[[slug,size,mtimeMs,ctimeMs,title,series,
 *    subject,year,nextPost,addedAt,packedTracks],…]}
 */
export const catalogueIndexFileName = '.catalogue-index.json';

const version = 1;
const head = `{"version":${version},"checksum":"`;
const checksumLength = 40;
const entriesKey = '","entries":';
const entriesStart = head.length + checksumLength + entriesKey.length;

/** What a review file looked like when it was read: if all three are the same, so is its content. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

export interface IndexedReview {
  stamp: FileStamp;
  summary: StoredSummary;
}

export function encodeCatalogueIndex(entries: Iterable<IndexedReview>): string {
  const rows: IndexRow[] = [];
  for (const { stamp, summary: s } of entries) {
    rows.push([s.slug, stamp.size, stamp.mtimeMs, stamp.ctimeMs, s.title, s.series, s.subject, s.year, s.nextPost, s.addedAt, s.packedTracks]);
  }
  const text = JSON.stringify(rows);
  return `${head}${checksum(Buffer.from(text, 'utf8'))}${entriesKey}${text}}`;
}

function checksum(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

type IndexRow = [
  slug: string,
  size: number,
  mtimeMs: number,
  ctimeMs: number,
  title: string,
  series: string | null,
  subject: string,
  year: number | null,
  nextPost: string | null,
  addedAt: string,
  packedTracks: string,
];

/** The rows of a valid index by slug, checked only for their shape: turned into summaries when used. */
export type CatalogueIndex = ReadonlyMap<string, IndexRow>;

/** The index's entries, or null when the file is anything but an index this version wrote (and nobody changed). */
export function decodeCatalogueIndex(bytes: Buffer): CatalogueIndex | null {
  if (bytes.length < entriesStart + 1 || bytes.toString('latin1', 0, head.length) !== head) return null;
  const expected = bytes.toString('latin1', head.length, head.length + checksumLength);
  if (bytes.toString('latin1', head.length + checksumLength, entriesStart) !== entriesKey || bytes[bytes.length - 1] !== 0x7d) return null;
  const entries = bytes.subarray(entriesStart, bytes.length - 1);
  if (checksum(entries) !== expected) return null;
  let rows: unknown;
  try {
    rows = JSON.parse(entries.toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(rows)) return null;
  const index = new Map<string, IndexRow>();
  for (const row of rows) {
    if (!isIndexRow(row)) return null;
    index.set(row[0], row);
  }
  return index;
}

const isText = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const isTextOrNull = (value: unknown): boolean => value === null || isText(value);
const isTime = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);

function isIndexRow(row: unknown): row is IndexRow {
  return (
    Array.isArray(row) &&
    row.length === 11 &&
    isText(row[0]) &&
    Number.isSafeInteger(row[1]) &&
    isTime(row[2]) &&
    isTime(row[3]) &&
    isText(row[4]) &&
    isTextOrNull(row[5]) &&
    isText(row[6]) &&
    (row[7] === null || Number.isSafeInteger(row[7])) &&
    isTextOrNull(row[8]) &&
    isText(row[9]) &&
    isText(row[10])
  );
}

/** A row of a decoded index as its stamp and summary. */
export function indexedReviewOf(row: IndexRow): IndexedReview {
  const [slug, size, mtimeMs, ctimeMs, title, series, subject, year, nextPost, addedAt, packedTracks] = row;
  return { stamp: { size, mtimeMs, ctimeMs }, summary: new StoredSummary(slug, title, series, subject, year, nextPost, addedAt, packedTracks) };
}
