/**
 * Runs tasks one at a time per key (e.g. guild + review), in arrival order; different keys run in parallel.
 * Two admins posting the same review at the same instant are serialised here, so the second one sees the
 * first one's post.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  get busyKeys(): number {
    return this.tails.size;
  }
}
