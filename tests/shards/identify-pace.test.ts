import { describe, expect, it } from 'vitest';
import { IdentifyPace, spawnDelayMs } from '../../src/shards/identify-pace.js';

describe('identify pace (Gateway › Sharding › Max Concurrency)', () => {
  it('spaces shard starts so that shards of one rate-limit key start a full window apart', () => {
    expect(spawnDelayMs(1)).toBe(5500);
    expect(spawnDelayMs(2)).toBe(2750);
    expect(spawnDelayMs(16)).toBe(344);
    for (const concurrency of [1, 2, 3, 16]) expect(spawnDelayMs(concurrency) * concurrency).toBeGreaterThanOrEqual(5000);
  });

  it("respawns a dead shard after its key's window and waits longer each time it keeps dying, up to a minute", () => {
    let now = 100_000;
    const pace = new IdentifyPace(1, () => now);
    pace.started(0);
    pace.started(1);
    now += 1000;
    // Key 0 (every shard, max_concurrency 1) started a second ago: the rest of the window, with its margin.
    expect(pace.respawnDelayMs(0)).toBe(4500);
    // A second shard dying meanwhile waits behind the first one's start.
    expect(pace.respawnDelayMs(1)).toBe(10_000);
    now += 60_000;
    pace.ready(1);
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => {
      now += 120_000;
      return pace.respawnDelayMs(0);
    });
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    pace.ready(0);
    now += 120_000;
    expect(pace.respawnDelayMs(0)).toBe(500);
  });
});
