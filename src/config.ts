import { config as loadDotenv } from 'dotenv';
import { isIP } from 'node:net';
import * as v from 'valibot';

export interface Config {
  discordToken: string;
  discordClientId: string;
  discordGuildId: string | null;
  /** REST base URL, e.g. the local emulator's; null for Discord's own. */
  discordApiUrl: string | null;
  storeUrl: string | undefined;
  /** Where /healthz and /metrics are served; null when HEALTH_PORT is unset (off). */
  health: { host: string; port: number } | null;
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

/** An http(s) URL the WHATWG parser accepts, written with its "//" (so "http:example.com" is refused). */
function isHttpUrl(value: string): boolean {
  const trimmed = value.trim();
  return /^https?:\/\//i.test(trimmed) && URL.canParse(trimmed);
}

function hasCredentials(value: string): boolean {
  const url = new URL(value.trim());
  return url.username.length > 0 || url.password.length > 0;
}

const schema = v.object({
  DISCORD_TOKEN: v.pipe(
    v.string('DISCORD_TOKEN is not set: the bot token from the Developer Portal (your application → Bot → Reset Token)'),
    v.check((value) => !/\s/.test(value) && value.length >= 20, 'DISCORD_TOKEN does not look like a bot token (too short or contains spaces)'),
  ),
  DISCORD_CLIENT_ID: v.pipe(
    v.string('DISCORD_CLIENT_ID is not set: the application id (Developer Portal → General Information → Application ID)'),
    v.regex(snowflake, 'DISCORD_CLIENT_ID must be the application id: 17 to 20 digits'),
  ),
  DISCORD_GUILD_ID: v.optional(v.pipe(v.string(), v.regex(snowflake, 'DISCORD_GUILD_ID must be a server id: 17 to 20 digits'))),
  DISCORD_API_URL: v.optional(
    v.pipe(
      v.string(),
      v.check(isHttpUrl, 'DISCORD_API_URL must be an http(s) URL such as http://127.0.0.1:8787/api'),
      // The REST client authenticates with the token header; a user or password in the URL is a pasted secret.
      v.check(
        (value) => !isHttpUrl(value) || !hasCredentials(value),
        'DISCORD_API_URL must not hold a user name or password (the bot authenticates with DISCORD_TOKEN); remove the part before "@"',
      ),
      // What the URL parser reads: no surrounding spaces, no tabs or line breaks.
      v.transform((value) => value.trim().replace(/[\t\n\r]/g, '')),
    ),
  ),
  STORE_URL: v.optional(v.string()),
  HEALTH_PORT: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\s*\d{1,5}\s*$/, 'HEALTH_PORT must be a port number from 1 to 65535 (unset turns health and metrics off)'),
      v.transform(Number),
      v.minValue(1, 'HEALTH_PORT must be a port number from 1 to 65535 (unset turns health and metrics off)'),
      v.maxValue(65535, 'HEALTH_PORT must be a port number from 1 to 65535 (unset turns health and metrics off)'),
    ),
  ),
  // Loopback by default: the metrics describe the bot's internals, so exposing them is the operator's choice.
  HEALTH_HOST: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check((value) => isIP(value) !== 0 || /^[a-z0-9.-]{1,253}$/i.test(value), 'HEALTH_HOST must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0'),
    ),
    '127.0.0.1',
  ),
  LOG_LEVEL: v.optional(
    v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'),
    'info',
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
  // Every setting is passed, empty ones as undefined, so an unset one is reported by its own schema.
  const settings = Object.fromEntries(Object.keys(schema.entries).map((key) => [key, emptyToUndefined(source[key])]));
  const result = v.safeParse(schema, settings);
  if (!result.success) {
    const lines = result.issues.map((issue) => issue.message);
    const missingToken = result.issues.some((issue) => issue.path?.[0]?.key === 'DISCORD_TOKEN') && settings.DISCORD_TOKEN === undefined;
    throw new ConfigError(lines.join('\n'), missingToken);
  }
  const values = result.output;
  return {
    discordToken: values.DISCORD_TOKEN,
    discordClientId: values.DISCORD_CLIENT_ID,
    discordGuildId: values.DISCORD_GUILD_ID ?? null,
    discordApiUrl: values.DISCORD_API_URL ?? null,
    storeUrl: values.STORE_URL,
    health: values.HEALTH_PORT === undefined ? null : { host: values.HEALTH_HOST, port: values.HEALTH_PORT },
    logLevel: values.LOG_LEVEL,
  };
}
