import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { join, sep } from 'node:path';
import { reviewsDir } from '../data-dir.js';
import { errorMessage } from '../errors.js';
import { catalogueIndexFileName, decodeCatalogueIndex, type FileStamp } from './catalogue-index.js';
import { CatalogueError, type Catalogue, type CatalogueProblem } from './catalogue.js';
import { FileCatalogue, indexSettlingMs } from './file-catalogue.js';
import { errorCode } from './files.js';
import { filesPerBatch } from './read-review-folder.js';
import { isReviewFileName, reviewFileExtension } from './review-file-name.js';
import { loadReviewFormat, type ReviewFormat } from './review-format.js';
import { StoredSummary, summarize } from './summary.js';

export interface LoadCatalogueOptions {
  /** Told when writing the index fails; the catalogue works on without it. */
  onIndexError?: (error: unknown) => void;
}

export interface LoadedCatalogue {
  catalogue: Catalogue;
  problems: CatalogueProblem[];
  /** Reviews taken from the index, their files unchanged. */
  fromIndex: number;
  /** Review files read and parsed (new or changed since the index, or every file without a usable index). */
  parsed: number;
}

/**
 * The check runs on the main thread while the store opens and the client logs in: small batches let their
 * replies (the store's queries, each step of the gateway handshake) be handled between them rather than after.
 */
const statsPerBatch = 200;

/**
 * Loads data/reviews/*.md from `dir` (the data folder). Files unchanged since `dir`/.catalogue-index.json was
 * written (same size, mtime and ctime) are taken from it: it is held as read, and their summaries are decoded from
 * it when the catalogue is first used (a start then lists, stats and checks, and builds no objects per review).
 * Every other file is read and validated. A bad file is reported in `problems` and left out, never fatal to the
 * others. A missing folder is an empty catalogue. When the index was out of date it is rewritten in the
 * background, after the catalogue is handed out.
 */
export async function loadCatalogue(dir: string, options: LoadCatalogueOptions = {}): Promise<LoadedCatalogue> {
  const folder = reviewsDir(dir);
  const indexPath = join(dir, catalogueIndexFileName);
  const startedAt = Date.now();
  // Read off the main thread while the folder is listed and stat'ed.
  const indexBytes = readFile(indexPath).catch(() => null);
  // The caller goes on (opening the store, logging in) before the folder is listed.
  await yieldToEventLoop();
  let names: string[];
  try {
    names = readdirSync(folder).filter(isReviewFileName);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new CatalogueError(`cannot read ${folder}: ${errorMessage(error)}`);
    names = [];
  }
  // Stamps in flat arrays rather than one object per file: in a large catalogue most are compared and dropped.
  const sizes = new Float64Array(names.length).fill(-1);
  const mtimes = new Float64Array(names.length);
  const ctimes = new Float64Array(names.length);
  // Plain concatenation: path.join normalises every path, a cost the stats themselves do not have.
  const prefix = `${folder}${sep}`;
  for (let at = 0; at < names.length; at++) {
    if (at > 0 && at % statsPerBatch === 0) await yieldToEventLoop();
    const stats = statSync(prefix + (names[at] ?? ''), { throwIfNoEntry: false });
    if (!stats?.isFile()) continue;
    sizes[at] = stats.size;
    mtimes[at] = stats.mtimeMs;
    ctimes[at] = stats.ctimeMs;
  }
  const bytes = await indexBytes;
  const index = bytes ? decodeCatalogueIndex(bytes) : null;

  // Files the index describes as they still are: their summaries stay in it until the catalogue is first used.
  const fromIndex: number[] = [];
  const described = new Uint8Array(names.length);
  if (index) {
    const describe = (entry: number, at: number | undefined): void => {
      if (at === undefined || described[at] === 1 || !index.unchanged(entry, sizes[at] ?? -1, mtimes[at] ?? 0, ctimes[at] ?? 0)) return;
      described[at] = 1;
      fromIndex.push(entry);
    };
    if (names.join('\n') === index.names) {
      // The usual case, no file added or removed: the listing is the index's, name for name.
      for (let entry = 0; entry < index.count; entry++) describe(entry, entry);
    } else {
      const positions = new Map<string, number>();
      names.forEach((name, at) => positions.set(name, at));
      index.nameList().forEach((name, entry) => describe(entry, positions.get(name)));
    }
  }

  const summaries = new Map<string, StoredSummary>();
  const stamps = new Map<string, FileStamp>();
  const problems: CatalogueProblem[] = [];
  let parsed = 0;
  let newlyIndexed = 0;
  let format: ReviewFormat | null = null;
  for (let at = 0; at < names.length; at++) {
    const size = sizes[at] ?? -1;
    if (described[at] === 1 || size < 0) continue;
    // Loaded for the first file to parse: a start whose files are all in the index does without it.
    format ??= await loadReviewFormat();
    if (parsed > 0 && parsed % filesPerBatch === 0) await yieldToEventLoop();
    parsed++;
    const name = names[at] ?? '';
    const file = join(folder, name);
    const slug = name.slice(0, -reviewFileExtension.length);
    try {
      summaries.set(slug, summarize(format.parseReviewFile(readFileSync(file, 'utf8'), slug)));
    } catch (error) {
      problems.push({ file, message: errorMessage(error) });
      continue;
    }
    const mtimeMs = mtimes[at] ?? 0;
    if (startedAt - mtimeMs >= indexSettlingMs) {
      stamps.set(slug, { size, mtimeMs, ctimeMs: ctimes[at] ?? 0 });
      newlyIndexed++;
    }
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const undecoded = index && fromIndex.length > 0 ? { index, entries: Int32Array.from(fromIndex) } : null;
  const catalogue = new FileCatalogue(folder, indexPath, { summaries, stamps }, undecoded, options.onIndexError);
  const outOfDate = newlyIndexed > 0 || fromIndex.length < (index?.count ?? 0) || (bytes !== null && index === null);
  if (outOfDate) catalogue.saveIndexSoon();
  return { catalogue, problems, fromIndex: fromIndex.length, parsed };
}
