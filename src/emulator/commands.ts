import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord-api-types/v10';
import { DiscordApiError, errors } from './errors.js';
import { FormErrors, isRecord } from './validation.js';
import type { World } from './world.js';

// Application Commands › Application Command Naming: 1–32 characters, lowercase where a lowercase variant exists.
const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_COMMANDS = 100;

type Path = (string | number)[];

export class CommandRegistry {
  constructor(private readonly world: World) {}

  list(guildId: string | undefined): APIApplicationCommand[] {
    return [...this.world.commands.values()].filter((command) => command.guild_id === guildId);
  }

  get(guildId: string | undefined, commandId: string): APIApplicationCommand {
    const command = this.world.commands.get(commandId);
    if (!command || command.guild_id !== guildId) throw errors.unknownCommand();
    return command;
  }

  /**
   * The chat-input commands a member with these guild permissions sees in the `/` picker: the guild's, then the
   * global ones, each only when {@link memberMayUse} allows it.
   */
  visibleTo(guildId: string, permissions: bigint): APIApplicationCommand[] {
    return [...this.list(guildId), ...this.list(undefined)].filter(
      (command) => command.type === ApplicationCommandType.ChatInput && memberMayUse(command, permissions),
    );
  }

  /** The command a member sees in a guild: guild commands first, then global ones (chat input only). */
  find(guildId: string, name: string): APIApplicationCommand | undefined {
    const byName = (command: APIApplicationCommand): boolean => command.name === name && command.type === ApplicationCommandType.ChatInput;
    return this.list(guildId).find(byName) ?? this.list(undefined).find(byName);
  }

  /** Bulk Overwrite: the given set replaces the scope's commands; a command keeping its name keeps its id. */
  overwrite(guildId: string | undefined, body: unknown): APIApplicationCommand[] {
    const formErrors = new FormErrors();
    if (!Array.isArray(body)) {
      formErrors.add([], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
      formErrors.throwIfAny();
      return [];
    }
    if (body.length > MAX_COMMANDS) formErrors.maxLength([], MAX_COMMANDS);
    const seen = new Set<string>();
    const definitions = body.map((entry, index) => {
      const definition = this.validate(entry, formErrors, [index]);
      const key = `${definition.type}:${definition.name}`;
      if (seen.has(key)) formErrors.add([index, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
      seen.add(key);
      return definition;
    });
    formErrors.throwIfAny();
    const existing = this.list(guildId);
    for (const command of existing) this.world.commands.delete(command.id);
    return definitions.map((definition) => {
      const previous = existing.find((command) => command.name === definition.name && command.type === definition.type);
      return this.store(guildId, definition, previous?.id);
    });
  }

  /** Create: a command with an existing name is updated in place (200) rather than duplicated (201). */
  create(guildId: string | undefined, body: unknown): { command: APIApplicationCommand; created: boolean } {
    const formErrors = new FormErrors();
    const definition = this.validate(body, formErrors, []);
    formErrors.throwIfAny();
    const previous = this.list(guildId).find((command) => command.name === definition.name && command.type === definition.type);
    if (!previous && this.list(guildId).length >= MAX_COMMANDS) {
      throw new DiscordApiError(400, 30032, 'Maximum number of application commands reached (100)');
    }
    return { command: this.store(guildId, definition, previous?.id), created: !previous };
  }

  edit(guildId: string | undefined, commandId: string, body: unknown): APIApplicationCommand {
    const current = this.get(guildId, commandId);
    const merged = { ...current, ...(isRecord(body) ? body : {}) };
    const formErrors = new FormErrors();
    const definition = this.validate(merged, formErrors, []);
    formErrors.throwIfAny();
    return this.store(guildId, definition, current.id);
  }

  delete(guildId: string | undefined, commandId: string): void {
    this.get(guildId, commandId);
    this.world.commands.delete(commandId);
  }

  private store(guildId: string | undefined, definition: CommandDefinition, id = this.world.ids.next()): APIApplicationCommand {
    const command: APIApplicationCommand = {
      id,
      type: definition.type,
      application_id: this.world.application.id,
      name: definition.name,
      name_localizations: definition.nameLocalizations,
      description: definition.description,
      description_localizations: definition.descriptionLocalizations,
      default_member_permissions: definition.defaultMemberPermissions,
      nsfw: definition.nsfw,
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: null,
      version: this.world.ids.next(),
    };
    if (definition.options.length > 0) command.options = definition.options;
    if (guildId !== undefined) command.guild_id = guildId;
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- Discord still sends it on global commands, so the emulator does
    else command.dm_permission = true;
    this.world.commands.set(id, command);
    return command;
  }

  private validate(entry: unknown, formErrors: FormErrors, path: Path): CommandDefinition {
    const body = isRecord(entry) ? entry : {};
    // Compared with the command types as it came: any other value is refused below.
    const type: unknown = typeof body.type === 'number' ? body.type : ApplicationCommandType.ChatInput;
    if (type !== ApplicationCommandType.ChatInput && type !== ApplicationCommandType.User && type !== ApplicationCommandType.Message) {
      formErrors.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3}.');
    }
    const chatInput = type === ApplicationCommandType.ChatInput;
    const name = this.validateName(body.name, formErrors, [...path, 'name'], chatInput);
    let description = '';
    if (chatInput) description = formErrors.requiredString(body.description, [...path, 'description'], 1, 100) ?? '';
    else if (typeof body.description === 'string' && body.description.length > 0) {
      formErrors.add([...path, 'description'], 'APPLICATION_COMMAND_DESCRIPTION_INVALID', 'Context menu commands cannot have description');
    }
    const options = chatInput ? this.validateOptions(body.options, formErrors, [...path, 'options'], 0) : [];
    let defaultMemberPermissions: string | null = null;
    if (typeof body.default_member_permissions === 'string' && /^\d+$/.test(body.default_member_permissions)) {
      defaultMemberPermissions = body.default_member_permissions;
    }
    return {
      type: chatInput ? ApplicationCommandType.ChatInput : type === ApplicationCommandType.User ? ApplicationCommandType.User : ApplicationCommandType.Message,
      name,
      description,
      options,
      defaultMemberPermissions,
      nsfw: body.nsfw === true,
      nameLocalizations: isRecord(body.name_localizations) ? Object.fromEntries(Object.entries(body.name_localizations).map(([k, v]) => [k, String(v)])) : null,
      descriptionLocalizations: isRecord(body.description_localizations)
        ? Object.fromEntries(Object.entries(body.description_localizations).map(([k, v]) => [k, String(v)]))
        : null,
    };
  }

  private validateName(value: unknown, formErrors: FormErrors, path: Path, lowercase: boolean): string {
    const name = formErrors.requiredString(value, path, 1, 32) ?? '';
    if (name && (!COMMAND_NAME.test(name) || (lowercase && name !== name.toLowerCase()))) {
      formErrors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    return name;
  }

  private validateOptions(value: unknown, formErrors: FormErrors, path: Path, depth: number): APIApplicationCommandOption[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      formErrors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
      return [];
    }
    if (value.length > 25) formErrors.maxLength(path, 25);
    let sawOptional = false;
    const names = new Set<string>();
    const options: APIApplicationCommandOption[] = [];
    value.forEach((raw: unknown, index) => {
      const at: Path = [...path, index];
      if (!isCommandOption(raw)) {
        formErrors.add([...at, 'type'], 'BASE_TYPE_REQUIRED', 'This field is required');
        return;
      }
      const name = this.validateName(raw.name, formErrors, [...at, 'name'], true);
      if (names.has(name)) formErrors.add([...at, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
      names.add(name);
      formErrors.requiredString(raw.description, [...at, 'description'], 1, 100);
      const nested = raw.type === ApplicationCommandOptionType.Subcommand || raw.type === ApplicationCommandOptionType.SubcommandGroup;
      if (nested) {
        if (depth >= (raw.type === ApplicationCommandOptionType.SubcommandGroup ? 1 : 2)) {
          formErrors.add([...at, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Subcommands cannot be nested this deep');
        }
        const children = this.validateOptions('options' in raw ? raw.options : undefined, formErrors, [...at, 'options'], depth + 1);
        if (raw.type === ApplicationCommandOptionType.SubcommandGroup && children.some((child) => child.type !== ApplicationCommandOptionType.Subcommand)) {
          formErrors.add([...at, 'options'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Subcommand groups may only contain subcommands');
        }
      } else {
        const required = 'required' in raw && raw.required === true;
        if (required && sawOptional) {
          formErrors.add([...at, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
        }
        if (!required) sawOptional = true;
        if ('choices' in raw && Array.isArray(raw.choices)) {
          if (raw.choices.length > 25) formErrors.maxLength([...at, 'choices'], 25);
          if ('autocomplete' in raw && raw.autocomplete === true) {
            formErrors.add([...at, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID', 'Autocomplete cannot be set on options with choices');
          }
        }
      }
      options.push(raw);
    });
    const kinds = new Set(
      options.map((option) => option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup),
    );
    if (kinds.size > 1) formErrors.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Subcommands cannot be mixed with other options');
    return options;
  }
}

/**
 * Whether a member holding `permissions` (their guild permissions) may see and use a command, by its
 * `default_member_permissions` (Application Commands › Permissions › "Using Default Permissions"): the member
 * needs every permission in the set; `"0"` leaves the command to members with Administrator; null lets everyone
 * use it. "If you don't have permission to use a command, it will not show up in the command picker. Members with
 * the Administrator permission can use all commands." The rule is for the whole command: Discord has no
 * per-subcommand permissions. Per-guild overwrites (the Bearer-token permissions endpoints) are not emulated.
 */
export function memberMayUse(command: Partial<Pick<APIApplicationCommand, 'default_member_permissions'>>, permissions: bigint): boolean {
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return true;
  const required = command.default_member_permissions;
  if (required === null || required === undefined) return true;
  const needed = BigInt(required);
  if (needed === 0n) return false;
  return (permissions & needed) === needed;
}

interface CommandDefinition {
  type: ApplicationCommandType.ChatInput | ApplicationCommandType.User | ApplicationCommandType.Message;
  name: string;
  description: string;
  options: APIApplicationCommandOption[];
  defaultMemberPermissions: string | null;
  nsfw: boolean;
  nameLocalizations: Record<string, string> | null;
  descriptionLocalizations: Record<string, string> | null;
}

// Application Commands › Application Command Option Type: the types run from SUB_COMMAND (1) to ATTACHMENT (11).
const firstOptionType: number = ApplicationCommandOptionType.Subcommand;
const lastOptionType: number = ApplicationCommandOptionType.Attachment;

function isCommandOption(value: unknown): value is APIApplicationCommandOption {
  return isRecord(value) && typeof value.type === 'number' && value.type >= firstOptionType && value.type <= lastOptionType && typeof value.name === 'string';
}
