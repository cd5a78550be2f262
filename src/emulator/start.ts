import { CommandRegistry } from './commands.js';
import type { EmulatorContext } from './context.js';
import { createDriver } from './driver.js';
import { Gateway } from './gateway.js';
import { GuildChannelService } from './guild-channels.js';
import type { Emulator, EmulatorOptions } from './types.js';
import { InteractionService } from './interactions.js';
import { MessageService } from './messages.js';
import { RateLimiter } from './rate-limits.js';
import { ReactionService } from './reactions.js';
import { applicationRoutes } from './rest/routes-app.js';
import { channelRoutes } from './rest/routes-channels.js';
import { interactionRoutes } from './rest/routes-interactions.js';
import { RestServer } from './rest/server.js';
import type { HandlerResult } from './rest/server.js';
import { ThreadService } from './threads.js';
import { World } from './world.js';

/** Starts the local Discord on 127.0.0.1: REST under /api/v10, the gateway under /gateway, attachments under /attachments. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulatorWith(new World(options.application), options);
}

/**
 * Starts the emulator on a World built beforehand (e.g. one restored from a saved snapshot) and keeps a handle on
 * it; `options.application` is ignored since the World already carries its identity.
 */
export async function startEmulatorWith(world: World, options: EmulatorOptions = {}): Promise<Emulator & { readonly world: World }> {
  world.privilegedIntents = {
    guildMembers: options.privilegedIntents?.guildMembers ?? true,
    guildPresences: options.privilegedIntents?.guildPresences ?? true,
    messageContent: options.privilegedIntents?.messageContent ?? true,
  };
  let port = 0;
  const baseUrl = (): string => `http://127.0.0.1:${port}`;
  const gatewayUrl = (): string => `ws://127.0.0.1:${port}/gateway`;
  const rateLimiter = new RateLimiter(options.rateLimits ?? true, options.rateLimitRules);
  const gateway = new Gateway(world, {
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    url: gatewayUrl,
    ...(options.sharding ? { sharding: options.sharding } : {}),
  });
  const messages = new MessageService(world, baseUrl);
  const guildChannels = new GuildChannelService(world);
  const reactions = new ReactionService(world, messages);
  const threads = new ThreadService(world, messages);
  const commands = new CommandRegistry(world);
  const interactionTimeoutMs = options.interactionTimeoutMs ?? 3000;
  const interactions = new InteractionService(world, messages, () => interactionTimeoutMs);

  // The REST server is created after the context exists, so the context reaches it through this holder.
  const holder: { rest?: RestServer } = {};
  const context: EmulatorContext = {
    world,
    gateway,
    rateLimiter,
    guildChannels,
    messages,
    reactions,
    threads,
    commands,
    interactions,
    baseUrl,
    gatewayUrl,
    requestLog: () => holder.rest?.log ?? [],
    failNext: (route, count, status) => holder.rest?.failNext(route, count, status),
  };
  const rest = new RestServer({
    token: () => world.application.token,
    rateLimiter,
    routes: [...applicationRoutes(context), ...channelRoutes(context), ...interactionRoutes(context)],
    serveStatic: (path) => serveAttachment(world, path),
    onUpgrade: (request, socket, head) => {
      if ((request.url ?? '').startsWith('/gateway')) gateway.handleUpgrade(request, socket, head);
      else socket.destroy();
    },
  });
  holder.rest = rest;
  port = await rest.listen(options.port ?? 0);

  const driver = createDriver(context);
  let stopped = false;
  return {
    world,
    restUrl: `${baseUrl()}/api`,
    gatewayUrl: gatewayUrl(),
    application: { id: world.application.id, botUserId: world.application.botUserId, token: world.application.token },
    driver,
    async stop() {
      if (stopped) return;
      stopped = true;
      await gateway.stop();
      await rest.close();
    },
  };
}

/** The emulator's CDN: /attachments/{channel}/{attachment}/{filename}. */
function serveAttachment(world: World, path: string): HandlerResult | undefined {
  const match = /^\/attachments\/(\d+)\/(\d+)\/[^/]+$/.exec(path);
  if (!match) return undefined;
  const stored = world.attachments.get(match[2] ?? '');
  if (!stored) return undefined;
  return { status: 200, raw: { contentType: stored.attachment.content_type ?? 'application/octet-stream', content: stored.content } };
}
