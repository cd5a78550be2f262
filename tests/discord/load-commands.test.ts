import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isCommandModule } from '../../src/discord/command-kit.js';
import { loadCommands } from '../../src/discord/load-commands.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function commandsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'liner-notes-commands-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('command modules', () => {
  it('loads every command in commands/, each passing the run-time check, names unique', async () => {
    const modules = await loadCommands();
    expect(modules.map((m) => m.definition.name)).toEqual(['help', 'recount', 'responses', 'review', 'reviews', 'setup', 'top', 'tracks']);
    for (const m of modules) {
      expect(isCommandModule(m)).toBe(true);
      expect(m.definition.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('rejects a file that does not export a valid command, naming it', async () => {
    const dir = await commandsDir({ 'broken.ts': "export const command = { definition: { name: 'x' }, handlers: {} };\n" });
    await expect(loadCommands(dir)).rejects.toThrow('commands/broken.ts does not export a valid `command`');
  });

  it('rejects two files defining the same command', async () => {
    const body =
      "export const command = { definition: { name: 'same', description: 'd' }, handlers: { run: { access: 'everyone', defer: 'none', run: async () => undefined } } };\n";
    const dir = await commandsDir({ 'a.ts': body, 'b.ts': body });
    await expect(loadCommands(dir)).rejects.toThrow('two command files define /same');
  });
});
