import type { Engagement, EngagementDeps } from './index.js';

// Placeholder while the engine is being written; replaced in the next commits.
export async function createEngagementEngine(_deps: EngagementDeps): Promise<Engagement> {
  throw new Error('engagement engine not implemented yet');
}
