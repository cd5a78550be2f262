import { describe, expect, it } from 'vitest';
import { isInvisible, stripBidiControls, threadName } from '../../src/domain/visible-text.js';

describe('isInvisible', () => {
  it.each([
    ['empty', ''],
    ['spaces and a tab', '  \t '],
    ['zero-width spaces', '\u200B\u200B'],
    ['a zero-width joiner and non-joiner', '\u200D\u200C'],
    ['a byte-order mark and word joiner', '\uFEFF\u2060'],
    ['a right-to-left override', '\u202E'],
    ['isolates and marks', '\u2066\u2069\u200E\u200F\u061C'],
    ['a Hangul filler', '\u3164'],
    ['a blank Braille pattern', '\u2800\u2800'],
    ['no-break and ideographic spaces', '\u00A0\u3000'],
    ['a variation selector', '\uFE0F'],
    ['a tag character', '\u{E0041}'],
  ])('is true for %s', (_name, text) => {
    expect(isInvisible(text)).toBe(true);
  });

  it.each([
    ['a word', 'Rocky IV'],
    ['a word between zero-width spaces', '\u200BRocky\u200B'],
    ['an emoji with a variation selector', '❤️'],
    ['a family emoji joined by zero-width joiners', '👨‍👩‍👧'],
    ['right-to-left text', 'שלום'],
    ['a single dot', '.'],
  ])('is false for %s', (_name, text) => {
    expect(isInvisible(text)).toBe(false);
  });
});

describe('stripBidiControls', () => {
  it('takes out overrides, embeddings, isolates and marks, and nothing else', () => {
    expect(stripBidiControls('\u202Egnp.exe\u202C \u2067x\u2069\u200E\u200F\u061C')).toBe('gnp.exe x');
    expect(stripBidiControls('שלום – Rocky')).toBe('שלום – Rocky');
  });
});

describe('threadName', () => {
  it('never lets a bidirectional control through', () => {
    const name = threadName('Responses: \u202Eevil\u202C \u2066name\u2069 \u200F', 100);
    expect(name).toBe('Responses: evil name');
    expect(name).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u);
  });

  it('folds line breaks and runs of whitespace into one space and drops zero-width padding at the ends', () => {
    expect(threadName('\u200B Rocky\n\nIV \uFEFF', 100)).toBe('Rocky IV');
  });

  it('keeps emoji whole: their joiners and variation selectors stay', () => {
    expect(threadName('Love ❤️ 👨‍👩‍👧', 100)).toBe('Love ❤️ 👨‍👩‍👧');
  });

  it('falls back when nothing visible is left, since Discord refuses an empty name', () => {
    expect(threadName('\u200B\u202E\u200B', 100)).toBe('Responses');
    expect(threadName('\u2800', 100, 'Review')).toBe('Review');
  });

  it('cuts at the limit without splitting a surrogate pair', () => {
    const name = threadName(`${'a'.repeat(99)}🎸`, 100);
    expect(name).toBe('a'.repeat(99));
    expect(threadName('x'.repeat(150), 100)).toHaveLength(100);
  });
});
