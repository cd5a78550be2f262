import { randomUUID } from 'node:crypto';
import type Keyv from 'keyv';
import type { CatalogueRepository, StoredReviewSummary, StoredReviewText } from './catalogue-repository.js';
import type { SharedSet } from './shared-set.js';

/**
 * Key layout of the shared catalogue (in the store's keyv namespace, values are JSON):
 *   catalogue-text:<slug>      StoredReviewText
 *   catalogue-summary:<slug>   StoredReviewSummary
 *   catalogue-version          a new random token after every write
 * and the shared set "catalogue-slugs": every slug ever written. A removed review keeps its slug in the set and
 * loses its two records, so the set needs only the atomic addition every store gives (Redis SADD, a PostgreSQL
 * upsert); a slug whose summary is missing is not in the catalogue. The set grows by one short string per review
 * ever removed, which a reload reads and drops.
 */
export const catalogueKeys = {
  text: (slug: string) => `catalogue-text:${slug}`,
  summary: (slug: string) => `catalogue-summary:${slug}`,
  version: 'catalogue-version',
  slugs: 'catalogue-slugs',
};

/** The live connection, swapped in place by the store's reopen. */
export interface CatalogueHolder {
  keyv: Keyv;
  catalogueSlugs: SharedSet;
}

export class KeyvCatalogueRepository implements CatalogueRepository {
  constructor(private readonly db: CatalogueHolder) {}

  async version(): Promise<string | null> {
    const value: unknown = await this.db.keyv.get(catalogueKeys.version);
    return typeof value === 'string' ? value : null;
  }

  async summaries(): Promise<Map<string, unknown>> {
    const slugs = await this.db.catalogueSlugs.members();
    return this.#many(slugs, catalogueKeys.summary);
  }

  has(slug: string): Promise<boolean> {
    return this.db.keyv.has(catalogueKeys.summary(slug));
  }

  texts(slugs: readonly string[]): Promise<Map<string, unknown>> {
    return this.#many(slugs, catalogueKeys.text);
  }

  async put(slug: string, text: StoredReviewText, summary: StoredReviewSummary): Promise<void> {
    await this.db.catalogueSlugs.add(slug);
    await this.db.keyv.set(catalogueKeys.text(slug), { ...text });
    await this.db.keyv.set(catalogueKeys.summary(slug), { ...summary });
    await this.#newVersion();
  }

  async remove(slug: string): Promise<void> {
    // The summary first: a reload between the two deletes leaves the review out, never half there.
    await this.db.keyv.delete(catalogueKeys.summary(slug));
    await this.db.keyv.delete(catalogueKeys.text(slug));
    await this.#newVersion();
  }

  async #newVersion(): Promise<void> {
    await this.db.keyv.set(catalogueKeys.version, randomUUID());
  }

  async #many(slugs: readonly string[], key: (slug: string) => string): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    if (slugs.length === 0) return found;
    const values: unknown[] = await this.db.keyv.getMany(slugs.map(key));
    slugs.forEach((slug, at) => {
      const value = values[at];
      if (value !== undefined && value !== null) found.set(slug, value);
    });
    return found;
  }
}
