/** The local Discord's public entry: start it, and the contracts of what it hands back. */
export type { Driver, Emulator, EmulatorOptions, InteractionHandle } from './types.js';
export type { RequestLogEntry } from './rest/server.js';
export type { RateLimitRule } from './rate-limits.js';
export type { SessionView, ShardingOptions } from './gateway-sharding.js';
export { startEmulator, startEmulatorWith } from './start.js';
export { World } from './world.js';
