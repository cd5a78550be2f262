import type { Catalogue } from '../catalogue/index.js';
import { MemberFacingError } from '../domain/member-facing-error.js';
import type { Publication } from '../domain/publication.js';
import type { Review, ReviewSummary } from '../domain/review.js';
import { normalizeForSearch } from '../domain/search-reviews.js';
import { seriesNeighbours } from '../domain/series-order.js';
import { threadName } from '../domain/visible-text.js';
import type { KeyedSerializer } from '../keyed-serializer.js';
import type { Logger } from '../logger.js';
import type { PublicationRepository } from '../store/ports.js';
import type { PostTracker, PostedReview, ReviewPoster } from './ports.js';
import type { PublicationIndex } from './publication-index.js';

/** Discord: thread names are 1 to 100 characters (threads docs, "Start Thread from Message"). */
const threadNameMax = 100;
/** Discord: a thread in a forum carries at most 5 tags (channel docs, "Modify Channel", JSON Params (Thread)). */
const forumTagsMax = 5;

export const threadNameFor = (review: ReviewSummary): string => threadName(`Responses: ${review.subject}`, threadNameMax);

/** The ports publishing uses. */
export interface PublishPorts {
  catalogue: Pick<Catalogue, 'all'>;
  publications: Pick<PublicationIndex, 'live' | 'put'>;
  store: { publications: Pick<PublicationRepository, 'save'> };
  engagement: PostTracker;
  logger: Logger;
  /** Serialises posting per guild + review so a double click or two admins make one post. */
  postLock: KeyedSerializer;
  now(): number;
  /** Posting in the guild the review goes to. */
  poster: ReviewPoster;
}

export interface PublishRequest {
  guildId: string;
  review: Review;
  channelId: string;
  postedBy: string;
  /** The guild's first like emoji, which the bot reacts with; none when unset. */
  likeEmoji: string | undefined;
  /** Whether the admin confirmed posting a review that is already posted in the guild. */
  confirmed: boolean;
}

export type PublishOutcome = { kind: 'posted'; url: string; publication: Publication } | { kind: 'already-posted'; existing: Publication };

/**
 * Posts a review unless it is already posted in the guild (then the admin is asked to confirm). Serialised per
 * guild and review, so two admins at the same instant produce one post and the second is asked to confirm.
 */
export function publishReview(ports: PublishPorts, request: PublishRequest): Promise<PublishOutcome> {
  return ports.postLock.run(`${request.guildId}:${request.review.slug}`, async () => {
    if (!request.confirmed) {
      for (const existing of ports.publications.live(request.guildId, request.review.slug)) {
        if (await ports.poster.exists(existing)) return { kind: 'already-posted', existing };
      }
    }
    const { publication, url } = await post(ports, request);
    return { kind: 'posted', url, publication };
  });
}

/** Posts on Discord: a forum post named after the subject with the series and year tags the forum has, or a message with a thread. */
async function postOnDiscord(poster: ReviewPoster, review: Review, channelId: string): Promise<PostedReview> {
  const channel = await poster.channel(channelId);
  if (!channel) throw new MemberFacingError(`I can't see the channel <#${channelId}>; check my View Channel permission or choose another channel.`);
  if (channel.kind === 'forum') {
    const wanted = new Set([review.series, review.year === null ? null : String(review.year)].filter((t) => t !== null).map(normalizeForSearch));
    const tagIds = channel.tags
      .filter((tag) => wanted.has(normalizeForSearch(tag.name)))
      .map((tag) => tag.id)
      .slice(0, forumTagsMax);
    return channel.post(review, { name: threadName(review.subject, threadNameMax), tagIds });
  }
  if (channel.kind === 'text') return channel.post(review, { threadName: threadNameFor(review) });
  throw new MemberFacingError(`<#${channelId}> is not a text or forum channel; reviews can only be posted in one of those.`);
}

/**
 * Posts a review, saves the publication, hands it to engagement and re-renders its series neighbours' posts so
 * they link to it.
 */
async function post(ports: PublishPorts, request: PublishRequest): Promise<{ publication: Publication; url: string }> {
  const { guildId, review } = request;
  const posted = await postOnDiscord(ports.poster, review, request.channelId);
  const publication: Publication = {
    guildId,
    slug: review.slug,
    channelId: posted.channelId,
    messageId: posted.messageId,
    threadId: posted.threadId,
    postedBy: request.postedBy,
    postedAt: new Date(ports.now()).toISOString(),
    withdrawn: false,
  };
  try {
    await ports.store.publications.save(publication);
  } catch (error) {
    // An untracked post would never count its likes: take it down and let the admin try again.
    await posted.takeDown((cleanupError) => ports.logger.warn({ guildId, messageId: posted.messageId, err: cleanupError }, 'could not remove an unsaved post'));
    throw error;
  }
  ports.publications.put(publication);
  await ports.engagement.track(publication);
  ports.logger.info({ guildId, slug: review.slug, channelId: posted.channelId, messageId: posted.messageId }, 'review posted');

  if (request.likeEmoji) {
    // An invitation to like: the bot's own reaction never counts as a like.
    await posted.react(request.likeEmoji).catch((error: unknown) => {
      ports.logger.warn({ guildId, messageId: posted.messageId, err: error }, 'could not add the like reaction');
    });
  }
  const { previous, next } = seriesNeighbours(ports.catalogue.all(), review);
  for (const neighbour of [previous, next]) {
    if (!neighbour) continue;
    for (const live of ports.publications.live(guildId, neighbour.slug)) ports.engagement.refresh(live.messageId);
  }
  return { publication, url: posted.url };
}
