import { ChannelService } from '../emulator/channels.js';
import { CommandRegistry } from '../emulator/commands.js';
import type { EmulatorContext } from '../emulator/context.js';
import { createDriver } from '../emulator/driver.js';
import { Gateway } from '../emulator/gateway.js';
import type { Emulator } from '../emulator/index.js';
import { InteractionService } from '../emulator/interactions.js';
import { RateLimiter } from '../emulator/rate-limits.js';
import { applicationRoutes } from '../emulator/rest/routes-app.js';
import { channelRoutes } from '../emulator/rest/routes-channels.js';
import { interactionRoutes } from '../emulator/rest/routes-interactions.js';
import { RestServer } from '../emulator/rest/server.js';
import { World } from '../emulator/world.js';
import { decodeWorld, encodeWorld, type SavedWorld } from './world-snapshot.js';

export interface PersistentEmulator extends Emulator {
  /** The world as it is now (channels, messages, reactions, threads, members, commands), ready to be written. */
  snapshot(): SavedWorld;
}

/**
 * The emulator of src/emulator, assembled the way its startEmulator does, but holding on to its World so the
 * sandbox can save it on exit and give it back on the next start (same ids for guild, channels, posts and
 * people, so the bot's own store still matches). startEmulator exposes no snapshot/restore yet; once it does,
 * this file reduces to calling it.
 */
export async function startPersistentEmulator(options: { saved?: SavedWorld | undefined; applicationName?: string | undefined }): Promise<PersistentEmulator> {
  const saved = options.saved?.application;
  const world = new World(saved ? { applicationId: saved.id, token: saved.token, name: saved.name } : { name: options.applicationName ?? 'Liner Notes' });
  if (options.saved) decodeWorld(options.saved, world);

  let port = 0;
  const baseUrl = (): string => `http://127.0.0.1:${port}`;
  const gatewayUrl = (): string => `ws://127.0.0.1:${port}/gateway`;
  // A person clicking around never gets near Discord's limits, but the bot still sees real bucket headers.
  const rateLimiter = new RateLimiter(true);
  const gateway = new Gateway(world, { heartbeatIntervalMs: 41_250, url: gatewayUrl });
  const channels = new ChannelService(world, baseUrl);
  const commands = new CommandRegistry(world);
  const interactions = new InteractionService(world, channels, () => 3000);
  const holder: { rest?: RestServer } = {};
  const context: EmulatorContext = {
    world,
    gateway,
    rateLimiter,
    channels,
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
    serveStatic: () => undefined,
    onUpgrade: (request, socket, head) => {
      if ((request.url ?? '').startsWith('/gateway')) gateway.handleUpgrade(request, socket, head);
      else socket.destroy();
    },
  });
  holder.rest = rest;
  port = await rest.listen(0);

  let stopped = false;
  return {
    restUrl: `${baseUrl()}/api`,
    gatewayUrl: gatewayUrl(),
    application: { id: world.application.id, botUserId: world.application.botUserId, token: world.application.token },
    driver: createDriver(context),
    snapshot: () => encodeWorld(world),
    async stop() {
      if (stopped) return;
      stopped = true;
      await gateway.stop();
      await rest.close();
    },
  };
}
