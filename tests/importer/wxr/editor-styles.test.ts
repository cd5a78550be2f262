import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importWxrFile, type ImportedPost, type WxrImport } from '../../../src/importer/wxr/index.js';
import { buildExport, type ItemSpec } from './build-export.js';

const dir = mkdtempSync(join(tmpdir(), 'liner-notes-wxr-styles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
async function importItems(items: ItemSpec[]): Promise<WxrImport> {
  const file = join(dir, `export-${files++}.xml`);
  writeFileSync(file, buildExport(items));
  return importWxrFile(file);
}

async function importOne(spec: ItemSpec): Promise<ImportedPost> {
  const { reviews, skipped } = await importItems([spec]);
  expect(skipped).toEqual([]);
  const [post] = reviews;
  if (!post) throw new Error('no review imported');
  return post;
}

const listing = [
  { position: 1, artist: 'Simple Minds', title: 'Don’t You (Forget About Me)' },
  { position: 2, artist: 'Wang Chung', title: 'Fire in the Twilight' },
  { position: 3, artist: 'Keith Forsey', title: 'Love Theme' },
];

describe('the classic editor’s text', () => {
  it('reads blank-line paragraphs, line breaks, the messy listing lines and "Next post:"', async () => {
    const post = await importOne({
      title: 'Great Soundtracks of 1985: The Breakfast Club',
      postName: 'great-soundtracks-of-1985-the-breakfast-club',
      content: [
        'A film about five kids in <em>detention</em>.\nA second line of the same paragraph.',
        'The <strong>best</strong> song is on <a href="https://en.wikipedia.org/wiki/Simple_Minds">Simple Minds</a>’ side.',
        'Track Listing',
        '  1. Simple Minds- Don’t You (Forget About Me)\n\n\n2) Wang Chung – Fire in the Twilight\n03. Keith Forsey — Love Theme',
        'Still a classic.',
        'Next post: Rocky IV',
      ].join('\n\n'),
    });
    expect(post.review.tracks.map(({ position, artist, title }) => ({ position, artist, title }))).toEqual(listing);
    expect(post.review.body).toEqual([
      'A film about five kids in *detention*.\nA second line of the same paragraph.',
      'The **best** song is on [Simple Minds](https://en.wikipedia.org/wiki/Simple_Minds)’ side.',
      'Still a classic.',
    ]);
    expect(post.review.nextPost).toBe('Rocky IV');
    expect(post.review.slug).toBe('great-soundtracks-of-1985-the-breakfast-club');
  });
});

describe('HTML', () => {
  it('reads <p>, <br /> between tracks in one paragraph, a <strong> heading and entities', async () => {
    const post = await importOne({
      title: 'Great Soundtracks of 1985: The Breakfast Club',
      content:
        '<p>Detention &amp; a saturday&nbsp;morning &#8211; the film.</p>\n' +
        '<p><strong>Track Listing</strong></p>\n' +
        '<p>1. Simple Minds- Don&#8217;t You (Forget About Me)<br />2. Wang Chung- Fire in the Twilight<br />\n3. Keith Forsey- Love Theme</p>\n' +
        '<p>Next post: <a href="https://blog.example/rocky-iv/">Rocky IV</a></p>',
    });
    expect(post.review.tracks.map(({ position, artist, title }) => ({ position, artist, title }))).toEqual(listing);
    expect(post.review.body).toEqual(['Detention & a saturday morning – the film.']);
    expect(post.review.nextPost).toBe('Rocky IV');
  });

  it('reads an <ol> without numbers (positions from the order), a <ul>, and <h2>–<h4> headings', async () => {
    const ordered = await importOne({
      title: 'Great Soundtracks of 1985: The Breakfast Club',
      content:
        '<h2>The film</h2><p>Five kids.</p><h3>Track Listing</h3>' +
        '<ol><li>Simple Minds – Don’t You (Forget About Me)</li><li>Wang Chung – Fire in the Twilight</li><li><em>Keith Forsey</em> – Love Theme</li></ol>' +
        '<h4>Verdict</h4><p>Good.</p>',
    });
    expect(ordered.review.tracks.map(({ position, artist, title }) => ({ position, artist, title }))).toEqual(listing);
    expect(ordered.review.body).toEqual(['**The film**', 'Five kids.', '**Verdict**', 'Good.']);
    expect(ordered.warnings).toEqual([]);

    const bulleted = await importOne({
      title: 'Great Soundtracks of 1985: The Breakfast Club',
      content:
        '<p>Five kids.</p><p><b>Tracklist:</b></p>' +
        '<ul>\n<li>Simple Minds - Don’t You (Forget About Me)</li>\n<li>Wang Chung - Fire in the Twilight</li>\n<li>Keith Forsey - Love Theme</li>\n</ul>',
    });
    expect(bulleted.review.tracks.map((t) => t.position)).toEqual([1, 2, 3]);
    expect(bulleted.review.tracks[2]?.artist).toBe('Keith Forsey');
  });

  it('keeps an <ol start> numbering and items that carry their own numbers', async () => {
    const post = await importOne({
      title: 'Side Two',
      content: '<p>Track Listing</p><ol start="6"><li>A – B</li><li>C – D</li></ol><ul><li>9. E – F</li></ul>',
    });
    expect(post.review.tracks.map((t) => `${t.position} ${t.artist}`)).toEqual(['6 A', '7 C', '9 E']);
  });
});

describe('block editor (Gutenberg) markup', () => {
  it('reads paragraph, heading, ordered list and embed blocks', async () => {
    const post = await importOne({
      title: 'Great Soundtracks of 1985: The Breakfast Club',
      content: `<!-- wp:paragraph -->
<p>A film about five kids, with a <em>great</em>
soundtrack.</p>
<!-- /wp:paragraph -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=CdqoNKCCt7A","type":"video","providerNameSlug":"youtube","responsive":true} -->
<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=CdqoNKCCt7A
</div></figure>
<!-- /wp:embed -->

<!-- wp:heading -->
<h2 class="wp-block-heading">Track Listing</h2>
<!-- /wp:heading -->

<!-- wp:list {"ordered":true} -->
<ol class="wp-block-list"><!-- wp:list-item -->
<li>Simple Minds – Don’t You (Forget About Me)</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Wang Chung – Fire in the Twilight</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Keith Forsey – Love Theme</li>
<!-- /wp:list-item --></ol>
<!-- /wp:list -->

<!-- wp:paragraph -->
<p>Next post: Rocky IV</p>
<!-- /wp:paragraph -->`,
    });
    expect(post.review.tracks.map(({ position, artist, title }) => ({ position, artist, title }))).toEqual(listing);
    expect(post.review.body).toEqual(['A film about five kids, with a *great* soundtrack.', 'https://www.youtube.com/watch?v=CdqoNKCCt7A']);
    expect(post.review.nextPost).toBe('Rocky IV');
  });
});

describe('embedded media', () => {
  const withMedia = (media: string, blockEditor = false): ItemSpec => ({
    title: 'Videos',
    content: blockEditor
      ? `<!-- wp:paragraph --><p>See below:</p><!-- /wp:paragraph -->${media}<!-- wp:paragraph --><p>Track Listing<br>1. A- B</p><!-- /wp:paragraph -->`
      : `See below:\n${media}\nAfter it.\n\nTrack Listing\n\n1. A- B`,
  });

  it.each([
    ['an [embed] shortcode', '[embed]https://www.youtube.com/watch?v=3WhUSQa3dg8[/embed]', 'https://www.youtube.com/watch?v=3WhUSQa3dg8'],
    ['an [embed] shortcode with a width', '[embed width="560"]https://vimeo.com/76979871[/embed]', 'https://vimeo.com/76979871'],
    ['a bare video URL on its own line', 'https://youtu.be/3WhUSQa3dg8', 'https://youtu.be/3WhUSQa3dg8'],
    [
      'a YouTube <iframe>',
      '<iframe width="560" height="315" src="https://www.youtube.com/embed/3WhUSQa3dg8?feature=oembed" frameborder="0" allowfullscreen></iframe>',
      'https://www.youtube.com/watch?v=3WhUSQa3dg8',
    ],
    ['a Vimeo <iframe>', '<iframe src="https://player.vimeo.com/video/76979871"></iframe>', 'https://vimeo.com/76979871'],
  ])('%s becomes the video’s URL as its own paragraph', async (_name, media, url) => {
    const post = await importOne(withMedia(media));
    expect(post.review.body).toEqual(['See below:', url, 'After it.']);
  });

  it('an embed block becomes its URL once, without its player markup', async () => {
    const post = await importOne(
      withMedia(
        '<!-- wp:core-embed/youtube {"url":"https://youtu.be/3WhUSQa3dg8","type":"video"} --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://youtu.be/3WhUSQa3dg8\n</div><figcaption>The montage</figcaption></figure><!-- /wp:core-embed/youtube -->',
        true,
      ),
    );
    expect(post.review.body).toEqual(['See below:', 'https://youtu.be/3WhUSQa3dg8']);
  });
});

describe('titles and slugs', () => {
  it('decodes entities in a title written without CDATA and reads CDATA as written', async () => {
    const { reviews } = await importItems([
      { title: 'Great Albums of 1984: Simon &amp;#38; Garfunkel &#8211; Live&#160;Tour', rawTitle: true, content: 'Track Listing\n\n1. A- B' },
      { title: 'Great Albums of 1984: Hall & Oates <3', content: 'Track Listing\n\n1. A- B' },
    ]);
    expect(reviews.map((r) => r.review.title)).toEqual(['Great Albums of 1984: Simon & Garfunkel – Live Tour', 'Great Albums of 1984: Hall & Oates <3']);
    expect(reviews[0]?.review).toMatchObject({ series: 'Great Albums of 1984', subject: 'Simon & Garfunkel – Live Tour', year: 1984 });
  });

  it('takes wp:post_name as the slug when it is a valid slug, else derives one from the title', async () => {
    const { reviews, skipped } = await importItems([
      { title: 'Café Del Mar', postName: 'cafe-del-mar-volume-one', content: 'Track Listing\n\n1. A- B' },
      { title: 'Café Del Mar: Volume Two', postName: 'caf%c3%a9-del-mar-2', content: 'Track Listing\n\n1. A- B' },
      { title: 'Another', postName: 'cafe-del-mar-volume-one', content: 'Track Listing\n\n1. A- B' },
    ]);
    expect(reviews.map((r) => r.review.slug)).toEqual(['cafe-del-mar-volume-one', 'cafe-del-mar-volume-two']);
    expect(skipped).toEqual([
      { title: 'Another', postType: 'post', reason: 'its slug "cafe-del-mar-volume-one" is already taken by "Café Del Mar" earlier in this export' },
    ]);
  });
});

describe('what counts as a review', () => {
  it('skips every item that is not a published post with a listing, with its reason, and imports the others', async () => {
    const withListing = 'Track Listing\n\n1. A- B';
    const { reviews, skipped } = await importItems([
      { title: 'No listing here', content: '<p>Just some thoughts on music.</p>' },
      { title: 'A draft', status: 'draft', content: withListing },
      { title: 'Pending', status: 'pending', content: withListing },
      { title: 'Private', status: 'private', content: withListing },
      { title: 'Trashed', status: 'trash', content: withListing },
      { title: 'About', postType: 'page', content: withListing },
      { title: 'cover.jpg', postType: 'attachment', content: '' },
      { title: 'Home', postType: 'nav_menu_item', content: '' },
      { title: 'Members only', password: 'secret', content: withListing },
      { title: 'The one review', content: withListing },
    ]);
    expect(reviews.map((r) => r.review.title)).toEqual(['The one review']);
    expect(skipped.map((s) => `${s.title}: ${s.reason}`)).toEqual([
      'No listing here: no track listing: no "Track Listing" heading and no numbered "Artist - Title" lines',
      'A draft: a draft, not published',
      'Pending: pending review, not published',
      'Private: private, not published',
      'Trashed: in the trash, not published',
      'About: a page, not a post',
      'cover.jpg: an attachment, not a post',
      'Home: a menu item, not a post',
      'Members only: password-protected: its content is not meant for everyone',
    ]);
    expect(JSON.stringify(skipped)).not.toContain('secret');
  });
});

describe('responses', () => {
  it('lists approved ordinary comments by date, each reply after the one it answers, with replyTo positions', async () => {
    const post = await importOne({
      title: 'Threads',
      content: 'Track Listing\n\n1. A- B',
      comments: [
        { id: 10, author: 'Ann', date: '2020-01-02 10:00:00', content: 'First!' },
        { id: 11, author: 'Bob', date: '2020-01-02 11:00:00', content: 'Second.' },
        { id: 12, author: 'Cat', date: '2020-01-02 12:00:00', content: 'Replying to Ann.', parent: 10 },
        { id: 13, author: 'Ann', date: '2020-01-02 13:00:00', content: 'Replying to Cat.', parent: 12 },
        { id: 14, author: 'Dan', date: '2020-01-02 14:00:00', content: 'Another reply to Ann.', parent: 10 },
        { id: 15, author: 'Eve', date: '2020-01-02 09:00:00', content: 'Earliest, posted before Ann.', type: '' },
        { id: 20, author: 'Pat', date: '2020-01-02 10:30:00', content: 'Waiting for moderation.', approved: '0' },
        { id: 21, author: 'Spammer', date: '2020-01-02 10:31:00', content: 'buy now', approved: 'spam' },
        { id: 22, author: 'Gone', date: '2020-01-02 10:32:00', content: 'deleted', approved: 'trash' },
        { id: 23, author: 'Other Blog', date: '2020-01-02 10:33:00', content: '[…] linked […]', type: 'pingback' },
        { id: 24, author: 'Old Blog', date: '2020-01-02 10:34:00', content: '[…] tracked […]', type: 'trackback' },
        { id: 25, author: 'Fay', date: '2020-01-02 15:00:00', content: 'Answering a pending comment.', parent: 20 },
      ],
    });
    expect(post.responses.map((r) => [r.author, r.text, r.replyTo])).toEqual([
      ['Eve', 'Earliest, posted before Ann.', null],
      ['Ann', 'First!', null],
      ['Cat', 'Replying to Ann.', 2],
      ['Ann', 'Replying to Cat.', 3],
      ['Dan', 'Another reply to Ann.', 2],
      ['Bob', 'Second.', null],
      ['Fay', 'Answering a pending comment.', null],
    ]);
    expect(post.responses.map((r) => r.likes)).toEqual(post.responses.map(() => 0));
    expect(post.responses[0]?.date).toBe('2020-01-02T09:00:00Z');
    expect(post.review.blog?.responseCount).toBe(7);
    expect(post.warnings).toContain('1 response(s) answer a comment that is not imported (pending, spam, trashed or missing): listed as top-level responses');
  });

  it('turns a comment’s HTML into Markdown, entities decoded and tags gone; an empty one is left out with a warning', async () => {
    const post = await importOne({
      title: 'Markup',
      content: 'Track Listing\n\n1. A- B',
      comments: [
        {
          id: 1,
          author: 'Ann &amp; Co',
          date: '2020-01-02 10:00:00',
          content: 'I <strong>loved</strong> it &mdash; see <a href="https://example.com/x" rel="nofollow">this</a>.\n\n<blockquote>A quote</blockquote>',
        },
        { id: 2, author: '', date: '2020-01-02 11:00:00', content: 'Nameless.' },
        { id: 3, author: 'Blank', date: '2020-01-02 12:00:00', content: '<p> </p>' },
      ],
    });
    expect(post.responses.map((r) => [r.author, r.text])).toEqual([
      ['Ann & Co', 'I **loved** it — see [this](https://example.com/x).\n\n> A quote'],
      ['Anonymous', 'Nameless.'],
    ]);
    expect(post.warnings).toContain('left out a response by Blank: it has no text');
  });
});

describe('privacy', () => {
  it('removes e-mail and IP addresses wherever a post or comment quotes them, and never reads commenters’ URLs', async () => {
    const post = await importOne({
      title: 'Privacy',
      content: 'Write to me at editor@blog.example.\n\nTrack Listing\n\n1. A- B',
      comments: [
        {
          id: 1,
          author: 'fan@mail.example',
          email: 'fan@mail.example',
          ip: '192.0.2.44',
          url: 'https://fan.example',
          date: '2020-01-02 10:00:00',
          content: 'My address is fan@mail.example and my IP is 192.0.2.44 (not 192.0.2.4).',
        },
      ],
    });
    const json = JSON.stringify(post);
    for (const secret of ['editor@blog.example', 'fan@mail.example', '192.0.2.44', 'fan.example']) expect(json).not.toContain(secret);
    expect(post.review.body).toEqual(['Write to me at [e-mail address removed].']);
    expect(post.responses[0]).toMatchObject({
      author: 'Anonymous',
      text: 'My address is [e-mail address removed] and my IP is [IP address removed] (not 192.0.2.4).',
    });
  });
});
