import type { Engagement } from '../engagement/index.js';
import type { Publication } from '../domain/publication.js';
import type { Review } from '../domain/review.js';

/** What the review use cases ask of engagement: count a new post, and re-render a post whose review changed. */
export type PostRefresher = Pick<Engagement, 'refresh'>;
export type PostTracker = Pick<Engagement, 'track' | 'refresh'>;

/** A forum's tag, which a forum post may carry (the series, the year). */
export interface ForumTag {
  id: string;
  name: string;
}

/** A review just posted on Discord, before the store knows it. */
export interface PostedReview {
  /** The message holding the review's embeds: the like target. */
  messageId: string;
  url: string;
  /** Where the message is: the text channel, or the forum post that holds it. */
  channelId: string;
  /** Where responses go: the thread started on the message, or the forum post itself. */
  threadId: string;
  /** Adds a reaction as the bot (an invitation to like). */
  react(emoji: string): Promise<void>;
  /** Removes what was posted as far as the bot may; each failure goes to `warn`, none is thrown. */
  takeDown(warn: (error: unknown) => void): Promise<void>;
}

/**
 * A channel a review may be posted in, as the poster sees it: a forum takes a forum post, a text or announcement
 * channel a message with a thread on it, and any other kind takes no review.
 */
export type PostChannel =
  | { kind: 'forum'; tags: readonly ForumTag[]; post(review: Review, post: { name: string; tagIds: string[] }): Promise<PostedReview> }
  | { kind: 'text'; post(review: Review, post: { threadName: string }): Promise<PostedReview> }
  | { kind: 'other' };

/**
 * Posting on Discord for one guild. The Discord adapter implements it (src/discord/review-poster.ts): it renders
 * the review, and turns Discord's refusals into member-facing errors an admin can act on.
 */
export interface ReviewPoster {
  /** The channel, or null when the bot cannot see it. */
  channel(channelId: string): Promise<PostChannel | null>;
  /** Whether a post is still there: one deleted by a moderator does not block posting the review again. */
  exists(publication: Publication): Promise<boolean>;
}
