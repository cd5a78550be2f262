import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { projectRoot } from '../project-root.js';
import { sendFile, sendJson } from './http.js';
import type { SandboxRoster } from './roster.js';

const pageDir = join(projectRoot, 'src', 'sandbox', 'page');
const nodeModulesDir = join(projectRoot, 'node_modules');
/** The packages the page imports (the message components and the lit runtime they are built on), served as they are. */
const vendorPackages = ['@skyra/discord-components-core', 'lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit/context'];
/** The page's own files: flat names only, so no path leaves the page's folder. */
const pageFile = /^[a-z][a-z0-9-]*\.(?:html|js|css)$/;

/** "/" → index.html; "/app.js", "/forum.js", … → the page's modules. */
export function sendPageFile(response: ServerResponse, path: string): Promise<void> {
  const page = path === '/' ? 'index.html' : path.slice(1);
  if (!pageFile.test(page)) {
    sendJson(response, 404, { error: `not found: ${path}` });
    return Promise.resolve();
  }
  return sendFile(response, join(pageDir, page));
}

/** "/vendor/<package>/<file>": a .js, .css or .map file inside one of the packages the page imports. */
export function sendVendorFile(response: ServerResponse, path: string): Promise<void> {
  let rest: string;
  try {
    rest = decodeURIComponent(path.slice('/vendor/'.length));
  } catch {
    sendJson(response, 404, { error: `not found: ${path}` });
    return Promise.resolve();
  }
  const name = vendorPackages.find((pkg) => rest.startsWith(`${pkg}/`));
  if (!name) {
    sendJson(response, 404, { error: `not a package the page uses: ${rest}` });
    return Promise.resolve();
  }
  const root = resolve(nodeModulesDir, name);
  const file = resolve(root, rest.slice(name.length + 1));
  if (!file.startsWith(root + sep) || !['.js', '.css', '.map'].includes(extname(file))) {
    sendJson(response, 404, { error: `not found: ${rest}` });
    return Promise.resolve();
  }
  return sendFile(response, file);
}

/** A round avatar with the person's initial, in a colour of their own: the sandbox has no CDN. */
export function sendAvatar(response: ServerResponse, roster: SandboxRoster, userId: string): void {
  const personOrBot = roster.people.find((p) => p.id === userId) ?? (roster.bot.id === userId ? roster.bot : undefined);
  const label =
    (personOrBot?.name ?? '?')
      .replace(/[^\p{L}\p{N}]/gu, '')
      .slice(0, 1)
      .toUpperCase() || '?';
  let hue = 7;
  for (const digit of userId) hue = (hue * 31 + digit.charCodeAt(0)) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80"><circle cx="40" cy="40" r="40" fill="hsl(${hue} 55% 45%)"/><text x="40" y="52" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">${label}</text></svg>`;
  response.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
  response.end(svg);
}
