import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Driver } from '../emulator/index.js';
import type { Logger } from '../logger.js';
import { BadRequest, readJson, sendJson } from './http.js';
import { pageActions } from './page-actions.js';
import { pageViews } from './page-view.js';
import { PrivateViews } from './private-views.js';
import type { SandboxRoster } from './roster.js';
import { sendAvatar, sendPageFile, sendVendorFile } from './static-files.js';

/** How often a person's view is rebuilt and compared with what their page last got. */
const pollMs = 150;
/** EventSource waits this long before reconnecting once the stream drops (the `retry:` field of server-sent events). */
const reconnectMs = 1000;

export interface WebServerInput {
  driver: Driver;
  roster: SandboxRoster;
  logger: Logger;
  /** Whether the bot's client is connected and ready. */
  botStatus: () => { connected: boolean; user: string | null };
  port: number;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The sandbox page: static assets, the message components from node_modules, a small JSON API in which every
 * action goes through the emulator's Driver as a person, and a server-sent event stream of what that person sees.
 */
export async function startWebServer(input: WebServerInput): Promise<WebServer> {
  const { driver, roster, logger } = input;
  const privateViews = new PrivateViews(driver, () => {
    const bot = roster.bot;
    return { id: bot.id, username: bot.username, global_name: bot.name, discriminator: '0', avatar: null, bot: true };
  });
  const streams = new Set<ServerResponse>();
  const commandLabels = new Map<string, string>();
  const views = pageViews({ driver, roster, privateViews, commandLabels, botStatus: input.botStatus });
  const api = pageActions({ driver, roster, privateViews, commandLabels, lookups: views.lookups });

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error, url: request.url }, 'sandbox page request failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'the sandbox could not do that; see the terminal for details' });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (request.method === 'POST' && path.startsWith('/api/')) {
      const name = path.slice('/api/'.length);
      const action = Object.hasOwn(api, name) ? api[name] : undefined;
      if (!action) {
        sendJson(response, 404, { error: `no such action: ${path}` });
        return;
      }
      try {
        const body = await readJson(request);
        sendJson(response, 200, await action(body));
      } catch (error) {
        if (error instanceof BadRequest) {
          sendJson(response, 400, { error: error.message });
          return;
        }
        throw error;
      }
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: `${request.method ?? '?'} is not allowed here` });
      return;
    }
    if (path === '/api/world') {
      sendJson(response, 200, views.world());
      return;
    }
    if (path === '/api/status') {
      sendJson(response, 200, { bot: input.botStatus(), guild: roster.guildName });
      return;
    }
    if (path === '/api/view' || path === '/api/events') {
      const userId = url.searchParams.get('as') ?? '';
      if (!roster.people.some((p) => p.id === userId)) {
        sendJson(response, 400, { error: `as: "${userId}" is not one of the sandbox's people` });
        return;
      }
      if (path === '/api/view') {
        sendJson(response, 200, views.view(userId));
        return;
      }
      stream(userId, response);
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(204);
      return void response.end();
    }
    const avatar = /^\/avatar\/(\d{17,20})\.svg$/.exec(path);
    if (avatar) {
      sendAvatar(response, roster, avatar[1] ?? '');
      return;
    }
    if (path.startsWith('/vendor/')) return sendVendorFile(response, path);
    return sendPageFile(response, path);
  }

  function stream(userId: string, response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(`retry: ${reconnectMs}\n\n`);
    streams.add(response);
    let last = '';
    const push = (): void => {
      let text: string;
      try {
        text = JSON.stringify(views.view(userId));
      } catch (error) {
        logger.error({ err: error }, 'sandbox view failed');
        return;
      }
      if (text !== last) {
        last = text;
        response.write(`data: ${text}\n\n`);
      }
    };
    push();
    const timer = setInterval(push, pollMs);
    response.on('close', () => {
      clearInterval(timer);
      streams.delete(response);
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(input.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : input.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const response of streams) response.end();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
