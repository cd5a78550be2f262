// A person's slash command as Discord's client sends it (Interactions › Application Commands): the driver's plain
// option values checked against the registered command and turned into typed options with their resolved data.
import { ApplicationCommandOptionType, ChannelType, ThreadAutoArchiveDuration } from 'discord-api-types/v10';
import type {
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIAttachment,
  APIInteractionDataResolved,
  APIInteractionDataResolvedChannel,
} from 'discord-api-types/v10';
import type { MessageService } from './messages.js';
import type { CommandRegistry } from './commands.js';
import type { ChannelRecord, World } from './world.js';

export type OptionValue = string | number | boolean;

export type DriverAttachments = Record<string, { filename: string; contentType: string; content: string | Buffer }>;

interface OptionContext {
  world: World;
  messages: MessageService;
}

/** The options of the command or of the named subcommand ("sub" or "group sub"), and the data wrapper they go in. */
export function resolveCommand(commands: CommandRegistry, guildId: string, name: string, subcommand: string | undefined) {
  const command = commands.find(guildId, name);
  if (!command) {
    const known = [...commands.list(guildId), ...commands.list(undefined)].map((c) => `/${c.name}`).join(', ') || 'none';
    throw new Error(`Command /${name} is not registered for guild ${guildId} (registered: ${known})`);
  }
  const topOptions = command.options ?? [];
  const hasSubcommands = topOptions.some((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup);
  if (!subcommand) {
    if (hasSubcommands) throw new Error(`Command /${name} needs a subcommand (one of: ${topOptions.map((o) => o.name).join(', ')})`);
    return { command, declared: topOptions, wrap: (options: APIApplicationCommandInteractionDataOption[]) => options };
  }
  const parts = subcommand.trim().split(/\s+/);
  if (parts.length === 2) {
    const [groupName, subName] = parts;
    const group = topOptions.find((o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === groupName);
    const sub = group && 'options' in group ? group.options?.find((o) => o.name === subName) : undefined;
    if (!group || !sub) throw new Error(`Command /${name} has no subcommand "${subcommand}"`);
    return {
      command,
      declared: 'options' in sub ? (sub.options ?? []) : [],
      wrap: (options: APIApplicationCommandInteractionDataOption[]): APIApplicationCommandInteractionDataOption[] => [
        {
          type: ApplicationCommandOptionType.SubcommandGroup,
          name: group.name,
          options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub.name, options: options.filter(isBasicOption) }],
        },
      ],
    };
  }
  const sub = topOptions.find((o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === subcommand);
  if (!sub) throw new Error(`Command /${name} has no subcommand "${subcommand}" (has: ${topOptions.map((o) => o.name).join(', ')})`);
  return {
    command,
    declared: 'options' in sub ? (sub.options ?? []) : [],
    wrap: (options: APIApplicationCommandInteractionDataOption[]): APIApplicationCommandInteractionDataOption[] => [
      { type: ApplicationCommandOptionType.Subcommand, name: sub.name, options: options.filter(isBasicOption) },
    ],
  };
}

/** Turns the driver's plain values into typed options plus their resolved data, as Discord's client would. */
export function buildOptions(
  { world, messages }: OptionContext,
  label: string,
  declared: APIApplicationCommandOption[],
  given: Record<string, OptionValue>,
  guildId: string,
  channel: ChannelRecord,
  attachments: DriverAttachments,
  focused?: string,
): { options: APIApplicationCommandInteractionDataBasicOption[]; resolved: APIInteractionDataResolved } {
  const guild = world.requireGuild(guildId);
  const resolved: APIInteractionDataResolved = {};
  const options: APIApplicationCommandInteractionDataBasicOption[] = [];
  for (const [name, value] of Object.entries(given)) {
    const definition = declared.find((o) => o.name === name);
    if (!definition) {
      throw new Error(`Option "${name}" is not declared by ${label} (declared: ${declared.map((o) => o.name).join(', ') || 'none'})`);
    }
    const isFocused = focused === name;
    if (isFocused) {
      if (!('autocomplete' in definition) || definition.autocomplete !== true) throw new Error(`Option "${name}" of ${label} has no autocomplete`);
      if (definition.type === ApplicationCommandOptionType.String) {
        options.push({ type: definition.type, name, value: String(value), focused: true });
      } else {
        // An Integer or a Number option (the only other types autocomplete takes): while typing, Discord sends the partial input as it stands.
        options.push({ type: definition.type, name, value: typeof value === 'number' ? value : Number(value), focused: true });
      }
      continue;
    }
    options.push(convertOption({ world, messages }, label, definition, value, guild.id, channel, resolved, attachments));
  }
  for (const definition of declared) {
    if ('required' in definition && definition.required && !(definition.name in given) && focused === undefined) {
      throw new Error(`Required option "${definition.name}" of ${label} is missing`);
    }
  }
  return { options, resolved };
}

function convertOption(
  { world, messages }: OptionContext,
  label: string,
  definition: APIApplicationCommandOption,
  value: OptionValue,
  guildId: string,
  channel: ChannelRecord,
  resolved: APIInteractionDataResolved,
  attachments: DriverAttachments,
): APIApplicationCommandInteractionDataBasicOption {
  const name = definition.name;
  const wrongType = (expected: string): Error => new Error(`Option "${name}" of ${label} takes ${expected}, got ${JSON.stringify(value)}`);
  const guild = world.requireGuild(guildId);
  const checkChoices = (choices: { value: string | number }[] | undefined): void => {
    if (choices && choices.length > 0 && !choices.some((choice) => choice.value === value)) {
      throw new Error(`Option "${name}" of ${label} must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
    }
  };
  switch (definition.type) {
    case ApplicationCommandOptionType.String: {
      if (typeof value !== 'string') throw wrongType('a string');
      checkChoices(definition.choices);
      if (definition.min_length !== undefined && value.length < definition.min_length)
        throw new Error(`Option "${name}" of ${label} needs at least ${definition.min_length} characters`);
      if (definition.max_length !== undefined && value.length > definition.max_length)
        throw new Error(`Option "${name}" of ${label} takes at most ${definition.max_length} characters`);
      return { type: definition.type, name, value };
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      if (typeof value !== 'number' || (definition.type === ApplicationCommandOptionType.Integer && !Number.isInteger(value))) {
        throw wrongType(definition.type === ApplicationCommandOptionType.Integer ? 'an integer' : 'a number');
      }
      checkChoices(definition.choices);
      if (definition.min_value !== undefined && value < definition.min_value)
        throw new Error(`Option "${name}" of ${label} must be at least ${definition.min_value}`);
      if (definition.max_value !== undefined && value > definition.max_value)
        throw new Error(`Option "${name}" of ${label} must be at most ${definition.max_value}`);
      return { type: definition.type, name, value };
    }
    case ApplicationCommandOptionType.Boolean:
      if (typeof value !== 'boolean') throw wrongType('a boolean');
      return { type: definition.type, name, value };
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable: {
      const id = String(value);
      const user = world.users.get(id);
      const role = guild.roles.get(id);
      if (user) {
        resolved.users = { ...resolved.users, [id]: user };
        const member = guild.members.get(id);
        if (member) {
          const { user: _user, ...rest } = world.memberView(member);
          resolved.members = { ...resolved.members, [id]: { ...rest, permissions: world.permissionsIn(guild, id, channel).toString() } };
        }
      } else if (role && definition.type === ApplicationCommandOptionType.Mentionable) {
        resolved.roles = { ...resolved.roles, [id]: role };
      } else {
        throw new Error(`Option "${name}" of ${label} names unknown ${definition.type === ApplicationCommandOptionType.User ? 'user' : 'user or role'} ${id}`);
      }
      return { type: definition.type, name, value: id };
    }
    case ApplicationCommandOptionType.Role: {
      const id = String(value);
      const role = guild.roles.get(id);
      if (!role) throw new Error(`Option "${name}" of ${label} names unknown role ${id}`);
      resolved.roles = { ...resolved.roles, [id]: role };
      return { type: definition.type, name, value: id };
    }
    case ApplicationCommandOptionType.Channel: {
      const id = String(value);
      const target = world.channels.get(id);
      if (!target || target.guildId !== guild.id) throw new Error(`Option "${name}" of ${label} names unknown channel ${id}`);
      if (definition.channel_types && !definition.channel_types.some((type) => type === target.channel.type)) {
        throw new Error(`Option "${name}" of ${label} does not accept channels of type ${target.channel.type}`);
      }
      resolved.channels = { ...resolved.channels, [id]: resolvedChannel(target, world.permissionsIn(guild, world.application.botUserId, target).toString()) };
      return { type: definition.type, name, value: id };
    }
    case ApplicationCommandOptionType.Attachment: {
      const key = String(value);
      const file = attachments[key];
      if (!file) throw new Error(`Option "${name}" of ${label} names attachment "${key}", which is not in attachments`);
      const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
      const attachment: APIAttachment = messages.storeAttachment(channel.channel.id, file.filename, file.contentType, content);
      attachment.ephemeral = true;
      resolved.attachments = { ...resolved.attachments, [attachment.id]: attachment };
      return { type: definition.type, name, value: attachment.id };
    }
    default:
      throw new Error(`Option "${name}" of ${label} is a subcommand, pass it as subcommand`);
  }
}

function isBasicOption(option: APIApplicationCommandInteractionDataOption): option is APIApplicationCommandInteractionDataBasicOption {
  return option.type !== ApplicationCommandOptionType.Subcommand && option.type !== ApplicationCommandOptionType.SubcommandGroup;
}

function resolvedChannel(record: ChannelRecord, permissions: string): APIInteractionDataResolvedChannel {
  const channel = record.channel;
  if (channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread || channel.type === ChannelType.AnnouncementThread) {
    return {
      id: channel.id,
      name: channel.name,
      type: channel.type,
      permissions,
      ...(channel.parent_id ? { parent_id: channel.parent_id } : {}),
      thread_metadata: channel.thread_metadata ?? {
        archived: false,
        auto_archive_duration: ThreadAutoArchiveDuration.ThreeDays,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    };
  }
  return { id: channel.id, name: channel.name, type: channel.type, permissions };
}
