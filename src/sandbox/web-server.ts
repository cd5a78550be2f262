import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { APIApplicationCommandOption, APIMessage } from 'discord-api-types/v10';
import * as v from 'valibot';
import type { Driver, InteractionHandle } from '../emulator/index.js';
import type { Logger } from '../logger.js';
import { projectRoot } from '../project-root.js';
import { defaultMessage, issueKeys, object, record } from '../validation.js';
import { CommandInputError, convertOptions, declaredOptions } from './command-options.js';
import { PrivateViews } from './private-views.js';
import type { SandboxRoster } from './roster.js';

const pageDir = join(projectRoot, 'src', 'sandbox', 'page');
const nodeModulesDir = join(projectRoot, 'node_modules');
/** The packages the page imports (the message components and the lit runtime they are built on), served as they are. */
const vendorPackages = ['@skyra/discord-components-core', 'lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit/context'];
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const maxBodyBytes = 64 * 1024;
const pollMs = 150;

export interface WebServerInput {
  driver: Driver;
  roster: SandboxRoster;
  logger: Logger;
  /** Whether the bot's client is connected and ready. */
  botStatus(): { connected: boolean; user: string | null };
  port: number;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

class BadRequest extends Error {}

const snowflake = v.pipe(v.string(), v.regex(/^\d{17,20}$/, 'must be an id (17 to 20 digits)'));
const person = { as: snowflake };
const shortText = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const optionsText = record(v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,32}$/, 'option names are 1-32 lowercase letters, digits, _ or -')), v.pipe(v.string(), v.maxLength(6000)));
const schemas = {
  command: object({ ...person, channelId: snowflake, name: shortText(32), subcommand: v.optional(shortText(32)), options: v.optional(optionsText, () => ({})) }),
  autocomplete: object({
    ...person,
    channelId: snowflake,
    name: shortText(32),
    subcommand: v.optional(shortText(32)),
    options: v.optional(optionsText, () => ({})),
    focused: shortText(32),
  }),
  button: object({ ...person, channelId: snowflake, messageId: snowflake, customId: shortText(100) }),
  modal: object({ ...person, channelId: snowflake, customId: shortText(100), fields: record(v.pipe(v.string(), v.maxLength(100)), v.pipe(v.string(), v.maxLength(4000))) }),
  closeModal: object({ ...person, customId: shortText(100) }),
  reaction: object({ ...person, channelId: snowflake, messageId: snowflake, emoji: shortText(64), add: v.boolean() }),
  message: object({
    ...person,
    channelId: snowflake,
    content: v.pipe(v.string(), v.trim(), v.minLength(1, 'a message needs some text'), v.maxLength(2000, 'a message is at most 2000 characters')),
  }),
  dismiss: object({ ...person, messageId: shortText(64) }),
};

function parse<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, body, { message: defaultMessage });
  if (!result.success) {
    throw new BadRequest(result.issues.map((issue) => `${issueKeys(issue).join('.') || 'body'}: ${issue.message}`).join('; '));
  }
  return result.output;
}

function emojiKey(emoji: { id?: string | null; name: string | null }): string {
  return emoji.id ? `${emoji.name ?? ''}:${emoji.id}` : (emoji.name ?? '');
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
  /** "/review post" by interaction id: Discord shows the command above its reply, and the message only carries the id. */
  const commandLabels = new Map<string, string>();

  const requirePerson = (userId: string): void => {
    if (!roster.people.some((p) => p.id === userId)) throw new BadRequest(`as: ${userId} is not one of the sandbox's people`);
  };
  const requireChannel = (channelId: string): void => {
    const known = roster.channels.some((c) => c.id === channelId) || driver.threads().some((t) => t.id === channelId);
    if (!known) throw new BadRequest(`channelId: ${channelId} is not a channel or thread of the sandbox server`);
  };
  const lookups = () => ({
    channels: [...roster.channels.map((c) => ({ id: c.id, name: c.name })), ...driver.threads().map((t) => ({ id: t.id, name: t.name ?? t.id }))],
    users: roster.people.map((p) => ({ id: p.id, name: p.username })),
    roles: roster.roles,
  });
  const commandOptions = (name: string, subcommand: string | undefined): APIApplicationCommandOption[] => {
    try {
      return declaredOptions(driver.commands(roster.guildId), name, subcommand);
    } catch (error) {
      if (error instanceof CommandInputError) throw new BadRequest(error.message);
      throw error;
    }
  };
  const converted = (declared: APIApplicationCommandOption[], typed: Record<string, string>, partial?: string) => {
    try {
      return convertOptions(declared, typed, lookups(), partial);
    } catch (error) {
      if (error instanceof CommandInputError) throw new BadRequest(error.message);
      throw error;
    }
  };
  /** Driver calls reject with a plain Error for things a person may get wrong (an unknown message, a disabled button). */
  const asPerson = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw new BadRequest(error instanceof Error ? error.message : String(error));
    }
  };

  const view = (userId: string) => {
    const decorate = (channelId: string, message: APIMessage) => ({
      ...message,
      commandLabel: message.interaction_metadata ? (commandLabels.get(message.interaction_metadata.id) ?? null) : null,
      reactions: (message.reactions ?? []).map((reaction) => {
        const key = emojiKey(reaction.emoji);
        return { ...reaction, key, me: driver.reactionUsers(channelId, message.id, key).includes(userId) };
      }),
    });
    const threads = driver.threads().map((thread) => ({
      id: thread.id,
      name: thread.name ?? '',
      parentId: thread.parent_id ?? null,
      messages: driver.messages(thread.id).map((m) => decorate(thread.id, m)),
    }));
    return {
      viewer: userId,
      bot: input.botStatus(),
      channels: Object.fromEntries(roster.channels.map((c) => [c.id, driver.messages(c.id).map((m) => decorate(c.id, m))])),
      threads,
      private: privateViews.messagesFor(userId).map((p) => ({ channelId: p.channelId, message: decorate(p.channelId, p.message) })),
      modal: privateViews.modalFor(userId) ?? null,
    };
  };

  const world = () => ({
    guild: { id: roster.guildId, name: roster.guildName },
    bot: { id: roster.bot.id, name: roster.bot.name },
    people: roster.people,
    channels: roster.channels,
    roles: roster.roles,
    commands: driver.commands(roster.guildId).map((c) => ({ name: c.name, description: c.description, options: c.options ?? [] })),
  });

  const follow = (userId: string, channelId: string, handle: InteractionHandle) => {
    privateViews.follow(userId, channelId, handle);
    return { interactionId: handle.id };
  };

  const api: Record<string, (body: unknown) => Promise<unknown>> = {
    async command(body) {
      const request = parse(schemas.command, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      const options = converted(commandOptions(request.name, request.subcommand), request.options);
      const handle = await asPerson(() =>
        driver.runCommand({
          userId: request.as,
          guildId: roster.guildId,
          channelId: request.channelId,
          name: request.name,
          ...(request.subcommand ? { subcommand: request.subcommand } : {}),
          options,
        }),
      );
      commandLabels.set(handle.id, `/${request.name}${request.subcommand ? ` ${request.subcommand}` : ''}`);
      return follow(request.as, request.channelId, handle);
    },
    async autocomplete(body) {
      const request = parse(schemas.autocomplete, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      const declared = commandOptions(request.name, request.subcommand);
      const focused = declared.find((o) => o.name === request.focused);
      if (!focused || !('autocomplete' in focused) || focused.autocomplete !== true) {
        throw new BadRequest(`focused: option "${request.focused}" of /${request.name} does not offer suggestions`);
      }
      const options = converted(declared, request.options, request.focused);
      const choices = await asPerson(() =>
        driver.autocomplete({
          userId: request.as,
          guildId: roster.guildId,
          channelId: request.channelId,
          name: request.name,
          ...(request.subcommand ? { subcommand: request.subcommand } : {}),
          options,
          focused: request.focused,
        }),
      );
      return { choices };
    },
    async button(body) {
      const request = parse(schemas.button, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      const handle = await asPerson(() => driver.clickButton({ userId: request.as, channelId: request.channelId, messageId: request.messageId, customId: request.customId }));
      return follow(request.as, request.channelId, handle);
    },
    async modal(body) {
      const request = parse(schemas.modal, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      const handle = await asPerson(() =>
        driver.submitModal({ userId: request.as, guildId: roster.guildId, channelId: request.channelId, customId: request.customId, fields: request.fields }),
      );
      privateViews.closeModal(request.as, request.customId);
      return follow(request.as, request.channelId, handle);
    },
    async 'close-modal'(body) {
      const request = parse(schemas.closeModal, body);
      requirePerson(request.as);
      return { closed: privateViews.closeModal(request.as, request.customId) };
    },
    async reaction(body) {
      const request = parse(schemas.reaction, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      await asPerson(() =>
        request.add
          ? driver.react(request.as, request.channelId, request.messageId, request.emoji)
          : driver.unreact(request.as, request.channelId, request.messageId, request.emoji),
      );
      return { ok: true };
    },
    async message(body) {
      const request = parse(schemas.message, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      const message = await asPerson(() => driver.sendMessage(request.as, request.channelId, request.content));
      return { id: message.id };
    },
    async dismiss(body) {
      const request = parse(schemas.dismiss, body);
      requirePerson(request.as);
      privateViews.dismiss(request.messageId);
      return { ok: true };
    },
  };

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
      if (!action) return sendJson(response, 404, { error: `no such action: ${path}` });
      try {
        const body = await readJson(request);
        sendJson(response, 200, await action(body));
      } catch (error) {
        if (error instanceof BadRequest) return sendJson(response, 400, { error: error.message });
        throw error;
      }
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { error: `${request.method ?? '?'} is not allowed here` });
    if (path === '/api/world') return sendJson(response, 200, world());
    if (path === '/api/status') return sendJson(response, 200, { bot: input.botStatus(), guild: roster.guildName });
    if (path === '/api/view' || path === '/api/events') {
      const userId = url.searchParams.get('as') ?? '';
      if (!roster.people.some((p) => p.id === userId)) return sendJson(response, 400, { error: `as: "${userId}" is not one of the sandbox's people` });
      if (path === '/api/view') return sendJson(response, 200, view(userId));
      return stream(userId, response);
    }
    if (path === '/favicon.ico') {
      response.writeHead(204);
      return void response.end();
    }
    const avatar = /^\/avatar\/(\d{17,20})\.svg$/.exec(path);
    if (avatar) return sendAvatar(response, avatar[1] ?? '');
    if (path.startsWith('/vendor/')) {
      let file: string;
      try {
        file = decodeURIComponent(path.slice('/vendor/'.length));
      } catch {
        return sendJson(response, 404, { error: `not found: ${path}` });
      }
      return sendVendor(response, file);
    }
    const page = path === '/' ? 'index.html' : path.slice(1);
    if (!['index.html', 'app.js', 'app.css'].includes(page)) return sendJson(response, 404, { error: `not found: ${path}` });
    return sendFile(response, join(pageDir, page));
  }

  function stream(userId: string, response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    streams.add(response);
    let last = '';
    const push = (): void => {
      let text: string;
      try {
        text = JSON.stringify(view(userId));
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

  function sendAvatar(response: ServerResponse, userId: string): void {
    const personOrBot = roster.people.find((p) => p.id === userId) ?? (roster.bot.id === userId ? roster.bot : undefined);
    const label = (personOrBot?.name ?? '?').replace(/[^\p{L}\p{N}]/gu, '').slice(0, 1).toUpperCase() || '?';
    const hue = [...userId].reduce((sum, digit) => (sum * 31 + digit.charCodeAt(0)) % 360, 7);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80"><circle cx="40" cy="40" r="40" fill="hsl(${hue} 55% 45%)"/><text x="40" y="52" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">${label}</text></svg>`;
    response.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
    response.end(svg);
  }

  async function sendVendor(response: ServerResponse, rest: string): Promise<void> {
    const name = vendorPackages.find((pkg) => rest.startsWith(`${pkg}/`));
    if (!name) return sendJson(response, 404, { error: `not a package the page uses: ${rest}` });
    const root = resolve(nodeModulesDir, name);
    const file = resolve(root, rest.slice(name.length + 1));
    if (!file.startsWith(root + sep) || !['.js', '.css', '.map'].includes(extname(file))) return sendJson(response, 404, { error: `not found: ${rest}` });
    return sendFile(response, file);
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

async function sendFile(response: ServerResponse, file: string): Promise<void> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return sendJson(response, 404, { error: 'not found' });
  }
  response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  response.end(content);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => {
      if (tooLarge) return reject(new BadRequest(`the request body is over ${maxBodyBytes} bytes`));
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolveBody(text.trim() === '' ? {} : JSON.parse(text));
      } catch {
        reject(new BadRequest('the request body is not valid JSON'));
      }
    });
    request.on('error', reject);
  });
}

