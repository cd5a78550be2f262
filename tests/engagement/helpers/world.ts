import { ChannelType, Client, Events, GatewayIntentBits, Partials, type RESTPatchAPIChannelMessageJSONBody, type TextChannel } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { formatFooter } from '../../../src/domain/footer.js';
import { startEngagement, type Engagement, type PostCounts } from '../../../src/engagement/index.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { createLogger } from '../../../src/logger.js';
import type { Publication, Store } from '../../../src/store/ports.js';
import { openTestStore } from './test-store.js';

export const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/** The test stand-in for the commands engineer's renderer: the review's title and the footer text. */
export function renderPost(publication: Pick<Publication, 'slug'>, counts: PostCounts): RESTPatchAPIChannelMessageJSONBody {
  const footer = formatFooter(counts);
  return {
    embeds: [{ title: `Review: ${publication.slug}`, ...(footer ? { footer: { text: footer } } : {}) }],
    allowed_mentions: { parse: [] },
  };
}

export interface World {
  emulator: Emulator;
  store: Store;
  guildId: string;
  channelId: string;
  owner: APIUser;
  members: APIUser[];
  otherBot: APIUser;
  stop(): Promise<void>;
}

/** A guild with a reviews channel, its owner (the admin who posts), `memberCount` members and another bot. */
export async function startWorld(memberCount: number, emulatorOptions: Parameters<typeof startEmulator>[0] = {}): Promise<World> {
  const emulator = await startEmulator({ rateLimits: true, ...emulatorOptions });
  const { driver } = emulator;
  const owner = driver.createUser({ username: 'rockyfan', globalName: 'Rocky Fan' });
  const guild = driver.createGuild({ name: 'Soundtrack Club', ownerId: owner.id });
  const channel = driver.createChannel(guild.id, { name: 'reviews', type: ChannelType.GuildText });
  const members: APIUser[] = [];
  for (let i = 0; i < memberCount; i++) {
    const member = driver.createUser({ username: `listener${i}` });
    driver.addMember(guild.id, member.id);
    members.push(member);
  }
  const otherBot = driver.createUser({ username: 'starboard', bot: true });
  driver.addMember(guild.id, otherBot.id);
  const store = await openTestStore();
  return {
    emulator,
    store,
    guildId: guild.id,
    channelId: channel.id,
    owner,
    members,
    otherBot,
    async stop() {
      await store.close();
      await emulator.stop();
    },
  };
}

export interface Bot {
  client: Client;
  engagement: Engagement & { loaded: Promise<void> };
  stop(): Promise<void>;
}

/** The bot's real discord.js client (intents and partials as the bot uses them) with engagement attached. */
export async function startBot(
  world: World,
  options: { footerWindowMs?: number; flushIntervalMs?: number; store?: Store; awaitLoadBeforeLogin?: boolean } = {},
): Promise<Bot> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.MessageContent],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    rest: { api: world.emulator.restUrl },
  });
  const { store = world.store, awaitLoadBeforeLogin = true, ...windows } = options;
  const engagement = startEngagement({ store, logger, renderPost, ...windows });
  if (awaitLoadBeforeLogin) await engagement.loaded;
  engagement.attach(client);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(world.emulator.application.token);
  await ready;
  await world.emulator.driver.waitFor(() => client.guilds.cache.has(world.guildId), 5000, 'the bot sees the guild');
  return {
    client,
    engagement,
    async stop() {
      await engagement.stop();
      await client.destroy();
    },
  };
}

/** Posts a review as the bot, starts its responses thread, saves the publication and tracks it. */
export async function postReview(world: World, bot: Bot, slug: string): Promise<Publication> {
  const channel = await bot.client.channels.fetch(world.channelId);
  if (!channel || channel.type !== ChannelType.GuildText) throw new Error('the reviews channel is not a text channel');
  const textChannel: TextChannel = channel;
  const message = await textChannel.send({ embeds: [{ title: `Review: ${slug}` }], allowedMentions: { parse: [] } });
  const thread = await message.startThread({ name: `Responses: ${slug}` });
  return trackPublication(world, bot, { slug, channelId: world.channelId, messageId: message.id, threadId: thread.id });
}

/** Saves a publication of a post the test has sent (posted by the guild's owner) and has the bot track it. */
export async function trackPublication(world: World, bot: Bot, post: Pick<Publication, 'slug' | 'channelId' | 'messageId' | 'threadId'>): Promise<Publication> {
  const publication: Publication = { ...post, guildId: world.guildId, postedBy: world.owner.id, postedAt: new Date().toISOString(), withdrawn: false };
  await world.store.publications.save(publication);
  await bot.engagement.track(publication);
  return publication;
}

/** The world's member number `index`. */
export function memberOf(world: World, index: number): APIUser {
  const found = world.members[index];
  if (!found) throw new Error(`no member ${index}`);
  return found;
}

/** The footer text the channel shows on a message (undefined when it has none). */
export function footerOf(world: World, channelId: string, messageId: string): string | undefined {
  return world.emulator.driver.message(channelId, messageId)?.embeds[0]?.footer?.text;
}

/** Waits until the channel shows `expected` as the post's footer. */
export async function waitForFooter(world: World, publication: Publication, expected: string | undefined): Promise<void> {
  await world.emulator.driver.waitFor(
    () => footerOf(world, publication.channelId, publication.messageId) === expected,
    10_000,
    `footer of ${publication.slug} to read ${JSON.stringify(expected)} (it reads ${JSON.stringify(footerOf(world, publication.channelId, publication.messageId))})`,
  );
}

/** PATCH edits of one message in the emulator's request log. */
export function editsOf(world: World, channelId: string, messageId: string): number {
  const path = `/channels/${channelId}/messages/${messageId}`;
  return world.emulator.driver.requests().filter((request) => request.method === 'PATCH' && request.path.endsWith(path)).length;
}
