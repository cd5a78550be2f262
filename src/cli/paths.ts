import { relative, resolve } from 'node:path';
import { projectDataDir } from '../data-dir.js';

/** The data folder a subcommand works on: --data, else the project's data/. */
export function dataDirOption(value: string | undefined): string {
  return value === undefined ? projectDataDir : resolve(value);
}

/** A path as the user would type it from where they are. */
export function shown(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.length > 0 && !fromHere.startsWith('..') ? fromHere : path;
}
