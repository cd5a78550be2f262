import type { LikeRules } from '../domain/likes.js';
import type { Publication } from '../domain/publication.js';
import type { ResponseChange } from './batched-writer.js';
import { applyFact, type EngagementFact } from './facts.js';
import type { PostSnapshot } from './read-post.js';
import { createPostState, createResponseState, type LikeTarget, type PostState } from './view.js';

/**
 * The post as it is now: what Discord answered, with the facts that arrived while it was read replayed onto it.
 * Every fact is idempotent and ordered, so a fact the read already saw changes nothing and a later one wins.
 */
export function reconciledCopy(publication: Publication, snapshot: PostSnapshot, journal: readonly EngagementFact[], rules: LikeRules): PostState {
  const copy = createPostState(publication);
  copy.tally.replaceWith(snapshot.likes);
  for (const { stored, likes } of snapshot.responses ?? []) {
    const response = createResponseState(copy, stored);
    response.tally.replaceWith(likes);
    copy.responses.set(stored.messageId, response);
  }
  for (const fact of journal) applyFact(copy, fact, rules);
  return copy;
}

/** What a merge asks of the engine: persist a like set or a response, index a new target, drop a removed one. */
export interface MergeEffects {
  likesChanged(target: LikeTarget): void;
  responseChanged(messageId: string, change: ResponseChange): void;
  targetAdded(target: LikeTarget): void;
  targetRemoved(messageId: string): void;
}

/**
 * Makes a live post's likes equal to a reconciled copy's, in place (the writer and the indexes keep their
 * references). Returns the number of targets that changed.
 */
export function mergeLikes(post: PostState, fresh: PostState, effects: MergeEffects): number {
  if (!post.tally.replaceWith(fresh.tally)) return 0;
  effects.likesChanged(post);
  return 1;
}

/**
 * Makes a live post's responses equal to a reconciled copy's: new ones added, edited ones updated (the name
 * the gateway gave an author is kept), deleted ones removed, and each one's likes replaced. Returns the number
 * of changes.
 */
export function mergeResponses(post: PostState, fresh: PostState, effects: MergeEffects): number {
  let changes = 0;
  for (const [messageId, response] of fresh.responses) {
    const known = post.responses.get(messageId);
    if (!known) {
      const created = createResponseState(post, response.stored);
      created.tally.replaceWith(response.tally);
      post.responses.set(messageId, created);
      effects.targetAdded(created);
      effects.responseChanged(messageId, { kind: 'upsert', response: created.stored });
      if (created.tally.count > 0) effects.likesChanged(created);
      changes += 1;
      continue;
    }
    if (known.stored.content !== response.stored.content || known.stored.editedAt !== response.stored.editedAt) {
      known.stored = { ...response.stored, authorName: known.stored.authorName };
      effects.responseChanged(messageId, { kind: 'upsert', response: known.stored });
      changes += 1;
    }
    if (known.tally.replaceWith(response.tally)) {
      effects.likesChanged(known);
      changes += 1;
    }
  }
  const threadId = post.publication.threadId;
  for (const messageId of [...post.responses.keys()]) {
    if (fresh.responses.has(messageId)) continue;
    post.responses.delete(messageId);
    effects.targetRemoved(messageId);
    if (threadId) effects.responseChanged(messageId, { kind: 'remove', threadId, messageId });
    changes += 1;
  }
  return changes;
}
