import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBlogPost } from '../../src/importer/index.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

describe('a post with CRLF line ends, "01." numbers, en and em dashes, hyphenated artists and a sharing block', () => {
  const { review, warnings } = importBlogPost(fixture('great-compilations-of-1986-now-7.txt'));

  it('reads the tracks, never splitting at a bare hyphen', () => {
    expect(review.tracks).toEqual([
      { position: 1, artist: 'a-ha', title: 'The Sun Always Shines on T.V.' },
      { position: 2, artist: 'Run-D.M.C.', title: 'Walk This Way' },
      { position: 3, artist: 'Simply Red', title: 'Holding Back the Years' },
      { position: 4, artist: 'Pet Shop Boys', title: 'West End Girls' },
      { position: 5, artist: 'Spandau Ballet', title: 'Through the Barricades' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps the body on both sides of the listing and drops the sharing and comment-form text', () => {
    expect(review.body).toEqual([
      'Back in 1986 the “Now” albums were the only way a kid with a paper round could own the charts. Volume 7 came out in the summer and it is a strange beast.',
      'Some of it has aged well; some of it has not.',
      'Looking back, the a-ha track is the one that still gets played in my house. Run-D.M.C. with Aerosmith was a crossover nobody saw coming.',
      'I still have the cassette, though the case is long gone.',
    ]);
  });

  it('reads "One Response to …" and a response nobody liked', () => {
    expect(review.year).toBe(1986);
    expect(review.nextPost).toBeNull();
    expect(review.blog).toEqual({ responseCount: 1, responses: [{ text: 'I had the vinyl! The gatefold was brilliant.', likes: 0 }] });
  });
});

describe('a post with "1)" numbers, side headings inside the listing, quoted titles and text after "Next post:"', () => {
  const { review, warnings } = importBlogPost(fixture('desert-island-discs.txt'));

  it('splits the title at the first ": " even after a non-breaking space, and finds no year', () => {
    expect(review.series).toBe('Desert Island Discs');
    expect(review.subject).toBe('My Ten');
    expect(review.year).toBeNull();
  });

  it('skips both side headings with a warning each and drops the quotes around a title', () => {
    expect(review.tracks.map((t) => `${t.position}|${t.artist}|${t.title}`)).toEqual([
      '1|Queen|Bohemian Rhapsody',
      '2|David Bowie|Heroes',
      '3|Kate Bush|Running Up That Hill',
      '4|The Cure|Just Like Heaven',
      '5|New Order|Blue Monday',
    ]);
    expect(warnings.filter((w) => w.includes('inside the track listing'))).toEqual([
      'line 7: skipped "Side One" inside the track listing (not a numbered "Artist – Title" line)',
      'line 11: skipped "Side Two" inside the track listing (not a numbered "Artist – Title" line)',
    ]);
  });

  it('reads the next post and warns about the text after it instead of keeping it as body', () => {
    expect(review.nextPost).toBe('Great Albums of 1987: Bad');
    expect(review.body).toHaveLength(1);
    expect(warnings.some((w) => w.startsWith('line 17: skipped "Thanks for reading!'))).toBe(true);
  });

  it('reads multi-paragraph responses, "Liked by N people" and likes right under the text', () => {
    expect(review.blog?.responseCount).toBe(3);
    expect(review.blog?.responses).toEqual([
      { text: 'No Madonna? I am shocked.', likes: 3 },
      { text: 'Great list.\n\nI would swap the Cure for the Smiths though.\n\nAnd where is Springsteen?', likes: 0 },
      { text: 'Blue Monday forever.', likes: 1 },
    ]);
  });
});

describe('a post without a listing heading, with a repeated track number and no responses', () => {
  const { review, warnings } = importBlogPost(fixture('guilty-pleasures-xanadu.txt'));

  it('finds the indented numbered listing and says it guessed where it starts', () => {
    expect(review.tracks).toHaveLength(5);
    expect(warnings).toContain('no "Track Listing" heading: the listing was taken to start at line 5');
  });

  it('renumbers after the repeated number once, with one warning', () => {
    expect(review.tracks.map((t) => t.position)).toEqual([1, 2, 3, 4, 5]);
    expect(review.tracks[2]).toEqual({ position: 3, artist: 'Electric Light Orchestra', title: "I'm Alive" });
    expect(warnings.filter((w) => w.includes('does not follow'))).toEqual([
      'line 7: track number 2 does not follow 2; numbered it 3; the tracks after it are shifted by 1',
    ]);
  });

  it('keeps a closing paragraph and has an empty blog archive', () => {
    expect(review.body.at(-1)).toBe('The roller skates were optional.');
    expect(review.year).toBeNull();
    expect(review.blog).toEqual({ responseCount: 0, responses: [] });
  });
});

describe('small posts built inline', () => {
  it('gives a title without ": " no series and the whole title as subject', () => {
    const { review } = importBlogPost('Thriller\n\nTrack Listing\n1. Michael Jackson - Thriller\n');
    expect(review.series).toBeNull();
    expect(review.subject).toBe('Thriller');
    expect(review.year).toBeNull();
  });

  it('splits at the first ": " only', () => {
    const { review } = importBlogPost("Great Albums of 1984: Purple Rain: The Deluxe Edition\n\nTracks:\n1. Prince - Let's Go Crazy\n");
    expect(review.series).toBe('Great Albums of 1984');
    expect(review.subject).toBe('Purple Rain: The Deluxe Edition');
    expect(review.year).toBe(1984);
  });

  it('raises the blog count to the visible responses when it is smaller, with a warning', () => {
    const text = [
      'Series 1999: X',
      '',
      'Track Listing',
      '1. A - B',
      '',
      'One Response to “Series 1999: X”',
      '',
      '1. First.',
      '',
      '2. Second.',
      '    Liked by 12 people',
    ].join('\n');
    const { review, warnings } = importBlogPost(text);
    expect(review.blog).toEqual({
      responseCount: 2,
      responses: [
        { text: 'First.', likes: 0 },
        { text: 'Second.', likes: 12 },
      ],
    });
    expect(warnings.some((w) => w.includes('counts 1 response(s) but 2 are visible'))).toBe(true);
  });

  it('reads "N Comments on …" with thousands separators', () => {
    const { review } = importBlogPost('T\n\nTrack Listing\n1. A - B\n\n1,204 Comments on “T”\n\n1. Hi\n');
    expect(review.blog?.responseCount).toBe(1204);
  });

  it('takes "N thoughts on …" in prose for prose, and only a heading naming the post for the responses', () => {
    const text = [
      'Great Albums of 1983: Synchronicity',
      '',
      'Track Listing',
      '1. The Police - Synchronicity I',
      '',
      '2 thoughts on the mix: it is too loud, and the drums are buried under a wall of keyboards nobody asked for.',
      '',
      'One thought on Great Albums of 1983: Synchronicity',
      '',
      '1. Loved it.',
    ].join('\n');
    const { review } = importBlogPost(text);
    expect(review.body).toEqual(['2 thoughts on the mix: it is too loud, and the drums are buried under a wall of keyboards nobody asked for.']);
    expect(review.blog).toEqual({ responseCount: 1, responses: [{ text: 'Loved it.', likes: 0 }] });
  });

  it('reads "No Responses to …" as zero', () => {
    const { review } = importBlogPost('T\n\nTrack Listing\n1. A - B\n\nNo Responses to “T”\n\nLeave a Reply\n');
    expect(review.blog).toEqual({ responseCount: 0, responses: [] });
  });

  it('ends the listing where prose resumes even if a later paragraph has a dash', () => {
    const text = [
      'Great Albums of 1982: Rio',
      '',
      'Track Listing',
      '1. Duran Duran - Rio',
      '2. Duran Duran - Hungry Like the Wolf',
      '',
      'The band – five lads from Birmingham – made the video of the decade on a budget that would embarrass anyone today.',
      '',
      '3. This line is not a track - it sits in a later paragraph.',
    ].join('\n');
    const { review, warnings } = importBlogPost(text);
    expect(review.tracks).toHaveLength(2);
    expect(review.body).toHaveLength(2);
    expect(warnings).toEqual([]);
  });
});
