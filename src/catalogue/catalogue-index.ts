import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import { slugPattern } from '../domain/slugify.js';
import { reviewFileExtension } from './review-file-name.js';
import { StoredSummary } from './summary.js';

/**
 * The catalogue index, data/.catalogue-index.json: per review file its name, size, mtime and ctime when it was
 * read and its summary, so that a start with unchanged files reads one file instead of thousands. It is a cache,
 * never the truth: anything unexpected in it (another version, a hand edit, a truncated write) makes it unusable
 * and the review files are read instead.
 *
 *   {"version":1,"checksum":"<sha1 of what follows "entries":>","entries":{"names":"a.md\nb.md…",
 *    "stamps":[size,mtimeMs,ctimeMs,…],"summaries":"<base64 of the raw-deflated JSON list
 *    [title,series,subject,year,nextPost,addedAt,packedTracks,…]>"}}
 *
 * Few, large values, all in the same order: a start parses one string and a list of numbers, and compares the
 * folder's listing with `names` in one go. The summaries are kept compressed (a fifth of their size), as the
 * file's bytes, until the catalogue is first used.
 */
export const catalogueIndexFileName = '.catalogue-index.json';

const head = '{"version":1,"checksum":"';
const checksumLength = 40;
const entriesKey = '","entries":';
const entriesStart = head.length + checksumLength + entriesKey.length;
const stampFields = 3;
const summaryFields = 7;
const deflate = promisify(deflateRaw);
const slugText = slugPattern.source.replace(/^\^|\$$/g, '');

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

/**
 * The index of these reviews, in this order (the folder's listing order makes the next start's comparison a
 * single one). Compressing runs on the thread pool.
 */
export async function encodeCatalogueIndex(entries: readonly IndexedReview[]): Promise<string> {
  const names: string[] = [];
  const stamps: number[] = [];
  const summaries: unknown[] = [];
  for (const { stamp, summary: s } of entries) {
    names.push(`${s.slug}${reviewFileExtension}`);
    stamps.push(stamp.size, stamp.mtimeMs, stamp.ctimeMs);
    summaries.push(s.title, s.series, s.subject, s.year, s.nextPost, s.addedAt, s.packedTracks);
  }
  const compressed = await deflate(JSON.stringify(summaries), { level: 1 });
  const text = JSON.stringify({ names: names.join('\n'), stamps, summaries: compressed.toString('base64') });
  return `${head}${checksum(Buffer.from(text, 'utf8'))}${entriesKey}${text}}`;
}

function checksum(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** A checked index: its file names and stamps; its summaries are checked when they are decoded. */
export interface CatalogueIndex {
  /** The file names, one per line, in the index's order. */
  readonly names: string;
  readonly count: number;
  /** The file names, as a list. */
  nameList(): string[];
  /** Whether the file of an entry still has the size, mtime and ctime it had when the entry was made. */
  unchanged(entry: number, size: number, mtimeMs: number, ctimeMs: number): boolean;
  stamp(entry: number): FileStamp;
  /** The summaries of these entries, in their order; null when that part of the index is not what it should be. */
  summaries(entries: ArrayLike<number>): StoredSummary[] | null;
}

const summariesKey = Buffer.from(',"summaries":"', 'latin1');

/** The index, or null when the file is anything but an index this version wrote (and nobody changed). */
export function decodeCatalogueIndex(bytes: Buffer): CatalogueIndex | null {
  if (bytes.length < entriesStart + 1 || bytes.toString('latin1', 0, head.length) !== head) return null;
  const expected = bytes.toString('latin1', head.length, head.length + checksumLength);
  if (bytes.toString('latin1', head.length + checksumLength, entriesStart) !== entriesKey || bytes[bytes.length - 1] !== 0x7d) return null;
  const body = bytes.subarray(entriesStart, bytes.length - 1);
  if (checksum(body) !== expected) return null;
  // The summaries, last and the larger part, stay bytes until they are used: a start parses only the names and
  // stamps. Base64 holds neither a comma nor a quote, so the last such key is the one the encoder wrote.
  const at = body.lastIndexOf(summariesKey);
  if (at < 0 || body[body.length - 1] !== 0x7d || body[body.length - 2] !== 0x22) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(`${body.toString('utf8', 0, at)}}`);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || !('names' in parsed) || !('stamps' in parsed)) return null;
  const { names, stamps } = parsed;
  if (typeof names !== 'string' || !Array.isArray(stamps)) return null;
  if (names.length > 0 && !isFileNameList(names)) return null;
  let count = names.length === 0 ? 0 : 1;
  for (let at = names.indexOf('\n'); at >= 0; at = names.indexOf('\n', at + 1)) count++;
  if (stamps.length !== count * stampFields || !stamps.every(isTime)) return null;
  for (let entry = 0; entry < count; entry++) if (!Number.isSafeInteger(stamps[entry * stampFields])) return null;
  // A copy, so that the rest of the file read is not kept alive with it.
  const summaries = Buffer.from(body.subarray(at + summariesKey.length, body.length - 2));
  const number = (at: number): number => Number(stamps[at]);
  const nameList = (): string[] => (names.length === 0 ? [] : names.split('\n'));
  return {
    names,
    count,
    nameList,
    unchanged: (entry, size, mtimeMs, ctimeMs) => {
      const s = entry * stampFields;
      return stamps[s] === size && stamps[s + 1] === mtimeMs && stamps[s + 2] === ctimeMs;
    },
    stamp: (entry) => ({ size: number(entry * stampFields), mtimeMs: number(entry * stampFields + 1), ctimeMs: number(entry * stampFields + 2) }),
    summaries: (entries) => decodeSummaries(summaries, count, entries, nameList()),
  };
}

/**
 * One review file name per line: what the catalogue writes (a valid slug and the extension), nothing else. Checked
 * a name at a time: one pattern over the whole list runs once, too few times for the engine to compile it.
 */
function isFileNameList(names: string): boolean {
  if (names.endsWith('\n')) return false;
  for (let at = 0; at < names.length; at = fileName.lastIndex) {
    fileName.lastIndex = at;
    if (!fileName.test(names)) return false;
  }
  return true;
}

const fileName = new RegExp(`${slugText}\\.md(?:\\n|$)`, 'uy');
const isTime = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isTextOrNull = (value: unknown): value is string | null => value === null || isText(value);

function decodeSummaries(base64: Buffer, count: number, entries: ArrayLike<number>, names: readonly string[]): StoredSummary[] | null {
  let values: unknown;
  try {
    values = JSON.parse(inflateRawSync(Buffer.from(base64.toString('latin1'), 'base64')).toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== count * summaryFields) return null;
  const summaries: StoredSummary[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? 0;
    const v = entry * summaryFields;
    const title: unknown = values[v];
    const series: unknown = values[v + 1];
    const subject: unknown = values[v + 2];
    const year: unknown = values[v + 3];
    const nextPost: unknown = values[v + 4];
    const addedAt: unknown = values[v + 5];
    const packedTracks: unknown = values[v + 6];
    if (!isText(title) || !isTextOrNull(series) || !isText(subject) || !isTextOrNull(nextPost) || !isText(addedAt) || !isText(packedTracks)) return null;
    if (year !== null && !(typeof year === 'number' && Number.isSafeInteger(year))) return null;
    const slug = (names[entry] ?? '').slice(0, -reviewFileExtension.length);
    summaries.push(new StoredSummary(slug, title, series, subject, year, nextPost, addedAt, packedTracks));
  }
  return summaries;
}
