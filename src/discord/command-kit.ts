import {
  ApplicationCommandOptionType,
  type Attachment,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChannelType,
  type ChatInputCommandInteraction,
  type APIApplicationCommandOptionChoice,
  type ModalSubmitInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { GuildSettings } from '../domain/guild-settings.js';
import type { ComponentState } from './custom-id.js';
import type { BotServices } from './services.js';

/** Who may run a handler; checked by the dispatcher on every interaction, whatever default_member_permissions say. */
export type Access = 'everyone' | 'admin' | 'manage-guild';
/** How the dispatcher acknowledges before the handler runs: within Discord's 3 seconds, whatever the handler does. */
export type Deferral = 'ephemeral' | 'public' | 'none';

export interface ResolvedChannel {
  id: string;
  type: ChannelType;
  name: string | null;
}
export interface ResolvedRole {
  id: string;
  name: string;
}

/** The value a handler receives for one option definition. */
type OptionValue<O> = O extends { type: ApplicationCommandOptionType.String }
  ? O extends { choices: readonly { value: infer V }[] }
    ? V
    : string
  : O extends { type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }
    ? number
    : O extends { type: ApplicationCommandOptionType.Boolean }
      ? boolean
      : O extends { type: ApplicationCommandOptionType.Channel }
        ? ResolvedChannel
        : O extends { type: ApplicationCommandOptionType.Role }
          ? ResolvedRole
          : O extends { type: ApplicationCommandOptionType.Attachment }
            ? Attachment
            : O extends { type: ApplicationCommandOptionType.User | ApplicationCommandOptionType.Mentionable }
              ? { id: string }
              : never;

/** `{ review: string; channel: ResolvedChannel | null }` from the options of a definition. */
export type ArgsOf<Options extends readonly unknown[]> = {
  [O in Options[number] as O extends { name: infer N extends string } ? N : never]: O extends { required: true } ? OptionValue<O> : OptionValue<O> | null;
};

type OptionsOf<D> = D extends { options: infer O extends readonly unknown[] } ? O : readonly [];
type SubcommandsOf<D> = Extract<OptionsOf<D>[number], { type: ApplicationCommandOptionType.Subcommand }>;

export interface CommandContext {
  interaction: ChatInputCommandInteraction<'cached'>;
  services: BotServices;
  settings: GuildSettings;
  /** Replies, or edits the deferred reply; `ephemeral` only matters when nothing was deferred. */
  respond: (message: Reply) => Promise<void>;
}

export interface Reply {
  content?: string;
  embeds?: import('discord.js').APIEmbed[];
  components?: import('./render-review.js').ButtonRow[];
  ephemeral?: boolean;
}

export interface CommandHandler<Args> {
  access: Access;
  defer: Deferral;
  run(context: CommandContext, args: Args): Promise<void>;
}

export interface ButtonContext {
  interaction: ButtonInteraction<'cached'>;
  services: BotServices;
  settings: GuildSettings;
}
export interface ModalContext {
  interaction: ModalSubmitInteraction<'cached'>;
  services: BotServices;
  settings: GuildSettings;
}
export interface AutocompleteContext {
  interaction: AutocompleteInteraction<'cached'>;
  services: BotServices;
}

export interface ComponentHandler<Context, State> {
  access: Access;
  run(context: Context, state: State): Promise<void>;
}

type StateOf<K extends ComponentState['kind']> = Extract<ComponentState, { kind: K }>;
type ModalKind = Extract<ComponentState['kind'], `modal-${string}`>;
type ButtonKind = Exclude<ComponentState['kind'], ModalKind>;

export type ButtonHandlers = { [K in ButtonKind]?: ComponentHandler<ButtonContext, StateOf<K>> };
export type ModalHandlers = { [K in ModalKind]?: ComponentHandler<ModalContext, StateOf<K>> };

/** Handlers keyed by subcommand name, or `run` for a command without subcommands: typed from the definition. */
export type HandlersFor<D> = [SubcommandsOf<D>] extends [never]
  ? { run: CommandHandler<ArgsOf<OptionsOf<D>>> }
  : { [S in SubcommandsOf<D> as S extends { name: infer N extends string } ? N : never]: CommandHandler<ArgsOf<OptionsOf<S>>> };

/** A command as the dispatcher sees it: the definition and handlers with their argument types erased. */
export interface CommandModule {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  handlers: Readonly<Record<string, CommandHandler<Record<string, unknown>>>>;
  autocomplete?: (context: AutocompleteContext, focused: { name: string; value: string }) => Promise<APIApplicationCommandOptionChoice[]>;
  buttons?: ButtonHandlers;
  modals?: ModalHandlers;
}

export function defineCommand<const D extends RESTPostAPIChatInputApplicationCommandsJSONBody>(
  definition: D,
  parts: { handlers: HandlersFor<D> } & Omit<CommandModule, 'definition' | 'handlers'>,
): CommandModule {
  return { ...parts, definition, handlers: parts.handlers };
}

/** A dynamically imported module's export, checked at run time: the compiler cannot see into import(). */
export function isCommandModule(value: unknown): value is CommandModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof CommandModule, unknown>>;
  const definition = candidate.definition;
  if (typeof definition !== 'object' || definition === null) return false;
  const { name, description } = definition as { name?: unknown; description?: unknown };
  if (typeof name !== 'string' || typeof description !== 'string') return false;
  if (typeof candidate.handlers !== 'object' || candidate.handlers === null) return false;
  return Object.values(candidate.handlers).every((h: unknown) => typeof h === 'object' && h !== null && typeof (h as { run?: unknown }).run === 'function');
}

interface OptionDefinition {
  type: ApplicationCommandOptionType;
  name: string;
  required?: boolean;
  options?: readonly OptionDefinition[];
}

/** The options of the subcommand that ran (or of the command), read with the type their definition declares. */
export function readArgs(definition: CommandModule['definition'], interaction: ChatInputCommandInteraction<'cached'>): Record<string, unknown> {
  const subcommand = interaction.options.getSubcommand(false);
  const top = (definition.options ?? []) as readonly OptionDefinition[];
  const options = subcommand === null ? top : (top.find((o) => o.name === subcommand)?.options ?? []);
  const args: Record<string, unknown> = {};
  const o = interaction.options;
  for (const option of options) {
    const name = option.name;
    switch (option.type) {
      case ApplicationCommandOptionType.String:
        args[name] = o.getString(name);
        break;
      case ApplicationCommandOptionType.Integer:
        args[name] = o.getInteger(name);
        break;
      case ApplicationCommandOptionType.Number:
        args[name] = o.getNumber(name);
        break;
      case ApplicationCommandOptionType.Boolean:
        args[name] = o.getBoolean(name);
        break;
      case ApplicationCommandOptionType.Channel: {
        const channel = o.getChannel(name);
        args[name] = channel ? { id: channel.id, type: channel.type, name: channel.name } : null;
        break;
      }
      case ApplicationCommandOptionType.Role: {
        const role = o.getRole(name);
        args[name] = role ? { id: role.id, name: role.name } : null;
        break;
      }
      case ApplicationCommandOptionType.Attachment:
        args[name] = o.getAttachment(name);
        break;
      case ApplicationCommandOptionType.User:
      case ApplicationCommandOptionType.Mentionable: {
        const user = o.getUser(name);
        args[name] = user ? { id: user.id } : null;
        break;
      }
      default:
        break;
    }
  }
  return args;
}
