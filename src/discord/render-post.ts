import type { RESTPatchAPIChannelMessageJSONBody } from 'discord.js';
import type { Catalogue } from '../catalogue/index.js';
import { seriesNeighbours } from '../domain/series-order.js';
import type { Review, ReviewSummary } from '../domain/review.js';
import type { Publication } from '../domain/publication.js';
import type { PostCounts } from '../engagement/index.js';
import type { PublicationIndex } from '../reviews/publication-index.js';
import { messageUrl, renderPostView, renderWithdrawnView, type MessageView, type PostLink } from './render-review.js';

function linkTo(index: PublicationIndex, guildId: string, neighbour: ReviewSummary | null): PostLink | null {
  if (!neighbour) return null;
  const posted = index.live(guildId, neighbour.slug)[0];
  if (!posted) return null;
  return { label: neighbour.subject, url: messageUrl(guildId, posted.channelId, posted.messageId) };
}

/** The post of a review in a guild as it should look now: counts, and links to neighbours posted in that guild. */
export function postView(catalogue: Catalogue, index: PublicationIndex, guildId: string, review: Review, counts: PostCounts): MessageView {
  const { previous, next } = seriesNeighbours(catalogue.all(), review);
  return renderPostView(review, { counts, previous: linkTo(index, guildId, previous), next: linkTo(index, guildId, next) });
}

/**
 * What the engagement refresher edits a post into (the contract's renderPost): the whole post, so an edited
 * review, a new series neighbour or a withdrawal shows up with the counts. Undefined for an unknown review.
 * The post shows the review's text, so its file is read (the catalogue keeps the last reviews read, so a post's
 * repeated footer edits read it once). A file that can no longer be read throws: the refresher logs it and tries
 * again later.
 */
export function createPostRenderer(catalogue: Catalogue, index: PublicationIndex) {
  return async (publication: Publication, counts: PostCounts): Promise<RESTPatchAPIChannelMessageJSONBody | undefined> => {
    const current = index.get(publication.messageId) ?? publication;
    const summary = catalogue.get(current.slug);
    let view: MessageView;
    if (current.withdrawn || !summary) {
      const title = summary?.title ?? index.removedTitle(current.slug);
      if (!current.withdrawn || title === undefined) return undefined;
      view = renderWithdrawnView(title, counts);
    } else {
      const review = await catalogue.read(current.slug);
      if (!review) return undefined;
      view = postView(catalogue, index, current.guildId, review, counts);
    }
    return { embeds: view.embeds, components: view.components, allowed_mentions: { parse: [] } };
  };
}
