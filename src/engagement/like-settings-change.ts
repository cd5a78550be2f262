import type { LikeSettingsChange } from './types.js';
import type { GuildLikeSettings, LikeTarget, PostState } from './view.js';

/** What applying new like settings asks of the engine: persist a like set, show a post's new count. */
export interface LikeSettingsEffects {
  likesChanged(target: LikeTarget): void;
  countsChanged(post: PostState): void;
}

/**
 * Drops the likes a guild's new settings no longer accept from its live posts and their responses, and says
 * what that did. `recount` is left false: whether Discord must be read again is `gainsUncountedLikes`'s call.
 */
export function applyLikeSettings(posts: Iterable<PostState>, settings: GuildLikeSettings, effects: LikeSettingsEffects): LikeSettingsChange {
  const change: LikeSettingsChange = { posts: 0, likesBefore: 0, likesKept: 0, postsChanged: 0, recount: false };
  for (const post of posts) {
    if (post.deleted) continue;
    change.posts += 1;
    change.likesBefore += post.tally.count;
    const likesChanged = applyToTarget(post, settings, effects);
    for (const response of post.responses.values()) applyToTarget(response, settings, effects);
    change.likesKept += post.tally.count;
    if (likesChanged) {
      change.postsChanged += 1;
      effects.countsChanged(post);
    }
  }
  return change;
}

/** Reactions of a newly accepted emoji, or own likes newly allowed, were never counted: Discord has them. */
export function gainsUncountedLikes(before: GuildLikeSettings | undefined, after: GuildLikeSettings): boolean {
  return [...after.likeKeys].some((key) => !before?.likeKeys.has(key)) || (after.countOwnLikes && before?.countOwnLikes === false);
}

/** Returns true when the target's like count changed. */
function applyToTarget(target: LikeTarget, settings: GuildLikeSettings, effects: LikeSettingsEffects): boolean {
  const before = target.tally.count;
  let changed = target.tally.retainEmoji(settings.likeKeys);
  if (!settings.countOwnLikes && target.tally.removeUser(target.authorId())) changed = true;
  if (changed) effects.likesChanged(target);
  return target.tally.count !== before;
}
