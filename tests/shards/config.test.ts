import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseShardList } from '../../src/config.js';

const valid = { DISCORD_TOKEN: 'x'.repeat(24) + '.abcdef.' + 'y'.repeat(27), DISCORD_CLIENT_ID: '123456789012345678' };

function messageOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('shard settings', () => {
  it('runs one process when none is set, and every shard on this machine with LINER_NOTES_SHARDS', () => {
    expect(loadConfig(valid).shards).toBeNull();
    expect(loadConfig({ ...valid, LINER_NOTES_SHARDS: '' }).shards).toBeNull();
    expect(loadConfig({ ...valid, LINER_NOTES_SHARDS: 'auto' }).shards).toEqual({ total: 'auto', list: 'all' });
    expect(loadConfig({ ...valid, LINER_NOTES_SHARDS: ' AUTO ' }).shards).toEqual({ total: 'auto', list: 'all' });
    expect(loadConfig({ ...valid, LINER_NOTES_SHARDS: '4' }).shards).toEqual({ total: 4, list: 'all' });
    expect(loadConfig({ ...valid, LINER_NOTES_TOTAL_SHARDS: '4' }).shards).toEqual({ total: 4, list: 'all' });
  });

  it("gives a machine its range of every machine's total", () => {
    expect(loadConfig({ ...valid, LINER_NOTES_TOTAL_SHARDS: '4', LINER_NOTES_SHARD_LIST: '2,3' }).shards).toEqual({ total: 4, list: [2, 3] });
    expect(loadConfig({ ...valid, LINER_NOTES_TOTAL_SHARDS: '8', LINER_NOTES_SHARD_LIST: '4-6, 0,4' }).shards).toEqual({ total: 8, list: [0, 4, 5, 6] });
    expect(loadConfig({ ...valid, LINER_NOTES_SHARDS: '4', LINER_NOTES_TOTAL_SHARDS: '4', LINER_NOTES_SHARD_LIST: '0-1' }).shards).toEqual({
      total: 4,
      list: [0, 1],
    });
  });

  it('refuses a count, a list or a combination that cannot be run, saying which and why', () => {
    for (const value of ['0', '-1', 'two', '1.5', '100001']) {
      expect(messageOf({ ...valid, LINER_NOTES_SHARDS: value })).toMatch(/^LINER_NOTES_SHARDS must be "auto" .* or a whole number of shards from 1 to 100000$/);
    }
    expect(messageOf({ ...valid, LINER_NOTES_TOTAL_SHARDS: 'auto' })).toBe('LINER_NOTES_TOTAL_SHARDS must be a whole number of shards from 1 to 100000');
    for (const value of ['a', '3-1', '1,,2', '-2', '0-100000']) {
      expect(messageOf({ ...valid, LINER_NOTES_TOTAL_SHARDS: '4', LINER_NOTES_SHARD_LIST: value })).toMatch(/^LINER_NOTES_SHARD_LIST must list shard ids/);
    }
    expect(messageOf({ ...valid, LINER_NOTES_SHARD_LIST: '0,1' })).toMatch(/^LINER_NOTES_SHARD_LIST needs LINER_NOTES_TOTAL_SHARDS/);
    expect(messageOf({ ...valid, LINER_NOTES_SHARDS: 'auto', LINER_NOTES_SHARD_LIST: '0,1' })).toMatch(
      /^LINER_NOTES_SHARD_LIST needs LINER_NOTES_TOTAL_SHARDS/,
    );
    expect(messageOf({ ...valid, LINER_NOTES_TOTAL_SHARDS: '2', LINER_NOTES_SHARD_LIST: '1-3' })).toBe(
      'LINER_NOTES_SHARD_LIST names shard 2, 3, but shards are numbered 0 to 1 of LINER_NOTES_TOTAL_SHARDS (2)',
    );
    expect(messageOf({ ...valid, LINER_NOTES_SHARDS: '2', LINER_NOTES_TOTAL_SHARDS: '4' })).toMatch(
      /^LINER_NOTES_SHARDS \(2\) and LINER_NOTES_TOTAL_SHARDS \(4\) disagree/,
    );
  });

  it('reads shard lists as ids, ranges and both', () => {
    expect(parseShardList('0')).toEqual([0]);
    expect(parseShardList('3,1,2')).toEqual([1, 2, 3]);
    expect(parseShardList('0-2,2-3')).toEqual([0, 1, 2, 3]);
    expect(parseShardList('')).toBeNull();
    expect(parseShardList('1;2')).toBeNull();
  });
});
