import { describe, expect, it } from 'vitest';
import { countsAsLike, LikeTally, likeEmojiKey, reactionEmojiKey, type LikeRules } from '../../src/domain/likes.js';

const rules: LikeRules = {
  likeKeys: new Set([likeEmojiKey('👍'), likeEmojiKey('heart:112233445566778899')]),
  countOwnLikes: false,
  botUserId: '900000000000000001',
};

describe('like emoji keys', () => {
  it('keys a custom emoji by its id, whatever its name or form', () => {
    expect(likeEmojiKey('heart:112233445566778899')).toBe('112233445566778899');
    expect(likeEmojiKey('<:heart:112233445566778899>')).toBe('112233445566778899');
    expect(likeEmojiKey('<a:spin:112233445566778899>')).toBe('112233445566778899');
    expect(reactionEmojiKey({ id: '112233445566778899', name: 'renamed' })).toBe('112233445566778899');
  });

  it('keys a unicode emoji by its text without the variation selector', () => {
    expect(likeEmojiKey('👍')).toBe('👍');
    expect(likeEmojiKey('❤️')).toBe(likeEmojiKey('❤'));
    expect(reactionEmojiKey({ id: null, name: '❤️' })).toBe('❤');
    expect(reactionEmojiKey({ id: null, name: null })).toBeNull();
  });
});

describe('countsAsLike', () => {
  const person = { reactorId: '100', reactorIsBot: false, authorId: '200' };

  it('counts a person reacting with a like emoji', () => {
    expect(countsAsLike({ ...person, emojiKey: '👍' }, rules)).toBe(true);
    expect(countsAsLike({ ...person, emojiKey: '112233445566778899' }, rules)).toBe(true);
  });

  it('ignores other emoji', () => {
    expect(countsAsLike({ ...person, emojiKey: '🔥' }, rules)).toBe(false);
    expect(countsAsLike({ ...person, emojiKey: null }, rules)).toBe(false);
  });

  it('never counts bots, this bot above all', () => {
    expect(countsAsLike({ ...person, reactorIsBot: true, emojiKey: '👍' }, rules)).toBe(false);
    expect(countsAsLike({ ...person, reactorId: rules.botUserId, reactorIsBot: null, emojiKey: '👍' }, rules)).toBe(false);
  });

  it('treats an unknown reactor (partial user) as a person', () => {
    expect(countsAsLike({ ...person, reactorIsBot: null, emojiKey: '👍' }, rules)).toBe(true);
  });

  it("counts the author's own like only when the guild allows it", () => {
    const own = { ...person, reactorId: '200', emojiKey: '👍' };
    expect(countsAsLike(own, rules)).toBe(false);
    expect(countsAsLike(own, { ...rules, countOwnLikes: true })).toBe(true);
  });
});

describe('LikeTally', () => {
  it('counts one like per person whatever the number of like emoji', () => {
    const tally = new LikeTally();
    expect(tally.add('a', '👍')).toBe(true);
    expect(tally.add('a', '❤')).toBe(true);
    expect(tally.add('b', '👍')).toBe(true);
    expect(tally.count).toBe(2);
  });

  it('keeps the like while another like emoji of that person remains', () => {
    const tally = new LikeTally();
    tally.add('a', '👍');
    tally.add('a', '❤');
    expect(tally.remove('a', '👍')).toBe(true);
    expect(tally.count).toBe(1);
    expect(tally.remove('a', '❤')).toBe(true);
    expect(tally.count).toBe(0);
  });

  it('is idempotent: the same add or remove twice changes nothing the second time', () => {
    const tally = new LikeTally();
    expect(tally.add('a', '👍')).toBe(true);
    expect(tally.add('a', '👍')).toBe(false);
    expect(tally.count).toBe(1);
    expect(tally.remove('a', '👍')).toBe(true);
    expect(tally.remove('a', '👍')).toBe(false);
    expect(tally.remove('nobody', '👍')).toBe(false);
    expect(tally.count).toBe(0);
  });

  it('ignores the removal of an emoji the person does not have on the message', () => {
    const tally = new LikeTally();
    tally.add('a', '👍');
    expect(tally.remove('a', '❤')).toBe(false);
    expect(tally.count).toBe(1);
  });

  it('removes one emoji from everyone, keeping those with another like emoji', () => {
    const tally = new LikeTally();
    tally.add('a', '👍');
    tally.add('b', '👍');
    tally.add('b', '❤');
    tally.add('c', '❤');
    expect(tally.removeEmoji('👍')).toBe(true);
    expect([...tally.users()].sort()).toEqual(['b', 'c']);
    expect(tally.removeEmoji('👍')).toBe(false);
  });

  it('clears every like at once', () => {
    const tally = new LikeTally();
    tally.add('a', '👍');
    tally.add('b', '❤');
    expect(tally.clear()).toBe(true);
    expect(tally.count).toBe(0);
    expect(tally.clear()).toBe(false);
  });

  it('gives the users per emoji and restores from them', () => {
    const tally = new LikeTally();
    tally.add('a', '👍');
    tally.add('a', '❤');
    tally.add('b', '❤');
    const byEmoji = tally.usersByEmoji();
    expect([...(byEmoji.get('👍') ?? [])]).toEqual(['a']);
    expect([...(byEmoji.get('❤') ?? [])].sort()).toEqual(['a', 'b']);

    const restored = new LikeTally();
    restored.restore('a', ['👍', '❤']);
    restored.restore('b', ['❤']);
    restored.remove('a', '👍');
    expect(restored.count).toBe(2);
    restored.remove('b', '❤');
    expect([...restored.users()]).toEqual(['a']);
  });

  it('takes the removal of any like emoji as the end of a like whose emoji are unknown', () => {
    const tally = new LikeTally();
    tally.restore('a', []);
    tally.restore('b', []);
    expect(tally.removeEmoji('👍')).toBe(false);
    expect(tally.count).toBe(2);
    expect(tally.remove('a', '❤')).toBe(true);
    expect(tally.add('b', '👍')).toBe(true);
    expect(tally.remove('b', '❤')).toBe(false);
    expect(tally.count).toBe(1);
  });

  it('drops emoji the guild no longer accepts', () => {
    const tally = new LikeTally();
    tally.add('a', '👍');
    tally.add('b', '👍');
    tally.add('b', '❤');
    expect(tally.retainEmoji(new Set(['❤']))).toBe(true);
    expect([...tally.users()]).toEqual(['b']);
  });
});
