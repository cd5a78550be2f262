import { ChannelType, MessageType } from 'discord.js';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReviewFile, serializeReview } from '../../../src/catalogue/review-file.js';
import { deployCommands } from '../../../src/deploy.js';
import { formatFooter } from '../../../src/domain/footer.js';
import { loadCommands } from '../../../src/discord/load-commands.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { projectRoot } from '../../../src/project-root.js';
import { openStore } from '../../../src/store/index.js';
import type { StoredResponse } from '../../../src/store/ports.js';

export const rockySlug = 'great-soundtracks-of-1985-rocky-iv';

/** A published post as the channel shows it. */
export interface Post {
  slug: string;
  channelId: string;
  messageId: string;
  threadId: string;
}

/**
 * The local Discord with a guild, its owner (the admin), members and a reviews channel, commands deployed, and
 * a folder the bot process runs in: its catalogue (data/reviews) and its SQLite store.
 */
export interface ProcessWorld {
  emulator: Emulator;
  guildId: string;
  channelId: string;
  owner: APIUser;
  members: APIUser[];
  /** The bot process's working folder. */
  dir: string;
  storeFile: string;
  slugs: string[];
  publish(slug: string): Promise<Post>;
  stop(): Promise<void>;
}

export async function startProcessWorld(options: { members: number; reviews?: number }): Promise<ProcessWorld> {
  const emulator = await startEmulator({ rateLimits: true });
  const { driver } = emulator;
  const owner = driver.createUser({ username: 'owner', globalName: 'Server Owner' });
  const guild = driver.createGuild({ name: 'Soundtrack Club', ownerId: owner.id });
  const members: APIUser[] = [];
  for (let i = 0; i < options.members; i++) {
    const member = driver.createUser({ username: `listener${i}`, globalName: `Listener ${i}` });
    driver.addMember(guild.id, member.id);
    members.push(member);
  }
  const channel = driver.createChannel(guild.id, { name: 'reviews', type: ChannelType.GuildText });
  const dir = await mkdtemp(join(tmpdir(), 'liner-notes-process-'));
  const slugs = await writeCatalogue(join(dir, 'data', 'reviews'), options.reviews ?? 1);
  const modules = await loadCommands();
  await deployCommands({
    token: emulator.application.token,
    clientId: emulator.application.id,
    guildId: guild.id,
    apiUrl: emulator.restUrl,
    definitions: modules.map((m) => m.definition),
  });
  return {
    emulator,
    guildId: guild.id,
    channelId: channel.id,
    owner,
    members,
    dir,
    storeFile: join(dir, 'data', 'liner-notes.sqlite'),
    slugs,
    async publish(slug) {
      const before = new Set(driver.messages(channel.id).map((message) => message.id));
      const handle = await driver.runCommand({
        userId: owner.id,
        guildId: guild.id,
        channelId: channel.id,
        name: 'review',
        subcommand: 'post',
        options: { review: slug },
      });
      const reply = await handle.reply(15_000);
      if (!reply.content.startsWith('Posted')) throw new Error(`/review post ${slug} answered: ${reply.content}`);
      const post = driver.messages(channel.id).find((message) => !before.has(message.id) && message.embeds.length > 0 && !message.interaction_metadata);
      const thread = post ? driver.threads(channel.id).find((t) => t.id === post.id) : undefined;
      if (!post || !thread) throw new Error(`no post or thread for ${slug}`);
      return { slug, channelId: channel.id, messageId: post.id, threadId: thread.id };
    },
    async stop() {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The real Rocky IV review and copies of it under other slugs and subjects. */
async function writeCatalogue(reviewsDir: string, count: number): Promise<string[]> {
  await mkdir(reviewsDir, { recursive: true });
  await cp(join(projectRoot, 'data', 'reviews', `${rockySlug}.md`), join(reviewsDir, `${rockySlug}.md`));
  const rocky = parseReviewFile(await readFile(join(reviewsDir, `${rockySlug}.md`), 'utf8'), rockySlug);
  const slugs = [rockySlug];
  for (let i = 2; i <= count; i++) {
    const slug = `great-soundtracks-of-1985-number-${i}`;
    const review = { ...rocky, slug, subject: `Number ${i}`, title: `Great Soundtracks of 1985: Number ${i}`, nextPost: null, blog: null };
    await writeFile(join(reviewsDir, `${slug}.md`), serializeReview(review));
    slugs.push(slug);
  }
  return slugs;
}

export interface BotProcess {
  readonly pid: number;
  /** Every JSON log line so far. */
  logs(): { level: number; msg: string; [key: string]: unknown }[];
  stderr(): string;
  waitForLog(msg: string | RegExp, timeoutMs?: number, from?: number): Promise<{ level: number; msg: string; [key: string]: unknown }>;
  /** Sends the signal and resolves with the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let built = false;

/** Compiles the project as `npm start` does, once per test file. */
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [join(projectRoot, 'bin', 'build.js')], { cwd: projectRoot, stdio: 'inherit' });
  built = true;
}

/**
 * Starts the bot as `npm start` runs it (the compiled dist/src/main.js) in its own process, in the world's
 * folder, with an SQLite store. Resolves once it logs "bot ready", unless `waitReady` is false.
 */
export async function startBotProcess(world: ProcessWorld, options: { env?: Record<string, string>; waitReady?: boolean } = {}): Promise<BotProcess> {
  buildOnce();
  const env = {
    PATH: process.env.PATH ?? '',
    DISCORD_TOKEN: world.emulator.application.token,
    DISCORD_CLIENT_ID: world.emulator.application.id,
    DISCORD_API_URL: world.emulator.restUrl,
    STORE_URL: `sqlite://${world.storeFile}`,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--enable-source-maps', join(projectRoot, 'dist', 'src', 'main.js')], {
    cwd: world.dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  let stdoutBuffer = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdoutBuffer += chunk;
    let newline = stdoutBuffer.indexOf('\n');
    while (newline >= 0) {
      const line = stdoutBuffer.slice(0, newline);
      stdoutBuffer = stdoutBuffer.slice(newline + 1);
      try {
        lines.push(JSON.parse(line) as { level: number; msg: string });
      } catch {
        lines.push({ level: 30, msg: line });
      }
      newline = stdoutBuffer.indexOf('\n');
    }
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const waitForLog: BotProcess['waitForLog'] = (msg, timeoutMs = 20_000, from = 0) =>
    new Promise((resolve, reject) => {
      const matches = (line: { msg: string }): boolean => (typeof msg === 'string' ? line.msg === msg : msg.test(line.msg));
      const check = (): void => {
        const found = lines.slice(from).find(matches);
        if (found) {
          cleanup();
          resolve(found);
        } else if (hasExited) {
          cleanup();
          reject(new Error(`the bot exited before logging ${String(msg)}; stderr: ${stderr}; last lines: ${JSON.stringify(lines.slice(-5))}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no log line ${String(msg)} within ${timeoutMs} ms; last lines: ${JSON.stringify(lines.slice(-5))}; stderr: ${stderr}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const bot: BotProcess = {
    pid: child.pid ?? -1,
    logs: () => lines,
    stderr: () => stderr,
    waitForLog,
    async stop(signal = 'SIGINT') {
      if (!hasExited) child.kill(signal);
      return exited;
    },
    exited,
  };
  if (options.waitReady !== false) await waitForLog('bot ready', 30_000);
  return bot;
}

/** Who likes a message on Discord: its 👍 reactors, less bots and (unless allowed) its author. */
export function likersOf(world: ProcessWorld, channelId: string, messageId: string, authorId: string | null): Set<string> {
  const { driver } = world.emulator;
  const bots = new Set([world.emulator.application.botUserId]);
  return new Set(driver.reactionUsers(channelId, messageId, '👍').filter((id) => !bots.has(id) && id !== authorId));
}

/** The responses in a post's thread as Discord has them: people's messages, oldest first. */
export function responsesOf(world: ProcessWorld, post: Post): APIMessage[] {
  return world.emulator.driver
    .messages(post.threadId)
    .filter((message) => message.author.bot !== true && (message.type === MessageType.Default || message.type === MessageType.Reply));
}

/** The footer a post should show, from Discord's truth (the guild counts the poster's own like by default). */
export function trueFooter(world: ProcessWorld, post: Post): string | null {
  return formatFooter({ likes: likersOf(world, post.channelId, post.messageId, null).size, responses: responsesOf(world, post).length });
}

export function footerOf(world: ProcessWorld, post: Post): string | null {
  return world.emulator.driver.message(post.channelId, post.messageId)?.embeds.at(-1)?.footer?.text ?? null;
}

/** What the bot's SQLite store holds for a post, read by a second connection (WAL lets it read beside the bot). */
export async function storedView(world: ProcessWorld, post: Post): Promise<{ likers: Set<string>; responses: StoredResponse[] }> {
  const store = await openStore(`sqlite://${world.storeFile}`);
  try {
    return { likers: new Set(await store.likes.users(post.messageId)), responses: await store.responses.list(post.threadId) };
  } finally {
    await store.close();
  }
}

/** The id of the world's member number `index`. */
export function memberId(world: ProcessWorld, index: number): string {
  const found = world.members[index];
  if (!found) throw new Error(`no member ${index}`);
  return found.id;
}

/**
 * Waits until the bot's store holds exactly Discord's likers and responses for a post (the bot writes in batches,
 * so the store follows the view within a flush), then asserts it.
 */
export async function expectStoreExact(world: ProcessWorld, post: Post, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const summary = (message: APIMessage): string => `${message.id} ${message.content} ${message.edited_timestamp ? 'edited' : ''}`;
  for (;;) {
    const truth = { likers: [...likersOf(world, post.channelId, post.messageId, null)].sort(), responses: responsesOf(world, post).map(summary) };
    const stored = await storedView(world, post);
    const view = {
      likers: [...stored.likers].sort(),
      responses: stored.responses.map((r) => `${r.messageId} ${r.content} ${r.editedAt === null ? '' : 'edited'}`),
    };
    if (JSON.stringify(view) === JSON.stringify(truth) || Date.now() > deadline) {
      if (JSON.stringify(view) !== JSON.stringify(truth)) {
        throw new Error(`the store of ${post.slug} differs from Discord: ${JSON.stringify({ stored: view, truth })}`);
      }
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
