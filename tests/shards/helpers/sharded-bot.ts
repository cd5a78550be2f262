import { ChannelType } from 'discord.js';
import { MessageType } from 'discord-api-types/v10';
import type { APIGuild, APIMessage, APIUser } from 'discord-api-types/v10';
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushCatalogue } from '../../../src/catalogue/push-catalogue.js';
import { deployCommands } from '../../../src/deploy.js';
import { loadCommands } from '../../../src/discord/load-commands.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { projectRoot } from '../../../src/project-root.js';
import { openStore } from '../../../src/store/index.js';
import type { StoredResponse } from '../../../src/store/ports.js';
import { buildOnce, rockySlug } from '../../e2e/helpers/bot-process.js';
import { freshPostgres, type FreshServerStore } from '../../e2e/helpers/fresh-server-store.js';
import { createGuildOnShard, shardOf } from './guild-on-shard.js';

export interface ShardGuild {
  id: string;
  channelId: string;
  shard: number;
}

/** The local Discord with `guildsPerShard` guilds on each of `shardCount` shards, members, commands, and a fresh PostgreSQL store holding the catalogue. */
export interface ShardWorld {
  emulator: Emulator;
  shardCount: number;
  owner: APIUser;
  members: APIUser[];
  guilds: ShardGuild[];
  /** Every guild id in the world: the guilds above and any that landed on another shard than asked (createGuildOnShard). */
  allGuildIds: string[];
  store: FreshServerStore;
  dir: string;
  stop(): Promise<void>;
}

/**
 * The shard tests need the PostgreSQL test server both shards share. Without one they fail with what to run
 * rather than skip: a suite that skipped would pass while proving nothing.
 */
export function requirePostgres(url: string): string {
  if (url === '') throw new Error('TEST_POSTGRES_URL is not set; start the test servers with eval "$(bash .ci/services.sh start)"');
  return url;
}

export async function startShardWorld(options: { postgresUrl: string; shardCount: number; guildsPerShard: number; members: number }): Promise<ShardWorld> {
  // Discord recommends the shards; max_concurrency lets every shard start in its own window at once.
  const emulator = await startEmulator({
    rateLimits: true,
    sharding: { recommendedShards: options.shardCount, maxConcurrency: options.shardCount, enforceMaxConcurrency: true },
  });
  const { driver } = emulator;
  const owner = driver.createUser({ username: 'owner', globalName: 'Server Owner' });
  const members = Array.from({ length: options.members }, (_, i) => driver.createUser({ username: `listener${i}`, globalName: `Listener ${i}` }));
  const guilds: ShardGuild[] = [];
  const created: APIGuild[] = [];
  for (let round = 0; round < options.guildsPerShard; round++) {
    for (let shard = 0; shard < options.shardCount; shard++) {
      const guild = createGuildOnShard(driver, { name: `Club ${guilds.length + 1}`, ownerId: owner.id }, shard, options.shardCount, created);
      for (const member of members) driver.addMember(guild.id, member.id);
      const channel = driver.createChannel(guild.id, { name: 'reviews', type: ChannelType.GuildText });
      guilds.push({ id: guild.id, channelId: channel.id, shard: shardOf(guild.id, options.shardCount) });
    }
  }
  const modules = await loadCommands();
  await deployCommands({
    token: emulator.application.token,
    clientId: emulator.application.id,
    guildId: null,
    apiUrl: emulator.restUrl,
    definitions: modules.map((m) => m.definition),
  });

  const store = await freshPostgres(options.postgresUrl);
  const dir = await mkdtemp(join(tmpdir(), 'liner-notes-shards-'));
  const reviewsDir = join(dir, 'data', 'reviews');
  await mkdir(reviewsDir, { recursive: true });
  await cp(join(projectRoot, 'data', 'reviews', `${rockySlug}.md`), join(reviewsDir, `${rockySlug}.md`));
  const seeding = await openStore(store.url);
  try {
    await pushCatalogue(reviewsDir, seeding.catalogue);
  } finally {
    await seeding.close();
  }
  return {
    emulator,
    shardCount: options.shardCount,
    owner,
    members,
    guilds,
    allGuildIds: created.map((guild) => guild.id),
    store,
    dir,
    async stop() {
      await emulator.stop();
      await store.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface ShardedBot {
  /** Every JSON log line so far, the manager's and its shards' (they share its stdout). */
  logs(): LogLine[];
  waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs?: number, from?: number): Promise<LogLine>;
  /** The pid of a shard's current process, from the manager's "shard spawned" lines. */
  shardPid(shard: number): number;
  healthUrl: string;
  /** The manager's pid. */
  pid: number;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Health ports for the manager and, above it, one per shard: a free one whose next few are free too. */
async function freePortRange(size: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = await freePort();
    if (base + size > 65535) continue;
    const taken = await Promise.all(Array.from({ length: size }, (_, i) => portTaken(base + i)));
    if (!taken.includes(true)) return base;
  }
  throw new Error('no free range of ports for health');
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

/**
 * Starts the bot as `npm start` does with LINER_NOTES_SHARDS=auto: the compiled dist/src/main.js becomes the shard
 * manager, which spawns one process per shard. Resolves once the manager logs "every shard ready".
 */
export async function startShardedBot(world: ShardWorld, env: Record<string, string> = {}): Promise<ShardedBot> {
  buildOnce();
  const healthPort = await freePortRange(world.shardCount + 1);
  const child = spawn(process.execPath, ['--enable-source-maps', join(projectRoot, 'dist', 'src', 'main.js')], {
    cwd: world.dir,
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: world.emulator.application.token,
      DISCORD_CLIENT_ID: world.emulator.application.id,
      DISCORD_API_URL: world.emulator.restUrl,
      STORE_URL: world.store.url,
      LINER_NOTES_SHARDS: 'auto',
      HEALTH_PORT: String(healthPort),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let pending = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        lines.push({ level: 30, msg: line });
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  let exitedWith: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      exitedWith = { code, signal };
      for (const wake of waiters) wake();
      resolve(exitedWith);
    }),
  );
  const waitForLog: ShardedBot['waitForLog'] = (match, what, timeoutMs = 60_000, from = 0) =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = lines.slice(from).find(match);
        if (found) {
          done();
          resolve(found);
        } else if (exitedWith) {
          done();
          reject(
            new Error(`the manager exited (${JSON.stringify(exitedWith)}) before ${what}; stderr: ${stderr}; last lines: ${JSON.stringify(lines.slice(-8))}`),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms; stderr: ${stderr}; last lines: ${JSON.stringify(lines.slice(-8))}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const bot: ShardedBot = {
    logs: () => lines,
    waitForLog,
    shardPid(shard) {
      const spawned = lines.filter((line) => line.msg === 'shard spawned' && line.shard === shard).at(-1);
      if (typeof spawned?.pid !== 'number') throw new Error(`shard ${shard} has not been spawned`);
      return spawned.pid;
    },
    healthUrl: `http://127.0.0.1:${healthPort}`,
    pid: child.pid ?? -1,
    async stop(signal = 'SIGTERM') {
      if (!exitedWith) child.kill(signal);
      return exited;
    },
  };
  await waitForLog((line) => line.msg === 'every shard ready', '"every shard ready"', 90_000);
  return bot;
}

/** What the shared PostgreSQL store holds for a post: its likers and its thread's responses. */
export async function storedView(world: ShardWorld, messageId: string, threadId: string): Promise<{ likers: string[]; responses: StoredResponse[] }> {
  const store = await openStore(world.store.url);
  try {
    return { likers: [...(await store.likes.users(messageId))].sort(), responses: await store.responses.list(threadId) };
  } finally {
    await store.close();
  }
}

/** The responses in a thread as Discord has them: people's messages, oldest first. */
export function responsesOf(world: ShardWorld, threadId: string): APIMessage[] {
  return world.emulator.driver
    .messages(threadId)
    .filter((message) => message.author.bot !== true && (message.type === MessageType.Default || message.type === MessageType.Reply));
}
