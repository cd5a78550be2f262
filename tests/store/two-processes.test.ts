import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { GuildOwnershipError, openStore, ownsShardGuilds } from '../../src/store/index.js';
import { reportMissingServers, serverCases, type StorePlace } from './helpers/store-cases.js';

const writer = fileURLToPath(new URL('./helpers/guild-writer.ts', import.meta.url));

/** Guild ids (snowflakes) whose shard, (id >> 22) % 2, is `shard`. */
function guildsOfShard(shard: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(((BigInt(1000 + i) * 2n + BigInt(shard)) << 22n) + 12345n));
}

function runWriter(url: string, namespace: string, shard: number, guildIds: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, url, namespace, String(shard), '2', ...guildIds], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('ownsShardGuilds', () => {
  it("follows Discord's sharding formula, (guild_id >> 22) % shard count", () => {
    const shard0 = ownsShardGuilds([0], 2);
    const shard1 = ownsShardGuilds([1], 2);
    for (const id of guildsOfShard(0, 5)) expect([shard0(id), shard1(id)]).toEqual([true, false]);
    for (const id of guildsOfShard(1, 5)) expect([shard0(id), shard1(id)]).toEqual([false, true]);
    expect(ownsShardGuilds([0, 1], 2)('81064793825247232')).toBe(true);
    expect(shard0('not-a-snowflake')).toBe(false);
  });
});

// Several processes share a server store; SQLite is the store of one process (docs/running-at-scale.md).
reportMissingServers('two processes');
describe.each(serverCases())('two processes on one $name store', (storeCase) => {
  let place: StorePlace | undefined;
  afterEach(() => place?.dispose());

  it('each writing only its own guilds, all at once, lose nothing', async () => {
    place = storeCase.place();
    const namespace = place.options.namespace ?? '';
    const mine = guildsOfShard(0, 30);
    const theirs = guildsOfShard(1, 30);
    const [first, second] = await Promise.all([runWriter(place.url, namespace, 0, mine), runWriter(place.url, namespace, 1, theirs)]);
    expect(first).toEqual({ code: 0, output: 'done\n' });
    expect(second).toEqual({ code: 0, output: 'done\n' });

    const store = await place.open();
    try {
      const everyGuild = [...mine, ...theirs];
      // Every guild reached the one set both processes added to at the same time.
      expect((await store.publications.listAll()).map((p) => p.guildId).sort()).toEqual([...everyGuild].sort());
      for (const guildId of everyGuild) {
        expect((await store.publications.listGuild(guildId)).map((p) => p.messageId)).toEqual([`m-${guildId}`]);
        expect((await store.likes.users(`m-${guildId}`)).size).toBe(20);
        expect((await store.responses.list(`t-${guildId}`)).map((r) => r.content)).toEqual([`from ${guildId}`]);
        expect((await store.settings.get(guildId)).likeEmojis).toEqual(['🔥']);
      }
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a process refuses to write a guild another process owns, and what is stored stays', async () => {
    place = storeCase.place();
    const [owned] = guildsOfShard(0, 1);
    const [foreign] = guildsOfShard(1, 1);
    if (!owned || !foreign) throw new Error('no guild ids');
    const store = await openStore(place.url, { ...place.options, ownsGuild: ownsShardGuilds([0], 2) });
    try {
      await store.settings.set(owned, { reviewsChannelId: 'c1', likeEmojis: ['👍'], adminRoleId: null, countOwnLikes: true });
      const publication = {
        guildId: foreign,
        slug: 's',
        channelId: 'c',
        messageId: 'm-foreign',
        threadId: null,
        postedBy: 'a',
        postedAt: '2024-05-01T12:00:00.000Z',
        withdrawn: false,
      };
      await expect(store.publications.save(publication)).rejects.toThrow(GuildOwnershipError);
      await expect(store.settings.set(foreign, { reviewsChannelId: 'c9', likeEmojis: ['💀'], adminRoleId: null, countOwnLikes: true })).rejects.toThrow(
        `refused to write the settings of guild ${foreign}: another process owns that guild`,
      );
      expect(await store.publications.listAll()).toEqual([]);
      expect((await store.settings.get(foreign)).likeEmojis).toEqual(['👍']);
      expect((await store.settings.get(owned)).reviewsChannelId).toBe('c1');
    } finally {
      await store.close();
    }
  });
});
