#!/usr/bin/env node
// Compiles src/, commands/ and bench/ into dist/ for `npm start` and the bench's processes: plain JavaScript
// starts faster and lighter than TypeScript compiled on the fly. Types are checked by `npm run typecheck`.
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
// A file deleted from the sources must not live on in dist/ (commands/ is loaded by listing the folder).
rmSync(outdir, { recursive: true, force: true });
// A deployment may ship without bench/.
const entryPoints = ['src/**/*.ts', 'commands/*.ts', 'bench/**/*.ts'].filter((pattern) => existsSync(join(root, pattern.split('/')[0])));
await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  outbase: '.',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
