/**
 * Which guilds this process may write. Across processes, one guild's data (its settings, its publications and the
 * likes and responses of its posts) is written only by the process that owns the guild: the shard the gateway
 * delivers its events to. That rule is what keeps the per-process keyed queue enough for per-guild keys on a store
 * several processes share. A process that owns every guild (the default) is a bot with one shard.
 */
export type OwnsGuild = (guildId: string) => boolean;

export const ownsEveryGuild: OwnsGuild = () => true;

/**
 * The guilds of shards `shardIds` among `shardCount`: Discord's sharding formula,
 * shard_id = (guild_id >> 22) % num_shards (Discord docs, Topics → Gateway → Sharding).
 */
export function ownsShardGuilds(shardIds: readonly number[], shardCount: number): OwnsGuild {
  const owned = new Set(shardIds);
  const count = BigInt(shardCount);
  return (guildId) => /^\d{1,20}$/.test(guildId) && owned.has(Number((BigInt(guildId) >> 22n) % count));
}

/** A write to a guild another process owns: a bug in the caller, refused before it can race the owner's writes. */
export class GuildOwnershipError extends Error {
  constructor(guildId: string, what: string) {
    super(`refused to write ${what} of guild ${guildId}: another process owns that guild (one writer per guild)`);
    this.name = 'GuildOwnershipError';
  }
}

export function assertOwnsGuild(ownsGuild: OwnsGuild, guildId: string, what: string): void {
  if (!ownsGuild(guildId)) throw new GuildOwnershipError(guildId, what);
}
