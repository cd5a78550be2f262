import { CatalogueError, loadCatalogue, loadStoreCatalogue, type Catalogue, type StoreCatalogue } from './catalogue/index.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { startBot, type Bot } from './discord/bot.js';
import type { Health } from './health/index.js';
import { createLogger } from './logger.js';
import { errorMessage } from './errors.js';
import { redactSecrets, redactUrl } from './redact.js';
import { guildsOfThisProcess, stopWithManager } from './shards/this-process.js';
import { isServerStoreUrl, openStore, type Store } from './store/index.js';

/**
 * config → logger → store, while the catalogue loads → engagement + client (startBot) → login → health (when
 * HEALTH_PORT is set); then wait for a signal.
 * Without a token there is nothing to log in to, so the sandbox starts instead (a local Discord with a page).
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (error.missingToken) {
      const { runSandbox } = await import('./sandbox/run.js');
      await runSandbox(process.argv.slice(2), 'no-token');
      return;
    }
    console.error(`Liner Notes can't start:\n${error.message}`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config.logLevel);
  // Sharded (LINER_NOTES_SHARDS): this process only runs the shard processes (src/shards/), each one this bot.
  if (config.shards) {
    const { runShardManager } = await import('./shards/manager.js');
    process.exit(await runShardManager({ config: { ...config, shards: config.shards }, logger }));
  }
  // The catalogue loads while the store opens and the client logs in (startBot waits for it before ready).
  const onIndexError = (error: unknown): void => logger.warn({ err: error }, 'could not write the catalogue index; the next start reads every review file');
  // On a server store the catalogue lives in the store, shared by every process; otherwise data/reviews is the catalogue.
  const fileCatalogue = isServerStoreUrl(config.storeUrl)
    ? null
    : loadCatalogue('data', { onIndexError }).then(({ catalogue: loaded, problems, fromIndex, parsed }) => {
        for (const problem of problems) logger.warn(problem, 'review file left out of the catalogue');
        logger.info({ reviews: fromIndex + parsed - problems.length, fromIndex, parsed }, 'catalogue loaded');
        return loaded;
      });
  // startBot reports a failed load; this only keeps it from also being reported as unhandled meanwhile.
  fileCatalogue?.catch(() => undefined);
  let store: Store;
  try {
    // A shard process writes only its own shards' guilds (the ids discord.js's ShardingManager passed it).
    store = await openStore(config.storeUrl, { ownsGuild: guildsOfThisProcess() });
    stopWithManager();
  } catch (error) {
    // Without a writable store every like of the run would be lost: refuse to start, in one line.
    console.error(`Liner Notes can't open its store: ${redactSecrets(errorMessage(error))}`);
    process.exitCode = 1;
    return;
  }

  let sharedCatalogue: StoreCatalogue | undefined;
  const catalogue: Promise<Catalogue> =
    fileCatalogue ??
    loadStoreCatalogue(store.catalogue, {
      onPollError: (error) =>
        logger.warn({ err: error }, 'cannot read the shared catalogue from the store; the reviews already loaded are served until it answers'),
      onPollRecovered: () => logger.info({}, 'the shared catalogue can be read from the store again'),
      onProblem: (problem) => logger.warn(problem, 'review in the store left out of the catalogue'),
    }).then(({ catalogue: loaded, reviews }) => {
      sharedCatalogue = loaded;
      logger.info({ reviews, store: store.location }, 'shared catalogue loaded');
      if (reviews === 0) logger.warn({}, 'the shared catalogue is empty: "npx liner-notes catalogue push" copies data/reviews into the store');
      return loaded;
    });
  catalogue.catch(() => undefined);

  // Handlers go in before the login so a signal during start-up also ends cleanly.
  let bot: Bot | undefined;
  let health: Health | undefined;
  // Set by the signal handlers while start-up awaits: typed boolean so the checks after each await are not narrowed to false.
  let stopping = false as boolean;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    (health ? health.stop() : Promise.resolve())
      .then(() => (bot ? bot.stop() : { unwritten: 0 }))
      .then(({ unwritten }) => {
        if (unwritten === 0) return;
        logger.error(
          { unwritten, store: store.location },
          'stopping with changes the store could not take; the next start recovers them from Discord by reconciliation',
        );
        process.exitCode = 1;
      })
      .then(() => sharedCatalogue?.close())
      .then(() => store.close())
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      })
      .finally(() => process.exit(process.exitCode ?? 0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  try {
    const started = await startBot({ config, store, catalogue, logger });
    if (stopping) await started.stop();
    else bot = started;
  } catch (error) {
    if (stopping) return;
    stopping = true;
    await store.close();
    const reason = redactSecrets(errorMessage(error));
    if (error instanceof CatalogueError) console.error(`Liner Notes could not load the catalogue: ${reason}`);
    else console.error(`Liner Notes could not connect to Discord${config.discordApiUrl ? ` at ${redactUrl(config.discordApiUrl)}` : ''}: ${reason}`);
    process.exit(1);
  }

  if (config.health && bot) {
    try {
      // prom-client and the HTTP server load only when HEALTH_PORT asks for them.
      const { startHealth } = await import('./health/index.js');
      health = await startHealth({ ...config.health, client: bot.client, engagement: bot.engagement, store, logger });
    } catch (error) {
      // Asked for and not served (the port is taken, the address is not this machine's): say so and stop.
      console.error(`Liner Notes can't serve health and metrics on ${config.health.host}:${config.health.port}: ${redactSecrets(errorMessage(error))}`);
      process.exitCode = 1;
      shutdown('health');
    }
  }
}

main().catch((error: unknown) => {
  console.error(`Liner Notes stopped: ${redactSecrets(errorMessage(error))}`);
  process.exitCode = 1;
});
