import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { FooterRefresher, type FooterRefresherOptions } from '../../src/engagement/footer-refresher.js';

const silent = createLogger('silent');

interface Edit {
  messageId: string;
  shown: number;
  /** When the edit started (fake clock). */
  at: number;
  /** When its request was answered. */
  endedAt: number;
}

/**
 * A post whose count changes; each edit records the count it showed (read when it starts, as the real edit
 * renders then), when it started and when Discord's answer came back, editMs later (fake clock).
 */
function harness(overrides: Partial<FooterRefresherOptions> = {}, editMs = 0) {
  const counts = new Map<string, number>();
  const edits: Edit[] = [];
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
      const edit: Edit = { messageId, shown: counts.get(messageId) ?? 0, at: Date.now(), endedAt: Number.NaN };
      if (editMs > 0) await new Promise((resolve) => setTimeout(resolve, editMs));
      edit.endedAt = Date.now();
      edits.push(edit);
      return 'done';
    },
    ...overrides,
  });
  return {
    refresher,
    edits,
    like: (messageId: string, channelId = 'channel') => {
      counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
      refresher.markDirty(messageId, channelId);
    },
    failNext: (count: number) => {
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
    const { like, edits } = harness({}, 30);
    for (let i = 0; i < 200; i++) {
      like('post');
      await vi.advanceTimersByTimeAsync(50); // 200 likes over 10 s
    }
    await vi.advanceTimersByTimeAsync(5000);
    expect(edits.length).toBeGreaterThanOrEqual(5);
    expect(edits.length).toBeLessThanOrEqual(Math.ceil(10_000 / 2000) + 2);
    expect(edits.at(-1)?.shown).toBe(200);
    for (let i = 1; i < edits.length; i++) {
      expect((edits[i]?.at ?? 0) - (edits[i - 1]?.endedAt ?? Infinity)).toBeGreaterThanOrEqual(2000);
    }
  });

  it('starts the next edit of a post a whole window after the previous one was answered, however slow it was', async () => {
    // Discord may receive a request any time until it answers: spacing edits from their answers keeps
    // two of them out of one window at Discord's side even when the first took long to arrive.
    const { like, edits } = harness({}, 700);
    like('post');
    await vi.advanceTimersByTimeAsync(100);
    like('post'); // during the first edit
    await vi.advanceTimersByTimeAsync(10_000);
    expect(edits.map((edit) => edit.shown)).toEqual([1, 2]);
    const [first, second] = edits;
    expect((second?.at ?? 0) - (first?.endedAt ?? Infinity)).toBeGreaterThanOrEqual(2000);
    expect((second?.at ?? 0) - (first?.at ?? Infinity)).toBeGreaterThanOrEqual(2700);
  });

  it('still shows the final count when the last like arrives while an edit is under way', async () => {
    const { like, edits } = harness({}, 400);
    like('post');
    await vi.advanceTimersByTimeAsync(1);
    for (let i = 0; i < 5; i++) like('post');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(edits.at(-1)?.shown).toBe(6);
    expect(edits).toHaveLength(2);
  });

  it('edits right away after a quiet period', async () => {
    const { like, edits } = harness();
    like('post');
    await vi.advanceTimersByTimeAsync(0);
    expect(edits).toEqual([{ messageId: 'post', shown: 1, at: expect.any(Number) as number, endedAt: expect.any(Number) as number }]);
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
