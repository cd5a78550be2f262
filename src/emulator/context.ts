import type { ChannelService } from './channels.js';
import type { CommandRegistry } from './commands.js';
import type { Gateway } from './gateway.js';
import type { InteractionService } from './interactions.js';
import type { RateLimiter } from './rate-limits.js';
import type { RequestLogEntry } from './rest/server.js';
import type { World } from './world.js';

/** Everything the REST routes and the driver share. */
export interface EmulatorContext {
  world: World;
  gateway: Gateway;
  rateLimiter: RateLimiter;
  channels: ChannelService;
  commands: CommandRegistry;
  interactions: InteractionService;
  /** "http://127.0.0.1:PORT" */
  baseUrl(): string;
  gatewayUrl(): string;
  requestLog(): readonly RequestLogEntry[];
  failNext(route: string, count: number, status: 429 | 500 | 502): void;
}
