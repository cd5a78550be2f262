import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBlogPost } from '../../src/importer/index.js';

// A copy of the community's Rocky IV post as exported from the blog (shared/source-posts), kept here so the
// tests run on a fresh clone.
const post = readFileSync(new URL('./fixtures/great-soundtracks-of-1985-rocky-iv.txt', import.meta.url), 'utf8');

describe('importing the Rocky IV post', () => {
  const { review, warnings } = importBlogPost(post, { addedAt: '2024-01-01' });

  it('splits the title into series and subject and finds the year in the series', () => {
    expect(review.title).toBe('Great Soundtracks of 1985: Rocky IV');
    expect(review.series).toBe('Great Soundtracks of 1985');
    expect(review.subject).toBe('Rocky IV');
    expect(review.year).toBe(1985);
    expect(review.slug).toBe('great-soundtracks-of-1985-rocky-iv');
    expect(review.addedAt).toBe('2024-01-01');
  });

  it('reads all ten tracks in listing order, hyphenated titles split at "- "', () => {
    expect(review.tracks).toEqual([
      { position: 1, artist: 'Survivor', title: 'Burning Heart' },
      { position: 2, artist: 'John Cafferty and the Beaver Brown Band', title: 'Hearts of Fire' },
      { position: 3, artist: 'Kenny Loggins and Gladys Knight', title: 'Double or Nothing' },
      { position: 4, artist: 'Survivor', title: 'Eye of the Tiger' },
      { position: 5, artist: 'Vinnie DiCola', title: 'War' },
      { position: 6, artist: 'James Brown', title: 'Living in America' },
      { position: 7, artist: 'Robert Tepper', title: 'No Easy Way Out' },
      { position: 8, artist: 'Go West', title: 'One Way Street' },
      { position: 9, artist: 'Touch', title: 'The Sweetest Victory' },
      { position: 10, artist: 'Vinnie DiCola', title: 'Montage' },
    ]);
  });

  it('skips the stray band line inside the listing with a warning naming it and its line', () => {
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('line 20');
    expect(warnings[0]).toContain('John Cafferty and The Beaver Brown Band');
  });

  it('keeps the paragraphs before and after the listing, without the blog boilerplate', () => {
    expect(review.body).toHaveLength(6);
    expect(review.body[0]).toMatch(/^1985 saw two films where Sylvester Stallone/);
    expect(review.body[4]).toMatch(/^Saving some of the best for last/);
    expect(review.body[5]).toMatch(/^History states that “Rocky IV” was no way near the best Rocky film/);
    const all = review.body.join('\n');
    for (const boilerplate of ['Next post', 'To download', 'Leave a Reply', 'bloggers like this', 'Akismet', 'Track Listing']) {
      expect(all).not.toContain(boilerplate);
    }
  });

  it('reads the next post', () => {
    expect(review.nextPost).toBe('The Cult- Love');
  });

  it('archives the six visible responses with their likes, and the blog count of 18', () => {
    expect(review.blog?.responseCount).toBe(18);
    expect(review.blog?.responses.map((r) => r.likes)).toEqual([1, 2, 1, 1, 1, 1]);
    const texts = review.blog?.responses.map((r) => r.text) ?? [];
    expect(texts).toHaveLength(6);
    expect(texts[0]).toMatch(/^There’s another Rocky IV reference in Family Guy\./);
    // Two paragraphs in one response; two lines in another.
    expect(texts[1]).toBe('Wow! That Tepper guy was a bit of a looker, eh?\n\nYou know, I’ve heard this soundtrack a few times but never, ever seen the film.');
    expect(texts[2]).toMatch(/^I love that you wove family guy into your post 🤗\nDon’t know if you’ve ever watched Supernatural/);
    expect(texts[5]).toBe('Great soundtrack.\nI recently interviewed Robert Tepper @ my page.');
    expect(texts.join('\n')).not.toMatch(/Liked by/);
  });

  it('turns the non-breaking space of the exported title into a plain one', () => {
    expect(review.title).not.toContain('\u00a0');
  });
});
