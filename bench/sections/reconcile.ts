import { REST } from '@discordjs/rest';
import { MessageType, Routes, type APIMessage, type APIThreadChannel } from 'discord-api-types/v10';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadCatalogue } from '../../src/catalogue/index.js';
import { startBot } from '../../src/discord/bot.js';
import type { ReconcileSummary } from '../../src/engagement/index.js';
import { DEFAULT_RATE_LIMITS, DEFAULT_RULE, type RateLimitRule } from '../../src/emulator/rate-limits.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/index.js';
import type { Publication } from '../../src/store/ports.js';
import type { BenchContext } from '../lib/context.js';
import { seededRandom } from '../lib/random.js';
import { createBenchGuild, type BenchGuild } from '../lib/world.js';

const likeEmojis = ['👍', '❤️'] as const;
const pageSize = 100;

export interface ReconcileRun {
  posts: number;
  likes: number;
  responses: number;
  /** REST requests the bot made during the reconciliation, and the floor for what it had to read. */
  requests: number;
  floor: number;
  /** 429 answers to the bot in that time. */
  rateLimited: number;
  /** The reconciliation's own time, and the least time the emulator's route limits allow for its requests. */
  ms: number;
  allowedMs: number;
  /** Posts whose stored likers or responses differ from Discord's afterwards (0: exact). */
  differing: number;
}

interface SeededPost {
  publication: Publication;
  /** Reactors per like emoji present. */
  reactors: number[];
  responses: number;
}

/**
 * One run: a guild whose posts carry 50–300 likes each over one or two like emoji and 0–40 responses in their
 * threads, all made while the bot was away (its store knows the publications only). The bot starts and
 * reconciles with the emulator's Discord-like rate limits on; the run reads its summary from the log.
 */
export async function reconcileRun(ctx: BenchContext, run: number): Promise<ReconcileRun> {
  const { sizes } = ctx;
  const random = seededRandom(100 + run);
  const emulator = await startEmulator({ rateLimits: false });
  const dir = await mkdtemp(join(ctx.tmp, 'reconcile-'));
  try {
    const guild = createBenchGuild(emulator, 320, 0);
    const storeUrl = `sqlite://${join(dir, 'store.sqlite')}`;
    const store = await openStore(storeUrl);
    await store.settings.set(guild.guildId, { reviewsChannelId: guild.channelId, likeEmojis: [...likeEmojis], adminRoleId: null, countOwnLikes: true });
    ctx.log(`reconcile run ${run + 1}: seeding ${sizes.reconcilePosts} posts`);
    const seeded = await seedPosts(
      emulator,
      guild,
      ctx.reviews.map((r) => r.slug),
      sizes.reconcilePosts,
      random,
    );
    for (const post of seeded) await store.publications.save(post.publication);
    emulator.driver.setRateLimits(true);

    const summaries: ReconcileSummary[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (!line.includes('"reconciliation done"')) continue;
          summaries.push(JSON.parse(line) as ReconcileSummary);
        }
        done();
      },
    });
    const logger = pino({ level: 'info' }, logStream);
    const logStart = emulator.driver.requests().length;
    const { catalogue } = await loadCatalogue(ctx.dataDir);
    ctx.log(`reconcile run ${run + 1}: the bot starts and reconciles`);
    const bot = await startBot({ config: { discordToken: emulator.application.token, discordApiUrl: emulator.restUrl }, store, catalogue, logger });
    try {
      const deadline = Date.now() + 15 * 60_000;
      while (summaries.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      const summary = summaries[0];
      if (!summary) throw new Error('the reconciliation did not finish within 15 minutes');
      const log = emulator.driver.requests().slice(logStart);
      const reads = log.filter((entry) => entry.method === 'GET' && entry.route.startsWith('GET /channels/'));
      await bot.engagement.flush();
      return {
        posts: seeded.length,
        likes: seeded.reduce((sum, post) => sum + post.reactors.reduce((a, b) => a + b, 0), 0),
        responses: seeded.reduce((sum, post) => sum + post.responses, 0),
        requests: summary.requests,
        floor: floorOf(seeded),
        rateLimited: reads.filter((entry) => entry.status === 429).length,
        ms: summary.ms,
        allowedMs: allowedMs(reads.map((entry) => ({ route: entry.route, path: entry.path }))),
        differing: await differingPosts(emulator, guild, seeded, store),
      };
    } finally {
      await bot.stop();
      await store.close();
    }
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Posts as the bot with their threads, then the members' likes and responses, all while no client listens. */
async function seedPosts(emulator: Emulator, guild: BenchGuild, slugs: string[], count: number, random: () => number): Promise<SeededPost[]> {
  const rest = new REST({ api: emulator.restUrl }).setToken(emulator.application.token);
  const { driver } = emulator;
  const seeded: SeededPost[] = [];
  for (let i = 0; i < count; i++) {
    const slug = slugs[i % slugs.length] ?? 'review';
    const message = (await rest.post(Routes.channelMessages(guild.channelId), {
      body: { embeds: [{ title: `Review: ${slug}` }], allowed_mentions: { parse: [] } },
    })) as APIMessage;
    const thread = (await rest.post(Routes.threads(guild.channelId, message.id), { body: { name: `Responses: ${slug}` } })) as APIThreadChannel;
    const likes = 50 + Math.floor(random() * 251);
    const emojiCount = random() < 0.5 ? 1 : 2;
    const reactors = Array.from({ length: emojiCount }, () => 0);
    for (let person = 0; person < likes; person++) {
      const member = guild.people[person];
      if (!member) break;
      const emoji = Math.floor(random() * emojiCount);
      reactors[emoji] = (reactors[emoji] ?? 0) + 1;
      await driver.react(member.user.id, guild.channelId, message.id, likeEmojis[emoji] ?? '👍');
    }
    const responses = Math.floor(random() * 41);
    for (let r = 0; r < responses; r++) {
      const member = guild.people[(i + r) % guild.people.length];
      if (member) await driver.sendMessage(member.user.id, thread.id, `Response ${r} to ${slug}`);
    }
    const publication: Publication = {
      guildId: guild.guildId,
      slug,
      channelId: guild.channelId,
      messageId: message.id,
      threadId: thread.id,
      postedBy: guild.owner.id,
      postedAt: new Date().toISOString(),
      withdrawn: false,
    };
    seeded.push({ publication, reactors, responses });
  }
  return seeded;
}

/** Σ ⌈reactors/100⌉ per like emoji present + ⌈messages/100⌉ per thread (at least one read) + the post's own message. */
function floorOf(posts: readonly SeededPost[]): number {
  let floor = 0;
  for (const post of posts) {
    floor += 1;
    floor += Math.max(1, Math.ceil(post.responses / pageSize));
    for (const reactors of post.reactors) floor += Math.ceil(reactors / pageSize);
  }
  return floor;
}

/** Topics › Rate Limits › Global Rate Limit: "All bots can make up to 50 requests per second to our API". */
const globalRequestsPerSecond = 50;

/**
 * The least time Discord's limits allow for these requests: per bucket (route and major parameter, as the
 * emulator counts them), the windows its requests must span beyond the first, and the global limit over all of
 * them (which @discordjs/rest keeps to, as Discord asks). The slowest of these sets the time.
 */
function allowedMs(requests: readonly { route: string; path: string }[]): number {
  const perBucket = new Map<string, { rule: RateLimitRule; count: number }>();
  for (const { route, path } of requests) {
    const rule = DEFAULT_RATE_LIMITS[route] ?? DEFAULT_RULE;
    const major = /\/channels\/(\d+)/.exec(path)?.[1] ?? '';
    const key = `${rule.bucket ?? route}:${major}`;
    const entry = perBucket.get(key);
    if (entry) entry.count += 1;
    else perBucket.set(key, { rule, count: 1 });
  }
  let slowest = (Math.ceil(requests.length / globalRequestsPerSecond) - 1) * 1000;
  for (const { rule, count } of perBucket.values()) slowest = Math.max(slowest, (Math.ceil(count / rule.limit) - 1) * rule.windowMs);
  return slowest;
}

async function differingPosts(
  emulator: Emulator,
  guild: BenchGuild,
  posts: readonly SeededPost[],
  store: Awaited<ReturnType<typeof openStore>>,
): Promise<number> {
  const { driver } = emulator;
  let differing = 0;
  for (const { publication } of posts) {
    const truth = new Set<string>();
    for (const emoji of likeEmojis)
      for (const id of driver.reactionUsers(publication.channelId, publication.messageId, emoji)) if (!guild.botIds.has(id)) truth.add(id);
    const stored = await store.likes.users(publication.messageId);
    const responses = await store.responses.list(publication.threadId ?? '');
    const trueResponses = driver
      .messages(publication.threadId ?? '')
      .filter((m) => m.author.bot !== true && (m.type === MessageType.Default || m.type === MessageType.Reply)).length;
    if (stored.size !== truth.size || [...truth].some((id) => !stored.has(id)) || responses.length !== trueResponses) differing++;
  }
  return differing;
}
