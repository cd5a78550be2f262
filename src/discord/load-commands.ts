import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtDir, projectRoot, runsBuilt } from '../project-root.js';
import { isCommandModule, type CommandModule } from './command-kit.js';

/** commands/ beside this code: the TypeScript sources, or their built modules in dist/commands/. */
export const commandsDir = runsBuilt ? join(builtDir, 'commands') : join(projectRoot, 'commands');

/**
 * Imports every command module in commands/ (one file per command) and checks each export at run time,
 * since the compiler cannot see into a dynamic import. A file that does not export a valid `command` is an
 * error, not something to skip silently.
 */
export async function loadCommands(dir = commandsDir): Promise<CommandModule[]> {
  const files = (await readdir(dir)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_')).sort();
  // Imported together: the loader reads and links them at once rather than one round of reads after another.
  const loaded: unknown[] = await Promise.all(files.map((file) => import(pathToFileURL(join(dir, file)).href)));
  const modules: CommandModule[] = [];
  for (const [at, file] of files.entries()) {
    const module = loaded[at];
    const command = typeof module === 'object' && module !== null && 'command' in module ? module.command : undefined;
    if (!isCommandModule(command)) throw new Error(`commands/${file} does not export a valid \`command\` (definition + handlers)`);
    modules.push(command);
  }
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.definition.name)) throw new Error(`two command files define /${m.definition.name}`);
    names.add(m.definition.name);
  }
  return modules;
}
