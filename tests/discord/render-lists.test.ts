import { embedLength } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { rankReviews } from '../../src/domain/rank-reviews.js';
import type { ResponseView } from '../../src/engagement/index.js';
import type { Publication } from '../../src/store/ports.js';
import { responsesReply, topReply } from '../../src/discord/render-lists.js';
import { embedLimits } from '../../src/discord/render-review.js';
import { loveAlbum, rockyIV, visionQuest } from '../domain/fixtures.js';

const post: Publication = {
  guildId: '1',
  slug: rockyIV.slug,
  channelId: '2',
  messageId: '3',
  threadId: '3',
  postedBy: '4',
  postedAt: '2026-01-01T00:00:00.000Z',
  withdrawn: false,
};
const long = 'Burning Heart is my favourite Survivor song of all time and nobody can tell me otherwise. '.repeat(40);

function response(i: number, likes = 0): ResponseView {
  return {
    messageId: `m${i}`,
    threadId: '3',
    authorId: `u${i}`,
    authorName: `Listener ${i}`,
    content: long,
    createdAt: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`,
    editedAt: null,
    likes,
  };
}

function withinLimits(embeds: { title?: string; description?: string }[]): void {
  expect(embeds.length).toBeLessThanOrEqual(embedLimits.embedsPerMessage);
  expect(embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(embedLimits.totalCharacters);
}

describe('responsesReply', () => {
  it('keeps Discord and blog responses apart and within the message limits, however long they are', () => {
    const blogged = { ...rockyIV, blog: { responseCount: 300, responses: Array.from({ length: 200 }, () => ({ text: long, likes: 2 })) } };
    const reply = responsesReply(
      blogged,
      '1',
      [post],
      Array.from({ length: 50 }, (_, i) => response(i, i % 3)),
    );
    const [discord, blog] = reply.embeds ?? [];
    expect(discord?.title).toBe('Responses to Rocky IV (50 responses)');
    expect(discord?.description).toContain('… and 40 older in the thread');
    expect(discord?.description).toContain('**Listener 1** · liked by 1 person');
    expect(blog?.title).toBe('From the blog: 300 responses');
    expect(blog?.description).toContain('… and 190 more');
    expect(blog?.description).toContain('(200 of the 300 were kept in the export)');
    withinLimits(reply.embeds ?? []);
  });

  it('says when the review is not posted here, or has no responses yet', () => {
    expect(responsesReply(visionQuest, '1', [], []).embeds?.[0]?.description).toBe('Not posted in this server yet, so no responses here.');
    expect(responsesReply(visionQuest, '1', [post], []).embeds?.[0]?.description).toBe(
      'No responses yet. Reply in the thread to respond: https://discord.com/channels/1/3',
    );
    expect(responsesReply(visionQuest, '1', [post], []).embeds).toHaveLength(1);
  });
});

describe('topReply', () => {
  it('ranks with the blog’s wording and explains an empty ranking', () => {
    const counts = new Map([
      [rockyIV.slug, { likes: 1, responses: 3 }],
      [loveAlbum.slug, { likes: 4, responses: 0 }],
    ]);
    const reply = topReply(rankReviews([rockyIV, loveAlbum, visionQuest], counts, 'likes', 10), 'likes', '👍');
    expect(reply.embeds?.[0]?.description).toBe(
      '1. **Love** (1985) — Liked by 4 people\n2. **Rocky IV** (1985) · Great Soundtracks of 1985 — Liked by 1 person · 3 Responses',
    );
    expect(topReply([], 'likes', 'vinyl:123456789012345678').content).toBe(
      'No review has a like in this server yet. React with <:vinyl:123456789012345678> on a review post to like it.',
    );
  });
});
