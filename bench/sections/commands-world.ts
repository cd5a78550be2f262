import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/index.js';
import type { BenchContext } from '../lib/context.js';
import { createBenchGuild, deployBotCommands, likeEmoji, seedPosts, type BenchGuild } from '../lib/world.js';

export interface CommandsWorld {
  emulator: Emulator;
  guild: BenchGuild;
  /** The store with `likedPosts` publications × `likesPerPost` likes. */
  storeUrl: string;
  stop(): Promise<void>;
}

/**
 * One emulator for the command latency and start-up sections: a guild, a member who runs the commands, the
 * bot's commands deployed with the real deploy function, likedPosts review posts carrying likesPerPost likes on
 * average, and a SQLite store that holds the same likes. Discord (the emulator) holds them too, as reactions of
 * members, since every start of the bot reconciles its store with Discord: a store that Discord contradicted would
 * be corrected before the commands were measured.
 */
export async function startCommandsWorld(ctx: BenchContext): Promise<CommandsWorld> {
  const { sizes } = ctx;
  const emulator = await startEmulator({ rateLimits: false });
  const guild = createBenchGuild(emulator, 1, 0);
  await deployBotCommands(emulator, guild.guildId);
  const likers = Array.from({ length: likesOfPost(sizes.likesPerPost, 0) }, (_, i) => {
    const user = emulator.driver.createUser({ username: `liker${i}` });
    emulator.driver.addMember(guild.guildId, user.id);
    return user.id;
  });
  const storeUrl = `sqlite://${join(ctx.tmp, 'commands-store.sqlite')}`;
  const store = await openStore(storeUrl);
  const slugs = Array.from({ length: sizes.likedPosts }, (_, i) => {
    const review = ctx.reviews[i % ctx.reviews.length];
    if (!review) throw new Error('the liked posts need a generated catalogue');
    return review.slug;
  });
  // Each post shows the footer its likes give, as the bot's posts do after it has counted them.
  const publications = await seedPosts(emulator, guild, store, slugs, (index) => ({ likes: likesOfPost(sizes.likesPerPost, index), responses: 0 }));
  for (let start = 0; start < publications.length; start += 50) {
    const sets = new Map<string, ReadonlySet<string>>();
    for (const [offset, publication] of publications.slice(start, start + 50).entries()) {
      const users = likers.slice(0, likesOfPost(sizes.likesPerPost, start + offset));
      for (const userId of users) await emulator.driver.react(userId, publication.channelId, publication.messageId, likeEmoji);
      sets.set(publication.messageId, new Set(users));
    }
    await store.likes.replaceMany(sets);
  }
  await store.close();
  return {
    emulator,
    guild,
    storeUrl,
    stop: () => emulator.stop(),
  };
}

/**
 * Uneven counts that still add up to likesPerPost on average (pairs of posts: one above, one as far below),
 * so /top has a real ranking to make. Post 0 has the most, which sizes the pool of likers.
 */
function likesOfPost(likesPerPost: number, index: number): number {
  const pair = Math.floor(index / 2);
  const delta = pair === 0 ? Math.floor(likesPerPost / 2) : (pair * 37) % Math.floor(likesPerPost / 2);
  return index % 2 === 0 ? likesPerPost + delta : likesPerPost - delta;
}

/** The number of likes the world's store holds (reported beside the latency figures). */
export function storedLikes(ctx: BenchContext): number {
  let total = 0;
  for (let index = 0; index < ctx.sizes.likedPosts; index++) total += likesOfPost(ctx.sizes.likesPerPost, index);
  return total;
}
