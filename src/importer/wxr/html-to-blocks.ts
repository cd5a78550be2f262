import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { embedBlockUrl, httpUrl, iframeUrl, isBareUrl, isEmbedBlockEnd, replaceEmbedShortcodes } from './media-urls.js';

/**
 * A post's `content:encoded` (or a comment's content) as paragraphs. WordPress stores what the editor wrote:
 * the classic editor's text (paragraphs are blank lines, a single newline is a line break: WordPress's wpautop
 * turns them into `<p>` and `<br />` when it shows the post), hand-written or pasted HTML, or the block editor's
 * HTML between `<!-- wp:… -->` comments (shown without wpautop). The HTML is parsed by parse5, as a browser would.
 *
 * Each block comes in two forms with the same lines: `plain` (the text as a reader sees it, which the plain-text
 * importer reads for the track listing and "Next post:") and `markdown` (emphasis, links and line breaks kept, for
 * the review's paragraphs).
 */
export interface TextBlock {
  plain: string;
  markdown: string;
}

type Node = DefaultTreeAdapterMap['childNode'];
type Element = DefaultTreeAdapterMap['element'];

/** Separators inside a rendering: a paragraph break and a line break. Text never keeps either as written. */
const paragraphBreak = '\u2029';
const lineBreak = '\n';
const separators = /(\u2029|\n)/;

interface Rendering {
  plain: string;
  md: string;
}

interface Context {
  /** Classic-editor text: blank lines are paragraphs and newlines are line breaks (wpautop). */
  classic: boolean;
  preformatted: boolean;
  /** Inside a Gutenberg embed block whose URL has been written: its player markup is left out. Shared by every context of one rendering. */
  embed: { skipping: boolean };
  listDepth: number;
}

const empty: Rendering = { plain: '', md: '' };
const paragraph: Rendering = { plain: paragraphBreak, md: paragraphBreak };

const dropped = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'img',
  'picture',
  'source',
  'track',
  'audio',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'object',
  'embed',
  'canvas',
  'map',
  'area',
  'meta',
  'link',
]);
const blocks = new Set([
  'address',
  'article',
  'aside',
  'center',
  'details',
  'dialog',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'header',
  'hgroup',
  'main',
  'nav',
  'p',
  'section',
  'summary',
  'li',
  'table',
  'caption',
]);
const headings = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const emphasis: Record<string, string> = {
  strong: '**',
  b: '**',
  em: '*',
  i: '*',
  cite: '*',
  del: '~~',
  s: '~~',
  strike: '~~',
  u: '__',
  code: '`',
  kbd: '`',
  tt: '`',
};
/** Shortcodes that only wrap or stand for media the review does not carry ([caption] keeps its caption text). */
const furnitureShortcodes = /\[\/?(?:caption|wp_caption|gallery|playlist|audio)(?:\s[^\]]{0,500})?\]/gi;

/** A part's leading whitespace, its text and its trailing whitespace (by trimming: linear, whatever the input). */
function spaced(part: string): [string, string, string] {
  const start = part.length - part.trimStart().length;
  const core = part.trim();
  return [part.slice(0, start), core, part.slice(start + core.length)];
}

function concat(parts: readonly Rendering[]): Rendering {
  return { plain: parts.map((p) => p.plain).join(''), md: parts.map((p) => p.md).join('') };
}

function attribute(element: Element, name: string): string | null {
  return element.attrs.find((a) => a.name === name)?.value ?? null;
}

/** Wraps every line of the rendering's Markdown in a marker, whitespace outside it (`** bold**` is not bold). */
function wrapLines(inner: Rendering, marker: string): Rendering {
  const md = inner.md
    .split(separators)
    .map((part) => {
      if (separators.test(part)) return part;
      const [lead, core, trail] = spaced(part);
      if (core.length === 0) return part;
      if (marker === '**' && core.startsWith('**') && core.endsWith('**')) return part;
      return `${lead}${marker}${core}${marker}${trail}`;
    })
    .join('');
  return { plain: inner.plain, md };
}

function prefixLines(inner: Rendering, prefix: string): Rendering {
  const md = inner.md
    .split(separators)
    .map((part) => (separators.test(part) || part.trim().length === 0 ? part : `${prefix}${part.trimStart()}`))
    .join('');
  return { plain: inner.plain, md };
}

/** wpautop's reading of text: a blank line (or several) is a paragraph break, a single newline a line break. */
function classicText(value: string): string {
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  let result = (lines[0] ?? '').replace(/[ \t\f\v]+/g, ' ');
  let blank = false;
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/[ \t\f\v]+/g, ' ');
    if (line.trim().length === 0 && i < lines.length - 1) {
      blank = true;
      continue;
    }
    result += (blank ? paragraphBreak : lineBreak) + line;
    blank = false;
  }
  return result;
}

function text(value: string, context: Context): Rendering {
  let plain: string;
  if (context.preformatted) plain = value.replace(/\r\n?/g, '\n');
  else if (context.classic) plain = classicText(value);
  else plain = value.replace(/[\s\u2029]+/g, ' ');
  plain = replaceEmbedShortcodes(plain, paragraphBreak, paragraphBreak).replace(furnitureShortcodes, '');
  return { plain, md: plain };
}

function link(element: Element, context: Context): Rendering {
  const inner = children(element, context);
  const href = httpUrl(attribute(element, 'href') ?? '');
  if (href === null || /[\u2029\n]/.test(inner.plain)) return inner;
  const label = inner.plain.trim();
  if (label.length === 0) return { plain: href, md: href };
  if (label === href || label === attribute(element, 'href')?.trim()) return { plain: inner.plain, md: inner.plain };
  const [lead, text, trail] = spaced(inner.md);
  const core = text.replace(/([[\]])/g, '\\$1');
  const target = href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return { plain: inner.plain, md: `${lead}[${core}](${target})${trail}` };
}

const numbered = /^\s*#?\d{1,3}\s*[.)]/;

function list(element: Element, context: Context): Rendering {
  const ordered = element.tagName === 'ol';
  let position = Number(attribute(element, 'start') ?? '1');
  if (!Number.isInteger(position)) position = 1;
  const nested: Context = { ...context, listDepth: context.listDepth + 1 };
  const indent = '  '.repeat(context.listDepth);
  const items: Rendering[] = [];
  for (const child of element.childNodes) {
    if (child.nodeName === 'ol' || child.nodeName === 'ul') {
      items.push(list(child, nested));
      continue;
    }
    if (child.nodeName !== 'li') continue;
    const item = child;
    const value = Number(attribute(item, 'value') ?? '');
    if (Number.isInteger(value) && value > 0) position = value;
    // Paragraphs inside an item stay in the item, as lines.
    const inner = children(item, nested);
    const plain = inner.plain.replaceAll(paragraphBreak, lineBreak).trim();
    const md = inner.md.replaceAll(paragraphBreak, lineBreak).trim();
    if (plain.trim().length === 0) continue;
    // Positions come from the order unless the item already carries its number.
    if (numbered.test(plain)) items.push({ plain, md: `${indent}${md}` });
    else items.push({ plain: `${position}. ${plain}`, md: `${indent}${ordered ? `${position}.` : '-'} ${md}` });
    position++;
  }
  const joined: Rendering[] = [];
  items.forEach((item, index) => {
    if (index > 0) joined.push({ plain: lineBreak, md: lineBreak });
    joined.push(item);
  });
  // A nested list is lines of its parent item; a top-level list is a paragraph of its own.
  const edge = context.listDepth > 0 ? { plain: lineBreak, md: lineBreak } : paragraph;
  return concat([edge, ...joined, edge]);
}

function element(node: Element, context: Context): Rendering {
  const name = node.tagName;
  if (context.embed.skipping) {
    children(node, context);
    return empty;
  }
  if (dropped.has(name)) return empty;
  if (name === 'br') return { plain: lineBreak, md: lineBreak };
  if (name === 'hr') return paragraph;
  if (name === 'iframe' || name === 'video') {
    const source = attribute(node, 'src') ?? node.childNodes.map((c) => (c.nodeName === 'source' ? attribute(c, 'src') : null)).find((s) => s);
    const url = source ? (name === 'iframe' ? iframeUrl(source) : httpUrl(source)) : null;
    return url === null ? empty : { plain: `${paragraphBreak}${url}${paragraphBreak}`, md: `${paragraphBreak}${url}${paragraphBreak}` };
  }
  if (name === 'a') return link(node, context);
  if (name === 'ol' || name === 'ul') return list(node, context);
  const marker = emphasis[name];
  if (marker) return wrapLines(children(node, context), marker);
  if (headings.has(name)) {
    const inner = children(node, context);
    const lines = inner.plain.split(separators).map((part) => (separators.test(part) ? part : part.trim()));
    const md = lines.map((part) => (separators.test(part) || part.length === 0 ? part : `**${part}**`)).join('');
    return concat([paragraph, { plain: lines.join(''), md }, paragraph]);
  }
  if (name === 'pre') return concat([paragraph, children(node, { ...context, preformatted: true }), paragraph]);
  if (name === 'blockquote') return concat([paragraph, prefixLines(children(node, context), '> '), paragraph]);
  if (name === 'tr') return concat([children(node, context), { plain: lineBreak, md: lineBreak }]);
  if (name === 'td' || name === 'th') return concat([children(node, context), { plain: ' ', md: ' ' }]);
  if (blocks.has(name)) return concat([paragraph, children(node, context), paragraph]);
  return children(node, context);
}

function comment(data: string, context: Context): Rendering {
  if (context.embed.skipping) {
    if (isEmbedBlockEnd(data)) context.embed.skipping = false;
    return empty;
  }
  const url = embedBlockUrl(data);
  if (url !== null) {
    // Self-closing embed comments have no markup to skip.
    context.embed.skipping = !data.trimEnd().endsWith('/');
    return { plain: `${paragraphBreak}${url}${paragraphBreak}`, md: `${paragraphBreak}${url}${paragraphBreak}` };
  }
  if (/^\s*nextpage\s*$/.test(data)) return paragraph;
  return empty;
}

function node(child: Node, context: Context): Rendering {
  if (child.nodeName === '#text') return context.embed.skipping ? empty : text((child as DefaultTreeAdapterMap['textNode']).value, context);
  if (child.nodeName === '#comment') return comment((child as DefaultTreeAdapterMap['commentNode']).data, context);
  if ('tagName' in child) return element(child, context);
  return empty;
}

function children(parent: Element | DefaultTreeAdapterMap['documentFragment'], context: Context): Rendering {
  return concat(parent.childNodes.map((child) => node(child, context)));
}

/** What the plain-text importer does to every line (no-break and zero-width spaces), then whitespace collapsed. */
function normalizeLine(line: string): string {
  return line
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b\u200c\u200d\u2060\ufeff]/g, '')
    .replace(/[ \t\f\v]+/g, ' ')
    .trim();
}

function splitBlocks(rendering: Rendering): TextBlock[] {
  const plainBlocks = rendering.plain.split(paragraphBreak);
  const mdBlocks = rendering.md.split(paragraphBreak);
  const result: TextBlock[] = [];
  plainBlocks.forEach((plainBlock, index) => {
    const plainLines = plainBlock.split(lineBreak).map(normalizeLine);
    const mdSource = mdBlocks.length === plainBlocks.length ? (mdBlocks[index] ?? '') : plainBlock;
    // A list item's indentation is kept; every other run of whitespace becomes one space.
    let mdLines = mdSource.split(lineBreak).map((line) => {
      const indent = /^ */.exec(line)?.[0] ?? '';
      return indent + normalizeLine(line);
    });
    // Markdown keeps a list item's indentation; every other line is trimmed like its plain form.
    if (mdLines.length !== plainLines.length) mdLines = plainLines;
    let plain: string[] = [];
    let md: string[] = [];
    const close = (): void => {
      if (plain.length > 0) result.push({ plain: plain.join('\n'), markdown: md.join('\n') });
      plain = [];
      md = [];
    };
    plainLines.forEach((line, at) => {
      if (line.length === 0) {
        close();
        return;
      }
      const mdLine = mdLines[at] ?? line;
      const markdown = /^ +[-\d]/.test(mdLine) ? mdLine : mdLine.trim();
      if (isBareUrl(line)) {
        // A video's URL alone on its line is its own paragraph, so Discord shows its preview.
        close();
        result.push({ plain: line, markdown: line });
        return;
      }
      plain.push(line);
      md.push(markdown.length > 0 ? markdown : line);
    });
    close();
  });
  return result;
}

/** Whether the content is the block editor's (its blocks are delimited by `<!-- wp:… -->` comments). */
export function isBlockEditorContent(html: string): boolean {
  return /<!--\s+wp:[a-z]/.test(html);
}

/** The content's paragraphs. `classic` defaults to whether the content has no block-editor delimiters. */
export function htmlToBlocks(html: string, options: { classic?: boolean } = {}): TextBlock[] {
  const classic = options.classic ?? !isBlockEditorContent(html);
  const fragment = parseFragment(html);
  return splitBlocks(children(fragment, { classic, preformatted: false, embed: { skipping: false }, listDepth: 0 }));
}

/** A title or a name as text: entities decoded, tags gone, whitespace collapsed to single spaces. */
export function htmlToText(html: string): string {
  return htmlToBlocks(html, { classic: false })
    .map((block) => block.plain.replaceAll('\n', ' '))
    .join(' ')
    .trim();
}
