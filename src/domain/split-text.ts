/** Marker shown where a paragraph had to be broken across two pieces, so no cut is ever silent. */
export const continuedMarker = '*(continued)*';

/**
 * Splits paragraphs into pieces of at most `maxLength` characters. Paragraphs are kept whole where they fit;
 * a paragraph too long for one piece is broken at whitespace and the break is marked with `continuedMarker`
 * at the end of the first piece and the start of the next. A single word longer than a piece is the only
 * thing ever cut mid-word, and that cut is marked the same way.
 */
export function splitText(paragraphs: readonly string[], maxLength: number): string[] {
  const markerRoom = continuedMarker.length * 2 + 4;
  if (maxLength < markerRoom + 16) throw new RangeError(`maxLength ${maxLength} is too small to split text`);
  const pieces: string[] = [];
  let current = '';

  const flush = (): void => {
    if (current.length > 0) pieces.push(current);
    current = '';
  };

  for (const raw of paragraphs) {
    const paragraph = raw.trim();
    if (paragraph.length === 0) continue;
    const joined = current.length === 0 ? paragraph : `${current}\n\n${paragraph}`;
    if (joined.length <= maxLength) {
      current = joined;
      continue;
    }
    flush();
    if (paragraph.length <= maxLength) {
      current = paragraph;
      continue;
    }
    for (const part of breakParagraph(paragraph, maxLength)) {
      flush();
      current = part;
    }
  }
  flush();
  return pieces;
}

/** Breaks one over-long paragraph into marked pieces, each at most maxLength long. */
function breakParagraph(paragraph: string, maxLength: number): string[] {
  const parts: string[] = [];
  let rest = paragraph;
  let first = true;
  while (rest.length > 0) {
    const prefix = first ? '' : `${continuedMarker} `;
    if (prefix.length + rest.length <= maxLength) {
      parts.push(prefix + rest);
      break;
    }
    const room = maxLength - prefix.length - continuedMarker.length - 1;
    let cut = rest.lastIndexOf(' ', room);
    if (cut <= 0) cut = room; // one word longer than a piece: cut it, the marker makes the cut visible
    parts.push(`${prefix}${rest.slice(0, cut).trimEnd()} ${continuedMarker}`);
    rest = rest.slice(cut).trimStart();
    first = false;
  }
  return parts;
}

/**
 * Cuts `text` to at most `maxLength` characters at a word boundary, ending with `suffix` when anything was
 * dropped. Used where a whole piece cannot be shown (e.g. a response excerpt).
 */
export function truncateAtWord(text: string, maxLength: number, suffix = '…'): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const room = maxLength - suffix.length;
  let cut = flat.lastIndexOf(' ', room);
  if (cut <= 0) cut = room;
  return `${flat.slice(0, cut).trimEnd()}${suffix}`;
}
