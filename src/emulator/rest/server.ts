import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiscordApiError, errors } from '../errors.js';
import type { RateLimiter } from '../rate-limits.js';

export interface UploadedFile {
  fieldName: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface RequestContext {
  params: string[];
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  headers: IncomingHttpHeaders;
}

export interface HandlerResult {
  status: number;
  /** Absent for 204 answers. */
  body?: unknown;
  headers?: Record<string, string>;
  raw?: { contentType: string; content: Buffer };
}

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** e.g. "/channels/:id/messages/:id"; ":emoji" and ":token" name their parameters, every other one is ":id". */
  path: string;
  /** "bot": Authorization: Bot <token>; "none": the interaction/webhook token in the path authenticates. */
  auth: 'bot' | 'none';
  handle(context: RequestContext): HandlerResult | Promise<HandlerResult>;
}

export interface RequestLogEntry {
  method: string;
  route: string;
  path: string;
  status: number;
  requestBody: unknown;
  at: number;
}

interface CompiledRoute {
  definition: RouteDefinition;
  route: string;
  segments: string[];
}

export interface RestServerOptions {
  token: () => string;
  rateLimiter: RateLimiter;
  routes: RouteDefinition[];
  /** Non-API GET paths (the attachment CDN). */
  serveStatic: (path: string) => HandlerResult | undefined;
  onUpgrade: (request: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void;
}

const API_PREFIX = '/api/v10';

export class RestServer {
  readonly server: Server;
  readonly log: RequestLogEntry[] = [];
  private readonly routesByMethod = new Map<string, CompiledRoute[]>();
  private readonly failures = new Map<string, { count: number; status: 429 | 500 | 502 }>();

  constructor(private readonly options: RestServerOptions) {
    for (const definition of options.routes) {
      const segments = definition.path.split('/').filter(Boolean);
      const list = this.routesByMethod.get(definition.method) ?? [];
      list.push({ definition, route: `${definition.method} ${definition.path}`, segments });
      this.routesByMethod.set(definition.method, list);
    }
    // Literal segments ("@me", "@original") must win over a parameter at the same position.
    const specificity = (route: CompiledRoute): string => route.segments.map((segment) => (segment.startsWith(':') ? '1' : '0')).join('');
    for (const list of this.routesByMethod.values()) list.sort((a, b) => specificity(a).localeCompare(specificity(b)));
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) this.sendJson(response, 500, { message: '500: Internal Server Error', code: 0 });
        console.error('emulator: unexpected error', error);
      });
    });
    this.server.keepAliveTimeout = 60_000;
    this.server.on('upgrade', (request, socket, head) => options.onUpgrade(request, socket, head));
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  failNext(route: string, count: number, status: 429 | 500 | 502): void {
    if (count <= 0) this.failures.delete(route);
    else this.failures.set(route, { count, status });
  }

  private match(method: string, path: string): { compiled: CompiledRoute; params: string[] } | undefined {
    const candidates = this.routesByMethod.get(method);
    if (!candidates) return undefined;
    const segments = path.split('/').filter(Boolean).map(safeDecode);
    outer: for (const compiled of candidates) {
      if (compiled.segments.length !== segments.length) continue;
      const params: string[] = [];
      for (let i = 0; i < segments.length; i++) {
        const pattern = compiled.segments[i] ?? '';
        const actual = segments[i] ?? '';
        if (pattern.startsWith(':')) {
          params.push(actual);
        } else if (pattern !== actual) {
          continue outer;
        }
      }
      return { compiled, params };
    }
    return undefined;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith(API_PREFIX + '/')) {
      const staticResult = method === 'GET' ? this.options.serveStatic(url.pathname) : undefined;
      await drain(request);
      if (staticResult) {
        this.send(response, staticResult);
        return;
      }
      this.sendJson(response, 404, errors.notFound().body());
      return;
    }
    const path = url.pathname.slice(API_PREFIX.length);
    const matched = this.match(method, path);
    if (!matched) {
      await drain(request);
      const status = this.anyMethodMatches(path) ? 405 : 404;
      const error = status === 405 ? errors.methodNotAllowed() : errors.notFound();
      this.record(method, `${method} ${path}`, url.pathname, status, undefined);
      this.sendJson(response, status, error.body());
      return;
    }
    const { compiled, params } = matched;
    let requestBody: unknown;
    let result: HandlerResult;
    let rateLimitHeaders: Record<string, string> | undefined;
    try {
      const parsed = await readBody(request);
      requestBody = parsed.body;
      if (compiled.definition.auth === 'bot') this.authenticate(request.headers.authorization);
      const verdict = this.options.rateLimiter.take(compiled.route, majorParameter(compiled.definition.path, params));
      rateLimitHeaders = verdict?.headers;
      if (verdict?.retryAfter !== undefined) {
        result = tooManyRequests(verdict.retryAfter, verdict.headers);
      } else {
        result =
          this.injectedFailure(compiled.route) ??
          (await compiled.definition.handle({ params, query: url.searchParams, body: parsed.body, files: parsed.files, headers: request.headers }));
        if (rateLimitHeaders) result.headers = { ...rateLimitHeaders, ...result.headers };
      }
    } catch (error) {
      if (!(error instanceof DiscordApiError)) throw error;
      result = { status: error.status, body: error.body() };
      if (rateLimitHeaders) result.headers = { ...rateLimitHeaders };
    }
    this.record(method, compiled.route, url.pathname, result.status, requestBody);
    this.send(response, result);
  }

  private injectedFailure(route: string): HandlerResult | undefined {
    const failure = this.failures.get(route);
    if (!failure) return undefined;
    failure.count -= 1;
    if (failure.count <= 0) this.failures.delete(route);
    if (failure.status === 429) {
      const retryAfter = Math.min(this.options.rateLimiter.ruleFor(route).windowMs, 500) / 1000;
      return tooManyRequests(retryAfter, { 'x-ratelimit-scope': 'user' });
    }
    if (failure.status === 502) {
      return { status: 502, raw: { contentType: 'text/html', content: Buffer.from('<html><body><h1>502 Bad Gateway</h1></body></html>') } };
    }
    return { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
  }

  /** Reference › Authentication: "Authorization: Bot <token>"; anything else is a 401. */
  private authenticate(header: string | undefined): void {
    if (!header || header !== `Bot ${this.options.token()}`) throw errors.unauthorized();
  }

  private anyMethodMatches(path: string): boolean {
    for (const method of this.routesByMethod.keys()) if (this.match(method, path)) return true;
    return false;
  }

  private record(method: string, route: string, path: string, status: number, requestBody: unknown): void {
    // Never trimmed: callers slice the log by index (requests().length before, slice(start) after).
    this.log.push({ method, route, path, status, requestBody, at: Date.now() });
  }

  private send(response: ServerResponse, result: HandlerResult): void {
    if (result.headers) for (const [name, value] of Object.entries(result.headers)) response.setHeader(name, value);
    if (result.raw) {
      response.writeHead(result.status, { 'content-type': result.raw.contentType, 'content-length': result.raw.content.length });
      response.end(result.raw.content);
      return;
    }
    if (result.status === 204 || result.body === undefined) {
      // A 204 carries neither a body nor a content type.
      response.writeHead(result.status === 200 ? 204 : result.status);
      response.end();
      return;
    }
    this.sendJson(response, result.status, result.body);
  }

  private sendJson(response: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }
}

/** Topics › Rate Limits › Exceeding A Rate Limit: Retry-After header and a JSON body with retry_after and global. */
function tooManyRequests(retryAfter: number, headers: Record<string, string>): HandlerResult {
  return {
    status: 429,
    // The header is whole seconds, rounded up (as in the documentation's examples); the body keeps the decimals.
    headers: { ...headers, 'retry-after': String(Math.max(1, Math.ceil(retryAfter))), 'x-ratelimit-remaining': '0' },
    body: { message: 'You are being rate limited.', retry_after: Number(retryAfter.toFixed(3)), global: false, code: 0 },
  };
}

/** Topics › Rate Limits: buckets are per major parameter (channel, guild, webhook). */
function majorParameter(path: string, params: string[]): string {
  if (path.startsWith('/channels/') || path.startsWith('/guilds/')) return params[0] ?? 'global';
  if (path.startsWith('/webhooks/') || path.startsWith('/interactions/')) return `${params[0] ?? ''}:${params[1] ?? ''}`;
  return 'global';
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function drain(request: IncomingMessage): Promise<void> {
  for await (const _chunk of request) {
    // discard
  }
}

async function readBody(request: IncomingMessage): Promise<{ body: unknown; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return { body: undefined, files: [] };
  const raw = Buffer.concat(chunks);
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) return readMultipart(raw, contentType);
  if (raw.length === 0) return { body: undefined, files: [] };
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    throw new DiscordApiError(400, 50109, 'The request body contains invalid JSON.');
  }
}

/** Reference › Uploading Files: multipart bodies carry `payload_json` and `files[n]` parts. */
async function readMultipart(raw: Buffer, contentType: string): Promise<{ body: unknown; files: UploadedFile[] }> {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the bodies are small and already in memory, which is what Response's parser is fit for
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  let body: unknown;
  const files: UploadedFile[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      if (name === 'payload_json') {
        try {
          body = JSON.parse(value);
        } catch {
          throw new DiscordApiError(400, 50109, 'The request body contains invalid JSON.');
        }
      }
    } else {
      files.push({
        fieldName: name,
        filename: value.name,
        contentType: value.type || 'application/octet-stream',
        content: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return { body, files };
}
