import { startEmulatorWith, World, type Emulator } from '../emulator/index.js';
import { decodeWorld, encodeWorld, type SavedWorld } from './world-snapshot.js';

export interface PersistentEmulator extends Emulator {
  /** The world as it is now (channels, messages, reactions, threads, members, commands), ready to be written. */
  snapshot(): SavedWorld;
}

/**
 * The emulator on a World the sandbox keeps hold of, so it can save it on exit and give it back on the next start
 * (same ids for guild, channels, posts and people, so the bot's own store still matches).
 */
export async function startPersistentEmulator(options: { saved?: SavedWorld | undefined; applicationName?: string | undefined }): Promise<PersistentEmulator> {
  const saved = options.saved?.application;
  const world = new World(saved ? { applicationId: saved.id, token: saved.token, name: saved.name } : { name: options.applicationName ?? 'Liner Notes' });
  if (options.saved) decodeWorld(options.saved, world);
  // A person clicking around never gets near Discord's limits, but the bot still sees real bucket headers.
  const emulator = await startEmulatorWith(world, { rateLimits: true });
  return Object.assign(emulator, { snapshot: () => encodeWorld(world) });
}
