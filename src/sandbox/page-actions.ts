import type { APIApplicationCommandOption } from 'discord-api-types/v10';
import * as v from 'valibot';
import type { Driver, InteractionHandle } from '../emulator/index.js';
import { defaultMessage, issueKeys, object, record } from '../validation.js';
import { CommandInputError, convertOptions, declaredOptions, type Lookups } from './command-options.js';
import { BadRequest } from './http.js';
import type { PrivateViews } from './private-views.js';
import type { SandboxRoster } from './roster.js';

const snowflake = v.pipe(v.string(), v.regex(/^\d{17,20}$/, 'must be an id (17 to 20 digits)'));
const person = { as: snowflake };
const shortText = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const optionsText = record(
  v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,32}$/, 'option names are 1-32 lowercase letters, digits, _ or -')),
  v.pipe(v.string(), v.maxLength(6000)),
);
const schemas = {
  command: object({
    ...person,
    channelId: snowflake,
    name: shortText(32),
    subcommand: v.optional(shortText(32)),
    options: v.optional(optionsText, () => ({})),
  }),
  autocomplete: object({
    ...person,
    channelId: snowflake,
    name: shortText(32),
    subcommand: v.optional(shortText(32)),
    options: v.optional(optionsText, () => ({})),
    focused: shortText(32),
  }),
  button: object({ ...person, channelId: snowflake, messageId: snowflake, customId: shortText(100) }),
  modal: object({
    ...person,
    channelId: snowflake,
    customId: shortText(100),
    fields: record(v.pipe(v.string(), v.maxLength(100)), v.pipe(v.string(), v.maxLength(4000))),
  }),
  closeModal: object({ ...person, customId: shortText(100) }),
  reaction: object({ ...person, channelId: snowflake, messageId: snowflake, emoji: shortText(64), add: v.boolean() }),
  message: object({
    ...person,
    channelId: snowflake,
    content: v.pipe(v.string(), v.trim(), v.minLength(1, 'a message needs some text'), v.maxLength(2000, 'a message is at most 2000 characters')),
  }),
  dismiss: object({ ...person, messageId: shortText(64) }),
};

function parse<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, body, { message: defaultMessage });
  if (!result.success) {
    throw new BadRequest(result.issues.map((issue) => `${issueKeys(issue).join('.') || 'body'}: ${issue.message}`).join('; '));
  }
  return result.output;
}

/** Turns a CommandInputError (something the person typed) into a 400 with its message. */
function asRequest<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CommandInputError) throw new BadRequest(error.message);
    throw error;
  }
}

/** Driver calls reject with a plain Error for things a person may get wrong (an unknown message, a disabled button). */
async function asPerson<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new BadRequest(error instanceof Error ? error.message : String(error));
  }
}

export interface PageActionsInput {
  driver: Driver;
  roster: SandboxRoster;
  privateViews: PrivateViews;
  commandLabels: Map<string, string>;
  lookups(): Lookups;
}

export type PageActions = Record<string, (body: unknown) => Promise<unknown>>;

/** The page's POST actions: each is done through the emulator's Driver as the person named in `as`. */
export function pageActions(input: PageActionsInput): PageActions {
  const { driver, roster, privateViews, commandLabels } = input;
  const requirePerson = (userId: string): void => {
    if (!roster.people.some((p) => p.id === userId)) throw new BadRequest(`as: ${userId} is not one of the sandbox's people`);
  };
  const requireChannel = (channelId: string): void => {
    const known = roster.channels.some((c) => c.id === channelId) || driver.threads().some((t) => t.id === channelId);
    if (!known) throw new BadRequest(`channelId: ${channelId} is not a channel or thread of the sandbox server`);
  };
  /**
   * The options of a command in the person's own `/` list. A command their permissions hide (its
   * default_member_permissions) cannot be run from Discord's client, so the page cannot run it for them either.
   */
  const commandOptions = (userId: string, name: string, subcommand: string | undefined): APIApplicationCommandOption[] => {
    const visible = driver.commandsVisibleTo(roster.guildId, userId);
    if (!visible.some((c) => c.name === name) && driver.commands(roster.guildId).some((c) => c.name === name)) {
      const who = roster.people.find((p) => p.id === userId)?.name ?? 'this member';
      throw new BadRequest(`/${name} is not in ${who}'s / list: Discord shows it only to members with the permissions it asks for`);
    }
    return asRequest(() => declaredOptions(visible, name, subcommand));
  };
  /**
   * Discord gives a forum channel no message box: a plain message there is refused with 50024 "Cannot execute
   * action on this channel type", and an interaction there cannot be answered with a message either. Messages
   * and commands go inside the forum's posts; the person reads that in words instead of the raw error.
   */
  const refuseForum = (channelId: string): void => {
    const forum = roster.channels.find((c) => c.id === channelId && c.type === 'forum');
    if (forum) throw new BadRequest(`#${forum.name} is a forum: it holds posts, not messages. Open a post to reply or run a command in it.`);
  };
  const follow = (userId: string, channelId: string, handle: InteractionHandle) => {
    privateViews.follow(userId, channelId, handle);
    return { interactionId: handle.id };
  };

  return {
    async command(body) {
      const request = parse(schemas.command, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      refuseForum(request.channelId);
      const options = asRequest(() => convertOptions(commandOptions(request.as, request.name, request.subcommand), request.options, input.lookups()));
      const handle = await asPerson(() =>
        driver.runCommand({
          userId: request.as,
          guildId: roster.guildId,
          channelId: request.channelId,
          name: request.name,
          ...(request.subcommand ? { subcommand: request.subcommand } : {}),
          options,
        }),
      );
      commandLabels.set(handle.id, `/${request.name}${request.subcommand ? ` ${request.subcommand}` : ''}`);
      return follow(request.as, request.channelId, handle);
    },
    async autocomplete(body) {
      const request = parse(schemas.autocomplete, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      refuseForum(request.channelId);
      const declared = commandOptions(request.as, request.name, request.subcommand);
      const focused = declared.find((o) => o.name === request.focused);
      if (!focused || !('autocomplete' in focused) || focused.autocomplete !== true) {
        throw new BadRequest(`focused: option "${request.focused}" of /${request.name} does not offer suggestions`);
      }
      const options = asRequest(() => convertOptions(declared, request.options, input.lookups(), request.focused));
      const choices = await asPerson(() =>
        driver.autocomplete({
          userId: request.as,
          guildId: roster.guildId,
          channelId: request.channelId,
          name: request.name,
          ...(request.subcommand ? { subcommand: request.subcommand } : {}),
          options,
          focused: request.focused,
        }),
      );
      return { choices };
    },
    async button(body) {
      const request = parse(schemas.button, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      const handle = await asPerson(() =>
        driver.clickButton({ userId: request.as, channelId: request.channelId, messageId: request.messageId, customId: request.customId }),
      );
      return follow(request.as, request.channelId, handle);
    },
    async modal(body) {
      const request = parse(schemas.modal, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      const handle = await asPerson(() =>
        driver.submitModal({ userId: request.as, guildId: roster.guildId, channelId: request.channelId, customId: request.customId, fields: request.fields }),
      );
      privateViews.closeModal(request.as, request.customId);
      return follow(request.as, request.channelId, handle);
    },
    'close-modal'(body) {
      const request = parse(schemas.closeModal, body);
      requirePerson(request.as);
      return Promise.resolve({ closed: privateViews.closeModal(request.as, request.customId) });
    },
    async reaction(body) {
      const request = parse(schemas.reaction, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      await asPerson(() =>
        request.add
          ? driver.react(request.as, request.channelId, request.messageId, request.emoji)
          : driver.unreact(request.as, request.channelId, request.messageId, request.emoji),
      );
      return { ok: true };
    },
    async message(body) {
      const request = parse(schemas.message, body);
      requirePerson(request.as);
      requireChannel(request.channelId);
      refuseForum(request.channelId);
      const message = await asPerson(() => driver.sendMessage(request.as, request.channelId, request.content));
      return { id: message.id };
    },
    dismiss(body) {
      const request = parse(schemas.dismiss, body);
      requirePerson(request.as);
      privateViews.dismiss(request.messageId);
      return Promise.resolve({ ok: true });
    },
  };
}
