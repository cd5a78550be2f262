import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { Publication } from '../../src/domain/publication.js';
import type { DiscordReads } from '../../src/engagement/read-discord.js';
import { reconcilePost, type ReconcilePostContext } from '../../src/engagement/reconcile-post.js';
import { createPostState, type PostState } from '../../src/engagement/view.js';

const publication: Publication = {
  guildId: '100000000000000001',
  slug: 'rocky-iv',
  channelId: '100000000000000002',
  messageId: '100000000000000003',
  threadId: null,
  postedBy: '100000000000000004',
  postedAt: '2026-01-01T00:00:00.000Z',
  withdrawn: false,
};
const rules = { likeKeys: new Set(['👍']), countOwnLikes: false, botUserId: '100000000000000005' };
const likers = ['200000000000000001', '200000000000000002', '200000000000000003'];

/** Discord holding the post with `likers`' 👍 and the footer `shown` (none when null). */
function discordWith(shown: string | null): DiscordReads {
  const message = {
    id: publication.messageId,
    channel_id: publication.channelId,
    embeds: [{ title: 'Rocky IV', ...(shown === null ? {} : { footer: { text: shown } }) }],
    reactions: [{ emoji: { id: null, name: '👍' }, count: likers.length, count_details: { normal: likers.length, burst: 0 } }],
  } as unknown as APIMessage;
  return {
    requests: 0,
    message: () => Promise.resolve(message),
    reactionUsers: (_channel, _message, _emoji, after) =>
      Promise.resolve(after === null ? likers.map((id) => ({ id, username: id, bot: false }) as unknown as APIUser) : []),
    channelMessages: () => Promise.resolve([]),
  };
}

/** A view of the post holding `likes` of the likers, and what reconciling it asks of the engine. */
function viewWith(likes: number): { post: PostState; context: ReconcilePostContext; calls: string[] } {
  const post = createPostState(publication);
  for (const id of likers.slice(0, likes)) post.tally.add(id, '👍');
  const calls: string[] = [];
  const context: ReconcilePostContext = {
    rulesFor: () => rules,
    journals: new Map(),
    effects: { likesChanged: () => undefined, responseChanged: () => undefined, targetAdded: () => undefined, targetRemoved: () => undefined },
    countsFor: () => ({ likes: post.tally.count, responses: 0 }),
    postDeleted: () => calls.push('postDeleted'),
    threadDeleted: () => calls.push('threadDeleted'),
    countsChanged: () => calls.push('countsChanged'),
    footerStale: () => calls.push('footerStale'),
  };
  return { post, context, calls };
}

describe('reconcilePost', () => {
  it('takes likes Discord has and the view missed as one changed target with changed counts', async () => {
    const { post, context, calls } = viewWith(1);
    expect(await reconcilePost(post, discordWith('Liked by 1 person'), context)).toBe(1);
    expect(post.tally.count).toBe(3);
    expect(calls).toEqual(['countsChanged']);
  });

  it('asks only for the footer when the counts stand but the post shows another footer', async () => {
    const { post, context, calls } = viewWith(3);
    expect(await reconcilePost(post, discordWith('Liked by 2 people'), context)).toBe(0);
    expect(calls).toEqual(['footerStale']);
  });

  it('asks for the footer when a post with likes shows none', async () => {
    const { post, context, calls } = viewWith(3);
    await reconcilePost(post, discordWith(null), context);
    expect(calls).toEqual(['footerStale']);
  });

  it('asks for nothing when the view and the footer equal Discord', async () => {
    const { post, context, calls } = viewWith(3);
    expect(await reconcilePost(post, discordWith('Liked by 3 people'), context)).toBe(0);
    expect(calls).toEqual([]);
  });
});
