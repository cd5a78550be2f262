import type { APIGuild } from 'discord-api-types/v10';
import type { Driver } from '../../../src/emulator/index.js';

/** Discord's epoch (Reference › Snowflakes): a snowflake's top bits are milliseconds since it. */
const discordEpoch = 1420070400000n;

/** Gateway › Sharding: shard_id = (guild_id >> 22) % num_shards. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * Creates a guild whose id falls on `shard` of `shardCount`. A guild id is a snowflake of the millisecond it is
 * made in, so this waits (at most shardCount milliseconds) for a millisecond of that shard. A guild that ends up
 * on another shard (the clock ticked in between, as it does on a busy machine) stays in the world, so every guild
 * made is also pushed to `created`: what a shard receives is computed from those.
 */
export function createGuildOnShard(
  driver: Driver,
  input: { name: string; ownerId: string },
  shard: number,
  shardCount: number,
  created: APIGuild[] = [],
): APIGuild {
  for (let attempt = 0; attempt < 20; attempt++) {
    // Busy wait (at most shardCount + 1 milliseconds) for a millisecond of the shard to begin, so the guild is made
    // early in it.
    for (let last = Date.now(), now = last; ; now = Date.now()) {
      if (now !== last && Number((BigInt(now) - discordEpoch) % BigInt(shardCount)) === shard) break;
      last = now;
    }
    const guild = driver.createGuild(input);
    created.push(guild);
    if (shardOf(guild.id, shardCount) === shard) return guild;
  }
  throw new Error(`could not create a guild on shard ${shard} of ${shardCount}`);
}
