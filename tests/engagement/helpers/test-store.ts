import { openStore } from '../../../src/store/index.js';
import type { Store } from '../../../src/store/ports.js';

/** The store the engagement tests use: the foundation's in-memory keyv store. */
export function openTestStore(): Promise<Store> {
  return openStore('memory:');
}
