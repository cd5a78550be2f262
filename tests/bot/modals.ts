import { InteractionResponseType } from 'discord-api-types/v10';
import { expect } from 'vitest';

/** A modal as the bot showed it: its custom id and its text inputs with their prefilled values. */
export interface ModalData {
  custom_id: string;
  title?: string;
  components: { components: { custom_id: string; value?: string }[] }[];
}

const isModal = (data: unknown): data is ModalData => typeof data === 'object' && data !== null && 'custom_id' in data && 'components' in data;

/** The modal an interaction was answered with; fails when the answer is anything else. */
export async function openModal(handle: { response(): Promise<{ type: InteractionResponseType; data?: unknown }> }): Promise<ModalData> {
  const response = await handle.response();
  expect(response.type).toBe(InteractionResponseType.Modal);
  if (!isModal(response.data)) throw new Error('the bot did not show a modal');
  return response.data;
}

/** The values a modal opens with, by input custom id ('' for an empty input). */
export const prefilled = (modal: ModalData): Record<string, string> =>
  Object.fromEntries(modal.components.flatMap((row) => row.components.map((c) => [c.custom_id, c.value ?? ''])));
