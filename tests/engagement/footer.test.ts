import { describe, expect, it } from 'vitest';
import { formatFooter } from '../../src/domain/footer.js';

describe('formatFooter', () => {
  it('says nothing when there are no likes and no responses', () => {
    expect(formatFooter({ likes: 0, responses: 0 })).toBeNull();
  });

  it('uses the singular for one like and one response', () => {
    expect(formatFooter({ likes: 1, responses: 0 })).toBe('Liked by 1 person');
    expect(formatFooter({ likes: 0, responses: 1 })).toBe('1 Response');
  });

  it('uses the plural from two on', () => {
    expect(formatFooter({ likes: 200, responses: 0 })).toBe('Liked by 200 people');
    expect(formatFooter({ likes: 0, responses: 18 })).toBe('18 Responses');
  });

  it('joins likes and responses and never writes a zero part', () => {
    expect(formatFooter({ likes: 2, responses: 1 })).toBe('Liked by 2 people · 1 Response');
    expect(formatFooter({ likes: 1, responses: 3 })).toBe('Liked by 1 person · 3 Responses');
    expect(formatFooter({ likes: 0, responses: 3 })).not.toContain('Liked by 0');
  });
});
