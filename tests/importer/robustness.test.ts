import { describe, expect, it } from 'vitest';
import { validateReview } from '../../src/domain/validate-review.js';
import { ImportError, importBlogPost } from '../../src/importer/index.js';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// Pieces of real posts and of the blog around them, shuffled into posts that may or may not make sense.
const pieces = [
  '',
  '',
  'Great Soundtracks of 1985: Rocky IV',
  'Track Listing',
  'Tracks:',
  '  1. Survivor- Burning Heart',
  '2) a-ha – Take On Me',
  '03. Run-D.M.C. — Walk This Way',
  '4. Instrumental',
  '99. Artist - ' + 'long title '.repeat(30),
  'John Cafferty and The Beaver Brown Band',
  'A paragraph of prose that goes on for a while, as reviews do, with a dash – here and there.',
  'Next post: The Cult- Love',
  'Next post:',
  '18 Responses to “Great Soundtracks of 1985: Rocky IV”',
  'One Response to “X”',
  '  1. Great post!',
  '    Liked by 1 person',
  '    Liked by 2 people',
  'Leave a Reply',
  'Share this:',
  '%d bloggers like this:',
  '\u00a0',
  '\t',
  '😬🤗',
  '1985: 2099: 1899',
];

describe('importBlogPost on shuffled post-like text', () => {
  it('either returns a valid review or throws an ImportError, never anything else', () => {
    const next = random(42);
    let imported = 0;
    let refused = 0;
    for (let round = 0; round < 2000; round++) {
      const lines = Array.from({ length: Math.floor(next() * 30) }, () => pieces[Math.floor(next() * pieces.length)] ?? '');
      const text = lines.join(next() < 0.2 ? '\r\n' : '\n');
      try {
        const { review, warnings } = importBlogPost(text, { addedAt: '2024-01-01' });
        expect(validateReview(review)).toEqual(review);
        expect(warnings.every((w) => typeof w === 'string' && !w.includes('\n'))).toBe(true);
        imported++;
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        expect(error.message.length).toBeGreaterThan(0);
        refused++;
      }
    }
    // Both outcomes are exercised, so the test says something about each.
    expect(imported).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
