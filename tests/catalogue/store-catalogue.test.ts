import Keyv from 'keyv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CatalogueError } from '../../src/catalogue/index.js';
import { StoreCatalogue, loadStoreCatalogue, type StoredReviewProblem } from '../../src/catalogue/store-catalogue.js';
import type { Review } from '../../src/domain/review.js';
import { ReviewValidationError } from '../../src/domain/validate-review.js';
import type { CatalogueRepository, Store } from '../../src/store/index.js';
import { catalogueKeys, KeyvCatalogueRepository } from '../../src/store/keyv-catalogue-repository.js';
import { memoryCase, reportMissingServers, serverCases } from '../store/helpers/store-cases.js';

function review(title: string, overrides: Partial<Review> = {}): Review {
  const at = title.indexOf(': ');
  return {
    slug: title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, ''),
    title,
    series: at < 0 ? null : title.slice(0, at),
    subject: at < 0 ? title : title.slice(at + 2),
    year: 1985,
    body: [`About ${title}.`],
    tracks: [
      { position: 1, artist: 'Survivor', title: 'Burning Heart' },
      { position: 2, artist: 'James Brown', title: 'Living in America' },
    ],
    nextPost: null,
    blog: null,
    addedAt: '2024-01-01',
    ...overrides,
  };
}

const rocky = review('Great Soundtracks of 1985: Rocky IV');
const love = review('Great Albums of 1985: Love');

/** Counts the summary reads, so a test can tell a poll that found nothing new from a reload. */
function counting(inner: CatalogueRepository): CatalogueRepository & { summaryReads: number } {
  const counted = {
    summaryReads: 0,
    version: () => inner.version(),
    summaries: () => {
      counted.summaryReads++;
      return inner.summaries();
    },
    has: (slug: string) => inner.has(slug),
    texts: (slugs: readonly string[]) => inner.texts(slugs),
    put: (...args: Parameters<CatalogueRepository['put']>) => inner.put(...args),
    remove: (slug: string) => inner.remove(slug),
  };
  return counted;
}

reportMissingServers('the shared catalogue');

// Two StoreCatalogues on one store are two processes sharing it: each has its own memory, and only the store links them.
describe.each([memoryCase, ...serverCases()])('the shared catalogue on $name', (storeCase) => {
  let store: Store | undefined;
  const opened: StoreCatalogue[] = [];
  const open = async (options: ConstructorParameters<typeof StoreCatalogue>[1] = {}): Promise<StoreCatalogue> => {
    if (!store) throw new Error('open the store first');
    const { catalogue } = await loadStoreCatalogue(store.catalogue, { pollMs: 60_000, ...options });
    opened.push(catalogue);
    return catalogue;
  };
  const place = () => storeCase.place();

  afterEach(async () => {
    for (const catalogue of opened.splice(0)) await catalogue.close();
    await store?.close();
  });

  it('starts empty, and a review one process adds is found by the other after a refresh', async () => {
    store = await place().open();
    const a = await open();
    const b = await open();
    expect(a.all()).toEqual([]);
    await a.add(rocky);
    expect(a.get(rocky.slug)?.title).toBe(rocky.title);
    expect(b.get(rocky.slug)).toBeUndefined();
    expect(await b.refresh()).toBe(true);
    expect(b.get(rocky.slug)?.tracks).toEqual([
      { position: 1, artist: 'Survivor', title: 'Burning Heart' },
      { position: 2, artist: 'James Brown', title: 'Living in America' },
    ]);
    expect(await b.read(rocky.slug)).toEqual(rocky);
    // A third process starting now loads it.
    const c = await open();
    expect(c.all().map((r) => r.slug)).toEqual([rocky.slug]);
  });

  it('shows an edit of the text alone, which no summary field reveals, to a process that had read the review', async () => {
    store = await place().open();
    const a = await open();
    await a.add(rocky);
    const b = await open();
    expect((await b.read(rocky.slug))?.body).toEqual(rocky.body);
    await a.update({ ...rocky, body: ['Rewritten after a second listen.'] });
    await b.refresh();
    expect((await b.read(rocky.slug))?.body).toEqual(['Rewritten after a second listen.']);
  });

  it('removes a review from every process, and a removed slug can be added again', async () => {
    store = await place().open();
    const a = await open();
    await a.add(rocky);
    await a.add(love);
    const b = await open();
    expect(await a.remove(rocky.slug)).toBe(true);
    expect(await a.remove(rocky.slug)).toBe(false);
    await b.refresh();
    expect(b.all().map((r) => r.slug)).toEqual([love.slug]);
    expect(await b.read(rocky.slug)).toBeUndefined();
    await b.add({ ...rocky, year: 1986 });
    await a.refresh();
    expect(a.get(rocky.slug)?.year).toBe(1986);
  });

  it('refuses a slug another process added before this one heard of it, and keeps the first', async () => {
    store = await place().open();
    const a = await open();
    const b = await open();
    await a.add(rocky);
    await expect(b.add({ ...rocky, body: ['Another take.'] })).rejects.toThrow(
      new CatalogueError(`a review with slug "${rocky.slug}" is already in the catalogue`),
    );
    // An update of a review only the store knows yet is accepted: it is in the catalogue.
    await b.update({ ...rocky, body: ['A second take.'] });
    await a.refresh();
    expect((await a.read(rocky.slug))?.body).toEqual(['A second take.']);
  });

  it('refuses an invalid review or an unknown slug, and leaves the store as it was', async () => {
    store = await place().open();
    const a = await open();
    await a.add(rocky);
    await expect(a.update({ ...rocky, year: 1850 })).rejects.toThrow(ReviewValidationError);
    await expect(a.add({ ...love, tracks: [] })).rejects.toThrow(ReviewValidationError);
    await expect(a.update(love)).rejects.toThrow(new CatalogueError(`no review with slug "${love.slug}" in the catalogue`));
    const b = await open();
    expect(b.all().map((r) => r.slug)).toEqual([rocky.slug]);
    expect(await b.read(rocky.slug)).toEqual(rocky);
  });

  it('polls the version token alone while nothing changes, and reloads the summaries once it does', async () => {
    store = await place().open();
    const writer = await open();
    await writer.add(rocky);
    const repository = counting(store.catalogue);
    const reader = new StoreCatalogue(repository);
    opened.push(reader);
    expect(await reader.refresh()).toBe(true);
    expect(repository.summaryReads).toBe(1);
    expect(await reader.refresh()).toBe(false);
    expect(await reader.refresh()).toBe(false);
    expect(repository.summaryReads).toBe(1);
    await writer.add(love);
    expect(await reader.refresh()).toBe(true);
    expect(repository.summaryReads).toBe(2);
    expect(reader.all().map((r) => r.slug)).toEqual([love.slug, rocky.slug]);
  });

  it('follows the other processes on its own once started', async () => {
    store = await place().open();
    const a = await open();
    const b = await open({ pollMs: 20 });
    await a.add(love);
    await vi.waitFor(() => expect(b.get(love.slug)?.title).toBe(love.title), { timeout: 5000, interval: 20 });
    await a.remove(love.slug);
    await vi.waitFor(() => expect(b.get(love.slug)).toBeUndefined(), { timeout: 5000, interval: 20 });
  });

  it('reports an outage of the store once, serves what it has meanwhile, and says when it can read again', async () => {
    const shared = await place().open();
    store = shared;
    const writer = await open();
    await writer.add(rocky);
    let failures = 5;
    const flaky: CatalogueRepository = {
      summaries: () => shared.catalogue.summaries(),
      has: (slug) => shared.catalogue.has(slug),
      texts: (slugs) => shared.catalogue.texts(slugs),
      put: (...args) => shared.catalogue.put(...args),
      remove: (slug) => shared.catalogue.remove(slug),
      version: () => (failures-- > 0 ? Promise.reject(new Error('connect ECONNREFUSED')) : shared.catalogue.version()),
    };
    const events: string[] = [];
    const reader = new StoreCatalogue(flaky, {
      pollMs: 5,
      onPollError: (error) => events.push(`error: ${(error as Error).message}`),
      onPollRecovered: () => events.push('recovered'),
    });
    opened.push(reader);
    reader.start();
    await writer.add(love);
    await vi.waitFor(() => expect(events).toEqual(['error: connect ECONNREFUSED', 'recovered']), { timeout: 5000, interval: 10 });
    await vi.waitFor(() => expect(reader.all().map((r) => r.slug)).toEqual([love.slug, rocky.slug]), { timeout: 5000, interval: 10 });
  });

  it('keeps its own write when a reload that started before it ends after it', async () => {
    const shared = await place().open();
    store = shared;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: CatalogueRepository = {
      version: () => shared.catalogue.version(),
      has: (slug) => shared.catalogue.has(slug),
      texts: (slugs) => shared.catalogue.texts(slugs),
      put: (...args) => shared.catalogue.put(...args),
      remove: (slug) => shared.catalogue.remove(slug),
      summaries: async () => {
        const read = await shared.catalogue.summaries();
        await held;
        return read;
      },
    };
    const a = new StoreCatalogue(slow);
    opened.push(a);
    const loading = a.refresh();
    await a.add(rocky);
    release();
    await loading;
    expect(a.get(rocky.slug)?.title).toBe(rocky.title);
    // The next refresh reads the store, which has it too.
    await a.refresh();
    expect(a.get(rocky.slug)?.title).toBe(rocky.title);
  });

  it('leaves out a record nobody could have written through a catalogue, naming it, and serves the rest', async () => {
    store = await place().open();
    const a = await open();
    await a.add(rocky);
    await store.catalogue.put(
      'broken',
      { revision: 'r1', text: 'not a review file' },
      { revision: 'r1', title: '', series: null, subject: 'x', year: null, nextPost: null, addedAt: '2024-01-01', tracks: '' },
    );
    await store.catalogue.put(
      'unparsable',
      { revision: 'r2', text: 'not a review file' },
      { revision: 'r2', title: 'Unparsable', series: null, subject: 'Unparsable', year: null, nextPost: null, addedAt: '2024-01-01', tracks: '' },
    );
    const problems: StoredReviewProblem[] = [];
    const b = await open({ onProblem: (problem) => problems.push(problem) });
    expect(problems).toEqual([{ slug: 'broken', message: 'left out of the catalogue: its summary lacks a title, subject, date or track listing' }]);
    expect(
      b
        .all()
        .map((r) => r.slug)
        .sort(),
    ).toEqual([rocky.slug, 'unparsable']);
    await expect(b.read('unparsable')).rejects.toThrow(/^the review "unparsable" in the store is not valid: /);
    expect(await b.read(rocky.slug)).toEqual(rocky);
  });
});

describe('a write cut off between the text and the summary', () => {
  it('leaves a text that is no review: no process lists it, and an add replaces it', async () => {
    const keyv = new Keyv();
    const slugs = new Set<string>();
    const repository = new KeyvCatalogueRepository({
      keyv,
      catalogueSlugs: {
        add: (slug) => {
          slugs.add(slug);
          return Promise.resolve();
        },
        members: () => Promise.resolve([...slugs]),
      },
    });
    // What put leaves when the connection drops after its second step.
    slugs.add(love.slug);
    await keyv.set(catalogueKeys.text(love.slug), { revision: 'cut', text: 'half a write' });
    const catalogue = new StoreCatalogue(repository);
    await catalogue.refresh();
    expect(catalogue.all()).toEqual([]);
    await catalogue.add(love);
    const other = new StoreCatalogue(repository);
    await other.refresh();
    expect(await other.read(love.slug)).toEqual(love);
  });
});
