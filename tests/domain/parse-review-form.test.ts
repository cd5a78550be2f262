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

const loveForm: ReviewForm = {
  title: 'Great Albums of 1985: Love',
  year: '',
  text: 'The Cult found their sound on Love.',
  tracks: '1. The Cult – Nirvana\n2. The Cult - Big Neon Glitter\n3. The Cult — She Sells Sanctuary',
  nextPost: '',
};

function refusal(change: Partial<ReviewForm>): string {
  try {
    parseReviewForm({ ...loveForm, ...change }, { addedAt });
  } catch (error) {
    if (error instanceof MemberFacingError) return error.message;
    throw error;
  }
  throw new Error('expected the form to be refused');
}

describe('parseReviewForm and invisible text', () => {
  it.each<[string, Partial<ReviewForm>, string]>([
    [
      'a title of zero-width spaces',
      { title: '\u200B\u200B' },
      'Title: the title is made only of invisible characters (zero-width, bidirectional controls or whitespace); write one people can read, e.g. "Great Soundtracks of 1985: Rocky IV".',
    ],
    ['a title of bidi controls and spaces', { title: '\u202E \u2066\u2069 \u200F' }, 'Title: the title is made only of invisible characters'],
    ['an invisible series', { title: '\u200B: Rocky IV' }, 'Title: the series before ": " is made only of invisible characters'],
    ['an invisible subject', { title: 'Great Soundtracks of 1985: \u3164' }, 'Title: the subject after ": " is made only of invisible characters'],
    ['an invisible paragraph', { text: 'Fine.\n\n\u200B\u200B\n\nAlso fine.' }, 'Review text: paragraph 2 is made only of invisible characters'],
    ['an invisible artist', { tracks: '1. \u200B – Nirvana' }, 'Track listing: the artist of track 1 is made only of invisible characters'],
    [
      'an invisible track title',
      { tracks: '1. The Cult – Nirvana\n2. The Cult – \u2800' },
      'Track listing: the title of track 2 is made only of invisible characters',
    ],
    ['an invisible next post', { nextPost: '\uFEFF\u200B' }, 'Next post: the text is made only of invisible characters'],
  ])('refuses %s with a specific message', (_name, change, message) => {
    expect(refusal(change)).toContain(message);
  });

  it('quotes a bad year without the bidi controls that would show it reversed', () => {
    expect(refusal({ year: '\u202E5891' })).toBe('Year: "5891" is not a four-digit year (e.g. 1985); leave it empty for none.');
  });

  it('keeps a title with visible text around a zero-width character', () => {
    expect(parseReviewForm({ ...loveForm, title: 'Great Albums of 1985: Love\u200B!' }, { addedAt }).review.subject).toBe('Love\u200B!');
  });
});

describe('parseReviewForm and typography', () => {
  it('keeps the dash each track was typed with', () => {
    const { review } = parseReviewForm(loveForm, { addedAt });
    expect(review.tracks).toEqual([
      { position: 1, artist: 'The Cult', title: 'Nirvana', dash: '–' },
      { position: 2, artist: 'The Cult', title: 'Big Neon Glitter' },
      { position: 3, artist: 'The Cult', title: 'She Sells Sanctuary', dash: '—' },
    ]);
  });

  it('fills the form again with the same dashes', () => {
    const { review } = parseReviewForm(loveForm, { addedAt });
    expect(reviewToForm(review).tracks).toBe(loveForm.tracks);
  });

  it('quotes "Artist – Title" in a warning, as the examples write it', () => {
    const { warnings } = parseReviewForm({ ...loveForm, tracks: '1. The Cult – Nirvana\n2. The Cult Big Neon Glitter' }, { addedAt });
    expect(warnings).toEqual([
      'line 2: skipped "2. The Cult Big Neon Glitter" inside the track listing (no "Artist – Title" separator (a dash followed by a space))',
    ]);
  });
});
