import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIApplicationCommandOption, ChannelType } from 'discord-api-types/v10';

export class CommandInputError extends Error {
  override readonly name = 'CommandInputError';
}

export interface NamedId {
  id: string;
  name: string;
}

export interface NamedChannel extends NamedId {
  type: ChannelType;
}

export interface Lookups {
  channels: readonly NamedChannel[];
  users: readonly NamedId[];
  roles: readonly NamedId[];
}

/** The options a command (or one of its subcommands) declares; throws when the page names something that is not there. */
export function declaredOptions(commands: readonly APIApplicationCommand[], name: string, subcommand: string | undefined): APIApplicationCommandOption[] {
  const command = commands.find((c) => c.name === name);
  if (!command) throw new CommandInputError(`/${name} is not a command of this server (known: ${commands.map((c) => `/${c.name}`).join(', ') || 'none'})`);
  const options = command.options ?? [];
  const subcommands = options.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (subcommands.length === 0) {
    if (subcommand !== undefined) throw new CommandInputError(`/${name} has no subcommands`);
    return options;
  }
  if (subcommand === undefined) throw new CommandInputError(`/${name} needs a subcommand: ${subcommands.map((s) => s.name).join(', ')}`);
  const chosen = subcommands.find((s) => s.name === subcommand);
  if (!chosen) {
    throw new CommandInputError(`/${name} has no subcommand "${subcommand}" (it has ${subcommands.map((s) => s.name).join(', ')})`);
  }
  return chosen.options ?? [];
}

/**
 * Turns the text a person typed for each option into the value Discord would send: numbers for integer and
 * number options, booleans, and ids for channels, users and roles typed by name ("#reviews", "@apollo").
 * `partial` is for autocomplete, where the option being typed may still be incomplete (and the others may still
 * be empty); a command sent with an option named but left empty is refused, as Discord's client will not send it.
 */
export function convertOptions(
  declared: readonly APIApplicationCommandOption[],
  typed: Readonly<Record<string, string>>,
  lookups: Lookups,
  partial?: string,
): Record<string, string | number | boolean> {
  const converted: Record<string, string | number | boolean> = {};
  for (const [name, raw] of Object.entries(typed)) {
    const option = declared.find((o) => o.name === name);
    if (!option) throw new CommandInputError(`this command has no option "${name}" (it has ${declared.map((o) => o.name).join(', ') || 'none'})`);
    const text = raw.trim();
    if (name === partial) {
      converted[name] = text;
      continue;
    }
    if (text === '') {
      if (partial !== undefined) continue;
      throw new CommandInputError(`option ${name} has no value: ${emptyHint(option)}, or leave the option out`);
    }
    converted[name] = convertOne(option, text, lookups);
  }
  if (partial === undefined) {
    const missing = declared.filter((o) => 'required' in o && o.required === true && converted[o.name] === undefined).map((o) => o.name);
    if (missing.length > 0) throw new CommandInputError(`missing required option${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  }
  return converted;
}

function emptyHint(option: APIApplicationCommandOption): string {
  switch (option.type) {
    case ApplicationCommandOptionType.Channel:
      return 'pick a channel';
    case ApplicationCommandOptionType.User:
      return 'pick a member';
    case ApplicationCommandOptionType.Role:
      return 'pick a role';
    case ApplicationCommandOptionType.Mentionable:
      return 'pick a member or a role';
    default:
      return 'type a value after the colon';
  }
}

/**
 * The channels a channel option offers: those of its `channel_types` (Application Commands › Application Command
 * Option Structure: "The channels shown will be restricted to these types"), or every channel when it has none.
 */
export function allowedChannels<C extends NamedChannel>(option: APIApplicationCommandOption, channels: readonly C[]): C[] {
  const types = option.type === ApplicationCommandOptionType.Channel ? option.channel_types : undefined;
  return types && types.length > 0 ? channels.filter((c) => types.some((type) => type === c.type)) : [...channels];
}

function convertOne(option: APIApplicationCommandOption, text: string, lookups: Lookups): string | number | boolean {
  switch (option.type) {
    case ApplicationCommandOptionType.Integer: {
      if (!/^-?\d+$/.test(text)) throw new CommandInputError(`option ${option.name} must be a whole number, got "${text}"`);
      return Number(text);
    }
    case ApplicationCommandOptionType.Number: {
      const value = Number(text);
      if (!Number.isFinite(value)) throw new CommandInputError(`option ${option.name} must be a number, got "${text}"`);
      return value;
    }
    case ApplicationCommandOptionType.Boolean: {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === 'yes') return true;
      if (lower === 'false' || lower === 'no') return false;
      throw new CommandInputError(`option ${option.name} must be true or false, got "${text}"`);
    }
    case ApplicationCommandOptionType.Channel:
      return lookup('channel', option.name, text.replace(/^#/, ''), allowedChannels(option, lookups.channels));
    case ApplicationCommandOptionType.User:
      return lookup('member', option.name, text.replace(/^@/, ''), lookups.users);
    case ApplicationCommandOptionType.Role:
      return lookup('role', option.name, text.replace(/^@/, ''), lookups.roles);
    case ApplicationCommandOptionType.Mentionable:
      return lookup('member or role', option.name, text.replace(/^@/, ''), [...lookups.users, ...lookups.roles]);
    case ApplicationCommandOptionType.Attachment:
      throw new CommandInputError(`option ${option.name} takes a file, which the sandbox page cannot upload; use /review new instead`);
    default:
      return text;
  }
}

function lookup(kind: string, optionName: string, text: string, known: readonly NamedId[]): string {
  const found = known.find((k) => k.id === text || k.name.toLowerCase() === text.toLowerCase());
  if (!found) throw new CommandInputError(`option ${optionName}: no ${kind} named "${text}" (known: ${known.map((k) => k.name).join(', ')})`);
  return found.id;
}
