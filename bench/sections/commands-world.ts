import { join } from 'node:path';
import { deployCommands } from '../../src/deploy.js';
import { loadCommands } from '../../src/discord/load-commands.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/index.js';
import type { Publication } from '../../src/store/ports.js';
import type { BenchContext } from '../lib/context.js';
import { createBenchGuild, type BenchGuild } from '../lib/world.js';

export interface CommandsWorld {
  emulator: Emulator;
  guild: BenchGuild;
  /** The store with `likedPosts` publications × `likesPerPost` likes. */
  storeUrl: string;
  stop(): Promise<void>;
}

/** Discord-like ids for posts and likers that exist only in the store (the commands measured never fetch them). */
function syntheticIds(count: number, offset: number): string[] {
  const base = (BigInt(Date.now() - 1420070400000) << 22n) + BigInt(offset);
  return Array.from({ length: count }, (_, i) => (base + BigInt(i)).toString());
}

/**
 * One emulator for the command latency and start-up sections: a guild, a member who runs the commands, the
 * bot's commands deployed with the real deploy function, and a SQLite store holding likedPosts × likesPerPost
 * likes on posts of the generated catalogue's reviews.
 */
export async function startCommandsWorld(ctx: BenchContext): Promise<CommandsWorld> {
  const { sizes } = ctx;
  const emulator = await startEmulator({ rateLimits: false });
  const guild = createBenchGuild(emulator, 1, 0);
  const modules = await loadCommands();
  await deployCommands({
    token: emulator.application.token,
    clientId: emulator.application.id,
    guildId: guild.guildId,
    apiUrl: emulator.restUrl,
    definitions: modules.map((m) => m.definition),
  });
  const storeUrl = `sqlite://${join(ctx.tmp, 'commands-store.sqlite')}`;
  const store = await openStore(storeUrl);
  const messageIds = syntheticIds(sizes.likedPosts, 0);
  const likers = syntheticIds(likesOfPost(sizes.likesPerPost, 0), 1 << 20);
  const postedAt = new Date().toISOString();
  for (let i = 0; i < messageIds.length; i++) {
    const review = ctx.reviews[i % ctx.reviews.length];
    const messageId = messageIds[i];
    if (!review || !messageId) throw new Error('not enough reviews for the liked posts');
    const publication: Publication = {
      guildId: guild.guildId,
      slug: review.slug,
      channelId: guild.channelId,
      messageId,
      threadId: null,
      postedBy: guild.owner.id,
      postedAt,
      withdrawn: false,
    };
    await store.publications.save(publication);
  }
  for (let start = 0; start < messageIds.length; start += 50) {
    const sets = new Map<string, ReadonlySet<string>>();
    for (const [offset, messageId] of messageIds.slice(start, start + 50).entries()) {
      sets.set(messageId, new Set(likers.slice(0, likesOfPost(sizes.likesPerPost, start + offset))));
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
