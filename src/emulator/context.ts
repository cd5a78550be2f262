import type { CommandRegistry } from './commands.js';
import type { Gateway } from './gateway.js';
import type { GuildChannelService } from './guild-channels.js';
import type { InteractionService } from './interactions.js';
import type { MessageService } from './messages.js';
import type { RateLimiter } from './rate-limits.js';
import type { ReactionService } from './reactions.js';
import type { ThreadService } from './threads.js';
import type { RequestLogEntry } from './rest/server.js';
import type { World } from './world.js';

/** Everything the REST routes and the driver share. */
export interface EmulatorContext {
  world: World;
  gateway: Gateway;
  rateLimiter: RateLimiter;
  guildChannels: GuildChannelService;
  messages: MessageService;
  reactions: ReactionService;
  threads: ThreadService;
  commands: CommandRegistry;
  interactions: InteractionService;
  /** "http://127.0.0.1:PORT" */
  baseUrl(): string;
  gatewayUrl(): string;
  requestLog(): readonly RequestLogEntry[];
  failNext(route: string, count: number, status: 429 | 500 | 502): void;
}
