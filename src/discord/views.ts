import { ButtonStyle, ComponentType, TextInputStyle, type APIButtonComponent, type APIModalInteractionResponseCallbackData } from 'discord.js';
import type { ReviewForm } from '../domain/parse-review-form.js';
import type { Review } from '../domain/review.js';
import { seriesNeighbours } from '../domain/series-order.js';
import { truncateAtWord } from '../domain/split-text.js';
import type { Reply } from './command-kit.js';
import { encodeCustomId, reviewKeyOf, type ComponentState } from './custom-id.js';
import type { Draft } from './drafts.js';
import { readPageView, renderPostView, type ButtonRow } from './render-review.js';
import type { BotServices } from './services.js';

export function button(
  state: ComponentState,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger,
  disabled = false,
): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: encodeCustomId(state), label: truncateAtWord(label, 80), style, disabled };
}

export const row = (...components: APIButtonComponent[]): ButtonRow => ({ type: ComponentType.ActionRow, components });

/** ◀ ▶ buttons whose custom ids carry the target page; distinct ids even at the edges. */
export function pagerRow(make: (page: number) => ComponentState, page: number, pageCount: number): ButtonRow[] {
  if (pageCount <= 1) return [];
  const last = pageCount - 1;
  return [
    row(
      button(make(Math.max(0, page - 1)), '◀', ButtonStyle.Secondary, page === 0),
      button(make(Math.min(last, page + 1)), '▶', ButtonStyle.Secondary, page === last),
    ),
  ];
}

/** A page of /review read with its paging buttons and the series neighbours as buttons. */
export function readReply(services: BotServices, review: Review, page: number, ownerId: string): Reply {
  const expiresAt = services.now() + services.buttonTtlMs;
  const view = readPageView(review, page);
  const reviewKey = reviewKeyOf(review.slug);
  const components = pagerRow((p) => ({ kind: 'read', reviewKey, page: p, ownerId, expiresAt }), view.page, view.pageCount);
  const { previous, next } = seriesNeighbours(services.catalogue.all(), review);
  const series: APIButtonComponent[] = [];
  if (previous)
    series.push(button({ kind: 'read', reviewKey: reviewKeyOf(previous.slug), page: 0, ownerId, expiresAt }, `◀ ${previous.subject}`, ButtonStyle.Primary));
  if (next) series.push(button({ kind: 'read', reviewKey: reviewKeyOf(next.slug), page: 0, ownerId, expiresAt }, `${next.subject} ▶`, ButtonStyle.Primary));
  if (series.length > 0) components.push(row(...series));
  return { embeds: view.embeds, components };
}

/** Discord caps a text input at 4000 characters (interactions docs, "Text Input"). */
export const textInputMax = 4000;

export function reviewModal(customState: ComponentState, title: string, form: ReviewForm): APIModalInteractionResponseCallbackData {
  const input = (custom_id: keyof ReviewForm, label: string, style: TextInputStyle, max: number, required: boolean, placeholder: string) => ({
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.TextInput as const,
        custom_id,
        label,
        style,
        max_length: max,
        required,
        placeholder,
        ...(form[custom_id].length > 0 ? { value: form[custom_id].slice(0, max) } : {}),
      },
    ],
  });
  return {
    custom_id: encodeCustomId(customState),
    title,
    components: [
      input('title', 'Title (Series: Subject)', TextInputStyle.Short, 256, true, 'Great Soundtracks of 1985: Rocky IV'),
      input('year', 'Year (empty: taken from the series)', TextInputStyle.Short, 4, false, '1985'),
      input('text', 'Review text (blank line between paragraphs)', TextInputStyle.Paragraph, textInputMax, true, '1985 saw two films where…'),
      input(
        'tracks',
        'Track listing, one per line',
        TextInputStyle.Paragraph,
        textInputMax,
        true,
        '1. Survivor – Burning Heart\n2. James Brown – Living in America',
      ),
      input('nextPost', 'Next post (optional, for series order)', TextInputStyle.Short, 256, false, 'The Cult- Love'),
    ],
  };
}

const maxContent = 2000;

/** The ephemeral preview of a draft with Publish (or Save) / Edit / Cancel. */
export function previewReply(draft: Draft, draftId: string, destination: string): Reply {
  const action =
    draft.mode === 'edit' ? 'Save updates the catalogue and every post of it.' : `Publish adds it to the catalogue and posts it in ${destination}.`;
  let content = `**Preview** of “${draft.review.title}” (only you can see this). ${action}`;
  if (draft.warnings.length > 0) {
    const lines = draft.warnings.map((w) => `• ${truncateAtWord(w, 300)}`);
    let warnings = '\n\n**Warnings**';
    for (const [index, line] of lines.entries()) {
      const rest = `\n… and ${lines.length - index} more`;
      if (content.length + warnings.length + line.length + rest.length + 1 > maxContent) {
        warnings += rest;
        break;
      }
      warnings += `\n${line}`;
    }
    content += warnings;
  }
  const view = renderPostView(draft.review, { counts: { likes: 0, responses: 0 } });
  const ownerId = draft.ownerId;
  return {
    content,
    embeds: view.embeds,
    components: [
      row(
        button({ kind: 'draft', action: 'publish', draftId, ownerId }, draft.mode === 'edit' ? 'Save' : 'Publish', ButtonStyle.Success),
        button({ kind: 'draft', action: 'edit', draftId, ownerId }, 'Edit', ButtonStyle.Secondary),
        button({ kind: 'draft', action: 'cancel', draftId, ownerId }, 'Cancel', ButtonStyle.Danger),
      ),
    ],
  };
}
