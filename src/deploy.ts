import { REST } from '@discordjs/rest';
import { Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { loadCommands } from './discord/load-commands.js';
import { errorMessage } from './errors.js';

export interface DeployInput {
  token: string;
  clientId: string;
  /** Guild-scoped (instant, for development) when set; global otherwise. */
  guildId: string | null;
  apiUrl: string | null;
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
}

export interface DeployResult {
  scope: 'guild' | 'global';
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/** Whether everything the local definition says is also what Discord holds (Discord adds ids, versions, defaults). */
function sameAs(local: unknown, remote: unknown): boolean {
  if (Array.isArray(local)) {
    return Array.isArray(remote) && local.length === remote.length && local.every((item, i) => sameAs(item, remote[i]));
  }
  if (typeof local === 'object' && local !== null) {
    if (typeof remote !== 'object' || remote === null) return false;
    return Object.entries(local).every(([key, value]) => {
      const other: unknown = (remote as Record<string, unknown>)[key];
      // Discord omits false/empty defaults in what it returns.
      if (other === undefined) return value === false || (Array.isArray(value) && value.length === 0);
      return sameAs(value, other);
    });
  }
  return local === remote || (typeof local === 'number' && String(local) === remote) || (typeof remote === 'number' && String(remote) === local);
}

function namesOf(value: unknown): { name: string; body: unknown }[] {
  if (!Array.isArray(value)) throw new Error('Discord answered the command list with something that is not a list');
  return value.map((item: unknown) => {
    const name = typeof item === 'object' && item !== null && 'name' in item ? item.name : undefined;
    if (typeof name !== 'string') throw new Error('Discord answered the command list with an entry without a name');
    return { name, body: item };
  });
}

/**
 * Registers the whole command set with one bulk overwrite (PUT), after reading what is registered so the
 * admin sees what was added, changed and removed. Never done on start: Discord rate-limits registration.
 */
export async function deployCommands(input: DeployInput): Promise<DeployResult> {
  const rest = new REST(input.apiUrl ? { api: input.apiUrl } : {}).setToken(input.token);
  const route = input.guildId ? Routes.applicationGuildCommands(input.clientId, input.guildId) : Routes.applicationCommands(input.clientId);
  const before = namesOf(await rest.get(route));
  await rest.put(route, { body: input.definitions });
  const local = new Map(input.definitions.map((d) => [d.name, d]));
  const remote = new Map(before.map((c) => [c.name, c.body]));
  const result: DeployResult = { scope: input.guildId ? 'guild' : 'global', added: [], changed: [], removed: [], unchanged: [] };
  for (const [name, definition] of local) {
    const existing = remote.get(name);
    // contexts and integration_types apply "only for globally-scoped commands" (application commands docs,
    // Application Command Structure), so a guild answers without them.
    const { contexts, integration_types, ...guildRelevant } = definition;
    const compared = input.guildId ? guildRelevant : definition;
    if (existing === undefined) result.added.push(name);
    else if (sameAs(compared, existing)) result.unchanged.push(name);
    else result.changed.push(name);
  }
  for (const name of remote.keys()) if (!local.has(name)) result.removed.push(name);
  return result;
}

export function describeDeploy(result: DeployResult, guildId: string | null): string {
  const list = (names: string[]): string => (names.length === 0 ? '—' : names.map((n) => `/${n}`).join(', '));
  const where = result.scope === 'guild' ? `server ${guildId ?? ''}` : 'all servers (global; may take up to an hour to appear)';
  return [
    `Deployed ${result.added.length + result.changed.length + result.unchanged.length} commands to ${where}.`,
    `  added:     ${list(result.added)}`,
    `  changed:   ${list(result.changed)}`,
    `  removed:   ${list(result.removed)}`,
    `  unchanged: ${list(result.unchanged)}`,
  ].join('\n');
}

async function main(): Promise<void> {
  try {
    const config = loadConfig();
    const modules = await loadCommands();
    const result = await deployCommands({
      token: config.discordToken,
      clientId: config.discordClientId,
      guildId: config.discordGuildId,
      apiUrl: config.discordApiUrl,
      definitions: modules.map((m) => m.definition),
    });
    console.log(describeDeploy(result, config.discordGuildId));
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `Deploy failed: ${errorMessage(error)}`;
    console.error(message);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
