import { formatFooter } from '../domain/footer.js';
import type { LikeRules } from '../domain/likes.js';
import type { EngagementFact } from './facts.js';
import { mergeLikes, mergeResponses, reconciledCopy, type MergeEffects } from './merge-post.js';
import type { DiscordReads } from './read-discord.js';
import { readPost } from './read-post.js';
import type { PostCounts } from './types.js';
import type { PostState } from './view.js';

/** What reconciling one post asks of the engine that owns the view. */
export interface ReconcilePostContext {
  rulesFor(guildId: string): LikeRules;
  /** Per post being read, the facts about it since its read began (the engine appends to it). */
  journals: Map<string, EngagementFact[]>;
  effects: MergeEffects;
  countsFor(messageId: string): PostCounts;
  postDeleted(post: PostState): void;
  threadDeleted(threadId: string): void;
  /** The post's counts changed: what ranks by them is stale, and its footer is due. */
  countsChanged(post: PostState): void;
  /** The counts stand but the post shows another footer (it was edited meanwhile): only the footer is due. */
  footerStale(post: PostState): void;
}

/**
 * Reads a post from Discord and makes the view equal to it. Returns the number of changes found. While the read
 * awaits, the facts about the post are journaled and then replayed onto what Discord answered, in one
 * synchronous step, so an event that races the read is neither lost nor counted twice.
 */
export async function reconcilePost(post: PostState, reads: DiscordReads, context: ReconcilePostContext): Promise<number> {
  if (post.deleted) return 0;
  const journal: EngagementFact[] = [];
  context.journals.set(post.messageId, journal);
  try {
    const publication = post.threadDeleted ? { ...post.publication, threadId: null } : post.publication;
    const addedSince = (messageId: string, emojiKey: string): number =>
      journal.filter((fact) => fact.kind === 'reaction-add' && fact.messageId === messageId && fact.emojiKey === emojiKey).length;
    const snapshot = await readPost(reads, publication, context.rulesFor(post.publication.guildId), addedSince);
    // From here on everything is synchronous: no event can slip between the replay and the merge.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a MESSAGE_DELETE may have arrived while the read awaited
    if (post.deleted) return 0;
    if (snapshot.postGone) {
      context.postDeleted(post);
      return 1;
    }
    const fresh = reconciledCopy(post.publication, snapshot, journal, context.rulesFor(post.publication.guildId));
    const before = context.countsFor(post.messageId);
    let changes = mergeLikes(post, fresh, context.effects);
    if (snapshot.threadGone && post.publication.threadId) {
      context.threadDeleted(post.publication.threadId);
      changes += 1;
    } else if (snapshot.responses !== null) {
      changes += mergeResponses(post, fresh, context.effects);
    }
    const after = context.countsFor(post.messageId);
    const shown = snapshot.shownFooter;
    const footerStale = shown !== undefined && shown !== formatFooter(after) && !post.publication.withdrawn;
    if (after.likes !== before.likes || after.responses !== before.responses) context.countsChanged(post);
    else if (footerStale) context.footerStale(post);
    return changes;
  } finally {
    context.journals.delete(post.messageId);
  }
}
