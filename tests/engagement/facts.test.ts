import { describe, expect, it } from 'vitest';
import { applyFact, type EngagementFact } from '../../src/engagement/facts.js';
import { reconciledCopy } from '../../src/engagement/merge-post.js';
import type { PostSnapshot } from '../../src/engagement/read-post.js';
import { createPostState } from '../../src/engagement/view.js';
import { LikeTally } from '../../src/domain/likes.js';
import type { Publication, StoredResponse } from '../../src/store/ports.js';

const publication: Publication = {
  guildId: 'g',
  slug: 'rocky-iv',
  channelId: 'c',
  messageId: 'post',
  threadId: 'thread',
  postedBy: 'admin',
  postedAt: '2024-01-01T00:00:00.000Z',
  withdrawn: false,
};
const rules = { likeKeys: new Set(['👍']), countOwnLikes: false, botUserId: 'bot' };
const like = (userId: string, messageId = 'post', userIsBot: boolean | null = false): EngagementFact => ({
  kind: 'reaction-add',
  channelId: 'c',
  messageId,
  userId,
  userIsBot,
  emojiKey: '👍',
});
const unlike = (userId: string, messageId = 'post'): EngagementFact => ({ kind: 'reaction-remove', channelId: 'c', messageId, userId, emojiKey: '👍' });
const response = (messageId: string, content: string, editedAt: string | null = null): StoredResponse => ({
  messageId,
  threadId: 'thread',
  authorId: `author-${messageId}`,
  authorName: 'Listener',
  content,
  createdAt: '2024-01-01T00:00:00.000Z',
  editedAt,
});

describe('applyFact', () => {
  it('counts a person once, never a bot, this bot or (unless allowed) the poster', () => {
    const post = createPostState(publication);
    expect(applyFact(post, like('u1'), rules).postLikeCountChanged).toBe(true);
    expect(applyFact(post, like('u1'), rules).likesChanged).toEqual([]);
    applyFact(post, like('other-bot', 'post', true), rules);
    applyFact(post, like('bot'), rules);
    applyFact(post, like('admin'), rules);
    applyFact(post, { kind: 'reaction-add', channelId: 'c', messageId: 'post', userId: 'u2', userIsBot: false, emojiKey: '🔥' }, rules);
    expect([...post.tally.users()]).toEqual(['u1']);
    applyFact(post, unlike('u1'), rules);
    expect(post.tally.count).toBe(0);
  });

  it('adds, edits and removes responses, and keeps a newer edit when an older create comes again', () => {
    const post = createPostState(publication);
    expect(applyFact(post, { kind: 'response-seen', response: response('r1', 'first'), edited: false }, rules).responseCountChanged).toBe(true);
    applyFact(post, { kind: 'response-seen', response: response('r1', 'first, edited', '2024-01-01T00:05:00.000Z'), edited: true }, rules);
    applyFact(post, { kind: 'response-seen', response: response('r1', 'first'), edited: false }, rules);
    expect(post.responses.get('r1')?.stored.content).toBe('first, edited');
    applyFact(post, like('u1', 'r1'), rules);
    expect(post.responses.get('r1')?.tally.count).toBe(1);
    expect(applyFact(post, { kind: 'message-delete', channelId: 'thread', messageId: 'r1' }, rules).responseRemoved).toBe('r1');
    expect(post.responses.size).toBe(0);
  });
});

describe('reconciledCopy', () => {
  it('replays the facts that raced the read onto what Discord answered: seen ones change nothing, later ones win', () => {
    const likes = new LikeTally();
    for (const userId of ['u1', 'u2', 'u3']) likes.add(userId, '👍');
    const snapshot: PostSnapshot = {
      postGone: false,
      threadGone: false,
      shownFooter: null,
      likes,
      responses: [{ stored: response('r1', 'hello'), likes: new LikeTally() }],
    };
    // u2's unlike came after the page that listed u2; u1's like was already on the page; u4 liked after its page.
    const journal = [unlike('u2'), like('u1'), like('u4'), { kind: 'message-delete', channelId: 'thread', messageId: 'r1' } as const];
    const copy = reconciledCopy(publication, snapshot, journal, rules);
    expect([...copy.tally.users()].sort()).toEqual(['u1', 'u3', 'u4']);
    expect(copy.responses.size).toBe(0);
  });
});
