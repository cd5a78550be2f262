import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalogue } from '../catalogue/index.js';
import { projectDataDir } from '../catalogue/data-dir.js';
import { deployCommands } from '../deploy.js';
import { startBot, type Bot } from '../discord/bot.js';
import { loadCommands } from '../discord/load-commands.js';
import { loadFixture, seedFixture } from '../emulator/fixture.js';
import type { Logger } from '../logger.js';
import { projectRoot } from '../project-root.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/ports.js';
import { startPersistentEmulator, type PersistentEmulator } from './persistent-emulator.js';
import { rosterOf, type SandboxRoster } from './roster.js';
import { startWebServer, type WebServer } from './web-server.js';
import { parseSavedWorld, type SavedWorld } from './world-snapshot.js';

const fixtureFile = join(projectRoot, 'src', 'emulator', 'fixtures', 'sandbox.json');
export const defaultSandboxPort = 8090;

export interface SandboxOptions {
  /** The page's port on 127.0.0.1; 0 picks a free one. Default 8090, or a free one when 8090 is taken. */
  port?: number;
  /** Where the sandbox keeps its world file and store. Default: the project's data/. */
  dataDir?: string;
  /** Default: sqlite in <dataDir>/sandbox.sqlite. */
  storeUrl?: string;
  /** Where the reviews are read from. Default: the project's data/. */
  catalogueDir?: string;
  logger: Logger;
  /** How often the world is written while running (it is always written on stop). Default 5 s. */
  saveIntervalMs?: number;
}

export interface Sandbox {
  readonly url: string;
  readonly emulator: PersistentEmulator;
  readonly bot: Bot;
  readonly roster: SandboxRoster;
  readonly worldFile: string;
  /** Whether this start continued a saved world (false: freshly seeded). */
  readonly restored: boolean;
  save(): Promise<void>;
  /** Page, bot (engagement flushed), store, then the world saved and the emulator stopped. */
  stop(): Promise<void>;
}

export class SandboxStartError extends Error {
  override readonly name = 'SandboxStartError';
}

async function readSavedWorld(file: string): Promise<SavedWorld | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw new SandboxStartError(`cannot read the sandbox world ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SandboxStartError(`the sandbox world ${file} is not valid JSON; delete it to start a fresh sandbox`);
  }
  return parseSavedWorld(json, file);
}

/**
 * The sandbox: the emulator seeded with "Liner Notes Sandbox" (or the world saved last time), the commands
 * deployed through deployCommands exactly as `npm run deploy` does, and the bot started with startBot: its own
 * discord.js client talking HTTP and WebSocket to the emulator with the emulator-issued token.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { logger } = options;
  const dataDir = options.dataDir ?? projectDataDir;
  const worldFile = join(dataDir, 'sandbox-world.json');
  const storeFile = join(dataDir, 'sandbox.sqlite');
  const saved = await readSavedWorld(worldFile);
  if (!saved && options.storeUrl === undefined) {
    // A new world has new ids: the old store would only describe posts that no longer exist.
    await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${storeFile}${suffix}`, { force: true })));
  }

  const fixture = await loadFixture(fixtureFile);
  const emulator = await startPersistentEmulator({ saved, applicationName: fixture.application?.name });
  const cleanups: (() => Promise<void>)[] = [() => emulator.stop()];
  const undo = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    if (!saved) seedFixture(emulator.driver, fixture);
    const roster = rosterOf(emulator.snapshot());
    const reviews = roster.channels.find((c) => c.name === 'reviews' && c.type === 'text');

    const definitions = (await loadCommands()).map((m) => m.definition);
    const deployed = await deployCommands({
      token: emulator.application.token,
      clientId: emulator.application.id,
      guildId: roster.guildId,
      apiUrl: emulator.restUrl,
      definitions,
    });
    logger.info({ ...deployed }, 'sandbox commands deployed');

    const store: Store = await openStore(options.storeUrl ?? `sqlite://${storeFile}`);
    cleanups.push(() => store.close());
    if (!saved && reviews) {
      // What an admin's `/setup reviews_channel:#reviews` would store, so posts land in #reviews from any channel.
      const settings = await store.settings.get(roster.guildId);
      await store.settings.set(roster.guildId, { ...settings, reviewsChannelId: reviews.id });
    }
    const onIndexError = (error: unknown): void => logger.warn({ err: error }, 'could not write the catalogue index; the next start reads every review file');
    const { catalogue, problems } = await loadCatalogue(options.catalogueDir ?? projectDataDir, { onIndexError });
    for (const problem of problems) logger.warn(problem, 'review file left out of the catalogue');

    const bot = await startBot({ config: { discordToken: emulator.application.token, discordApiUrl: emulator.restUrl }, store, catalogue, logger });
    cleanups.push(async () => {
      await bot.stop();
    });

    const botStatus = () => ({ connected: bot.client.isReady(), user: bot.client.user?.tag ?? null });
    const web = await listenPage(options.port, (port) => startWebServer({ driver: emulator.driver, roster, logger, botStatus, port }));
    cleanups.push(() => web.close());

    let lastSaved = '';
    const save = async (): Promise<void> => {
      const text = JSON.stringify(emulator.snapshot());
      if (text === lastSaved) return;
      const temporary = `${worldFile}.tmp`;
      await writeFile(temporary, text);
      await rename(temporary, worldFile);
      lastSaved = text;
    };
    await save();
    const timer = setInterval(() => {
      save().catch((error: unknown) => logger.error({ err: error }, 'saving the sandbox world failed'));
    }, options.saveIntervalMs ?? 5000);

    let stopping: Promise<void> | undefined;
    return {
      url: web.url,
      emulator,
      bot,
      roster,
      worldFile,
      restored: saved !== undefined,
      save,
      stop() {
        stopping ??= (async () => {
          clearInterval(timer);
          await web.close();
          await bot.stop();
          await store.close();
          await save();
          await emulator.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

async function listenPage(port: number | undefined, start: (port: number) => Promise<WebServer>): Promise<WebServer> {
  try {
    return await start(port ?? defaultSandboxPort);
  } catch (error) {
    const inUse = error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
    if (!inUse) throw error;
    if (port !== undefined) throw new SandboxStartError(`port ${port} is already in use; pick another with --port`);
    return start(0);
  }
}
