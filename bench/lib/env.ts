import type { Emulator } from '../../src/emulator/index.js';

/** The environment a child needs: the bot's own settings (as in .env) plus where the bench's guild and catalogue are. */
export function childEnv(emulator: Emulator, input: { guildId: string; storeUrl: string; dataDir: string }): Record<string, string> {
  return {
    DISCORD_TOKEN: emulator.application.token,
    DISCORD_CLIENT_ID: emulator.application.id,
    DISCORD_API_URL: emulator.restUrl,
    STORE_URL: input.storeUrl,
    LOG_LEVEL: 'warn',
    BENCH_DATA_DIR: input.dataDir,
    BENCH_GUILD_ID: input.guildId,
    BENCH_GATEWAY_URL: emulator.gatewayUrl,
  };
}
