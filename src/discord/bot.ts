import { Client, Events, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { Catalogue } from '../catalogue/index.js';
import type { Config } from '../config.js';
import { KeyedLock } from '../domain/keyed-lock.js';
import { startEngagement, type Engagement } from '../engagement/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import type { CommandModule } from './command-kit.js';
import { attachDispatcher, createDispatcher } from './dispatcher.js';
import { DraftBox } from './drafts.js';
import { loadCommands } from './load-commands.js';
import { PublicationIndex } from './publication-index.js';
import { createPostRenderer } from './render-post.js';
import type { BotServices } from './services.js';

export interface StartBotInput {
  config: Pick<Config, 'discordToken' | 'discordApiUrl'>;
  store: Store;
  catalogue: Catalogue;
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
  /** Flushes engagement and disconnects; the store stays open (its owner closes it). */
  stop(): Promise<void>;
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
    allowedMentions: { parse: [] },
    ...(apiUrl ? { rest: { api: apiUrl } } : {}),
  });
}

/**
 * Wires engagement, the dispatcher and the client, logs in while engagement loads from the store, and resolves
 * once both are done: ready means every answer uses the loaded counts.
 */
export async function startBot(input: StartBotInput): Promise<Bot> {
  const { store, catalogue, logger } = input;
  const now = input.now ?? Date.now;
  const publications = new PublicationIndex(await store.publications.listAll());
  // The like sets load while the client logs in: start-up takes the longer of the two, not their sum.
  const engagement = startEngagement({
    store,
    logger: logger.child({ part: 'engagement' }),
    renderPost: createPostRenderer(catalogue, publications),
    ...(input.footerWindowMs === undefined ? {} : { footerWindowMs: input.footerWindowMs }),
    ...(input.flushIntervalMs === undefined ? {} : { flushIntervalMs: input.flushIntervalMs }),
  });
  const client = createClient(input.config.discordApiUrl);
  const services: BotServices = {
    catalogue,
    store,
    engagement,
    logger,
    publications,
    drafts: new DraftBox(draftTtlMs, now),
    postLock: new KeyedLock(),
    now,
    buttonTtlMs: input.buttonTtlMs ?? defaultButtonTtlMs,
  };
  const modules = input.commands ?? (await loadCommands());
  engagement.attach(client);
  const dispatcher = createDispatcher(modules, services);
  // An interaction that arrives before the view has loaded waits for it rather than read low counts.
  attachDispatcher(client, { commands: dispatcher.commands, handle: (interaction) => engagement.loaded.then(() => dispatcher.handle(interaction)) }, services);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'client warning'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await Promise.all([client.login(input.config.discordToken).then(() => ready), engagement.loaded]);
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
      if (stopped) return;
      stopped = true;
      await engagement.stop();
      await client.destroy();
      logger.info({}, 'bot stopped');
    },
  };
}
