import {
  DiscordAPIError,
  type APIApplicationCommandOptionChoice,
  MessageFlags,
  RESTJSONErrorCodes,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { MemberFacingError } from '../domain/member-facing-error.js';
import { accessDeniedMessage, hasAccess } from './access.js';
import {
  readArgs,
  type Access,
  type ButtonContext,
  type CommandContext,
  type CommandModule,
  type ComponentHandler,
  type Deferral,
  type ModalContext,
  type Reply,
} from './command-kit.js';
import { decodeCustomId, type ComponentState } from './custom-id.js';
import type { ButtonRow } from './render-review.js';
import { RefusalWithButtons } from './refusal-with-buttons.js';
import type { BotServices } from './services.js';

const apology = 'Sorry, something went wrong on my side. It has been logged; please try again in a moment.';

/** The member-facing text of an error the member caused, or null for an unexpected one. */
export function memberMessageOf(error: unknown): string | null {
  if (error instanceof MemberFacingError) return error.memberMessage;
  if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions) {
    return 'Discord refused: I am missing a permission in this channel (I need View Channel, Send Messages, Send Messages in Threads, Create Public Threads, Embed Links, Add Reactions and Read Message History).';
  }
  return null;
}

interface AnswerState {
  deferral: Deferral | 'update';
}

/** Answers with an error, whatever state the interaction is in: the member always hears back. */
async function answerWithError(interaction: RepliableInteraction, state: AnswerState, content: string, components: ButtonRow[]): Promise<void> {
  const message = { content, components };
  if (interaction.deferred && !interaction.replied && state.deferral === 'ephemeral') {
    await interaction.editReply(message);
  } else if (interaction.deferred || interaction.replied) {
    await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
    if (state.deferral === 'public' && !interaction.replied) await interaction.deleteReply().catch(() => undefined);
  } else {
    await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
  }
}

export interface Dispatcher {
  handle(interaction: Interaction): Promise<void>;
  readonly commands: ReadonlyMap<string, CommandModule>;
}

/**
 * The one interactionCreate handler: finds the command or component, checks guild-only and admin rules,
 * defers as the handler asks, runs it and converts errors (member-facing ones ephemerally, the rest logged
 * with context and answered with an apology).
 */
export function createDispatcher(modules: readonly CommandModule[], services: BotServices): Dispatcher {
  const commands = new Map(modules.map((m) => [m.definition.name, m]));
  const buttons = new Map<string, ComponentHandler<ButtonContext, ComponentState>>();
  const modals = new Map<string, ComponentHandler<ModalContext, ComponentState>>();
  for (const module of modules) {
    for (const [kind, handler] of Object.entries<ComponentHandler<ButtonContext, ComponentState> | undefined>(module.buttons ?? {}))
      if (handler) buttons.set(kind, handler);
    for (const [kind, handler] of Object.entries<ComponentHandler<ModalContext, ComponentState> | undefined>(module.modals ?? {}))
      if (handler) modals.set(kind, handler);
  }
  const log = services.logger;

  async function guarded(interaction: RepliableInteraction, context: Record<string, unknown>, state: AnswerState, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const memberMessage = memberMessageOf(error);
      if (memberMessage === null) log.error({ ...context, err: error }, 'interaction failed');
      else log.debug({ ...context, reason: memberMessage }, 'interaction refused');
      try {
        const components = error instanceof RefusalWithButtons ? error.components : [];
        await answerWithError(interaction, state, memberMessage ?? apology, components);
      } catch (answerError) {
        log.warn({ ...context, err: answerError }, 'could not answer the interaction with an error');
      }
    }
  }

  async function checkGuild(interaction: RepliableInteraction): Promise<boolean> {
    if (interaction.inCachedGuild()) return true;
    await interaction.reply({
      content: interaction.inGuild() ? 'I can’t see this server yet; try again in a moment.' : 'Liner Notes works in servers only.',
      flags: MessageFlags.Ephemeral,
    });
    return false;
  }

  async function allowed(interaction: RepliableInteraction<'cached'>, access: Access): Promise<boolean> {
    if (access === 'everyone') return true;
    const settings = await services.store.settings.get(interaction.guildId);
    if (hasAccess(interaction.member, interaction.memberPermissions, settings, access)) return true;
    await interaction.reply({ content: accessDeniedMessage(access), flags: MessageFlags.Ephemeral });
    return false;
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const subcommand = interaction.options.getSubcommand(false);
    const context = { command: interaction.commandName, subcommand, guildId: interaction.guildId, userId: interaction.user.id };
    const state: AnswerState = { deferral: 'none' };
    log.debug(context, 'command');
    await guarded(interaction, context, state, async () => {
      const module = commands.get(interaction.commandName);
      const handler = module?.handlers[subcommand ?? 'run'];
      if (!module || !handler) throw new MemberFacingError('I don’t know that command any more; an admin may need to run `npm run deploy`.');
      if (!(await checkGuild(interaction)) || !interaction.inCachedGuild()) return;
      if (!(await allowed(interaction, handler.access))) return;
      if (handler.defer !== 'none') {
        await interaction.deferReply(handler.defer === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {});
        state.deferral = handler.defer;
      }
      const settings = await services.store.settings.get(interaction.guildId);
      const ctx: CommandContext = {
        interaction,
        services,
        settings,
        respond: async (reply: Reply) => {
          const body = { content: reply.content ?? '', embeds: reply.embeds ?? [], components: reply.components ?? [] };
          if (interaction.deferred || interaction.replied) await interaction.editReply(body);
          else await interaction.reply({ ...body, ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) });
        },
      };
      await handler.run(ctx, readArgs(module.definition, interaction));
      if (!interaction.replied && !interaction.deferred) throw new Error(`handler of /${interaction.commandName} ${subcommand ?? ''} did not answer`);
    });
  }

  async function onComponent(interaction: ButtonInteraction | ModalSubmitInteraction): Promise<void> {
    const decoded = decodeCustomId(interaction.customId);
    const context = { customId: interaction.customId, guildId: interaction.guildId, userId: interaction.user.id };
    const state: AnswerState = { deferral: 'update' };
    log.debug(context, interaction.isButton() ? 'button' : 'modal');
    await guarded(interaction, context, state, async () => {
      if (!decoded) throw new MemberFacingError('This button is from an older version of Liner Notes and no longer works; run the command again.');
      if (!(await checkGuild(interaction)) || !interaction.inCachedGuild()) return;
      if ('ownerId' in decoded && decoded.ownerId !== interaction.user.id) {
        throw new MemberFacingError(`These buttons belong to <@${decoded.ownerId}>. Run the command yourself to get your own.`);
      }
      if ('expiresAt' in decoded && decoded.expiresAt < services.now()) {
        throw new MemberFacingError('These buttons have expired. Run the command again to get fresh ones.');
      }
      const unknown = 'That button no longer does anything; run the command again.';
      if (interaction.isButton()) {
        const handler = buttons.get(decoded.kind);
        if (!handler) throw new MemberFacingError(unknown);
        if (!(await allowed(interaction, handler.access))) return;
        const settings = await services.store.settings.get(interaction.guildId);
        await handler.run({ interaction, services, settings }, decoded);
        if (!interaction.replied && !interaction.deferred) throw new Error(`button ${decoded.kind} did not answer`);
      } else if (interaction.isModalSubmit()) {
        const handler = modals.get(decoded.kind);
        if (!handler) throw new MemberFacingError(unknown);
        if (!(await allowed(interaction, handler.access))) return;
        const settings = await services.store.settings.get(interaction.guildId);
        await handler.run({ interaction, services, settings }, decoded);
        if (!interaction.replied && !interaction.deferred) throw new Error(`modal ${decoded.kind} did not answer`);
      }
    });
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const context = { command: interaction.commandName, guildId: interaction.guildId, userId: interaction.user.id };
    // An interaction takes one callback: once an answer has been sent (even one Discord refused, e.g. 10062 after
    // the 3-second deadline), a second one would only be refused too, so a failed answer is logged, not repeated.
    // An object, not a `let`: the flag is set inside `answer`, which control-flow narrowing does not follow.
    const progress = { answerSent: false };
    const answer = async (choices: APIApplicationCommandOptionChoice[]): Promise<void> => {
      progress.answerSent = true;
      await interaction.respond(choices);
    };
    try {
      const module = commands.get(interaction.commandName);
      if (!module?.autocomplete || !interaction.inCachedGuild()) {
        await answer([]);
        return;
      }
      const focused = interaction.options.getFocused(true);
      const choices = await module.autocomplete({ interaction, services }, { name: focused.name, value: focused.value });
      await answer(choices.slice(0, 25));
    } catch (error) {
      const { answerSent } = progress;
      log.error({ ...context, err: error, answerSent }, answerSent ? 'autocomplete answer failed' : 'autocomplete failed');
      if (!answerSent)
        await interaction.respond([]).catch((answerError: unknown) => log.warn({ ...context, err: answerError }, 'could not answer the autocomplete'));
    }
  }

  return {
    commands,
    async handle(interaction: Interaction): Promise<void> {
      if (interaction.isChatInputCommand()) await onCommand(interaction);
      else if (interaction.isAutocomplete()) await onAutocomplete(interaction);
      else if (interaction.isButton() || interaction.isModalSubmit()) await onComponent(interaction);
      else if (interaction.isRepliable()) {
        await interaction.reply({ content: 'Liner Notes doesn’t handle that kind of interaction.', flags: MessageFlags.Ephemeral });
      }
    },
  };
}

/** Registers the dispatcher as the client's only interaction listener. */
export function attachDispatcher(client: Client, dispatcher: Pick<Dispatcher, 'handle'>, services: Pick<BotServices, 'logger'>): void {
  client.on('interactionCreate', (interaction) => {
    dispatcher.handle(interaction).catch((error: unknown) => services.logger.error({ err: error, interactionId: interaction.id }, 'dispatcher crashed'));
  });
}
