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
  /**
   * Gateway shards run by discord.js's ShardingManager, one process each (src/shards/); null runs one process.
   * `total` is every machine's shard count ('auto': GET /gateway/bot decides), `list` the shards this machine runs.
   */
  shards: { total: number | 'auto'; list: number[] | 'all' } | null;
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

/** A shard count: Discord's sharding formula takes any positive number; beyond this a typo is likelier than a bot. */
const maxShards = 100_000;
const shardCountMessage = (name: string): string => `${name} must be a whole number of shards from 1 to ${maxShards}`;

/** "0,1,2", "0-3" or "0-3,8": the shard ids this machine runs, sorted without repeats; null when unreadable. */
export function parseShardList(value: string): number[] | null {
  const ids = new Set<number>();
  for (const part of value.split(',')) {
    const match = /^\s*(\d{1,6})\s*(?:-\s*(\d{1,6})\s*)?$/.exec(part);
    if (!match) return null;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first || last >= maxShards) return null;
    for (let id = first; id <= last; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
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
      v.check(
        (value) => isIP(value) !== 0 || /^[a-z0-9.-]{1,253}$/i.test(value),
        'HEALTH_HOST must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0',
      ),
    ),
    '127.0.0.1',
  ),
  LINER_NOTES_SHARDS: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check(
        (value) => /^auto$/i.test(value) || (/^\d{1,6}$/.test(value) && Number(value) >= 1 && Number(value) <= maxShards),
        `LINER_NOTES_SHARDS must be "auto" (the count Discord recommends) or a whole number of shards from 1 to ${maxShards}`,
      ),
      v.transform((value): number | 'auto' => (/^auto$/i.test(value) ? 'auto' : Number(value))),
    ),
  ),
  LINER_NOTES_TOTAL_SHARDS: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(/^\d{1,6}$/, shardCountMessage('LINER_NOTES_TOTAL_SHARDS')),
      v.transform(Number),
      v.minValue(1, shardCountMessage('LINER_NOTES_TOTAL_SHARDS')),
      v.maxValue(maxShards, shardCountMessage('LINER_NOTES_TOTAL_SHARDS')),
    ),
  ),
  LINER_NOTES_SHARD_LIST: v.optional(
    v.pipe(
      v.string(),
      v.check((value) => parseShardList(value) !== null, 'LINER_NOTES_SHARD_LIST must list shard ids such as 0,1 or 0-3 (ranges ascending)'),
      v.transform((value) => parseShardList(value) ?? []),
    ),
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
  const shards = shardSettings(values.LINER_NOTES_SHARDS, values.LINER_NOTES_TOTAL_SHARDS, values.LINER_NOTES_SHARD_LIST);
  if (typeof shards === 'string') throw new ConfigError(shards, false);
  return {
    discordToken: values.DISCORD_TOKEN,
    discordClientId: values.DISCORD_CLIENT_ID,
    discordGuildId: values.DISCORD_GUILD_ID ?? null,
    discordApiUrl: values.DISCORD_API_URL ?? null,
    storeUrl: values.STORE_URL,
    health: values.HEALTH_PORT === undefined ? null : { host: values.HEALTH_HOST, port: values.HEALTH_PORT },
    logLevel: values.LOG_LEVEL,
    shards,
  };
}

/**
 * How the three shard settings combine: LINER_NOTES_SHARDS alone is every shard on this machine; a machine that runs
 * part of them names its LINER_NOTES_SHARD_LIST of LINER_NOTES_TOTAL_SHARDS, a total every machine must agree on
 * (so not 'auto'). A string is the problem, for the person who set them.
 */
function shardSettings(shards: number | 'auto' | undefined, total: number | undefined, list: number[] | undefined): Config['shards'] | string {
  if (shards !== undefined && total !== undefined && shards !== total) {
    return `LINER_NOTES_SHARDS (${shards}) and LINER_NOTES_TOTAL_SHARDS (${total}) disagree: set LINER_NOTES_TOTAL_SHARDS with LINER_NOTES_SHARD_LIST for a machine that runs part of the shards, or LINER_NOTES_SHARDS alone`;
  }
  if (list === undefined) return total !== undefined ? { total, list: 'all' } : shards === undefined ? null : { total: shards, list: 'all' };
  if (total === undefined) {
    return 'LINER_NOTES_SHARD_LIST needs LINER_NOTES_TOTAL_SHARDS: the shard count of every machine together, which each machine must agree on';
  }
  const beyond = list.filter((id) => id >= total);
  if (beyond.length > 0)
    return `LINER_NOTES_SHARD_LIST names shard ${beyond.join(', ')}, but shards are numbered 0 to ${total - 1} of LINER_NOTES_TOTAL_SHARDS (${total})`;
  return { total, list };
}
