import { describe, expect, it } from 'vitest';
import { htmlToBlocks, htmlToText } from '../../../src/importer/wxr/index.js';

const markdown = (html: string, classic?: boolean): string[] => htmlToBlocks(html, classic === undefined ? {} : { classic }).map((b) => b.markdown);
const plain = (html: string): string[] => htmlToBlocks(html).map((b) => b.plain);

describe('content to paragraphs', () => {
  it('classic text: a blank line starts a paragraph, a newline is a line break (as wpautop shows it)', () => {
    expect(markdown('One\ntwo\n\n\nThree')).toEqual(['One\ntwo', 'Three']);
  });

  it('block-editor HTML: newlines in the source are spaces, <br> is a line break', () => {
    expect(markdown('<!-- wp:paragraph --><p>One\ntwo<br>three</p><!-- /wp:paragraph -->')).toEqual(['One two\nthree']);
  });

  it('emphasis, links and code become Markdown; whitespace stays outside the markers', () => {
    expect(
      markdown('<p><strong>Bold </strong>and <em>italic</em>, <del>gone</del>, <code>x</code>, <a href="https://a.example/b?c=(d)">a [link]</a>.</p>'),
    ).toEqual(['**Bold** and *italic*, ~~gone~~, `x`, [a \\[link\\]](https://a.example/b?c=%28d%29).']);
  });

  it('a link whose text is its address is the address; a link that is not http(s) keeps only its text', () => {
    expect(markdown('<p><a href="https://x.example/">https://x.example/</a> <a href="mailto:someone">write</a> <a href="/about">about</a></p>')).toEqual([
      'https://x.example/ write about',
    ]);
  });

  it('no tags are left, entities are decoded, scripts and images are dropped', () => {
    const blocks = plain('<p>A&nbsp;&amp;&#8211;B&hellip; <img src="x.jpg" alt="cover"><script>alert(1)</script><span class="x">C</span></p>');
    expect(blocks).toEqual(['A &–B… C']);
  });

  it('a bare URL alone on its line in a paragraph becomes a paragraph of its own', () => {
    expect(markdown('Watch this:\nhttps://www.youtube.com/watch?v=abc\nGreat.')).toEqual(['Watch this:', 'https://www.youtube.com/watch?v=abc', 'Great.']);
  });

  it('lists: the plain form numbers every item for the listing; Markdown keeps bullets and nesting', () => {
    const blocks = htmlToBlocks('<ul><li>One<ul><li>Inner</li></ul></li><li>Two</li></ul>');
    expect(blocks.map((b) => b.plain)).toEqual(['1. One\n1. Inner\n2. Two']);
    expect(blocks.map((b) => b.markdown)).toEqual(['- One\n  - Inner\n- Two']);
  });

  it('headings are bold paragraphs; blockquotes are quoted lines', () => {
    expect(markdown('<h3>Verdict</h3><blockquote><p>Quoted</p></blockquote>')).toEqual(['**Verdict**', '> Quoted']);
  });

  it('a [caption] shortcode keeps its caption text; the image goes', () => {
    expect(markdown('[caption id="attachment_5" align="aligncenter" width="300"]<img src="c.jpg" /> The cover[/caption]')).toEqual(['The cover']);
  });
});

describe('hostile content', () => {
  it('long runs of spaces, in text or preformatted, read like any other whitespace', () => {
    const spaces = ' '.repeat(200_000);
    expect(markdown(`a${spaces}b\n${spaces}\n${spaces}c`)).toEqual(['a b', 'c']);
    expect(markdown(`<pre>x${spaces}</pre><p><em>y${spaces}</em><a href="https://z.example">${spaces}z</a></p>`)).toEqual(['x', '*y* [z](https://z.example/)']);
    expect(markdown(`[embed]${'h'.repeat(200_000)} [caption ${'c'.repeat(200_000)}`)).toHaveLength(1);
  });
});

describe('titles and names as text', () => {
  it('decodes entities, drops tags and collapses whitespace', () => {
    expect(htmlToText('Rock &amp; Roll &#8211; <em>Children</em>&#160;Live\n')).toBe('Rock & Roll – Children Live');
  });
});
