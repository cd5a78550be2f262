import { ButtonStyle } from 'discord.js';
import type { ReviewForm } from '../domain/parse-review-form.js';
import type { ModalContext } from './command-kit.js';
import type { ModalState } from './custom-id.js';
import { memberMessageOf } from './dispatcher.js';
import { RefusalWithButtons } from './refusal-with-buttons.js';
import { button, row } from './views.js';

export const reopenHint = 'Press **Edit** to correct it: the form opens again with what you sent.';

/**
 * Parses a submitted review form; when the member's input is refused, keeps the form and refuses with an
 * "Edit" button that reopens it filled. Discord closes a modal on submit and cannot answer a submit with
 * another modal (interactions docs, "Interaction Response Type": MODAL is not available for MODAL_SUBMIT),
 * so the button is the way back to the form.
 */
export function parseOrKeep<T>(context: ModalContext, input: { modal: ModalState; title: string; form: ReviewForm }, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = memberMessageOf(error);
    if (message === null) throw error;
    const { interaction, services } = context;
    const ownerId = interaction.user.id;
    const formId = services.refusedForms.put({ ...input, ownerId, guildId: interaction.guildId });
    throw new RefusalWithButtons(`${message}\n${reopenHint}`, [row(button({ kind: 'form-reopen', formId, ownerId }, 'Edit', ButtonStyle.Primary))]);
  }
}
