import { Client, Events, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { Catalogue } from '../catalogue/index.js';
import type { Config } from '../config.js';
import { KeyedSerializer } from '../keyed-serializer.js';
import { startEngagement, type Engagement } from '../engagement/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import type { CommandModule } from './command-kit.js';
import { attachDispatcher, createDispatcher } from './dispatcher.js';
import { DraftBox, RefusedFormBox } from './drafts.js';
import { loadCommands } from './load-commands.js';
import { PostRendererWhileLoading } from './post-renderer-while-loading.js';
import { PublicationIndex } from '../reviews/publication-index.js';
import { createPostRenderer } from './render-post.js';
import type { BotServices } from './services.js';

export interface StartBotInput {
  config: Pick<Config, 'discordToken' | 'discordApiUrl'>;
  store: Store;
  /** A promise lets the catalogue load while the client logs in; ready waits for it. */
  catalogue: Catalogue | Promise<Catalogue>;
  logger: Logger;
  /** The clock for button expiry (tests move it forward). */
  now?: () => number;
  /** How long paging and confirmation buttons work; default 30 minutes. */
  buttonTtlMs?: number;
  /** Passed on to startEngagement (tests shorten the windows). */
  footerWindowMs?: number;
  flushIntervalMs?: number;
  /** Default: every module in commands/. */
  commands?: CommandModule[];
}

export interface Bot {
  client: Client;
  engagement: Engagement;
  services: BotServices;
  /**
   * Flushes engagement and disconnects; the store stays open (its owner closes it). Says how many changes could
   * not be written (a store that still fails): the next start's reconciliation recovers them from Discord.
   */
  stop(): Promise<{ unwritten: number }>;
}

const defaultButtonTtlMs = 30 * 60_000;
const draftTtlMs = 15 * 60_000;

/**
 * The client asks for the least it needs: guilds, their messages and reactions, and message content (the
 * text of a response). Partials let reactions and replies on posts it has not cached (after a restart) still
 * arrive; the message cache is capped and swept so memory stays bounded however long it runs.
 */
export function createClient(apiUrl: string | null): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.MessageContent],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 100 }),
    sweepers: { ...Options.DefaultSweeperSettings, messages: { interval: 900, lifetime: 1800 } },
    // Bot messages never ping: discord.js applies this to every message, reply and edit it sends, so no call
    // repeats it. Only a raw REST body (render-post.ts) carries its own allowed_mentions.
    allowedMentions: { parse: [] },
    // Every embed, component, modal and autocomplete choice the bot sends is typed as Discord's API shape (APIEmbed,
    // APIButtonComponent, …), already snake_case: the default transformer would only copy it key by key, which an
    // autocomplete answer of 25 choices pays on every keystroke.
    jsonTransformer: (data: unknown) => data,
    ...(apiUrl ? { rest: { api: apiUrl } } : {}),
  });
}

/**
 * Wires engagement, the dispatcher and the client, and logs in while the catalogue, the publications, the
 * command modules and the like sets load: start-up takes the longest of them, not their sum. Resolves once
 * all are done: ready means every answer uses the loaded catalogue and counts.
 */
export async function startBot(input: StartBotInput): Promise<Bot> {
  const { store, logger } = input;
  const now = input.now ?? Date.now;
  const renderer = new PostRendererWhileLoading();
  const engagement = startEngagement({
    store,
    logger: logger.child({ part: 'engagement' }),
    renderPost: renderer.render,
    ...(input.footerWindowMs === undefined ? {} : { footerWindowMs: input.footerWindowMs }),
    ...(input.flushIntervalMs === undefined ? {} : { flushIntervalMs: input.flushIntervalMs }),
  });
  const prepared = Promise.all([input.catalogue, store.publications.listAll(), input.commands ?? loadCommands()]).then(([catalogue, listed, modules]) => {
    const publications = new PublicationIndex(listed);
    const services: BotServices = {
      catalogue,
      store,
      engagement,
      logger,
      publications,
      drafts: new DraftBox(draftTtlMs, now),
      refusedForms: new RefusedFormBox(draftTtlMs, now),
      postLock: new KeyedSerializer(),
      now,
      buttonTtlMs: input.buttonTtlMs ?? defaultButtonTtlMs,
    };
    // Footers asked for while the catalogue loaded were left alone: edit them now.
    for (const messageId of renderer.install(createPostRenderer(catalogue, publications))) engagement.refresh(messageId);
    return { services, modules, dispatcher: createDispatcher(modules, services) };
  });
  // startBot awaits it below; this only keeps a failure before then from also being reported as unhandled.
  prepared.catch(() => undefined);

  const client = createClient(input.config.discordApiUrl);
  engagement.attach(client);
  // An interaction that arrives before the catalogue and the view have loaded waits for them.
  const whenPrepared = Promise.all([prepared, engagement.loaded]).then(([ready]) => ready);
  attachDispatcher(client, { handle: (interaction) => whenPrepared.then(({ dispatcher }) => dispatcher.handle(interaction)) }, { logger });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'client warning'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  let services: BotServices;
  let modules: readonly CommandModule[];
  try {
    [{ services, modules }] = await Promise.all([whenPrepared, client.login(input.config.discordToken).then(() => ready)]);
  } catch (error) {
    await engagement.stop().catch(() => undefined);
    await client.destroy();
    throw error;
  }
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, commands: modules.length }, 'bot ready');

  let stopped = false;
  return {
    client,
    engagement,
    services,
    async stop() {
      if (stopped) return { unwritten: 0 };
      stopped = true;
      const result = await engagement.stop();
      await client.destroy();
      logger.info({}, 'bot stopped');
      return result;
    },
  };
}
