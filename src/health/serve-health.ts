import { createServer, type Server } from 'node:http';
import type { HealthVerdict } from './check-health.js';

export interface HealthServer {
  /** The address it listens on, e.g. http://127.0.0.1:9464 (port 0 picks a free one). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * GET /healthz: 200 "ok", or 503 with one reason per line. GET /metrics: Prometheus text. Anything else 404; a
 * method other than GET or HEAD 405. The answers hold no secret: reasons are masked by their producer.
 */
export interface HealthRoutes {
  host: string;
  port: number;
  verdict(): HealthVerdict | Promise<HealthVerdict>;
  /** The Prometheus text and its content type (prom-client's Registry#metrics and #contentType). */
  metrics(): Promise<string>;
  contentType: string;
}

export async function serveHealth(options: HealthRoutes): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    if (path === '/healthz') {
      void Promise.resolve(options.verdict()).then(
        ({ healthy, reasons }) => {
          response.writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
          response.end(healthy ? 'ok\n' : `${reasons.join('\n')}\n`);
        },
        () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('health could not be checked\n'),
      );
      return;
    }
    if (path === '/metrics') {
      options.metrics().then(
        (text) => response.writeHead(200, { 'content-type': options.contentType }).end(text),
        () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics could not be collected\n'),
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: try /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the health server is not listening on a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
