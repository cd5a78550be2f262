/**
 * One bot process's share of the writes, run as its own process by two-processes.test.ts:
 *   node --import tsx guild-writer.ts <storeUrl> <namespace> <shardId> <shardCount> <guildId>...
 * It owns the guilds of its shard, and for each of its guilds saves a publication, settings, likes and a response,
 * all at once, as a busy shard does. Prints "done" and exits 0, or the error and exits 1.
 */
import { openStore, ownsShardGuilds } from '../../../src/store/index.js';

const [url = '', namespace = '', shardId = '0', shardCount = '1', ...guildIds] = process.argv.slice(2);
const store = await openStore(url, { namespace, ownsGuild: ownsShardGuilds([Number(shardId)], Number(shardCount)) });
try {
  await Promise.all(
    guildIds.map(async (guildId) => {
      const messageId = `m-${guildId}`;
      const threadId = `t-${guildId}`;
      await store.publications.save({
        guildId,
        slug: 'rocky-iv',
        channelId: `c-${guildId}`,
        messageId,
        threadId,
        postedBy: 'admin',
        postedAt: '2024-05-01T12:00:00.000Z',
        withdrawn: false,
      });
      await store.settings.set(guildId, { reviewsChannelId: `c-${guildId}`, likeEmojis: ['🔥'], adminRoleId: null, countOwnLikes: false });
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.likes.add(messageId, `user-${i}`)));
      await store.responses.upsert({
        messageId: `r-${guildId}`,
        threadId,
        authorId: 'u1',
        authorName: 'Ana',
        content: `from ${guildId}`,
        createdAt: '2024-05-01T12:01:00.000Z',
        editedAt: null,
      });
    }),
  );
  console.log('done');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await store.close();
}
