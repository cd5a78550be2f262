import { ChannelType, ComponentType, PermissionFlagsBits } from 'discord.js';
import type { APIEmbed, APIMessage, APIUser } from 'discord-api-types/v10';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue, type Catalogue } from '../../src/catalogue/index.js';
import { deployCommands } from '../../src/deploy.js';
import { startBot, type Bot } from '../../src/discord/bot.js';
import type { CommandModule } from '../../src/discord/command-kit.js';
import { loadCommands } from '../../src/discord/load-commands.js';
import { startEmulator, type Emulator, type InteractionHandle } from '../../src/emulator/index.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/ports.js';

export const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
export const rockySlug = 'great-soundtracks-of-1985-rocky-iv';

export interface Stand {
  emulator: Emulator;
  bot: Bot;
  /** Stops the bot and starts a new one on the same store and catalogue (a process restart). */
  restartBot(): Promise<void>;
  store: Store;
  catalogue: Catalogue;
  /** The temporary data folder: the catalogue's review files are in its reviews/. */
  dataDir: string;
  guildId: string;
  /** The text channel set as the reviews channel by nobody yet: where commands run. */
  channelId: string;
  forumId: string;
  owner: APIUser;
  /** Has the Manage Server permission through a role. */
  manager: APIUser;
  member: APIUser;
  otherMember: APIUser;
  /** Moves the bot's clock (button expiry) forward. */
  advanceClock(ms: number): void;
  run(
    userId: string,
    name: string,
    input?: {
      subcommand?: string;
      options?: Record<string, string | number | boolean>;
      channelId?: string;
      attachments?: Parameters<Emulator['driver']['runCommand']>[0]['attachments'];
    },
  ): Promise<InteractionHandle>;
  stop(): Promise<void>;
}

export interface StandOptions {
  /** Wraps the store the bot gets (fault injection). */
  wrapStore?: (store: Store) => Store;
  /** Where the bot logs (default: silent unless TEST_LOG_LEVEL is set). */
  logger?: Logger;
  /** The emulator's first-callback deadline (default Discord's 3 s). */
  interactionTimeoutMs?: number;
  /** Wraps the command modules the bot runs (deployed as they are). */
  wrapCommands?: (modules: CommandModule[]) => CommandModule[];
}

/**
 * The whole product against the local Discord: emulator, commands deployed with the real deploy function,
 * startBot with an in-memory store and a temporary copy of the real data/ catalogue.
 */
export async function startStand(options: StandOptions = {}): Promise<Stand> {
  const emulator = await startEmulator({
    rateLimits: false,
    ...(options.interactionTimeoutMs === undefined ? {} : { interactionTimeoutMs: options.interactionTimeoutMs }),
  });
  const { driver } = emulator;
  const owner = driver.createUser({ username: 'owner', globalName: 'Server Owner' });
  const guild = driver.createGuild({ name: 'Soundtrack Club', ownerId: owner.id });
  const managers = driver.createRole(guild.id, {
    name: 'Mods',
    permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
  });
  const manager = driver.createUser({ username: 'moderator' });
  driver.addMember(guild.id, manager.id, [managers.id]);
  const member = driver.createUser({ username: 'listener', globalName: 'Listener' });
  driver.addMember(guild.id, member.id);
  const otherMember = driver.createUser({ username: 'other' });
  driver.addMember(guild.id, otherMember.id);
  const channel = driver.createChannel(guild.id, { name: 'reviews', type: ChannelType.GuildText });
  const forum = driver.createChannel(guild.id, {
    name: 'review-forum',
    type: ChannelType.GuildForum,
    availableTags: [{ name: 'Great Soundtracks of 1985' }, { name: '1985' }, { name: 'Metal' }],
  });

  const dataDir = await mkdtemp(join(tmpdir(), 'liner-notes-bot-'));
  await cp(join('data', 'reviews'), join(dataDir, 'reviews'), { recursive: true });
  const { catalogue } = await loadCatalogue(dataDir);
  const modules = await loadCommands();
  await deployCommands({
    token: emulator.application.token,
    clientId: emulator.application.id,
    guildId: guild.id,
    apiUrl: emulator.restUrl,
    definitions: modules.map((m) => m.definition),
  });
  const baseStore = await openStore('memory:');
  const store = options.wrapStore ? options.wrapStore(baseStore) : baseStore;
  let offset = 0;
  const start = () =>
    startBot({
      config: { discordToken: emulator.application.token, discordApiUrl: emulator.restUrl },
      store,
      catalogue,
      logger: options.logger ?? logger,
      now: () => Date.now() + offset,
      footerWindowMs: 50,
      flushIntervalMs: 50,
      commands: options.wrapCommands ? options.wrapCommands(modules) : modules,
    });
  let bot = await start();
  return {
    emulator,
    get bot() {
      return bot;
    },
    async restartBot() {
      await bot.stop();
      bot = await start();
    },
    store,
    catalogue,
    dataDir,
    guildId: guild.id,
    channelId: channel.id,
    forumId: forum.id,
    owner,
    manager,
    member,
    otherMember,
    advanceClock(ms) {
      offset += ms;
    },
    run(userId, name, input = {}) {
      return driver.runCommand({
        userId,
        guildId: guild.id,
        channelId: input.channelId ?? channel.id,
        name,
        ...(input.subcommand ? { subcommand: input.subcommand } : {}),
        ...(input.options ? { options: input.options } : {}),
        ...(input.attachments ? { attachments: input.attachments } : {}),
      });
    },
    async stop() {
      await bot.stop();
      await baseStore.close();
      await emulator.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The text a member reads in a message: content and every embed's visible text. */
export function visibleText(message: Pick<APIMessage, 'content' | 'embeds'>): string {
  const embedText = (e: APIEmbed): string[] => [
    e.author?.name ?? '',
    e.title ?? '',
    e.description ?? '',
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    e.footer?.text ?? '',
  ];
  return [message.content, ...message.embeds.flatMap(embedText)].filter((t) => t.length > 0).join('\n');
}

/** Custom ids of the buttons on a message, by label. */
export function buttonsOf(message: Pick<APIMessage, 'components'>): { label: string; customId: string | null; url: string | null; disabled: boolean }[] {
  const result: { label: string; customId: string | null; url: string | null; disabled: boolean }[] = [];
  for (const row of message.components ?? []) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      if (component.type !== ComponentType.Button) continue;
      result.push({
        label: 'label' in component ? (component.label ?? '') : '',
        customId: 'custom_id' in component ? component.custom_id : null,
        url: 'url' in component ? component.url : null,
        disabled: component.disabled ?? false,
      });
    }
  }
  return result;
}

export function buttonId(message: Pick<APIMessage, 'components'>, label: string): string {
  const found = buttonsOf(message).find((b) => b.label === label);
  if (!found?.customId)
    throw new Error(
      `no button "${label}" on the message (buttons: ${buttonsOf(message)
        .map((b) => b.label)
        .join(', ')})`,
    );
  return found.customId;
}
