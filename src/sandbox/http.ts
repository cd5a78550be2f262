import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

/** A request the page got wrong: answered with 400 and the message, which names what to change. */
export class BadRequest extends Error {}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const maxBodyBytes = 64 * 1024;

export async function sendFile(response: ServerResponse, file: string): Promise<void> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    sendJson(response, 404, { error: 'not found' });
    return;
  }
  response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  response.end(content);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export function readJson(request: IncomingMessage): Promise<unknown> {
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
      if (tooLarge) {
        reject(new BadRequest(`the request body is over ${maxBodyBytes} bytes`));
        return;
      }
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
