import type { Review } from '../../src/domain/review.js';

/** The sizes of one bench run: the figures for `npm run bench`, small ones for `--quick`. */
export interface Sizes {
  people: number;
  otherBots: number;
  posts: number;
  likeEvents: number;
  memoryEvents: number;
  footerLikes: number;
  footerSeconds: number;
  catalogueReviews: number;
  likedPosts: number;
  likesPerPost: number;
  commandsPerCase: number;
  inFlight: number;
  /** A case stops sending after this long, so a slow side cannot stretch the run past a few minutes. */
  caseBudgetMs: number;
  /** Posts whose likes and responses a reconciliation rebuilds from the local Discord. */
  reconcilePosts: number;
  runs: { likes: number; footer: number; latency: number; startup: number; reconcile: number };
}

export const fullSizes: Sizes = {
  people: 200,
  otherBots: 4,
  posts: 50,
  likeEvents: 20_000,
  memoryEvents: 100_000,
  footerLikes: 1000,
  footerSeconds: 10,
  catalogueReviews: 10_000,
  likedPosts: 1000,
  likesPerPost: 1000,
  commandsPerCase: 1000,
  inFlight: 50,
  caseBudgetMs: 8000,
  reconcilePosts: 1000,
  runs: { likes: 3, footer: 3, latency: 3, startup: 5, reconcile: 1 },
};

export const quickSizes: Sizes = {
  people: 40,
  otherBots: 2,
  posts: 10,
  likeEvents: 2000,
  memoryEvents: 4000,
  footerLikes: 40,
  footerSeconds: 1,
  catalogueReviews: 200,
  likedPosts: 20,
  likesPerPost: 50,
  commandsPerCase: 20,
  inFlight: 10,
  caseBudgetMs: 4000,
  reconcilePosts: 20,
  runs: { likes: 1, footer: 1, latency: 1, startup: 1, reconcile: 1 },
};

export interface BenchContext {
  sizes: Sizes;
  /** A temporary folder for stores and the generated catalogue; removed at the end. */
  tmp: string;
  /** The generated catalogue's data folder (holding reviews/). */
  dataDir: string;
  reviews: Review[];
  /** When set, bot children write CPU profiles here. */
  cpuProfileDir: string | undefined;
  log(message: string): void;
}

/** Child order alternates between runs so neither side always goes first on a warming machine. */
export function orderFor<T>(run: number, kinds: readonly T[]): T[] {
  const shift = run % kinds.length;
  return [...kinds.slice(shift), ...kinds.slice(0, shift)];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
