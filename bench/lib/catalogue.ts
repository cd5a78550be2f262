import { mkdir, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { catalogueIndexFileName, indexSettlingMs, loadCatalogue, reviewsDir } from '../../src/catalogue/index.js';
import { serializeReview } from '../../src/catalogue/review-file.js';
import type { Review, Track } from '../../src/domain/review.js';
import { slugify } from '../../src/domain/slugify.js';
import { validateReview } from '../../src/domain/validate-review.js';
import { projectDir } from './child.js';
import type { Random } from './random.js';

const adjectives = [
  'Burning',
  'Electric',
  'Midnight',
  'Neon',
  'Silver',
  'Broken',
  'Golden',
  'Restless',
  'Hidden',
  'Wild',
  'Crimson',
  'Lonely',
  'Savage',
  'Velvet',
  'Frozen',
];
const nouns = [
  'Heart',
  'Highway',
  'Dream',
  'Tiger',
  'Machine',
  'River',
  'Fire',
  'Skyline',
  'Thunder',
  'Shadow',
  'Echo',
  'Horizon',
  'Signal',
  'Garden',
  'Storm',
];
const bands = [
  'Survivor',
  'Europe',
  'Heart',
  'Journey',
  'Toto',
  'Foreigner',
  'Berlin',
  'Kenny Loggins',
  'Bonnie Tyler',
  'John Cafferty',
  'Go West',
  'Robert Tepper',
  'Starship',
  'Loverboy',
  'Night Ranger',
];

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/**
 * Writes `count` valid reviews into <dataDir>/reviews, shaped like the real one (series, ten-odd tracks with
 * their artists, the Rocky IV review's paragraphs as the body), with unique titles and varied words so that
 * search and autocomplete have real work to do. Returns the slugs in the order written.
 */
export async function generateCatalogue(dataDir: string, count: number, random: Random): Promise<Review[]> {
  const { catalogue } = await loadCatalogue(join(projectDir, 'data'));
  const first = catalogue.all()[0];
  const template = first ? await catalogue.read(first.slug) : undefined;
  if (!template) throw new Error('data/reviews holds no review to use as the template');
  const folder = reviewsDir(dataDir);
  await mkdir(folder, { recursive: true });
  const reviews: Review[] = [];
  for (let index = 0; index < count; index++) {
    const year = 1970 + (index % 40);
    const series = index % 7 === 0 ? null : `Great Soundtracks of ${year}`;
    const subject = `${pick(random, adjectives)} ${pick(random, nouns)} ${index + 1}`;
    const title = series ? `${series}: ${subject}` : subject;
    const tracks: Track[] = [];
    const trackCount = 8 + Math.floor(random() * 8);
    for (let position = 1; position <= trackCount; position++) {
      tracks.push({ position, artist: pick(random, bands), title: `${pick(random, adjectives)} ${pick(random, nouns)}` });
    }
    const review = validateReview({
      ...template,
      slug: slugify(title),
      title,
      series,
      subject,
      year,
      body: template.body.slice(0, 3),
      tracks,
      nextPost: null,
      blog: null,
      addedAt: new Date(Date.UTC(2020, 0, 1) + index * 3_600_000).toISOString().slice(0, 10),
    });
    reviews.push(review);
  }
  // Written in parallel chunks: 10,000 sequential writes would dominate the bench's set-up time.
  for (let start = 0; start < reviews.length; start += 200) {
    await Promise.all(reviews.slice(start, start + 200).map((review) => writeFile(join(folder, `${review.slug}.md`), serializeReview(review))));
  }
  // Files this recent are not trusted to the index yet; a catalogue in use was written long before a restart.
  await sleep(indexSettlingMs + 100);
  await indexCatalogue(dataDir);
  return reviews;
}

/** Loads the catalogue in `dataDir` with its index removed and waits for the index to be written again. */
export async function indexCatalogue(dataDir: string): Promise<void> {
  await rm(join(dataDir, catalogueIndexFileName), { force: true });
  const { catalogue, parsed, problems } = await loadCatalogue(dataDir);
  await catalogue.settled();
  if (problems.length > 0) throw new Error(`the generated catalogue has ${problems.length} bad file(s), e.g. ${problems[0]?.file}: ${problems[0]?.message}`);
  const again = await loadCatalogue(dataDir);
  if (again.parsed > 0 || again.fromIndex !== parsed)
    throw new Error(`the catalogue index in ${dataDir} was not written (${again.parsed} file(s) parsed again)`);
}
