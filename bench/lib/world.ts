import { REST } from '@discordjs/rest';
import {
  ChannelType,
  GatewayDispatchEvents,
  ReactionType,
  Routes,
  type APIGuildMember,
  type APIMessage,
  type APIUser,
  type GatewayMessageReactionAddDispatchData,
  type GatewayMessageReactionRemoveDispatchData,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { deployCommands } from '../../src/deploy.js';
import { formatFooter, type FooterCounts } from '../../src/domain/footer.js';
import { loadCommands } from '../../src/discord/load-commands.js';
import type { Emulator } from '../../src/emulator/index.js';
import type { Publication, Store } from '../../src/store/ports.js';
import type { Random } from './random.js';

export const likeEmoji = '👍';
export const otherEmoji = ['🔥', '🎸', '😂'] as const;

export interface Person {
  user: APIUser;
  member: APIGuildMember;
}

export interface BenchGuild {
  guildId: string;
  channelId: string;
  owner: APIUser;
  people: Person[];
  /** Other bots in the guild (a starboard bot …): their reactions never count as likes. */
  bots: Person[];
  /** Every bot user id, this application's own included. */
  botIds: Set<string>;
}

/** A guild with a reviews channel, its owner, `peopleCount` members and `botCount` other bots. */
export function createBenchGuild(emulator: Emulator, peopleCount: number, botCount: number): BenchGuild {
  const { driver } = emulator;
  const owner = driver.createUser({ username: 'owner', globalName: 'Club Owner' });
  const guild = driver.createGuild({ name: 'Soundtrack Club', ownerId: owner.id });
  const channel = driver.createChannel(guild.id, { name: 'reviews', type: ChannelType.GuildText });
  const join = (username: string, bot: boolean): Person => {
    const user = driver.createUser({ username, bot });
    return { user, member: driver.addMember(guild.id, user.id) };
  };
  const people = Array.from({ length: peopleCount }, (_, i) => join(`listener${i}`, false));
  const bots = Array.from({ length: botCount }, (_, i) => join(`otherbot${i}`, true));
  return {
    guildId: guild.id,
    channelId: channel.id,
    owner,
    people,
    bots,
    botIds: new Set([emulator.application.botUserId, ...bots.map((b) => b.user.id)]),
  };
}

/** Deploys the bot's commands to a guild with the real deploy function, so interactions can be sent. */
export async function deployBotCommands(emulator: Emulator, guildId: string): Promise<void> {
  const modules = await loadCommands();
  await deployCommands({
    token: emulator.application.token,
    clientId: emulator.application.id,
    guildId,
    apiUrl: emulator.restUrl,
    definitions: modules.map((m) => m.definition),
  });
}

/**
 * Posts `slugs.length` messages as the bot (REST, as /review post would) and saves their publications. Post i
 * shows the footer of `counts(i)`, as the bot's own post does once those are its likes and responses (none
 * when not given).
 */
export async function seedPosts(
  emulator: Emulator,
  guild: BenchGuild,
  store: Store,
  slugs: readonly string[],
  counts: (index: number) => FooterCounts = () => ({ likes: 0, responses: 0 }),
): Promise<Publication[]> {
  const rest = new REST({ api: emulator.restUrl }).setToken(emulator.application.token);
  const publications: Publication[] = [];
  for (const [index, slug] of slugs.entries()) {
    const footer = formatFooter(counts(index));
    const embed = { title: `Review: ${slug}`, ...(footer === null ? {} : { footer: { text: footer } }) };
    const body: RESTPostAPIChannelMessageJSONBody = { embeds: [embed], allowed_mentions: { parse: [] } };
    const message = (await rest.post(Routes.channelMessages(guild.channelId), { body })) as APIMessage;
    const publication: Publication = {
      guildId: guild.guildId,
      slug,
      channelId: guild.channelId,
      messageId: message.id,
      threadId: null,
      postedBy: guild.owner.id,
      postedAt: new Date().toISOString(),
      withdrawn: false,
    };
    await store.publications.save(publication);
    publications.push(publication);
  }
  return publications;
}

export interface ReactionOp {
  add: boolean;
  post: Publication;
  person: Person;
  emoji: string;
}

/**
 * A consistent sequence of reaction adds and removes (a remove only of a reaction that is there), mixing the
 * like emoji (60 %) with others, by people (and now and then another bot) on the given posts.
 */
export function reactionOps(count: number, posts: readonly Publication[], guild: BenchGuild, random: Random): ReactionOp[] {
  const present = new Set<string>();
  const ops: ReactionOp[] = [];
  for (let i = 0; i < count; i++) {
    const post = posts[Math.floor(random() * posts.length)];
    const fromBot = random() < 0.02 && guild.bots.length > 0;
    const pool = fromBot ? guild.bots : guild.people;
    const person = pool[Math.floor(random() * pool.length)];
    const emoji = random() < 0.6 ? likeEmoji : (otherEmoji[Math.floor(random() * otherEmoji.length)] ?? likeEmoji);
    if (!post || !person) throw new Error('reactionOps needs posts and people');
    const key = `${post.messageId}|${person.user.id}|${emoji}`;
    const add = !present.has(key);
    if (add) present.add(key);
    else present.delete(key);
    ops.push({ add, post, person, emoji });
  }
  return ops;
}

/** The dispatch the emulator itself sends for each op (the shape of its MESSAGE_REACTION_ADD/REMOVE). */
export function reactionDispatches(ops: readonly ReactionOp[], botUserId: string): { t: string; d: unknown }[] {
  return ops.map(({ add, post, person, emoji }) => {
    const base = { user_id: person.user.id, channel_id: post.channelId, message_id: post.messageId, guild_id: post.guildId, emoji: { id: null, name: emoji } };
    if (add) {
      const d: GatewayMessageReactionAddDispatchData = {
        ...base,
        member: person.member,
        message_author_id: botUserId,
        burst: false,
        burst_colors: [],
        type: ReactionType.Normal,
      };
      return { t: GatewayDispatchEvents.MessageReactionAdd, d };
    }
    const d: GatewayMessageReactionRemoveDispatchData = { ...base, burst: false, type: ReactionType.Normal };
    return { t: GatewayDispatchEvents.MessageReactionRemove, d };
  });
}

/** Applies ops to the emulator's state (its ground truth). Done while no client is connected, so nothing is sent. */
export async function applyOps(emulator: Emulator, ops: readonly ReactionOp[]): Promise<void> {
  for (const op of ops) {
    if (op.add) await emulator.driver.react(op.person.user.id, op.post.channelId, op.post.messageId, op.emoji);
    else await emulator.driver.unreact(op.person.user.id, op.post.channelId, op.post.messageId, op.emoji);
  }
}

/** Per post, the people (not bots) who react with the like emoji on the emulator: what the store must hold. */
export function groundTruth(emulator: Emulator, guild: BenchGuild, posts: readonly Publication[]): Map<string, Set<string>> {
  const truth = new Map<string, Set<string>>();
  for (const post of posts) {
    const users = emulator.driver.reactionUsers(post.channelId, post.messageId, likeEmoji).filter((id) => !guild.botIds.has(id));
    truth.set(post.messageId, new Set(users));
  }
  return truth;
}

/** Number of posts whose stored like set differs from the truth (0: the store is exact). */
export async function storeDifferences(store: Store, truth: ReadonlyMap<string, ReadonlySet<string>>): Promise<number> {
  let differing = 0;
  for (const [messageId, expected] of truth) {
    const stored = await store.likes.users(messageId);
    if (stored.size !== expected.size || [...expected].some((id) => !stored.has(id))) differing++;
  }
  return differing;
}
