import { likeEmojiKey } from '../domain/likes.js';
import { displayEmoji } from '../domain/parse-like-emojis.js';
import type { LikeSettingsChange } from '../engagement/index.js';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
const emojiList = (emojis: readonly string[]): string => emojis.map(displayEmoji).join(' ');

export interface LikeSettingsBeforeAfter {
  before: { likeEmojis: readonly string[]; countOwnLikes: boolean };
  after: { likeEmojis: readonly string[]; countOwnLikes: boolean };
}

/**
 * What a change of the like settings did to the likes already counted, in words for the admin who made it: a
 * silent change would make footers drop with no word of why. Empty when the like rules did not change.
 */
export function likeChangeText({ before, after }: LikeSettingsBeforeAfter, change: LikeSettingsChange): string {
  const keysBefore = new Set(before.likeEmojis.map(likeEmojiKey));
  const keysAfter = new Set(after.likeEmojis.map(likeEmojiKey));
  const dropped = before.likeEmojis.filter((e) => !keysAfter.has(likeEmojiKey(e)));
  const added = after.likeEmojis.filter((e) => !keysBefore.has(likeEmojiKey(e)));
  const emojiChanged = dropped.length > 0 || added.length > 0;
  const ownLikesOff = before.countOwnLikes && !after.countOwnLikes;
  const ownLikesOn = !before.countOwnLikes && after.countOwnLikes;
  if (!emojiChanged && !ownLikesOff && !ownLikesOn) return '';

  const sentences: string[] = [];
  if (emojiChanged) sentences.push(`Likes now count ${emojiList(after.likeEmojis)}.`);
  if (change.posts === 0) {
    sentences.push('No review is posted in this server yet, so no existing like changes.');
    return sentences.join(' ');
  }
  const lost = change.likesBefore - change.likesKept;
  let existing: string;
  if (lost > 0) {
    const why = [...(dropped.length > 0 ? [`used ${emojiList(dropped)}`] : []), ...(ownLikesOff ? ["were a reviewer's own"] : [])].join(' or ');
    existing = `${plural(lost, 'existing like', 'existing likes')} on ${plural(change.postsChanged, 'post', 'posts')} ${why} and no longer ${lost === 1 ? 'counts' : 'count'} (${change.likesKept === 0 ? 'none remain' : `${change.likesKept} ${change.likesKept === 1 ? 'remains' : 'remain'}`})`;
  } else if (change.likesBefore > 0) {
    existing = `the ${plural(change.likesBefore, 'existing like', 'existing likes')} on ${plural(change.posts, 'post', 'posts')} still ${change.likesBefore === 1 ? 'counts' : 'count'}`;
  } else {
    existing = `no existing like is lost on the ${plural(change.posts, 'post', 'posts')} in this server`;
  }
  const gained = [...(added.length > 0 ? [`existing ${emojiList(added)} reactions`] : []), ...(ownLikesOn ? ["reviewers' own likes"] : [])].join(' and ');
  const recount = change.recount && gained.length > 0 ? `; ${gained} are being counted now, and footers update as they are` : '';
  sentences.push(`${existing.charAt(0).toUpperCase()}${existing.slice(1)}${recount}.`);
  return sentences.join(' ');
}
