import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importWxrFile } from '../../../src/importer/wxr/index.js';

// A copy of the community's WordPress export sample (shared/source-posts), kept here so the tests run on a fresh clone.
const sample = fileURLToPath(new URL('./fixtures/wordpress-export-sample.xml', import.meta.url));

describe('importing the sample WordPress export', async () => {
  const result = await importWxrFile(sample);
  const [rocky] = result.reviews;

  it('imports exactly one review, Rocky IV, with its slug, title parts and post date', () => {
    expect(result.reviews).toHaveLength(1);
    expect(rocky?.review).toMatchObject({
      slug: 'great-soundtracks-of-1985-rocky-iv',
      title: 'Great Soundtracks of 1985: Rocky IV',
      series: 'Great Soundtracks of 1985',
      subject: 'Rocky IV',
      year: 1985,
      nextPost: 'The Cult- Love',
      addedAt: '2019-06-14',
    });
    expect(rocky?.postedAt).toBe('2019-06-14T09:00:00Z');
  });

  it('reads all ten tracks in order', () => {
    expect(rocky?.review.tracks.map((t) => `${t.position}. ${t.artist} - ${t.title}`)).toEqual([
      '1. Survivor - Burning Heart',
      '2. John Cafferty and the Beaver Brown Band - Hearts of Fire',
      '3. Kenny Loggins and Gladys Knight - Double or Nothing',
      '4. Survivor - Eye of the Tiger',
      '5. Vinnie DiCola - War',
      '6. James Brown - Living in America',
      '7. Robert Tepper - No Easy Way Out',
      '8. Go West - One Way Street',
      '9. Touch - The Sweetest Victory',
      '10. Vinnie DiCola - Montage',
    ]);
    expect(rocky?.warnings).toEqual([expect.stringMatching(/^skipped "John Cafferty and The Beaver Brown Band" inside the track listing/)]);
  });

  it('keeps the body paragraphs, the training-montage video as a paragraph of its own, and no listing or "Next post:"', () => {
    const body = rocky?.review.body ?? [];
    expect(body).toHaveLength(7);
    expect(body[0]).toMatch(/^1985 saw two films where Sylvester Stallone/);
    expect(body[2]).toMatch(/See below:$/);
    expect(body[3]).toBe('https://www.youtube.com/watch?v=3WhUSQa3dg8');
    expect(body[6]).toMatch(/^History states that “Rocky IV”/);
    expect(body.join('\n')).not.toMatch(/Track Listing|Next post|Burning Heart\n/);
  });

  it('has its six approved comments as responses, in date order, with their authors, dates and no likes', () => {
    expect(rocky?.responses.map((r) => r.author)).toEqual(['Jeff', 'Christine', 'Kim', 'Lynn', 'Hanspostcard', 'Steve']);
    expect(rocky?.responses.map((r) => r.date)).toEqual([
      '2019-06-14T10:00:00Z',
      '2019-06-14T11:00:00Z',
      '2019-06-14T12:00:00Z',
      '2019-06-14T13:00:00Z',
      '2019-06-14T14:00:00Z',
      '2019-06-14T15:00:00Z',
    ]);
    expect(rocky?.responses.map((r) => [r.likes, r.replyTo])).toEqual(rocky?.responses.map(() => [0, null]));
    expect(rocky?.responses[1]?.text).toBe(
      'Wow! That Tepper guy was a bit of a looker, eh?\n\nYou know, I’ve heard this soundtrack a few times but never, ever seen the film.',
    );
    expect(rocky?.responses[5]?.text).toBe('Great soundtrack.\nI recently interviewed Robert Tepper @ my page.');
    expect(rocky?.review.blog).toEqual({
      responseCount: 6,
      responses: rocky?.responses.map((r) => ({ text: r.text, likes: 0 })),
    });
  });

  it('leaves out the pingback and the spam comment', () => {
    const texts = rocky?.responses.map((r) => r.text).join('\n') ?? '';
    expect(texts).not.toContain('my Rocky IV post');
    expect(texts).not.toContain('buy now');
  });

  it('skips the page, the attachment and the draft, each with its reason', () => {
    expect(result.skipped).toEqual([
      { title: 'About', postType: 'page', reason: 'a page, not a post' },
      { title: 'rocky-iv-cover', postType: 'attachment', reason: 'an attachment, not a post' },
      { title: 'Great Soundtracks of 1985: The Breakfast Club', postType: 'post', reason: 'a draft, not published' },
    ]);
  });

  it('writes no e-mail or IP address from the export anywhere in what it returns', () => {
    const xml = readFileSync(sample, 'utf8');
    const secrets = [...xml.matchAll(/<wp:(?:comment_author_email|comment_author_IP|author_email)>(?:<!\[CDATA\[)?([^<\]]*)/g)]
      .map((m) => m[1] ?? '')
      .filter((s) => s.length > 0);
    expect(secrets).toContain('jeff@mail.example');
    expect(secrets).toContain('203.0.113.10');
    expect(secrets).toContain('owner@rockandrollchildren.example');
    const output = JSON.stringify({ reviews: result.reviews, skipped: result.skipped });
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).not.toContain('other.example');
  });
});
