import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonId, startStand, visibleText, type Stand } from '../bot/harness.js';
import { openModal, prefilled } from '../bot/modals.js';
import { stopStarted } from './helpers/stop-started.js';

let stand: Stand;
beforeAll(async () => {
  stand = await startStand();
}, 60_000);
afterAll(() => stopStarted(stand));

const submit = (customId: string, fields: Record<string, string>) =>
  stand.emulator.driver.submitModal({ userId: stand.owner.id, guildId: stand.guildId, channelId: stand.channelId, customId, fields });
const click = (messageId: string, customId: string) =>
  stand.emulator.driver.clickButton({ userId: stand.owner.id, channelId: stand.channelId, messageId, customId });

const form = {
  title: 'Great Soundtracks of 1984: Streets of Fire',
  year: '',
  text: 'A rock and roll fable.',
  tracks: '1. Fire Inc. – Nowhere Fast\n2. The Fixx - Deeper and Deeper\n3. Fire Inc. — Tonight Is What It Means to Be Young\nSide two',
  nextPost: '',
};
const slug = 'great-soundtracks-of-1984-streets-of-fire';

describe('typography of a review written in the form', () => {
  it('saves each track with the dash the admin typed, and the warning quotes "Artist – Title" as the examples do', async () => {
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const preview = await (await submit(modal.custom_id, form)).reply();
    expect(preview.content).toContain('line 4: skipped "Side two" inside the track listing (not a numbered "Artist – Title" line)');
    expect(preview.content).not.toContain('"Artist - Title"');

    await (await click(preview.id, buttonId(preview, 'Publish'))).response();
    await stand.emulator.driver.waitFor(() => stand.catalogue.get(slug) !== undefined, 5000, 'the review in the catalogue');
    await stand.catalogue.settled();
    const file = await readFile(join(stand.dataDir, 'reviews', `${slug}.md`), 'utf8');
    expect(file).toMatch(
      /## Track listing\n\n1\. Fire Inc\. – Nowhere Fast\n2\. The Fixx - Deeper and Deeper\n3\. Fire Inc\. — Tonight Is What It Means to Be Young\n$/,
    );

    // The post in the channel numbers the tracks "Artist – Title".
    await stand.emulator.driver.waitFor(
      () => stand.emulator.driver.messages(stand.channelId).some((m) => !m.interaction_metadata && m.embeds[0]?.title === form.title),
      5000,
      'the published post',
    );
    const post = stand.emulator.driver.messages(stand.channelId).find((m) => !m.interaction_metadata && m.embeds[0]?.title === form.title);
    expect(post && visibleText(post)).toContain('1. Fire Inc. – Nowhere Fast');
  });

  it('opens /review edit with the dashes as saved, and saving unchanged keeps them', async () => {
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'edit', options: { review: slug } }));
    expect(prefilled(modal).tracks).toBe('1. Fire Inc. – Nowhere Fast\n2. The Fixx - Deeper and Deeper\n3. Fire Inc. — Tonight Is What It Means to Be Young');
    const preview = await (await submit(modal.custom_id, prefilled(modal))).reply();
    const saved = await (await click(preview.id, buttonId(preview, 'Save'))).reply();
    expect(saved.content).toContain('Saved **Great Soundtracks of 1984: Streets of Fire**');
    await stand.catalogue.settled();
    const file = await readFile(join(stand.dataDir, 'reviews', `${slug}.md`), 'utf8');
    expect(file).toContain('1. Fire Inc. – Nowhere Fast\n2. The Fixx - Deeper and Deeper\n');
    expect((await stand.catalogue.read(slug))?.tracks[0]).toEqual({ position: 1, artist: 'Fire Inc.', title: 'Nowhere Fast', dash: '–' });
  });
});
