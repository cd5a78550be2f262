import type { APIEmbed } from 'discord.js';
import { formatFooter } from '../domain/footer.js';
import { paginate } from '../domain/paginate.js';
import type { RankBy, RankedReview } from '../domain/rank-reviews.js';
import type { Review, ReviewSummary } from '../domain/review.js';
import { truncateAtWord } from '../domain/split-text.js';
import type { Publication } from '../domain/publication.js';
import type { ResponseView } from '../engagement/index.js';
import type { Reply } from './command-kit.js';
import { seriesKeyOf } from './custom-id.js';
import { displayEmoji } from '../domain/parse-like-emojis.js';
import { embedLimits, reviewColour } from './render-review.js';
import type { BotServices } from './services.js';
import { pagerRow } from './views.js';

export const reviewsPerPage = 10;

const countsText = (likes: number, responses: number): string => formatFooter({ likes, responses }) ?? 'no likes or responses yet';

function reviewLine(review: ReviewSummary): string {
  const year = review.year === null ? '' : ` (${review.year})`;
  return `**${review.subject}**${year}${review.series ? ` · ${review.series}` : ''}`;
}

/** A page of /reviews: the catalogue (or one series) with each review's likes and responses in this guild. */
export function catalogueListReply(services: BotServices, guildId: string, series: string | null, page: number, ownerId: string): Reply {
  const reviews = services.catalogue.all().filter((r) => series === null || r.series === series);
  const counts = services.engagement.countsByGuild(guildId);
  const shown = paginate(reviews, reviewsPerPage, page);
  const lines = shown.items.map((review) => {
    const c = counts.get(review.slug) ?? { likes: 0, responses: 0 };
    return `${truncateAtWord(reviewLine(review), 300)}\n  ${countsText(c.likes, c.responses)}`;
  });
  const embed: APIEmbed = {
    title: series ?? 'All reviews',
    description: lines.length > 0 ? lines.join('\n') : 'The catalogue is empty. Admins can add reviews with `/review new` or `/review import`.',
    color: reviewColour,
    footer: { text: `Page ${shown.page + 1} of ${shown.pageCount} · ${reviews.length} review${reviews.length === 1 ? '' : 's'}` },
  };
  const expiresAt = services.now() + services.buttonTtlMs;
  const seriesKey = seriesKeyOf(series);
  return { embeds: [embed], components: pagerRow((p) => ({ kind: 'list', seriesKey, page: p, ownerId, expiresAt }), shown.page, shown.pageCount) };
}

export function topReply(ranked: readonly RankedReview[], by: RankBy, likeEmoji: string): Reply {
  if (ranked.length === 0) {
    return {
      content:
        by === 'likes'
          ? `No review has a like in this server yet. React with ${displayEmoji(likeEmoji)} on a review post to like it.`
          : 'No review has a response in this server yet. Reply in a review’s thread to respond.',
    };
  }
  const lines = ranked.map((row) => `${row.rank}. ${reviewLine(row.review)} — ${countsText(row.likes, row.responses)}`);
  return {
    embeds: [
      {
        title: by === 'likes' ? 'Most liked reviews' : 'Most responded reviews',
        description: lines.join('\n').slice(0, embedLimits.description),
        color: reviewColour,
      },
    ],
  };
}

const responsesShown = 10;
const blogResponsesShown = 10;
const likesText = (likes: number): string => (likes === 0 ? '' : likes === 1 ? ' · liked by 1 person' : ` · liked by ${likes} people`);

/**
 * The latest Discord responses (author, excerpt, likes, thread link) and, under their own heading, the
 * archived blog responses: two embeds, never one count.
 */
export function responsesReply(review: Review, guildId: string, posts: readonly Publication[], responses: readonly ResponseView[]): Reply {
  const embeds: APIEmbed[] = [];
  const threadLinks = posts.map((p) => `https://discord.com/channels/${guildId}/${p.threadId ?? p.channelId}`);
  let description: string;
  if (posts.length === 0) description = 'Not posted in this server yet, so no responses here.';
  else if (responses.length === 0) description = `No responses yet. Reply in the thread to respond: ${threadLinks[0] ?? ''}`;
  else {
    const lines = responses.slice(0, responsesShown).map((r) => {
      const link = `https://discord.com/channels/${guildId}/${r.threadId}/${r.messageId}`;
      return `**${truncateAtWord(r.authorName, 64)}**${likesText(r.likes)} · [jump](${link})\n> ${truncateAtWord(r.content, 160) || '*(no text)*'}`;
    });
    if (responses.length > responsesShown) lines.push(`… and ${responses.length - responsesShown} older in the thread: ${threadLinks[0] ?? ''}`);
    else lines.push(`Thread: ${threadLinks[0] ?? ''}`);
    description = lines.join('\n');
  }
  const count = responses.length === 1 ? '1 response' : `${responses.length} responses`;
  embeds.push({
    title: truncateAtWord(`Responses to ${review.subject} (${count})`, embedLimits.title),
    description: description.slice(0, embedLimits.description),
    color: reviewColour,
  });

  if (review.blog) {
    const { responseCount, responses: archived } = review.blog;
    const lines = archived.slice(0, blogResponsesShown).map((r, i) => `${i + 1}. ${truncateAtWord(r.text, 150)}${likesText(r.likes)}`);
    if (archived.length > blogResponsesShown) lines.push(`… and ${archived.length - blogResponsesShown} more`);
    if (responseCount > archived.length) lines.push(`*(${archived.length} of the ${responseCount} were kept in the export)*`);
    embeds.push({
      title: `From the blog: ${responseCount === 1 ? '1 response' : `${responseCount} responses`}`,
      description: (lines.join('\n') || '*(none kept)*').slice(0, embedLimits.description),
      color: 0x95a5a6,
    });
  }
  return { embeds };
}
