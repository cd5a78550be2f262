import { describe, expect, it } from 'vitest';
import { continuedMarker, splitText, truncateAtWord } from '../../src/domain/split-text.js';

const words = (n: number, word = 'soundtrack'): string => Array.from({ length: n }, () => word).join(' ');

describe('splitText', () => {
  it('keeps paragraphs whole and together while they fit', () => {
    expect(splitText(['One.', 'Two.', 'Three.'], 100)).toEqual(['One.\n\nTwo.\n\nThree.']);
  });

  it('starts a new piece at a paragraph boundary when the next paragraph does not fit', () => {
    const a = words(8);
    const b = words(8);
    expect(splitText([a, b], 100)).toEqual([a, b]);
  });

  it('breaks an over-long paragraph at whitespace and marks both sides of the break', () => {
    const paragraph = words(100);
    const pieces = splitText([paragraph], 200);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(200);
    expect(pieces[0]?.endsWith(continuedMarker)).toBe(true);
    expect(pieces.at(-1)?.startsWith(continuedMarker)).toBe(true);
    const rejoined = pieces.map((p) => p.replaceAll(continuedMarker, '').trim()).join(' ');
    expect(rejoined).toBe(paragraph);
    for (const piece of pieces) {
      for (const word of piece.replaceAll(continuedMarker, '').trim().split(' ')) expect(word).toBe('soundtrack');
    }
  });

  it('cuts a single giant word only with a visible marker', () => {
    const pieces = splitText(['x'.repeat(500)], 100);
    expect(pieces.every((p) => p.length <= 100)).toBe(true);
    expect(pieces.slice(0, -1).every((p) => p.endsWith(continuedMarker))).toBe(true);
    expect(pieces.map((p) => p.replaceAll(continuedMarker, '').replaceAll(' ', '')).join('')).toBe('x'.repeat(500));
  });

  it('skips blank paragraphs and refuses absurdly small limits', () => {
    expect(splitText(['', '  ', 'Text.'], 100)).toEqual(['Text.']);
    expect(() => splitText(['Text.'], 10)).toThrow(RangeError);
  });
});

describe('truncateAtWord', () => {
  it('leaves short text alone and flattens whitespace', () => {
    expect(truncateAtWord('Great\n\nsoundtrack.', 50)).toBe('Great soundtrack.');
  });

  it('cuts at a word boundary with an ellipsis', () => {
    expect(truncateAtWord('There is another Rocky IV reference in Family Guy', 20)).toBe('There is another…');
  });
});
