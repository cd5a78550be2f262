import { describe, expect, it } from 'vitest';
import { CatalogueError, type Catalogue } from '../../src/catalogue/index.js';
import { MemberFacingError } from '../../src/domain/member-facing-error.js';
import { addReview } from '../../src/reviews/add-review.js';
import { loveAlbum, rockyIV } from '../domain/fixtures.js';
import { memoryCatalogue } from './fake-ports.js';

describe('addReview', () => {
  it('adds a new review to the catalogue', async () => {
    const catalogue = memoryCatalogue([loveAlbum]);
    await addReview({ catalogue }, rockyIV);
    expect(catalogue.get(rockyIV.slug)?.title).toBe(rockyIV.title);
  });

  it('refuses a taken slug and leaves the review there as it was', async () => {
    const catalogue = memoryCatalogue([rockyIV]);
    const retitled = { ...rockyIV, body: ['Another text.'] };
    await expect(addReview({ catalogue }, retitled)).rejects.toThrow(
      new MemberFacingError(
        `A review titled like “${rockyIV.title}” is already in the catalogue (${rockyIV.slug}). Change the title, or use \`/review edit\`.`,
      ),
    );
    expect(await catalogue.read(rockyIV.slug)).toEqual(rockyIV);
  });

  it('tells the member what the catalogue refused, and lets any other failure through as it is', async () => {
    const refusing: Pick<Catalogue, 'get' | 'add'> = {
      get: () => undefined,
      add: async () => Promise.reject(new CatalogueError('data/reviews is not writable')),
    };
    await expect(addReview({ catalogue: refusing }, rockyIV)).rejects.toThrow(
      new MemberFacingError('The catalogue refused the review: data/reviews is not writable.'),
    );
    const failing: Pick<Catalogue, 'get' | 'add'> = { get: () => undefined, add: async () => Promise.reject(new Error('EIO')) };
    const error: unknown = await addReview({ catalogue: failing }, rockyIV).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(MemberFacingError);
    expect(error).toMatchObject({ message: 'EIO' });
  });
});
