import { errorMessage } from '../errors.js';
import type { Store } from '../store/ports.js';

/** The like-set key the probe writes: no post has this id, so the engagement view never reads it. */
const probeKey = 'health#write-check';

export interface StoreProbe {
  /** Why the last probe failed, or null when it wrote. */
  readonly failure: string | null;
  stop(): void;
}

/**
 * Writes one small key every `everyMs`, so /healthz knows whether the store takes writes even when no like has
 * changed. A failed probe asks the store for a new connection, as the batched writer does, so a connection that
 * stays broken after its cause is gone does not keep the bot unhealthy.
 */
export function probeStore(store: Store, everyMs: number): StoreProbe {
  let failure: string | null = null;
  let running = false;
  const probe = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await store.likes.replaceMany(new Map([[probeKey, new Set([String(Date.now())])]]));
      failure = null;
    } catch (error) {
      failure = errorMessage(error) || 'the write failed';
      await store.reopen().catch(() => undefined);
    } finally {
      running = false;
    }
  };
  void probe();
  const timer = setInterval(() => void probe(), everyMs);
  timer.unref();
  return {
    get failure() {
      return failure;
    },
    stop: () => clearInterval(timer),
  };
}
