import { describe, expect, it } from 'vitest';
import type { Review } from '../../src/domain/review.js';
import { ReviewValidationError, validateReview } from '../../src/domain/validate-review.js';

function review(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const valid: Review = {
    slug: 'great-soundtracks-of-1985-rocky-iv',
    title: 'Great Soundtracks of 1985: Rocky IV',
    series: 'Great Soundtracks of 1985',
    subject: 'Rocky IV',
    year: 1985,
    body: ['A paragraph with *Markdown*.', 'Another.'],
    tracks: [
      { position: 1, artist: 'Survivor', title: 'Burning Heart' },
      { position: 2, artist: 'a-ha', title: 'Take On Me' },
      { position: 3, artist: 'Run-D.M.C.', title: 'Walk This Way' },
      { position: 4, artist: 'Touch', title: 'The Sweetest Victory' },
    ],
    nextPost: 'The Cult- Love',
    blog: { responseCount: 18, responses: [{ text: 'Great soundtrack.\nReally.', likes: 1 }] },
    addedAt: '2024-05-01',
  };
  return { ...valid, ...overrides };
}

function failure(input: unknown): ReviewValidationError {
  try {
    validateReview(input);
  } catch (error) {
    if (error instanceof ReviewValidationError) return error;
    throw error;
  }
  throw new Error('expected a ReviewValidationError');
}

function withTrack(index: number, change: Record<string, unknown>): Record<string, unknown> {
  const tracks = (review().tracks as Review['tracks']).map((t, i) => (i === index ? { ...t, ...change } : t));
  return review({ tracks });
}

describe('validateReview', () => {
  it('returns a valid review unchanged', () => {
    expect(validateReview(review())).toEqual(review());
    expect(validateReview(review({ series: null, year: null, nextPost: null, blog: null, body: [] }))).toMatchObject({ series: null });
    expect(validateReview(review({ addedAt: '2024-05-01T12:30:00.000Z' })).addedAt).toBe('2024-05-01T12:30:00.000Z');
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['empty title', review({ title: '   ' }), 'title', /must not be empty/],
    ['title over 256', review({ title: 'x'.repeat(257) }), 'title', /257 characters long, the limit is 256/],
    ['title on two lines', review({ title: 'A\nB' }), 'title', /single line/],
    ['missing subject', review({ subject: undefined }), 'subject', /is missing/],
    ['no tracks', review({ tracks: [] }), 'tracks', /at least one track/],
    [
      'over 100 tracks',
      review({ tracks: Array.from({ length: 101 }, (_, i) => ({ position: i + 1, artist: 'A', title: 'T' })) }),
      'tracks',
      /at most 100 tracks/,
    ],
    ['duplicate position', withTrack(3, { position: 2 }), 'tracks[3].position', /duplicate position 2 \(also tracks\[1\]\)/],
    ['position 0', withTrack(0, { position: 0 }), 'tracks[0].position', /at least 1/],
    ['fractional position', withTrack(1, { position: 1.5 }), 'tracks[1].position', /whole number/],
    ['empty track title', withTrack(3, { title: '' }), 'tracks[3].title', /must not be empty/],
    ['track title over 200', withTrack(2, { title: 't'.repeat(201) }), 'tracks[2].title', /limit is 200/],
    ['track artist over 200', withTrack(0, { artist: 'a'.repeat(201) }), 'tracks[0].artist', /limit is 200/],
    ['artist with the listing separator', withTrack(0, { artist: 'Crosby - Stills' }), 'tracks[0].artist', /dash followed by a space/],
    ['unknown track field', withTrack(0, { length: '3:50' }), 'tracks[0]', /unknown field\(s\): length/],
    ['year 1899', review({ year: 1899 }), 'year', /from 1900 to 2099/],
    ['year 2100', review({ year: 2100 }), 'year', /from 1900 to 2099/],
    ['year as text', review({ year: '1985' }), 'year', /not the text "1985"/],
    ['huge paragraph', review({ body: ['ok', 'p'.repeat(4097)] }), 'body[1]', /4097 characters long, the limit is 4096/],
    ['blank paragraph', review({ body: [''] }), 'body[0]', /must not be empty/],
    ['paragraph hiding a blank line', review({ body: ['one\n\ntwo'] }), 'body[0]', /blank line/],
    ['too many paragraphs', review({ body: Array.from({ length: 101 }, () => 'p') }), 'body', /at most 100 paragraphs/],
    ['bad slug', review({ slug: 'Rocky IV' }), 'slug', /lower-case letters and digits/],
    ['bad date', review({ addedAt: 'yesterday' }), 'addedAt', /ISO date/],
    ['impossible date', review({ addedAt: '2024-13-45' }), 'addedAt', /ISO date/],
    ['negative likes', review({ blog: { responseCount: 1, responses: [{ text: 'x', likes: -1 }] } }), 'blog.responses[0].likes', /at least 0/],
    [
      'count below visible responses',
      review({ blog: { responseCount: 0, responses: [{ text: 'x', likes: 0 }] } }),
      'blog.responseCount',
      /smaller than the number of archived responses/,
    ],
    ['unknown field', review({ rating: 5 }), 'review', /unknown field\(s\): rating/],
    [
      'title of zero-width spaces',
      review({ title: '\u200B\u200B' }),
      'title',
      /^title: is made only of invisible characters \(zero-width, bidirectional controls or whitespace\)$/,
    ],
    ['subject of a bidi override', review({ subject: '\u202E' }), 'subject', /invisible characters/],
    ['series of a Hangul filler', review({ series: '\u3164' }), 'series', /invisible characters/],
    ['artist of a word joiner', withTrack(1, { artist: '\u2060' }), 'tracks[1].artist', /invisible characters/],
    ['track title of isolates', withTrack(2, { title: '\u2066\u2069' }), 'tracks[2].title', /invisible characters/],
    ['paragraph of zero-width spaces', review({ body: ['ok', '\u200B \u200B'] }), 'body[1]', /invisible characters/],
    ['a dash that is not one', withTrack(0, { dash: '~' }), 'tracks[0].dash', /must be "–" or "—"/],
  ])('rejects %s', (_name, input, field, message) => {
    const error = failure(input);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it("keeps visible text that carries zero-width or bidi characters, and a track's dash", () => {
    const input = review({ title: 'Great Soundtracks of 1985: \u200BRocky IV', subject: '\u202BRocky IV\u202C' });
    expect(validateReview(input)).toEqual(input);
    const dashed = withTrack(0, { dash: '–' });
    expect(validateReview(dashed)).toEqual(dashed);
  });

  it('reports invisible text once, not also as empty', () => {
    expect(failure(review({ title: '   ' })).issues.map((i) => i.message)).not.toContainEqual(expect.stringContaining('invisible'));
    expect(failure(review({ title: '\u200B' })).issues.map((i) => i.message)).toEqual([
      'is made only of invisible characters (zero-width, bidirectional controls or whitespace)',
    ]);
  });

  it('rejects what is not an object', () => {
    expect(failure(null).message).toBe('review: must be an object');
    expect(failure('a review').field).toBe('review');
  });

  it('lists every problem, the first one in the message', () => {
    const error = failure(review({ title: '', tracks: [] }));
    expect(error.issues.map((i) => i.field)).toEqual(['title', 'tracks']);
  });
});
