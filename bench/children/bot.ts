/**
 * The real bot in its own process, started as src/main.ts starts it (config from the environment, the
 * SQLite store, the catalogue, startBot with the production windows), plus the bench's counter: one more
 * listener on the reaction events, registered after the bot's own so it runs once the bot has handled each.
 */
import { Events } from 'discord.js';
import { loadCatalogue } from '../../src/catalogue/index.js';
import { loadConfig } from '../../src/config.js';
import { startBot } from '../../src/discord/bot.js';
import { createLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/index.js';
import { childSide, requireEnv } from '../lib/child-side.js';

let stop = (): Promise<void> => Promise.resolve();
let flush = (): Promise<void> => Promise.resolve();
let settle = (): Promise<void> => Promise.resolve();
const side = childSide({ stop: () => stop(), flush: () => flush(), settle: () => settle() });

try {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel, process.stderr);
  const catalogue = loadCatalogue(requireEnv('BENCH_DATA_DIR')).then((loaded) => loaded.catalogue);
  // A server store is shared by the bench's runs: each run has a namespace of its own.
  const namespace = process.env.BENCH_STORE_NAMESPACE;
  const store = await openStore(config.storeUrl, namespace ? { namespace } : {});
  const bot = await startBot({ config, store, catalogue, logger });
  const guildId = requireEnv('BENCH_GUILD_ID');
  if (!bot.client.guilds.cache.has(guildId)) throw new Error(`the bot is ready but does not see guild ${guildId}`);
  const count = (): void => side.count();
  bot.client.on(Events.MessageReactionAdd, count);
  bot.client.on(Events.MessageReactionRemove, count);
  flush = () => bot.engagement.flush();
  // The reconciliation every start runs once the gateway session is ready (docs/engagement.md).
  settle = async () => {
    const deadline = Date.now() + 60_000;
    while (bot.engagement.stats().lastReconcile === null || bot.engagement.stats().reconciling !== null) {
      if (Date.now() > deadline) throw new Error('the start-up reconciliation did not end within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  stop = async () => {
    await bot.stop();
    await store.close();
  };
  side.ready();
} catch (error) {
  side.fail(error);
}
