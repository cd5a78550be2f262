import { ButtonStyle } from 'discord.js';
import type { ReviewSummary } from '../domain/review.js';
import type { Reply } from './command-kit.js';
import { reviewKeyOf } from './custom-id.js';
import type { BotServices } from './services.js';
import { button, row } from './views.js';

const postsText = (n: number): string => (n === 1 ? '1 post' : `${n} posts`);

/** What a delete would withdraw, in words: every live post of the review, this server's and other servers'. */
export function withdrawalText(services: Pick<BotServices, 'publications'>, slug: string, guildId: string): string {
  const live = services.publications.ofReview(slug).filter((p) => !p.withdrawn);
  const here = live.filter((p) => p.guildId === guildId).length;
  const elsewhere = live.length - here;
  if (live.length === 0) return 'It is not posted anywhere, so no post will change.';
  const where = elsewhere === 0 ? 'in this server' : here === 0 ? 'in other servers' : `(${here} in this server, ${elsewhere} in other servers)`;
  return `${postsText(live.length)} ${where} will be marked withdrawn; their likes and responses are kept.`;
}

/**
 * The question `/review delete` asks before it acts: a delete removes the review from the catalogue for every
 * server, so the admin sees what changes and confirms it with a button, as "Post again" does.
 */
export function deletePrompt(
  services: Pick<BotServices, 'publications' | 'now' | 'buttonTtlMs'>,
  review: ReviewSummary,
  guildId: string,
  ownerId: string,
): Reply {
  const reviewKey = reviewKeyOf(review.slug);
  const expiresAt = services.now() + services.buttonTtlMs;
  return {
    content: `Delete **${review.title}** from the catalogue? ${withdrawalText(services, review.slug, guildId)}`,
    components: [
      row(
        button({ kind: 'delete-confirm', reviewKey, ownerId, expiresAt }, 'Delete', ButtonStyle.Danger),
        button({ kind: 'delete-cancel', reviewKey, ownerId }, 'Cancel', ButtonStyle.Secondary),
      ),
    ],
  };
}

export const deletedText = (title: string, withdrawn: number): string =>
  `Deleted **${title}** from the catalogue. ${withdrawn === 1 ? '1 post is' : `${withdrawn} posts are`} marked withdrawn; their likes and responses are kept.`;
