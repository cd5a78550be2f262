#!/usr/bin/env node
// Bundles the processes that run from dist/ (`npm start`, the command modules it loads, the bench's children):
// plain JavaScript starts faster and lighter than TypeScript compiled on the fly, and one file per entry plus shared
// chunks is read, resolved and compiled faster than one file per source module. Packages stay in node_modules.
// Types are checked by `npm run typecheck`.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const finalDir = join(root, 'dist');
// A file deleted from the sources must not live on in dist/ (commands/ is loaded by listing the folder), so each
// build starts empty. It builds beside dist/ and swaps it in, so a process that is starting from dist/ (another
// test, a bench child) never finds it half written.
const outdir = join(root, `dist.building-${process.pid}`);
rmSync(outdir, { recursive: true, force: true });
// What node runs from dist/: the bot, the command modules it loads by listing dist/commands/, and the bench's
// children. Code two of them share goes into dist/chunks/ once, so a module has one instance in a process (an
// error class checked with instanceof, a cache) whichever entry loaded it. A deployment may ship without bench/.
const entryPoints = ['src/main.ts', 'commands/*.ts', 'bench/children/*.ts'].filter((pattern) => existsSync(join(root, pattern.split('/')[0])));
await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  outbase: '.',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
const oldDir = join(root, `dist.old-${process.pid}`);
// Two builds at once may both find dist/ gone between their renames: the one that loses tries again.
for (let attempt = 1; ; attempt++) {
  try {
    if (existsSync(finalDir)) renameSync(finalDir, oldDir);
    renameSync(outdir, finalDir);
    break;
  } catch (error) {
    if (attempt >= 5) throw error;
  }
  rmSync(oldDir, { recursive: true, force: true });
}
rmSync(oldDir, { recursive: true, force: true });
