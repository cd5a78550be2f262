import { createHash } from 'node:crypto';
import { reviewFileExtension } from './review-file.js';
import { StoredSummary } from './summary.js';

/**
 * The catalogue index, data/.catalogue-index.json: per review file its name, size, mtime and ctime when it was
 * read and its summary, so that a start with unchanged files reads one file instead of thousands. It is a cache,
 * never the truth: anything unexpected in it (another version, a hand edit, a truncated write) makes it unusable
 * and the review files are read instead.
 *
 *   {"version":1,"filesChecksum":"<sha1>","summariesChecksum":"<sha1>","filesLength":"<10 digits>",
 *    "files":[name,size,mtimeMs,ctimeMs,…],"summaries":[title,series,subject,year,nextPost,addedAt,packedTracks,…]}
 *
 * The two lists are flat and in the same order. A start needs only the files (to see which reviews are unchanged):
 * `filesLength` says where they end, so the summaries are checked and decoded only when the catalogue is first
 * used. Each part has its own checksum.
 */
export const catalogueIndexFileName = '.catalogue-index.json';

const version = 1;
const checksumLength = 40;
const lengthDigits = 10;
const part1 = `{"version":${version},"filesChecksum":"`;
const part2 = '","summariesChecksum":"';
const part3 = '","filesLength":"';
const part4 = '","files":';
const summariesKey = ',"summaries":';
const filesStart = part1.length + checksumLength + part2.length + checksumLength + part3.length + lengthDigits + part4.length;
const fileFields = 4;
const summaryFields = 7;

/** What a review file looked like when it was read: if all three are the same, so is its content. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export interface IndexedReview {
  stamp: FileStamp;
  summary: StoredSummary;
}

/** `fileName(slug)` is the review file's name. */
export function encodeCatalogueIndex(entries: Iterable<IndexedReview>, fileName: (slug: string) => string): string {
  const files: unknown[] = [];
  const summaries: unknown[] = [];
  for (const { stamp, summary: s } of entries) {
    files.push(fileName(s.slug), stamp.size, stamp.mtimeMs, stamp.ctimeMs);
    summaries.push(s.title, s.series, s.subject, s.year, s.nextPost, s.addedAt, s.packedTracks);
  }
  const filesText = JSON.stringify(files);
  const summariesText = JSON.stringify(summaries);
  const filesLength = Buffer.byteLength(filesText, 'utf8');
  return `${part1}${checksum(filesText)}${part2}${checksum(summariesText)}${part3}${String(filesLength).padStart(lengthDigits, '0')}${part4}${filesText}${summariesKey}${summariesText}}`;
}

function checksum(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

/** An index whose files part is checked; its summaries are checked when they are decoded. */
export interface CatalogueIndex {
  /** Entries, in the index's order. */
  readonly count: number;
  /** The review file's name of an entry. */
  fileName(entry: number): string;
  /** Whether the file of an entry still has the size, mtime and ctime it had when the entry was made. */
  unchanged(entry: number, size: number, mtimeMs: number, ctimeMs: number): boolean;
  stamp(entry: number): FileStamp;
  /** The summaries of these entries, in their order; null when that part of the index is not what it should be. */
  summaries(entries: ArrayLike<number>): StoredSummary[] | null;
}

/** The index, or null when the file is anything but an index this version wrote (and nobody changed). */
export function decodeCatalogueIndex(bytes: Buffer, isFileName: (name: string) => boolean): CatalogueIndex | null {
  const latin1 = (start: number, end: number): string => bytes.toString('latin1', start, end);
  let at = 0;
  const expect = (literal: string): boolean => {
    const found = latin1(at, at + literal.length) === literal;
    at += literal.length;
    return found;
  };
  const take = (length: number): string => {
    at += length;
    return latin1(at - length, at);
  };
  if (!expect(part1)) return null;
  const filesChecksum = take(checksumLength);
  if (!expect(part2)) return null;
  const summariesChecksum = take(checksumLength);
  if (!expect(part3)) return null;
  const lengthText = take(lengthDigits);
  if (!expect(part4) || !/^\d+$/.test(lengthText)) return null;
  const filesEnd = filesStart + Number(lengthText);
  if (filesEnd + summariesKey.length + 1 > bytes.length || bytes[bytes.length - 1] !== 0x7d) return null;
  at = filesEnd;
  if (!expect(summariesKey)) return null;
  const filesBytes = bytes.subarray(filesStart, filesEnd);
  if (checksum(filesBytes) !== filesChecksum) return null;
  const files = parseList(filesBytes);
  if (!files || files.length % fileFields !== 0) return null;
  const count = files.length / fileFields;
  for (let entry = 0; entry < count; entry++) {
    const f = entry * fileFields;
    const name = files[f];
    if (typeof name !== 'string' || !isFileName(name) || !Number.isSafeInteger(files[f + 1]) || !isTime(files[f + 2]) || !isTime(files[f + 3])) return null;
  }
  const number = (at: number): number => Number(files[at]);
  const summariesBytes = bytes.subarray(filesEnd + summariesKey.length, bytes.length - 1);
  return {
    count,
    fileName: (entry) => String(files[entry * fileFields]),
    unchanged: (entry, size, mtimeMs, ctimeMs) => {
      const f = entry * fileFields;
      return files[f + 1] === size && files[f + 2] === mtimeMs && files[f + 3] === ctimeMs;
    },
    stamp: (entry) => ({ size: number(entry * fileFields + 1), mtimeMs: number(entry * fileFields + 2), ctimeMs: number(entry * fileFields + 3) }),
    summaries: (entries) => decodeSummaries(summariesBytes, summariesChecksum, count, entries, (entry) => String(files[entry * fileFields])),
  };
}

function parseList(bytes: Buffer): unknown[] | null {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const isTime = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isTextOrNull = (value: unknown): value is string | null => value === null || isText(value);

function decodeSummaries(bytes: Buffer, expected: string, count: number, entries: ArrayLike<number>, fileName: (entry: number) => string): StoredSummary[] | null {
  if (checksum(bytes) !== expected) return null;
  const values = parseList(bytes);
  if (!values || values.length !== count * summaryFields) return null;
  const summaries: StoredSummary[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? 0;
    const v = entry * summaryFields;
    const title = values[v];
    const series = values[v + 1];
    const subject = values[v + 2];
    const year = values[v + 3];
    const nextPost = values[v + 4];
    const addedAt = values[v + 5];
    const packedTracks = values[v + 6];
    if (!isText(title) || !isTextOrNull(series) || !isText(subject) || !(year === null || Number.isSafeInteger(year)) || !isTextOrNull(nextPost) || !isText(addedAt) || !isText(packedTracks)) {
      return null;
    }
    const slug = fileName(entry).slice(0, -reviewFileExtension.length);
    summaries.push(new StoredSummary(slug, title, series, subject, typeof year === 'number' ? year : null, nextPost, addedAt, packedTracks));
  }
  return summaries;
}
