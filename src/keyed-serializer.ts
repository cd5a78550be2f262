/**
 * Runs tasks one at a time per key, in arrival order; different keys run in parallel. A task runs after the one
 * before it on its key has settled, whether it succeeded or failed, so one failure never blocks a key.
 *
 * Three places need this: posting a review (two admins posting the same review at once must not post it twice),
 * the keyv store (keyv has no atomic read-modify-write, so each key's changes queue here) and the catalogue's files
 * (one writer at a time, so the index never records a half-finished change).
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // A later task on the key has replaced the tail and cleans up after itself.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** How many keys have a task running or waiting. */
  get busyKeys(): number {
    return this.tails.size;
  }

  /** Resolves once every task queued so far has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
