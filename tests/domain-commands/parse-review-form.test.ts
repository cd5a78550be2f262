import { describe, expect, it } from 'vitest';
import { MemberFacingError } from '../../src/domain/member-facing-error.js';
import { parseReviewForm, reviewToForm, type ReviewForm } from '../../src/domain/parse-review-form.js';
import { ReviewValidationError } from '../../src/domain/validate-review.js';
import { rockyIV } from './fixtures.js';

const form: ReviewForm = {
  title: 'Great Soundtracks of 1985: Rocky IV',
  year: '',
  text: 'First paragraph,\nstill first.\n\n\nSecond paragraph.',
  tracks: '  1. Survivor- Burning Heart\nJohn Cafferty and The Beaver Brown Band\n2) John Cafferty and the Beaver Brown Band – Hearts of Fire\n',
  nextPost: 'The Cult- Love',
};
const addedAt = '2025-01-02T03:04:05.000Z';

describe('parseReviewForm', () => {
  it('splits series and subject, takes the year from the series and parses the listing', () => {
    const { review, warnings } = parseReviewForm(form, { addedAt });
    expect(review).toMatchObject({
      slug: 'great-soundtracks-of-1985-rocky-iv',
      series: 'Great Soundtracks of 1985',
      subject: 'Rocky IV',
      year: 1985,
      body: ['First paragraph,\nstill first.', 'Second paragraph.'],
      tracks: [
        { position: 1, artist: 'Survivor', title: 'Burning Heart' },
        { position: 2, artist: 'John Cafferty and the Beaver Brown Band', title: 'Hearts of Fire' },
      ],
      nextPost: 'The Cult- Love',
      blog: null,
      addedAt,
    });
    expect(warnings.join('\n')).toContain('John Cafferty and The Beaver Brown Band');
  });

  it('takes an explicit year, and no series when the title has no ": "', () => {
    const { review } = parseReviewForm({ ...form, title: 'Love', year: '1985', nextPost: '' }, { addedAt });
    expect(review).toMatchObject({ series: null, subject: 'Love', year: 1985, nextPost: null, slug: 'love' });
  });

  it('keeps slug, blog archive and date when editing', () => {
    const base = { ...rockyIV, blog: { responseCount: 18, responses: [{ text: 'Nice', likes: 1 }] } };
    const { review } = parseReviewForm({ ...reviewToForm(base), title: 'Renamed: Rocky IV' }, { addedAt, base });
    expect(review.slug).toBe(base.slug);
    expect(review.blog).toEqual(base.blog);
    expect(review.addedAt).toBe(base.addedAt);
    expect(review.title).toBe('Renamed: Rocky IV');
  });

  it('round-trips a review through its form', () => {
    const { review } = parseReviewForm(reviewToForm(rockyIV), { addedAt, base: rockyIV });
    expect(review).toEqual(rockyIV);
  });

  it.each([
    [{ title: '   ' }, /Title: write the review/],
    [{ year: '85' }, /Year: "85" is not a four-digit year/],
    [{ text: ' \n\n ' }, /Review text: write at least one paragraph/],
    [{ tracks: 'no tracks here' }, /Track listing: no track found/],
  ])('refuses %o with a specific message', (change, message) => {
    expect(() => parseReviewForm({ ...form, ...change }, { addedAt })).toThrow(MemberFacingError);
    expect(() => parseReviewForm({ ...form, ...change }, { addedAt })).toThrow(message);
  });

  it('lets the review model name the field it refuses', () => {
    expect(() => parseReviewForm({ ...form, year: '1850' }, { addedAt })).toThrow(ReviewValidationError);
    expect(() => parseReviewForm({ ...form, year: '1850' }, { addedAt })).toThrow(/year/);
  });
});
