import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, Routes, type Guild } from 'discord.js';
import { CatalogueError } from '../catalogue/index.js';
import { MemberFacingError } from '../domain/member-facing-error.js';
import type { Review, ReviewSummary } from '../domain/review.js';
import type { GuildSettings } from '../domain/guild-settings.js';
import type { Publication } from '../domain/publication.js';
import { publishReview } from './publish-review.js';
import { neighboursOf, refreshPostsOf } from './refresh-neighbour-posts.js';
import type { BotServices } from './services.js';

/** Where a review goes: the channel given, else the guild's reviews channel, else where the command ran. */
export function destinationChannel(settings: GuildSettings, explicit: { id: string; type: ChannelType } | null, here: { id: string; type: ChannelType } | null): string {
  const postable = (type: ChannelType): boolean => type === ChannelType.GuildText || type === ChannelType.GuildForum || type === ChannelType.GuildAnnouncement;
  if (explicit) {
    if (!postable(explicit.type)) throw new MemberFacingError(`<#${explicit.id}> is not a text or forum channel; reviews can only be posted in one of those.`);
    return explicit.id;
  }
  if (settings.reviewsChannelId) return settings.reviewsChannelId;
  if (here && postable(here.type)) return here.id;
  throw new MemberFacingError('Reviews go in a text or forum channel: run this in one, give `channel:`, or set the reviews channel with `/setup`.');
}

export type PostOutcome = { kind: 'posted'; url: string; publication: Publication } | { kind: 'already-posted'; existing: Publication };

/**
 * Posts a review unless it is already posted in the guild (then the admin is asked to confirm). Serialised per
 * guild and review, so two admins at the same instant produce one post and the second is asked to confirm.
 */
export function postOnce(
  services: BotServices,
  input: { guild: Guild; review: Review; channelId: string; postedBy: string; settings: GuildSettings; confirmed: boolean },
): Promise<PostOutcome> {
  return services.postLock.run(`${input.guild.id}:${input.review.slug}`, async () => {
    if (!input.confirmed) {
      for (const existing of services.publications.live(input.guild.id, input.review.slug)) {
        if (await stillOnDiscord(input.guild, existing)) return { kind: 'already-posted', existing };
      }
    }
    const { publication, url } = await publishReview(services, {
      guild: input.guild,
      review: input.review,
      channelId: input.channelId,
      postedBy: input.postedBy,
      likeEmoji: input.settings.likeEmojis[0],
    });
    return { kind: 'posted', url, publication };
  });
}

/** Whether a post still exists: one deleted by a moderator should not block posting the review again. */
async function stillOnDiscord(guild: Guild, publication: Publication): Promise<boolean> {
  try {
    await guild.client.rest.get(Routes.channelMessage(publication.channelId, publication.messageId));
    return true;
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownChannel)) return false;
    // Unable to look (permissions, Discord down): assume it is there and let the admin decide.
    return true;
  }
}

/** Adds a new review to the catalogue; a taken slug is the admin's to resolve. */
export async function addToCatalogue(services: BotServices, review: Review): Promise<void> {
  if (services.catalogue.get(review.slug)) {
    throw new MemberFacingError(`A review titled like “${review.title}” is already in the catalogue (${review.slug}). Change the title, or use \`/review edit\`.`);
  }
  try {
    await services.catalogue.add(review);
  } catch (error) {
    if (error instanceof CatalogueError) throw new MemberFacingError(`The catalogue refused the review: ${error.message}.`);
    throw error;
  }
}

/**
 * Saves an edited review and re-renders every post of it, in every guild, and the posts of its series neighbours
 * before and after the edit: a new title, series or "next post" moves it in (or out of) a series.
 */
export async function saveEdit(services: BotServices, review: Review): Promise<number> {
  const before = services.catalogue.get(review.slug);
  if (!before) throw new MemberFacingError('That review was deleted meanwhile; nothing was saved.');
  const oldNeighbours = neighboursOf(services, before);
  await services.catalogue.update(review);
  const posts = services.publications.ofReview(review.slug).filter((p) => !p.withdrawn);
  for (const post of posts) services.engagement.refresh(post.messageId);
  refreshPostsOf(services, [...oldNeighbours, ...neighboursOf(services, review)], review.slug);
  services.logger.info({ slug: review.slug, posts: posts.length }, 'review edited');
  return posts.length;
}

/**
 * Removes a review from the catalogue; its posts stay, marked withdrawn, with their likes and responses. Its series
 * neighbours' posts are re-rendered so none keeps a button to it (they link to each other instead, where posted).
 */
export async function deleteReview(services: BotServices, review: ReviewSummary): Promise<number> {
  const neighbours = neighboursOf(services, review);
  services.publications.rememberRemovedTitle(review.slug, review.title);
  await services.catalogue.remove(review.slug);
  const posts = services.publications.ofReview(review.slug).filter((p) => !p.withdrawn);
  for (const post of posts) {
    const withdrawn = { ...post, withdrawn: true };
    await services.store.publications.save(withdrawn);
    services.publications.put(withdrawn);
    services.engagement.refresh(post.messageId);
  }
  refreshPostsOf(services, neighbours, review.slug);
  services.logger.info({ slug: review.slug, posts: posts.length }, 'review deleted');
  return posts.length;
}
