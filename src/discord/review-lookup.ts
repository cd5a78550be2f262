import { ApplicationCommandOptionType, type APIApplicationCommandOptionChoice, type APIApplicationCommandStringOption } from 'discord.js';
import type { Catalogue } from '../catalogue/index.js';
import { MemberFacingError } from '../domain/member-facing-error.js';
import type { Review, ReviewSummary } from '../domain/review.js';
import { normalizeForSearch, reviewsNamed, searchReviews, suggestReviews } from '../domain/search-reviews.js';
import { invisibleReason, isInvisible } from '../domain/visible-text.js';
import type { AutocompleteContext } from './command-kit.js';
import { matchesReviewKey } from './custom-id.js';

/** The `review` option every review command declares; its choices come from `reviewAutocomplete`. */
export const reviewOption = {
  type: ApplicationCommandOptionType.String,
  name: 'review',
  description: 'The review (start typing: title, subject, series, artist or track)',
  required: true,
  autocomplete: true,
} as const satisfies APIApplicationCommandStringOption;

/** Discord: at most 25 choices, names and values of 1 to 100 characters (application commands docs). */
const maxChoices = 25;
const choiceNameMax = 100;

export function choiceLabel(review: ReviewSummary): string {
  const year = review.year === null ? '' : ` (${review.year})`;
  const series = review.series ? ` — ${review.series}` : '';
  const label = `${review.subject}${year}${series}`;
  return label.length <= choiceNameMax ? label : `${label.slice(0, choiceNameMax - 1)}…`;
}

/**
 * The review a `review:` option names: its slug (what autocomplete sends) or, when a member typed instead of
 * picking, a title or subject that matches exactly or a single search hit.
 */
export function requireReview(catalogue: Catalogue, value: string): ReviewSummary {
  if (isInvisible(value)) throw new MemberFacingError(`The review option ${invisibleReason}. Pick a review from the list that appears as you type.`);
  const bySlug = catalogue.get(value.trim());
  if (bySlug) return bySlug;
  const all = catalogue.all();
  const exact = reviewsNamed(all, value);
  if (exact.length === 1 && exact[0]) return exact[0];
  const hits = searchReviews(all, value, 2);
  if (hits.length === 1 && hits[0]) return hits[0];
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  throw new MemberFacingError(
    hits.length > 1
      ? `"${shown}" matches several reviews; pick one from the list that appears as you type.`
      : `No review matches "${shown}". Pick one from the list that appears as you type, or see \`/reviews\`.`,
  );
}

const noLongerThere = 'That review is no longer in the catalogue.';

/** The review a custom id's review key stands for, if it is still in the catalogue. */
export function findByKey(catalogue: Catalogue, reviewKey: string): ReviewSummary | undefined {
  return catalogue.get(reviewKey) ?? catalogue.all().find((r) => matchesReviewKey(r.slug, reviewKey));
}

export function reviewByKey(catalogue: Catalogue, reviewKey: string): ReviewSummary {
  const review = findByKey(catalogue, reviewKey);
  if (!review) throw new MemberFacingError(noLongerThere);
  return review;
}

/** The whole review (its text and blog archive) behind a summary, read from its file. */
export async function wholeReview(catalogue: Catalogue, summary: ReviewSummary): Promise<Review> {
  const review = await catalogue.read(summary.slug);
  if (!review) throw new MemberFacingError(noLongerThere);
  return review;
}

/** Autocomplete for every `review` option (and `series`): answered from memory, so nothing to await. */
export function reviewAutocomplete(context: AutocompleteContext, focused: { name: string; value: string }): Promise<APIApplicationCommandOptionChoice[]> {
  return Promise.resolve(reviewChoices(context, focused));
}

function reviewChoices(context: AutocompleteContext, focused: { name: string; value: string }): APIApplicationCommandOptionChoice[] {
  const reviews = context.services.catalogue.all();
  if (focused.name === 'series') {
    const wanted = normalizeForSearch(focused.value);
    const names = [...new Set(reviews.map((r) => r.series).filter((s): s is string => s !== null))];
    return names
      .filter((name) => normalizeForSearch(name).includes(wanted))
      .slice(0, maxChoices)
      .map((name) => ({ name: name.slice(0, choiceNameMax), value: name.slice(0, choiceNameMax) }));
  }
  const found =
    focused.value.trim().length > 0
      ? searchReviews(reviews, focused.value, maxChoices)
      : suggestReviews(reviews, context.services.engagement.countsByGuild(context.interaction.guildId), maxChoices);
  return found.map((review) => ({ name: choiceLabel(review), value: review.slug }));
}
