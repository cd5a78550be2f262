/**
 * Remembers a value computed from two immutable objects (say, a catalogue version and a counts snapshot) for as
 * long as both live: the same pair by identity gets the same value without recomputing it.
 */
export class PairCache<A extends object, B extends object, V extends object> {
  readonly #values = new WeakMap<A, WeakMap<B, V>>();

  get(first: A, second: B, compute: () => V): V {
    let bySecond = this.#values.get(first);
    if (!bySecond) {
      bySecond = new WeakMap();
      this.#values.set(first, bySecond);
    }
    const cached = bySecond.get(second);
    if (cached) return cached;
    const value = compute();
    bySecond.set(second, value);
    return value;
  }
}
