import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import * as v from 'valibot';

/** What the manager needs of GET /gateway/bot (Gateway › Get Gateway Bot): the shard count and the identify pace. */
export interface GatewayBotAdvice {
  recommendedShards: number;
  /** Session Start Limit Object: IDENTIFYs allowed per 5 seconds, one per rate-limit key (shard_id % it). */
  maxConcurrency: number;
}

const answer = v.object({
  shards: v.pipe(v.number(), v.integer(), v.minValue(1)),
  session_start_limit: v.object({ max_concurrency: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
});

/**
 * Asks GET /gateway/bot at the configured API (DISCORD_API_URL, or Discord's) rather than discord.js's own 'auto',
 * which always asks Discord. The answer is checked, since a proxy or a misconfigured URL can return anything.
 */
export async function fetchGatewayBot(token: string, apiUrl: string | null): Promise<GatewayBotAdvice> {
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  const body = await rest.get(Routes.gatewayBot());
  const parsed = v.safeParse(answer, body);
  if (!parsed.success) throw new Error('GET /gateway/bot answered without a shard count and session_start_limit.max_concurrency');
  return { recommendedShards: parsed.output.shards, maxConcurrency: parsed.output.session_start_limit.max_concurrency };
}
