import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

export interface Config {
  discordToken: string;
  discordClientId: string;
  discordGuildId: string | null;
  /** REST base URL, e.g. the local emulator's; null for Discord's own. */
  discordApiUrl: string | null;
  storeUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** True when nothing at all is configured: the friendly first-run case. */
    readonly missingToken: boolean,
  ) {
    super(message);
  }
}

const snowflake = /^\d{17,20}$/;
const emptyToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const schema = z.object({
  DISCORD_TOKEN: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: 'DISCORD_TOKEN is not set: the bot token from the Developer Portal (your application → Bot → Reset Token)' })
      .refine((v) => !/\s/.test(v) && v.length >= 20, { error: 'DISCORD_TOKEN does not look like a bot token (too short or contains spaces)' }),
  ),
  DISCORD_CLIENT_ID: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: 'DISCORD_CLIENT_ID is not set: the application id (Developer Portal → General Information → Application ID)' })
      .regex(snowflake, { error: 'DISCORD_CLIENT_ID must be the application id: 17 to 20 digits' }),
  ),
  DISCORD_GUILD_ID: z.preprocess(emptyToUndefined, z.string().regex(snowflake, { error: 'DISCORD_GUILD_ID must be a server id: 17 to 20 digits' }).optional()),
  DISCORD_API_URL: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'DISCORD_API_URL must be an http(s) URL such as http://127.0.0.1:8787/api' })
      .optional(),
  ),
  STORE_URL: z.preprocess(emptyToUndefined, z.string().optional()),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  ),
});

/**
 * The validated settings from `env` (default: .env, then the process environment). Every problem is
 * reported at once, one line each; a value is never echoed back, so the token cannot leak into the message.
 */
export function loadConfig(env?: NodeJS.ProcessEnv): Config {
  let source = env;
  if (!source) {
    loadDotenv({ quiet: true });
    source = process.env;
  }
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => issue.message);
    const missingToken = result.error.issues.some((issue) => issue.path[0] === 'DISCORD_TOKEN') && emptyToUndefined(source.DISCORD_TOKEN) === undefined;
    throw new ConfigError(lines.join('\n'), missingToken);
  }
  const v = result.data;
  return {
    discordToken: v.DISCORD_TOKEN,
    discordClientId: v.DISCORD_CLIENT_ID,
    discordGuildId: v.DISCORD_GUILD_ID ?? null,
    discordApiUrl: v.DISCORD_API_URL ?? null,
    storeUrl: v.STORE_URL,
    logLevel: v.LOG_LEVEL,
  };
}
