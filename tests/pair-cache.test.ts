import { describe, expect, it } from 'vitest';
import { PairCache } from '../src/pair-cache.js';

describe('PairCache', () => {
  it('computes a pair once and hands back the same value for the same two objects', () => {
    const cache = new PairCache<object, object, { n: number }>();
    const first = {};
    const second = {};
    let computed = 0;
    const one = cache.get(first, second, () => ({ n: ++computed }));
    const again = cache.get(first, second, () => ({ n: ++computed }));
    expect(again).toBe(one);
    expect(computed).toBe(1);
  });

  it('computes anew when either object is a different one, even if equal in content', () => {
    const cache = new PairCache<object, object, { n: number }>();
    const first = {};
    const second = {};
    let computed = 0;
    cache.get(first, second, () => ({ n: ++computed }));
    expect(cache.get(first, {}, () => ({ n: ++computed })).n).toBe(2);
    expect(cache.get({}, second, () => ({ n: ++computed })).n).toBe(3);
    expect(cache.get(first, second, () => ({ n: ++computed })).n).toBe(1);
  });
});
