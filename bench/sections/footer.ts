import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIMessage } from 'discord-api-types/v10';
import { startEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/index.js';
import { startChild } from '../lib/child.js';
import { sleep, type BenchContext } from '../lib/context.js';
import { childEnv } from '../lib/env.js';
import { createBenchGuild, likeEmoji, seedPosts } from '../lib/world.js';

export interface FooterRun {
  likes: number;
  /** PATCHes of the post during the burst and until its footer settled. */
  edits: number;
  /** 429 answers to any of the bot's requests in that time. */
  rateLimited: number;
  /** The shortest time between two edits of the post (from the emulator's request log). */
  minGapMs: number;
  /** Every gap between consecutive edits, in order (ms). */
  gapsMs: number[];
  /** The most edits of the post inside any 2-second window. */
  maxEditsIn2s: number;
  /** From the last like to the post showing the final count (NaN: never within 15 s). */
  finalShownMs: number;
}

/** Any embed footer of the message reads the count. */
function showsCount(message: APIMessage | undefined, likes: number): boolean {
  const text = likes === 1 ? 'Liked by 1 person' : `Liked by ${likes} people`;
  return (message?.embeds ?? []).some((embed) => embed.footer?.text.includes(text) === true);
}

/**
 * One run, with the emulator's Discord-like rate limits on: `footerLikes` different people like one post,
 * evenly over `footerSeconds`, through the driver (state and dispatch, as members do). The bot runs with its
 * production footer window.
 */
export async function footerRun(ctx: BenchContext, run: number): Promise<FooterRun> {
  const { sizes } = ctx;
  const emulator = await startEmulator({ rateLimits: true });
  const dir = await mkdtemp(join(ctx.tmp, 'footer-'));
  try {
    const guild = createBenchGuild(emulator, sizes.footerLikes, 0);
    const storeUrl = `sqlite://${join(dir, 'store.sqlite')}`;
    const seedStore = await openStore(storeUrl);
    const review = ctx.reviews[run % ctx.reviews.length];
    if (!review) throw new Error('no review to post');
    const [post] = await seedPosts(emulator, guild, seedStore, [review.slug]);
    await seedStore.close();
    if (!post) throw new Error('the post was not seeded');
    ctx.log(`footer run ${run + 1}: bot`);
    const child = await startChild('bot', { env: childEnv(emulator, { guildId: guild.guildId, storeUrl, dataDir: ctx.dataDir }) });
    try {
      const { driver } = emulator;
      const logStart = driver.requests().length;
      const intervalMs = (sizes.footerSeconds * 1000) / sizes.footerLikes;
      const startedAt = Date.now();
      for (let i = 0; i < sizes.footerLikes; i++) {
        const person = guild.people[i];
        if (!person) throw new Error('not enough people for the burst');
        const wait = startedAt + i * intervalMs - Date.now();
        if (wait > 0) await sleep(wait);
        await driver.react(person.user.id, post.channelId, post.messageId, likeEmoji);
      }
      const lastLikeAt = Date.now();
      let finalShownMs = Number.NaN;
      while (Date.now() - lastLikeAt < 15_000) {
        if (showsCount(driver.message(post.channelId, post.messageId), sizes.footerLikes)) {
          finalShownMs = Date.now() - lastLikeAt;
          break;
        }
        await sleep(5);
      }
      // A window more, to catch any edit still on its way.
      await sleep(2500);
      const log = driver.requests().slice(logStart);
      const postPath = `/channels/${post.channelId}/messages/${post.messageId}`;
      const edits = log.filter((entry) => entry.method === 'PATCH' && entry.path.endsWith(postPath)).map((entry) => entry.at);
      let minGapMs = Number.POSITIVE_INFINITY;
      let maxEditsIn2s = edits.length > 0 ? 1 : 0;
      for (let i = 0; i < edits.length; i++) {
        const at = edits[i] ?? 0;
        if (i > 0) minGapMs = Math.min(minGapMs, at - (edits[i - 1] ?? 0));
        let inWindow = 0;
        for (let j = i; j < edits.length && (edits[j] ?? 0) - at < 2000; j++) inWindow++;
        maxEditsIn2s = Math.max(maxEditsIn2s, inWindow);
      }
      return {
        likes: sizes.footerLikes,
        edits: edits.length,
        rateLimited: log.filter((entry) => entry.status === 429).length,
        minGapMs: Number.isFinite(minGapMs) ? minGapMs : Number.NaN,
        gapsMs: edits.slice(1).map((at, i) => at - (edits[i] ?? at)),
        maxEditsIn2s,
        finalShownMs,
      };
    } finally {
      await child.stop();
    }
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
