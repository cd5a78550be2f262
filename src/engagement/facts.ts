import { countsAsLike, type LikeRules } from '../domain/likes.js';
import type { StoredResponse } from '../domain/response.js';
import { createResponseState, type LikeTarget, type PostState } from './view.js';

/**
 * What the gateway says happened, as plain data: the engagement view applies these and nothing else, so the
 * live path and a reconciliation's replay of the events that raced it run the same rules.
 */
export type EngagementFact =
  | { kind: 'reaction-add'; channelId: string; messageId: string; userId: string; userIsBot: boolean | null; emojiKey: string }
  | { kind: 'reaction-remove'; channelId: string; messageId: string; userId: string; emojiKey: string }
  | { kind: 'reaction-clear'; channelId: string; messageId: string }
  | { kind: 'reaction-clear-emoji'; channelId: string; messageId: string; emojiKey: string }
  /** A message written in a thread (or edited there: an edit of an unknown message is a response from now on). */
  | { kind: 'response-seen'; response: StoredResponse; edited: boolean }
  | { kind: 'message-delete'; channelId: string; messageId: string };

/** What applying one fact to a post changed, for the engine to persist and show. */
export interface FactOutcome {
  /** Targets whose like set changed (to be written). */
  likesChanged: LikeTarget[];
  /** Whether the post's own like count changed. */
  postLikeCountChanged: boolean;
  /** A response created or whose text changed. */
  responseSaved: StoredResponse | null;
  /** A response removed (its message deleted). */
  responseRemoved: string | null;
  /** The number of responses changed. */
  responseCountChanged: boolean;
}

const nothing = (): FactOutcome => ({
  likesChanged: [],
  postLikeCountChanged: false,
  responseSaved: null,
  responseRemoved: null,
  responseCountChanged: false,
});

/** The post itself or one of its responses, by message id. */
export function targetIn(post: PostState, messageId: string): LikeTarget | undefined {
  return messageId === post.messageId ? post : post.responses.get(messageId);
}

/**
 * Applies a fact to one post's state (its likes, its responses). Pure but for the state it is given: a
 * reconciliation applies the same facts to a scratch copy. The deletion of the post itself is the engine's
 * business (it touches indexes), so that fact changes nothing here.
 */
export function applyFact(post: PostState, fact: EngagementFact, rules: LikeRules): FactOutcome {
  const outcome = nothing();
  switch (fact.kind) {
    case 'reaction-add': {
      const target = targetIn(post, fact.messageId);
      if (!target) break;
      const facts = { emojiKey: fact.emojiKey, reactorId: fact.userId, reactorIsBot: fact.userIsBot, authorId: target.authorId() };
      if (!countsAsLike(facts, rules)) break;
      likeChange(post, target, outcome, () => target.tally.add(fact.userId, fact.emojiKey));
      break;
    }
    case 'reaction-remove': {
      const target = targetIn(post, fact.messageId);
      if (!target || !rules.likeKeys.has(fact.emojiKey)) break;
      likeChange(post, target, outcome, () => target.tally.remove(fact.userId, fact.emojiKey));
      break;
    }
    case 'reaction-clear': {
      const target = targetIn(post, fact.messageId);
      if (target) likeChange(post, target, outcome, () => target.tally.clear());
      break;
    }
    case 'reaction-clear-emoji': {
      const target = targetIn(post, fact.messageId);
      if (target) likeChange(post, target, outcome, () => target.tally.removeEmoji(fact.emojiKey));
      break;
    }
    case 'response-seen': {
      const { response } = fact;
      if (response.messageId === post.messageId) break;
      const known = post.responses.get(response.messageId);
      if (known) {
        if (known.stored.content === response.content && known.stored.editedAt === response.editedAt) break;
        // A create replayed after a newer edit keeps the edit.
        if (!fact.edited && known.stored.editedAt !== null && response.editedAt === null) break;
        known.stored = { ...response, authorName: response.authorName || known.stored.authorName };
        outcome.responseSaved = known.stored;
      } else {
        post.responses.set(response.messageId, createResponseState(post, response));
        outcome.responseSaved = response;
        outcome.responseCountChanged = true;
      }
      break;
    }
    case 'message-delete': {
      if (fact.messageId === post.messageId || !post.responses.delete(fact.messageId)) break;
      outcome.responseRemoved = fact.messageId;
      outcome.responseCountChanged = true;
      break;
    }
  }
  return outcome;
}

function likeChange(post: PostState, target: LikeTarget, outcome: FactOutcome, change: () => boolean): void {
  const before = target.tally.count;
  if (!change()) return;
  outcome.likesChanged.push(target);
  if (target === post && target.tally.count !== before) outcome.postLikeCountChanged = true;
}
