import { startEngagementEngine } from './engine.js';
import type { Engagement, EngagementDeps, LoadingEngagement } from './types.js';

export type * from './types.js';

/** Loads the publication index and like sets from the store, then resolves. */
export async function createEngagement(deps: EngagementDeps): Promise<Engagement> {
  const engagement = startEngagement(deps);
  await engagement.loaded;
  return engagement;
}

/**
 * Returns at once and loads in the background, so a bot can attach it and log in while the view loads
 * (start-up then takes the longer of the two, not their sum). Await `loaded` before reading counts.
 */
export function startEngagement(deps: EngagementDeps): LoadingEngagement {
  return startEngagementEngine(deps);
}
