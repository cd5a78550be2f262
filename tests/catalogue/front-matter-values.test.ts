import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseReviewFile, ReviewFileError } from '../../src/catalogue/review-file.js';

// Simple front matter lines are read without the YAML parser; what they mean must not change.
function file(lines: Record<string, string>): string {
  const frontMatter = { title: 'T', subject: 'S', addedAt: '2024-01-01', ...lines };
  return `---\n${Object.entries(frontMatter)
    .map(([key, value]) => `${key}: ${value}`.trimEnd())
    .join('\n')}\n---\n\nBody.\n\n## Track listing\n\n1. A - B\n`;
}

function yamlValue(text: string): unknown {
  const parsed: unknown = parse(`value: ${text}`);
  return parsed !== null && typeof parsed === 'object' && 'value' in parsed ? parsed.value : undefined;
}

describe('front matter values', () => {
  const titles = [
    'Rocky IV',
    '"Great Albums of 1985: Brothers in Arms"',
    "'It''s Only Rock'",
    "'a: b'",
    '"a # b"',
    'C# minor',
    'a #comment',
    'It’s “fine”',
    '100%',
    'http://example.com/x',
    'Über alles',
    'abc 12',
    '12abc',
    '2020-03-12',
  ];
  it.each(titles)('reads the title %s as YAML does', (title) => {
    expect(parseReviewFile(file({ title }), 'x').title).toBe(yamlValue(title));
  });

  it('reads years as numbers and dates as text, as YAML does', () => {
    const review = parseReviewFile(file({ year: '1985', addedAt: '2020-03-12', series: 'null', nextPost: '~' }), 'x');
    expect(review).toMatchObject({ year: 1985, addedAt: '2020-03-12', series: null, nextPost: null });
  });

  it.each(['true', '1e3', '0x10', '007', '"escaped \\" quote"'])('leaves the title %s to YAML, which makes it no text or other text', (title) => {
    const expected = yamlValue(title);
    if (typeof expected === 'string') {
      expect(parseReviewFile(file({ title }), 'x').title).toBe(expected);
    } else {
      expect(() => parseReviewFile(file({ title }), 'x')).toThrow(ReviewFileError);
    }
  });

  it('names the line of a bad value and of a repeated or unknown key', () => {
    const badYear = () => parseReviewFile(file({ year: 'nineteen' }), 'x');
    expect(badYear).toThrow(/line 5/);
    expect(() => parseReviewFile('---\ntitle: T\ntitle: U\nsubject: S\naddedAt: 2024-01-01\n---\n\n## Track listing\n\n1. A - B\n', 'x')).toThrow(
      ReviewFileError,
    );
    expect(() => parseReviewFile(file({ mood: 'happy' }), 'x')).toThrow(/unknown front matter field "mood"/);
  });
});
