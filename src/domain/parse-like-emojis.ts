import { MemberFacingError } from './member-facing-error.js';
import { invisibleReason, isInvisible } from './visible-text.js';

export const maxLikeEmojis = 10;

const customEmoji = /^<(a?):([\w~]{2,32}):(\d{17,20})>$|^([\w~]{2,32}):(\d{17,20})$/;
/** One emoji as people type it: pictographs with skin tones, ZWJ sequences, flags, keycaps. */
const unicodeEmoji =
  /^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?(?:\u200D\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?)*)$/u;

/**
 * The like emoji an admin typed in /setup ("👍 ❤️ <:vinyl:123…>"), in the store's form: unicode as is,
 * custom emoji as "name:id". Throws a MemberFacingError naming the first token that is not an emoji.
 */
export function parseLikeEmojis(text: string): string[] {
  const tokens = text.split(/[\s,]+/).filter((t) => t.length > 0);
  if (tokens.length === 0) throw new MemberFacingError('Like emoji: give at least one emoji, e.g. 👍.');
  if (isInvisible(text)) throw new MemberFacingError(`Like emoji: the text ${invisibleReason}; give at least one emoji, e.g. 👍.`);
  const emojis: string[] = [];
  for (const token of tokens) {
    const custom = customEmoji.exec(token);
    let emoji: string;
    if (custom) emoji = custom[2] ? `${custom[2]}:${custom[3]}` : `${custom[4]}:${custom[5]}`;
    else if (unicodeEmoji.test(token)) emoji = token;
    else
      throw new MemberFacingError(
        `Like emoji: "${token.slice(0, 40)}" is not an emoji. Use emoji like 👍 or a custom emoji of this server, separated by spaces.`,
      );
    if (!emojis.includes(emoji)) emojis.push(emoji);
  }
  if (emojis.length > maxLikeEmojis) throw new MemberFacingError(`Like emoji: at most ${maxLikeEmojis}, you gave ${emojis.length}.`);
  return emojis;
}

/** How a stored like emoji is written in a message: custom ones as <:name:id>. */
export function displayEmoji(emoji: string): string {
  return /^[\w~]+:\d+$/.test(emoji) ? `<:${emoji}>` : emoji;
}
