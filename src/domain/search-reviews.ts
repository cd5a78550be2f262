import { PairCache } from '../pair-cache.js';
import type { ReviewSummary } from './review.js';

export interface EngagementCounts {
  likes: number;
  responses: number;
}

/** Lower case, no accents, curly quotes and punctuation folded to spaces: "Rocky IV’s" ~ "rocky iv s". */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Mark}/gu, '')
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, ' ')
    .trim();
}

interface SearchEntry {
  review: ReviewSummary;
  /** Normalised subject, title, series, artists and track titles, in the order of `fieldWeights`. */
  fields: readonly string[];
  /** Each word of the fields as `wordId * 16 + 8 (when it is its field's first word) + field` (ids from `wordIds`). */
  wordsInFields: Int32Array;
}

/** Subject and title count more than the series, which counts more than the track listing. */
const fieldWeights = [8, 6, 4, 2, 2] as const;

function entryFor(review: ReviewSummary): SearchEntry {
  const tracks = review.tracks;
  const fields = [
    normalizeForSearch(review.subject),
    normalizeForSearch(review.title),
    normalizeForSearch(review.series ?? ''),
    normalizeForSearch(tracks.map((t) => t.artist).join(' | ')),
    normalizeForSearch(tracks.map((t) => t.title).join(' | ')),
  ];
  const wordsInFields: number[] = [];
  fields.forEach((text, field) => {
    // A normalised field is trimmed, so its first word is the split's first item.
    text.split(' ').forEach((word, at) => {
      if (word) wordsInFields.push(idOfWord(word) * 16 + (at === 0 ? 8 : 0) + field);
    });
  });
  return { review, fields, wordsInFields: Int32Array.from(wordsInFields) };
}

// Every word seen in a review's fields gets a number once, so that each catalogue version's word index is built
// with arrays rather than a map of strings. Words of reviews since removed stay: a handful per edit.
const wordIds = new Map<string, number>();
const wordsById: string[] = [];

function idOfWord(word: string): number {
  let id = wordIds.get(word);
  if (id === undefined) {
    id = wordsById.length;
    wordIds.set(word, id);
    wordsById.push(word);
  }
  return id;
}

interface SearchIndex {
  entries: readonly SearchEntry[];
  /** Per entry, its place in title order (localeCompare; equal titles share a place), so ties sort by number. */
  titleOrder: Int32Array;
  /** Recent answers of this catalogue version: members type the same names, keystroke after keystroke. */
  answers: Map<string, readonly ReviewSummary[]>;
  /** Built on the first search of this version (reviewsNamed does not need it). */
  wordIndex?: WordIndex;
}

/**
 * The words of a catalogue version, and per word the entries holding it, as `position * 64 + 32 (when it is the
 * field's first word) + (1 << field)`.
 * Fields are normalised to words separated by single spaces and a query word holds no space, so a query word is
 * in a field exactly when it is inside one of the field's words: matching the query word against the (much
 * shorter) list of words finds every entry holding it, and in which fields.
 */
interface WordIndex {
  /** Ids of the words this version holds. */
  presentWords: Int32Array;
  /** Holders of word `id`: `holders[start[id]]` up to (not including) `holders[start[id + 1]]`. */
  start: Int32Array;
  holders: Int32Array;
}

function wordIndexOf(index: SearchIndex): WordIndex {
  if (index.wordIndex) return index.wordIndex;
  const start = new Int32Array(wordsById.length + 1);
  for (const { wordsInFields } of index.entries) {
    for (const packed of wordsInFields) {
      const slot = (packed >>> 4) + 1;
      start[slot] = (start[slot] ?? 0) + 1;
    }
  }
  let present = 0;
  for (let id = 0; id < wordsById.length; id++) {
    if ((start[id + 1] ?? 0) > 0) present++;
    start[id + 1] = (start[id + 1] ?? 0) + (start[id] ?? 0);
  }
  const presentWords = new Int32Array(present);
  present = 0;
  for (let id = 0; id < wordsById.length; id++) if ((start[id + 1] ?? 0) > (start[id] ?? 0)) presentWords[present++] = id;
  const holders = new Int32Array(start[wordsById.length] ?? 0);
  const next = start.slice(0, wordsById.length);
  index.entries.forEach(({ wordsInFields }, position) => {
    for (const packed of wordsInFields) {
      const id = packed >>> 4;
      const at = next[id] ?? 0;
      holders[at] = position * 64 + ((packed & 8) === 0 ? 0 : 32) + (1 << (packed & 7));
      next[id] = at + 1;
    }
  });
  index.wordIndex = { presentWords, start, holders };
  return index.wordIndex;
}

/**
 * Per entry, the fields (as bits) that hold `queryWord` somewhere; 0 where none does. With `starts`, also marks
 * there the fields whose text starts with it (their first word does).
 */
function fieldsHolding({ presentWords, start, holders }: WordIndex, entryCount: number, queryWord: string, starts?: Uint8Array): Uint8Array {
  const fields = new Uint8Array(entryCount);
  for (const id of presentWords) {
    const at = (wordsById[id] ?? '').indexOf(queryWord);
    if (at < 0) continue;
    const marksStarts = starts !== undefined && at === 0;
    const end = start[id + 1] ?? 0;
    for (let holder = start[id] ?? 0; holder < end; holder++) {
      const packed = holders[holder] ?? 0;
      const position = packed >>> 6;
      fields[position] = (fields[position] ?? 0) | (packed & 31);
      if (marksStarts && (packed & 32) !== 0) starts[position] = (starts[position] ?? 0) | (packed & 31);
    }
  }
  return fields;
}

const rememberedAnswers = 500;

// Normalising every field of every review on each keystroke is too slow for a large catalogue. Reviews are
// immutable values and the catalogue hands out a new array on every add, update or remove, so an index keyed by
// the array is built once per catalogue version, and entries keyed by review survive the versions they are in.
const entriesByReview = new WeakMap<ReviewSummary, SearchEntry>();
const indexByList = new WeakMap<readonly ReviewSummary[], SearchIndex>();
// localeCompare without arguments is this collator's compare (ECMA-402), minus the per-call set-up.
const titleCollator = new Intl.Collator();

function searchIndexOf(reviews: readonly ReviewSummary[]): SearchIndex {
  const cached = indexByList.get(reviews);
  if (cached) return cached;
  const entries = reviews.map((review) => {
    let entry = entriesByReview.get(review);
    if (!entry) {
      entry = entryFor(review);
      entriesByReview.set(review, entry);
    }
    return entry;
  });
  const byTitle = entries.map((_, position) => position);
  const titleOf = (position: number): string => entries[position]?.review.title ?? '';
  byTitle.sort((a, b) => titleCollator.compare(titleOf(a), titleOf(b)));
  const titleOrder = new Int32Array(entries.length);
  byTitle.forEach((position, place) => {
    const previous = byTitle[place - 1];
    const samePlace = previous !== undefined && titleCollator.compare(titleOf(previous), titleOf(position)) === 0;
    titleOrder[position] = samePlace ? (titleOrder[previous] ?? place) : place;
  });
  const index = { entries, titleOrder, answers: new Map<string, readonly ReviewSummary[]>() };
  indexByList.set(reviews, index);
  return index;
}

interface Hit {
  review: ReviewSummary;
  score: number;
  titlePlace: number;
  position: number;
}

/** Best score first, then title, then catalogue order (what a stable sort by score and title gives). */
function better(score: number, titlePlace: number, position: number, than: Hit | undefined): boolean {
  if (!than) return true;
  if (score !== than.score) return score > than.score;
  if (titlePlace !== than.titlePlace) return titlePlace < than.titlePlace;
  return position < than.position;
}

/** Reviews whose subject or title is `name`, case, accents and punctuation aside. */
export function reviewsNamed(reviews: readonly ReviewSummary[], name: string): ReviewSummary[] {
  const wanted = normalizeForSearch(name);
  return searchIndexOf(reviews)
    .entries.filter(({ fields }) => fields[0] === wanted || fields[1] === wanted)
    .map(({ review }) => review);
}

/**
 * Reviews matching every word of `query` somewhere in their title, subject, series, artists or track titles,
 * best first: a whole-phrase match beats scattered words, and subject and title beat track listings.
 */
export function searchReviews(reviews: readonly ReviewSummary[], query: string, limit: number): ReviewSummary[] {
  const phrase = normalizeForSearch(query);
  if (phrase.length === 0 || limit < 1) return [];
  const index = searchIndexOf(reviews);
  const key = `${limit} ${phrase}`;
  const remembered = index.answers.get(key);
  if (remembered) {
    // Most recently used last, so the oldest is the first to go.
    index.answers.delete(key);
    index.answers.set(key, remembered);
    return [...remembered];
  }
  const found = bestMatches(index, phrase, limit);
  index.answers.set(key, found);
  if (index.answers.size > rememberedAnswers) {
    const oldest = index.answers.keys().next();
    if (!oldest.done) index.answers.delete(oldest.value);
  }
  return [...found];
}

function bestMatches(index: SearchIndex, phrase: string, limit: number): readonly ReviewSummary[] {
  const { entries, titleOrder } = index;
  const words = phrase.split(' ');
  const wordIndex = wordIndexOf(index);
  // A broad query ("great soundtracks of 19") matches most of the catalogue: which fields hold which word, and
  // which start with the first one, comes from the word index, so the text is searched only for a phrase of
  // several words, and only in fields holding all of them.
  const starts = new Uint8Array(entries.length);
  const holding = words.map((word, at) => fieldsHolding(wordIndex, entries.length, word, at === 0 ? starts : undefined));
  const scoring: Scoring = { phrase, holding, starts, exact: words.length === 1, wordTerms: fieldWeights.map((weight) => weight / words.length) };
  // Common words match thousands of reviews; only the best `limit` are kept, in order, as they are found.
  const best: Hit[] = [];
  const wordCount = holding.length;
  for (let position = 0; position < entries.length; position++) {
    // The fields holding every word: only there can the whole phrase be.
    let everyWordsFields = 31;
    let missesAWord = false;
    for (let word = 0; word < wordCount && !missesAWord; word++) {
      const found = holding[word]?.[position] ?? 0;
      missesAWord = found === 0;
      everyWordsFields &= found;
    }
    if (missesAWord) continue;
    const entry = entries[position];
    if (!entry) continue;
    const titlePlace = titleOrder[position] ?? position;
    const worst = best.length >= limit ? best[best.length - 1] : undefined;
    // The word index alone gives a single word's score, and a phrase's best possible one: once `limit` hits are
    // kept, most matches cannot beat the worst of them, and their text is never searched.
    const bound = scoreOf(entry.fields, scoring, position, everyWordsFields, 'bound');
    if (worst && !better(bound, titlePlace, position, worst)) continue;
    const score = scoring.exact ? bound : scoreOf(entry.fields, scoring, position, everyWordsFields, 'score');
    if (worst && !better(score, titlePlace, position, worst)) continue;
    let at = best.length;
    while (at > 0 && better(score, titlePlace, position, best[at - 1])) at--;
    best.splice(at, 0, { review: entry.review, score, titlePlace, position });
    if (best.length > limit) best.pop();
  }
  return best.map((hit) => hit.review);
}

interface Scoring {
  phrase: string;
  /** Per query word, per entry, the fields holding it (fieldsHolding). */
  holding: readonly Uint8Array[];
  /** Per entry, the fields whose first word starts with the query's first word. */
  starts: Uint8Array;
  /** The query is one word: the word index decides the phrase terms exactly. */
  exact: boolean;
  /** Per field, what each query word it holds adds: its weight shared among the words. */
  wordTerms: readonly number[];
}

/**
 * An entry's score: per field, in the order of `fieldWeights`, the whole phrase (more at the field's start) and
 * then each word the field holds. The additions are always made in this order, so equal scores stay equal.
 *
 * A single word is in a field exactly when the field holds it, and starts it exactly when the field's first word
 * starts with it, so the index gives its score. For a phrase of several words, 'bound' takes the phrase to be
 * wherever all its words are, and at the start wherever its first word starts the field: each term is then at
 * least the real one, and float addition is monotonic, so the bound is never below the score.
 */
function scoreOf(fields: readonly string[], scoring: Scoring, position: number, everyWordsFields: number, want: 'bound' | 'score'): number {
  const { phrase, holding, starts, wordTerms } = scoring;
  const wordCount = holding.length;
  const startsAt = starts[position] ?? 0;
  let score = 0;
  for (let field = 0; field < fields.length; field++) {
    const weight = fieldWeights[field] ?? 0;
    const wordTerm = wordTerms[field] ?? 0;
    const bit = 1 << field;
    if ((everyWordsFields & bit) !== 0) {
      const mayStart = (startsAt & bit) !== 0;
      if (want === 'bound' || scoring.exact) score += mayStart ? weight * 4 : weight * 2;
      else {
        const text = fields[field] ?? '';
        if (text.includes(phrase)) score += mayStart && text.startsWith(phrase) ? weight * 4 : weight * 2;
      }
    }
    // A field holding the whole phrase holds each of its words.
    for (let word = 0; word < wordCount; word++) {
      if (((holding[word]?.[position] ?? 0) & bit) !== 0) score += wordTerm;
    }
  }
  return score;
}

// Both orders are kept per catalogue version (and counts snapshot, which engagement replaces when a count changes).
const recentFirst = new WeakMap<readonly ReviewSummary[], readonly ReviewSummary[]>();
const mostLiked = new PairCache<readonly ReviewSummary[], ReadonlyMap<string, EngagementCounts>, readonly ReviewSummary[]>();

/**
 * What to offer before anything is typed: the most recent and the most liked reviews, alternating, without
 * repeats, then the rest of the catalogue in its order. `counts` is a snapshot (as engagement's countsByGuild
 * hands out): the order computed from it is remembered for as long as it lives.
 */
export function suggestReviews(reviews: readonly ReviewSummary[], counts: ReadonlyMap<string, EngagementCounts>, limit: number): ReviewSummary[] {
  let recent = recentFirst.get(reviews);
  if (!recent) {
    recent = [...reviews].sort((a, b) => b.addedAt.localeCompare(a.addedAt) || a.title.localeCompare(b.title));
    recentFirst.set(reviews, recent);
  }
  const liked = mostLiked.get(reviews, counts, () =>
    reviews
      .filter((r) => (counts.get(r.slug)?.likes ?? 0) > 0)
      .sort((a, b) => (counts.get(b.slug)?.likes ?? 0) - (counts.get(a.slug)?.likes ?? 0) || a.title.localeCompare(b.title)),
  );
  const chosen = new Map<string, ReviewSummary>();
  for (let i = 0; chosen.size < limit && (i < recent.length || i < liked.length); i++) {
    const byRecency = recent[i];
    if (byRecency) chosen.set(byRecency.slug, byRecency);
    const byLikes = liked[i];
    if (byLikes && chosen.size < limit) chosen.set(byLikes.slug, byLikes);
  }
  return [...chosen.values()].slice(0, limit);
}
