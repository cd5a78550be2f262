import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buttonId, buttonsOf, rockySlug, startStand, type Stand } from './harness.js';
import { openModal, prefilled } from './modals.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

/** A review form refused for bad input keeps what was typed: "Edit" under the error reopens it filled. */
let stand: Stand;
beforeAll(async () => {
  stand = await startStand();
}, 60_000);
afterAll(() => stopStarted(stand));

const submit = (customId: string, fields: Record<string, string>) =>
  stand.emulator.driver.submitModal({ userId: stand.owner.id, guildId: stand.guildId, channelId: stand.channelId, customId, fields });
const click = (message: APIMessage, label: string) =>
  stand.emulator.driver.clickButton({ userId: stand.owner.id, channelId: stand.channelId, messageId: message.id, customId: buttonId(message, label) });

const typed = {
  title: 'Great Albums of 1986: Control',
  year: '86',
  text: 'Janet Jackson took control.\n\nNasty is still nasty.',
  tracks: '1. Janet Jackson – Control\n2. Janet Jackson – What Have You Done for Me Lately',
  nextPost: 'The Cult- Love',
};
const hint = 'Press **Edit** to correct it: the form opens again with what you sent.';

describe('a refused /review new form', () => {
  it('offers Edit, which reopens the form with everything that was sent; the fixed form reaches the preview', async () => {
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const refused = await (await submit(modal.custom_id, typed)).reply();
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe(`Year: "86" is not a four-digit year (e.g. 1985); leave it empty for none.\n${hint}`);
    expect(buttonsOf(refused).map((b) => b.label)).toEqual(['Edit']);
    expect(stand.catalogue.get('great-albums-of-1986-control')).toBeUndefined();

    const reopened = await openModal(await click(refused, 'Edit'));
    expect(reopened.title).toBe('New review');
    expect(prefilled(reopened)).toEqual(typed);

    const preview = await (await submit(reopened.custom_id, { ...prefilled(reopened), year: '1986' })).reply();
    expect(preview.content).toContain('**Preview** of “Great Albums of 1986: Control”');
    expect(buttonsOf(preview).map((b) => b.label)).toEqual(['Publish', 'Edit', 'Cancel']);
  });

  it('keeps the form again when the reopened one is refused too', async () => {
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const first = await (await submit(modal.custom_id, { ...typed, year: '', tracks: 'no tracks here' })).reply();
    expect(first.content).toContain('Track listing: no track found');
    const reopened = await openModal(await click(first, 'Edit'));
    const second = await (await submit(reopened.custom_id, { ...prefilled(reopened), tracks: 'still none' })).reply();
    expect(second.content).toContain('Track listing: no track found');
    expect(prefilled(await openModal(await click(second, 'Edit')))).toMatchObject({ tracks: 'still none', text: typed.text });
  });
});

describe('a refused /review edit form and a refused preview edit', () => {
  it('reopens the edit form of the review with what was sent, and saves once it is fixed', async () => {
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'edit', options: { review: rockySlug } }));
    const sent = { ...prefilled(modal), text: 'A shorter review of Rocky IV.', tracks: 'Burning Heart without a number or artist' };
    const refused = await (await submit(modal.custom_id, sent)).reply();
    expect(refused.content).toContain('Track listing: no track found');
    expect(refused.content).toContain(hint);

    const reopened = await openModal(await click(refused, 'Edit'));
    expect(reopened.title).toBe('Edit review');
    expect(prefilled(reopened)).toEqual(sent);
    const preview = await (await submit(reopened.custom_id, { ...sent, tracks: '1. Survivor – Burning Heart' })).reply();
    expect(buttonsOf(preview).map((b) => b.label)).toEqual(['Save', 'Edit', 'Cancel']);
    await (await click(preview, 'Save')).response();
    await vi.waitFor(async () => expect((await stand.catalogue.read(rockySlug))?.body).toEqual(['A shorter review of Rocky IV.']));
  });

  it('keeps a refused correction of a preview; the fixed one becomes the preview in place of the refusal', async () => {
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const preview = await (await submit(modal.custom_id, { ...typed, title: 'Great Albums of 1986: Rapture', year: '' })).reply();
    const editModal = await openModal(await click(preview, 'Edit'));
    const refused = await (await submit(editModal.custom_id, { ...prefilled(editModal), year: 'late' })).reply();
    expect(refused.content).toBe(`Year: "late" is not a four-digit year (e.g. 1985); leave it empty for none.\n${hint}`);
    const reopened = await openModal(await click(refused, 'Edit'));
    expect(prefilled(reopened)).toMatchObject({ title: 'Great Albums of 1986: Rapture', year: 'late', text: typed.text });
    await (await submit(reopened.custom_id, { ...prefilled(reopened), year: '1986' })).response();
    await stand.emulator.driver.waitFor(
      () => stand.emulator.driver.message(stand.channelId, refused.id)?.content.includes('**Preview** of “Great Albums of 1986: Rapture”') === true,
      5000,
      'the refusal turned into the corrected preview',
    );
    const corrected = stand.emulator.driver.message(stand.channelId, refused.id);
    if (!corrected) throw new Error('the refusal message is gone');
    expect(corrected.embeds[0]?.fields?.find((f) => f.name === 'Year')?.value).toBe('1986');
    await (await click(corrected, 'Publish')).response();
    await vi.waitFor(() => expect(stand.catalogue.get('great-albums-of-1986-rapture')?.year).toBe(1986));
  });
});

describe('an Edit button whose form is gone', () => {
  it('answers clearly, ephemerally, after the form expired and after a restart', async () => {
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const refused = await (await submit(modal.custom_id, typed)).reply();
    const gone =
      'This form is no longer kept (a refused form is kept for 15 minutes, and not across a restart of the bot). Run `/review new` or `/review edit` again.';
    stand.advanceClock(16 * 60_000);
    const late = await (await click(refused, 'Edit')).reply();
    expect(late.ephemeral).toBe(true);
    expect(late.content).toBe(gone);

    const modal2 = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const refused2 = await (await submit(modal2.custom_id, typed)).reply();
    await stand.restartBot();
    const afterRestart = await (await click(refused2, 'Edit')).reply();
    expect(afterRestart.content).toBe(gone);
  });
});
