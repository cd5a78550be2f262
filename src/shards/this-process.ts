import { ownsEveryGuild, ownsShardGuilds, type OwnsGuild } from '../store/index.js';

/**
 * The guilds this process writes in a shared store. A shard process is started by discord.js's ShardingManager,
 * which passes it SHARDING_MANAGER, SHARDS (its ids, as JSON) and SHARD_COUNT, the very values its Client reads to
 * identify; the store's ownership follows the same shards, so it writes exactly the guilds the gateway sends it.
 * Any other process runs every shard and owns every guild.
 */
export function guildsOfThisProcess(env: NodeJS.ProcessEnv = process.env): OwnsGuild {
  if (env.SHARDING_MANAGER !== 'true') return ownsEveryGuild;
  const count = Number(env.SHARD_COUNT);
  let ids: unknown;
  try {
    ids = JSON.parse(env.SHARDS ?? '');
  } catch {
    ids = undefined;
  }
  const list = typeof ids === 'number' ? [ids] : Array.isArray(ids) ? ids : [];
  const valid = Number.isSafeInteger(count) && count >= 1 && list.length > 0 && list.every((id) => Number.isSafeInteger(id) && id >= 0 && id < count);
  if (!valid) throw new Error('the shard manager passed no usable SHARDS and SHARD_COUNT to this shard process');
  return ownsShardGuilds(list as number[], count);
}

/**
 * A shard process ends with its manager: when the IPC channel to it closes (the manager died), this process stops as
 * on SIGTERM, writing what it holds, rather than live on unmanaged beside the shards a restarted manager spawns,
 * which would give its guilds two writers.
 */
export function stopWithManager(env: NodeJS.ProcessEnv = process.env): void {
  if (env.SHARDING_MANAGER !== 'true' || !process.connected) return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
