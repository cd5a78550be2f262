import { describe, expect, it } from 'vitest';
import { KeyedSerializer } from '../src/keyed-serializer.js';

describe('KeyedSerializer', () => {
  it('runs tasks on one key one at a time, in order, even when one fails', async () => {
    const lock = new KeyedSerializer();
    const events: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([lock.run('k', task('a', true)), lock.run('k', task('b')), lock.run('other', task('c'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(events.indexOf('end a')).toBeLessThan(events.indexOf('start b'));
    expect(events.indexOf('start c')).toBeLessThan(events.indexOf('end a'));
    expect(lock.busyKeys).toBe(0);
  });

  it('idle() waits for every task queued so far, on every key, failed ones included', async () => {
    const serializer = new KeyedSerializer();
    const done: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        done.push(name);
        if (fail) throw new Error(name);
      };
    const runs = [serializer.run('k', task('a')), serializer.run('k', task('b', true)), serializer.run('other', task('c'))];
    for (const run of runs) run.catch(() => undefined);
    expect(serializer.busyKeys).toBe(2);
    await serializer.idle();
    expect(done.sort()).toEqual(['a', 'b', 'c']);
    expect(serializer.busyKeys).toBe(0);
  });
});
