import type { ChildReply, ChildRequest } from './protocol.js';
import { errorMessage } from '../../src/errors.js';

/** The child's half of the protocol: counts events against the bench's expectation and answers requests. */
export interface ChildSide {
  /** Call once per counted event (the only work the bare client's handler does). */
  count(): void;
  ready(): void;
  fail(error: unknown): never;
}

export function childSide(handlers: { flush?: () => Promise<void>; settle?: () => Promise<void>; stop: () => Promise<void> }): ChildSide {
  let counted = 0;
  let target = Number.POSITIVE_INFINITY;
  const send = (reply: ChildReply): void => {
    process.send?.(reply);
  };
  process.on('message', (request: ChildRequest) => {
    switch (request.cmd) {
      case 'expect':
        counted = 0;
        target = request.n;
        send({ type: 'status', id: request.id, counted, cpuMs: cpuMs() });
        break;
      case 'memory': {
        globalThis.gc?.();
        const usage = process.memoryUsage();
        send({ type: 'memory', id: request.id, rss: usage.rss, heapUsed: usage.heapUsed });
        break;
      }
      case 'flush':
        (handlers.flush ?? (() => Promise.resolve()))().then(
          () => send({ type: 'flushed', id: request.id }),
          (error: unknown) => send({ type: 'failed', message: String(error) }),
        );
        break;
      case 'settle':
        (handlers.settle ?? (() => Promise.resolve()))().then(
          () => send({ type: 'settled', id: request.id }),
          (error: unknown) => send({ type: 'failed', message: String(error) }),
        );
        break;
      case 'status':
        send({ type: 'status', id: request.id, counted, cpuMs: cpuMs() });
        break;
      case 'stop':
        handlers.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
        break;
    }
  });
  // The bench going away must not leave a child behind.
  process.on('disconnect', () => process.exit(0));
  return {
    count() {
      counted += 1;
      if (counted === target) send({ type: 'counted', n: counted, at: Date.now() });
    },
    ready() {
      send({ type: 'ready' });
    },
    fail(error) {
      send({ type: 'failed', message: errorMessage(error) });
      process.exit(1);
    },
  };
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (the bench sets it for its child processes)`);
  return value;
}
