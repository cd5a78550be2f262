import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/domain/paginate.js';

describe('paginate', () => {
  it('slices pages and clamps out-of-range page numbers', () => {
    const items = [1, 2, 3, 4, 5];
    expect(paginate(items, 2, 0)).toEqual({ items: [1, 2], page: 0, pageCount: 3 });
    expect(paginate(items, 2, 2)).toEqual({ items: [5], page: 2, pageCount: 3 });
    expect(paginate(items, 2, 9)).toEqual({ items: [5], page: 2, pageCount: 3 });
    expect(paginate([], 2, 0)).toEqual({ items: [], page: 0, pageCount: 1 });
  });
});
