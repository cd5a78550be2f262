/**
 * Text a person can see. A title made of zero-width spaces looks empty on Discord yet passes a plain
 * `trim().length > 0` check, and a bidirectional override (U+202E) flips the text after it, so a thread name can
 * be made to read as something else. These functions tell such text apart and take the controls out of names.
 */

/**
 * Characters that take no room (Unicode's Default_Ignorable_Code_Point, the ones that occur in pasted text):
 * soft hyphen, combining grapheme joiner, the zero-width and joiner characters, word joiner and invisible
 * operators, the byte-order mark, variation selectors and tag characters; and the Hangul fillers and the blank
 * Braille pattern, which people paste to make a name that looks empty. Bidirectional controls are below; the
 * two sets together are what "invisible" means here.
 */
const zeroWidth =
  '\\u00AD\\u034F\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200D\\u2060-\\u2064\\u2800\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\u{E0000}-\\u{E007F}\\u{E0100}-\\u{E01EF}';

/**
 * Bidirectional formatting characters (Unicode Bidirectional Algorithm, UAX #9, section 2): the embeddings and
 * overrides U+202A–U+202E, the isolates U+2066–U+2069, and the marks U+200E, U+200F and U+061C. Discord shows
 * names without any markup, so in a name they can only reorder what people read.
 */
const bidiControls = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';

// eslint-disable-next-line no-misleading-character-class -- each code point is a \u escape, meant alone; the rule cannot see escapes in a built pattern
const invisibleOnly = new RegExp(`^[\\s${zeroWidth}${bidiControls}]*$`, 'u');
const bidiPattern = new RegExp(`[${bidiControls}]`, 'gu');

/** Why invisible text is refused, after the name of the field ("title is made only of …"). */
export const invisibleReason = 'is made only of invisible characters (zero-width, bidirectional controls or whitespace)';

/** True when nothing in `text` shows: it is empty, or only whitespace, zero-width characters and bidi controls. */
export function isInvisible(text: string): boolean {
  return invisibleOnly.test(text);
}

/** `text` without bidirectional controls (overrides, embeddings, isolates and marks). */
export function stripBidiControls(text: string): string {
  return text.replace(bidiPattern, '');
}

/** Whitespace and the zero-width characters that only pad: what a name loses at either end. */
const padding = '[\\s\\u200B\\u2060\\uFEFF]+';
const edges = new RegExp(`^${padding}|${padding}$`, 'gu');

/**
 * A thread or forum-post name from `text`: no bidirectional controls, whitespace runs (line breaks included) as
 * one space, no padding at either end, and cut at `max` characters without splitting a surrogate pair (Discord
 * counts a name's length in UTF-16 units). Zero-width joiners and variation selectors inside stay: emoji are made
 * of them. `fallback` stands in when nothing visible is left, since Discord refuses an empty name.
 */
export function threadName(text: string, max: number, fallback = 'Responses'): string {
  const cleaned = stripBidiControls(text).replace(/\s+/gu, ' ').replace(edges, '');
  const visible = isInvisible(cleaned) ? fallback : cleaned;
  let name = '';
  for (const char of visible) {
    if (name.length + char.length > max) break;
    name += char;
  }
  return name.replace(edges, '');
}
