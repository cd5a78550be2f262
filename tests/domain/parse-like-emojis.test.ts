import { describe, expect, it } from 'vitest';
import { displayEmoji, parseLikeEmojis } from '../../src/domain/parse-like-emojis.js';

describe('parseLikeEmojis', () => {
  it('reads unicode and custom emoji, separated by spaces or commas, without repeats', () => {
    expect(parseLikeEmojis('👍 ❤️,<:vinyl:123456789012345678> 👍 👍🏽 🇬🇧 <a:spin:223456789012345678>')).toEqual([
      '👍',
      '❤️',
      'vinyl:123456789012345678',
      '👍🏽',
      '🇬🇧',
      'spin:223456789012345678',
    ]);
    expect(parseLikeEmojis('👨‍👩‍👧')).toEqual(['👨‍👩‍👧']);
  });

  it('refuses words, empty input and too many emoji with the reason', () => {
    expect(() => parseLikeEmojis('thumbs')).toThrow('"thumbs" is not an emoji');
    expect(() => parseLikeEmojis('👍 :thumbsup:')).toThrow('":thumbsup:" is not an emoji');
    expect(() => parseLikeEmojis('  ')).toThrow('at least one emoji');
    expect(() => parseLikeEmojis('😀 😁 😂 🤣 😃 😄 😅 😆 😉 😊 😋')).toThrow('at most 10');
  });

  it('writes custom emoji back in message form', () => {
    expect(displayEmoji('vinyl:123456789012345678')).toBe('<:vinyl:123456789012345678>');
    expect(displayEmoji('👍')).toBe('👍');
  });
});
