import { describe, expect, it } from 'vitest';
import { guildsOfThisProcess } from '../../src/shards/this-process.js';

// Guild ids whose (id >> 22) % 2 is 0 and 1.
const even = String(4n << 22n);
const odd = String(5n << 22n);

describe('guildsOfThisProcess', () => {
  it('owns every guild outside a shard manager', () => {
    expect(guildsOfThisProcess({})(odd)).toBe(true);
    expect(guildsOfThisProcess({ SHARDS: '0', SHARD_COUNT: '2' })(odd)).toBe(true);
  });

  it("owns exactly its shards' guilds under discord.js's ShardingManager, from the ids it passes", () => {
    const shard0 = guildsOfThisProcess({ SHARDING_MANAGER: 'true', SHARDS: '0', SHARD_COUNT: '2' });
    expect([shard0(even), shard0(odd)]).toEqual([true, false]);
    const both = guildsOfThisProcess({ SHARDING_MANAGER: 'true', SHARDS: '[0,1]', SHARD_COUNT: '2' });
    expect([both(even), both(odd)]).toEqual([true, true]);
  });

  it('refuses shard ids the manager could not have meant', () => {
    for (const env of [
      { SHARDS: '2', SHARD_COUNT: '2' },
      { SHARDS: 'x', SHARD_COUNT: '2' },
      { SHARDS: '0', SHARD_COUNT: '0' },
      { SHARDS: '[]', SHARD_COUNT: '2' },
    ]) {
      expect(() => guildsOfThisProcess({ SHARDING_MANAGER: 'true', ...env })).toThrow(/no usable SHARDS and SHARD_COUNT/);
    }
  });
});
