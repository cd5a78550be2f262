/**
 * Resolves once `condition` holds. `wake` (an interaction's listeners) re-checks at once when the interaction
 * changes, so answers are seen without polling delay; a light poll catches every other change.
 */
export function waitUntil(condition: () => boolean, timeoutMs: number, description: string, wake?: Set<() => void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error): void => {
      clearInterval(poll);
      clearTimeout(deadline);
      wake?.delete(check);
      if (error) reject(error);
      else resolve();
    };
    const check = (): void => {
      try {
        if (condition()) finish();
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const poll = setInterval(check, wake ? 20 : 5);
    const deadline = setTimeout(() => finish(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`)), timeoutMs);
    wake?.add(check);
    check();
  });
}
