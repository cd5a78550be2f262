import { describe, expect, it } from 'vitest';
import { slugify, slugPattern } from '../../src/domain/slugify.js';

describe('slugify', () => {
  it.each([
    ['Great Soundtracks of 1985: Rocky IV', 'great-soundtracks-of-1985-rocky-iv'],
    ['Great Soundtracks of 1985: Rocky\u00a0IV', 'great-soundtracks-of-1985-rocky-iv'],
    ['Now That’s What I Call Music 7', 'now-thats-what-i-call-music-7'],
    ['Motörhead: Ace of Spades', 'motorhead-ace-of-spades'],
    ['a-ha — Hunting High and Low', 'a-ha-hunting-high-and-low'],
    ['  --Weird   spacing!!  ', 'weird-spacing'],
    ['東京事変: 教育', '東京事変-教育'],
    ['🎸🎸🎸', 'untitled'],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
    expect(slugPattern.test(slugify(title))).toBe(true);
  });

  it('stops at a word boundary within 80 characters', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
    expect(slugify('x'.repeat(200))).toHaveLength(80);
  });

  it('is stable: a slug slugifies to itself', () => {
    const slug = slugify('Great Soundtracks of 1985: Rocky IV');
    expect(slugify(slug)).toBe(slug);
  });
});
