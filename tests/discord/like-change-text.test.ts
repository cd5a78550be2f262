import { describe, expect, it } from 'vitest';
import { likeChangeText } from '../../src/discord/like-change-text.js';

const thumbs = { likeEmojis: ['👍'], countOwnLikes: true };
const fire = { likeEmojis: ['🔥'], countOwnLikes: true };

describe('likeChangeText', () => {
  it('names the likes dropped with the old emoji, what remains, and the recount of the new one', () => {
    const text = likeChangeText({ before: thumbs, after: fire }, { posts: 3, likesBefore: 12, likesKept: 8, postsChanged: 3, recount: true });
    expect(text).toBe(
      'Likes now count 🔥. 4 existing likes on 3 posts used 👍 and no longer count (8 remain); existing 🔥 reactions are being counted now, and footers update as they are.',
    );
  });

  it('speaks of one like and one post in the singular, and leaves out a recount that is not running', () => {
    const text = likeChangeText({ before: thumbs, after: fire }, { posts: 2, likesBefore: 1, likesKept: 0, postsChanged: 1, recount: false });
    expect(text).toBe('Likes now count 🔥. 1 existing like on 1 post used 👍 and no longer counts (none remain).');
  });

  it('says every existing like still counts when an emoji is only added', () => {
    const text = likeChangeText(
      { before: thumbs, after: { likeEmojis: ['👍', 'vinyl:123456789012345678'], countOwnLikes: true } },
      { posts: 2, likesBefore: 5, likesKept: 5, postsChanged: 0, recount: true },
    );
    expect(text).toBe(
      'Likes now count 👍 <:vinyl:123456789012345678>. The 5 existing likes on 2 posts still count; existing <:vinyl:123456789012345678> reactions are being counted now, and footers update as they are.',
    );
  });

  it('treats "❤" and "❤️" as the same emoji', () => {
    expect(
      likeChangeText(
        { before: { likeEmojis: ['❤'], countOwnLikes: true }, after: { likeEmojis: ['❤️'], countOwnLikes: true } },
        { posts: 1, likesBefore: 1, likesKept: 1, postsChanged: 0, recount: false },
      ),
    ).toBe('');
  });

  it('explains own likes turned off and on', () => {
    const off = likeChangeText(
      { before: thumbs, after: { ...thumbs, countOwnLikes: false } },
      { posts: 4, likesBefore: 9, likesKept: 7, postsChanged: 2, recount: false },
    );
    expect(off).toBe("2 existing likes on 2 posts were a reviewer's own and no longer count (7 remain).");
    const on = likeChangeText(
      { before: { ...thumbs, countOwnLikes: false }, after: thumbs },
      { posts: 4, likesBefore: 7, likesKept: 7, postsChanged: 0, recount: true },
    );
    expect(on).toBe("The 7 existing likes on 4 posts still count; reviewers' own likes are being counted now, and footers update as they are.");
  });

  it('says so when nothing is posted yet, or nobody has liked anything', () => {
    expect(likeChangeText({ before: thumbs, after: fire }, { posts: 0, likesBefore: 0, likesKept: 0, postsChanged: 0, recount: false })).toBe(
      'Likes now count 🔥. No review is posted in this server yet, so no existing like changes.',
    );
    expect(likeChangeText({ before: thumbs, after: fire }, { posts: 1, likesBefore: 0, likesKept: 0, postsChanged: 0, recount: true })).toBe(
      'Likes now count 🔥. No existing like is lost on the 1 post in this server; existing 🔥 reactions are being counted now, and footers update as they are.',
    );
  });

  it('is empty when the like rules did not change', () => {
    expect(likeChangeText({ before: thumbs, after: thumbs }, { posts: 3, likesBefore: 2, likesKept: 2, postsChanged: 0, recount: false })).toBe('');
  });
});
