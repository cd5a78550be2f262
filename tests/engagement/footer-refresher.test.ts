import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { FooterRefresher, type FooterRefresherOptions } from '../../src/engagement/footer-refresher.js';

const silent = createLogger('silent');

/** A post whose count changes; each edit records the count it showed and when (fake clock). */
function harness(overrides: Partial<FooterRefresherOptions> = {}) {
  const counts = new Map<string, number>();
  const edits: { messageId: string; shown: number; at: number }[] = [];
  let failuresLeft = 0;
  const refresher = new FooterRefresher({
    windowMs: 2000,
    channelEdits: 5,
    channelPeriodMs: 5000,
    maxRetryDelayMs: 30_000,
    logger: silent,
    edit: async (messageId) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('503 from Discord');
      }
      edits.push({ messageId, shown: counts.get(messageId) ?? 0, at: Date.now() });
      return 'done';
    },
    ...overrides,
  });
  return {
    refresher,
    edits,
    like(messageId: string, channelId = 'channel') {
      counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
      refresher.markDirty(messageId, channelId);
    },
    failNext(count: number) {
      failuresLeft = count;
    },
  };
}

describe('FooterRefresher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces a burst into at most one edit per window, the last showing the final count', async () => {
    const { like, edits } = harness();
    for (let i = 0; i < 200; i++) {
      like('post');
      await vi.advanceTimersByTimeAsync(50); // 200 likes over 10 s
    }
    await vi.advanceTimersByTimeAsync(5000);
    expect(edits.length).toBeLessThanOrEqual(Math.ceil(10_000 / 2000) + 2);
    expect(edits.at(-1)?.shown).toBe(200);
    for (let i = 1; i < edits.length; i++) {
      expect((edits[i]?.at ?? 0) - (edits[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    }
  });

  it('edits right away after a quiet period', async () => {
    const { like, edits } = harness();
    like('post');
    await vi.advanceTimersByTimeAsync(0);
    expect(edits).toEqual([{ messageId: 'post', shown: 1, at: expect.any(Number) }]);
  });

  it('retries a failed edit later so the final count is still shown', async () => {
    const { like, edits, failNext } = harness();
    failNext(2);
    like('post');
    like('post');
    await vi.advanceTimersByTimeAsync(0);
    expect(edits).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(edits).toHaveLength(1);
    expect(edits[0]?.shown).toBe(2);
  });

  it('keeps the edits of one channel within its budget across posts', async () => {
    const { like, edits } = harness();
    for (let post = 0; post < 12; post++) like(`post-${post}`);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(edits).toHaveLength(12);
    for (let i = 5; i < edits.length; i++) {
      expect((edits[i]?.at ?? 0) - (edits[i - 5]?.at ?? 0)).toBeGreaterThanOrEqual(5000);
    }
  });

  it('stops editing a post it was told to forget', async () => {
    const { like, edits, refresher } = harness();
    like('post');
    await vi.advanceTimersByTimeAsync(0);
    like('post');
    refresher.forget('post');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(edits).toHaveLength(1);
  });
});
