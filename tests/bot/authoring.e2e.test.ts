import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buttonId, buttonsOf, rockySlug, startStand, visibleText, type Stand } from './harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let stand: Stand;
beforeAll(async () => {
  stand = await startStand();
}, 60_000);
afterAll(() => stopStarted(stand));

interface ModalData {
  custom_id: string;
  components: { components: { custom_id: string; value?: string }[] }[];
}
const isModal = (data: unknown): data is ModalData => typeof data === 'object' && data !== null && 'custom_id' in data && 'components' in data;

async function openModal(handle: { response(): Promise<{ type: InteractionResponseType; data?: unknown }> }): Promise<ModalData> {
  const response = await handle.response();
  expect(response.type).toBe(InteractionResponseType.Modal);
  if (!isModal(response.data)) throw new Error('the bot did not show a modal');
  return response.data;
}
const prefilled = (modal: ModalData): Record<string, string> =>
  Object.fromEntries(modal.components.flatMap((row) => row.components.map((c) => [c.custom_id, c.value ?? ''])));

const submit = (customId: string, fields: Record<string, string>) =>
  stand.emulator.driver.submitModal({ userId: stand.owner.id, guildId: stand.guildId, channelId: stand.channelId, customId, fields });
const click = (messageId: string, customId: string, userId = stand.owner.id) =>
  stand.emulator.driver.clickButton({ userId, channelId: stand.channelId, messageId, customId });

const newReview = {
  title: 'Great Albums of 1985: Love',
  year: '',
  text: 'The Cult found their sound on Love.\n\nShe Sells Sanctuary still fills dance floors.',
  tracks: '1. The Cult – Nirvana\n2. The Cult – Big Neon Glitter\nnot a track at all\n3. The Cult – She Sells Sanctuary',
  nextPost: '',
};

describe('/review new', () => {
  it('is refused, like import, edit and delete, to members who are not admins', async () => {
    const attempts = [
      stand.run(stand.member.id, 'review', { subcommand: 'new' }),
      stand.run(stand.member.id, 'review', { subcommand: 'edit', options: { review: rockySlug } }),
      stand.run(stand.member.id, 'review', { subcommand: 'delete', options: { review: rockySlug } }),
      stand.run(stand.member.id, 'review', {
        subcommand: 'import',
        options: { file: 'post.txt' },
        attachments: { 'post.txt': { filename: 'post.txt', contentType: 'text/plain', content: 'Title\n\nText' } },
      }),
    ];
    for (const attempt of attempts) {
      const reply = await (await attempt).reply();
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe('Only review admins can do that: members with Manage Server or the admin role set with `/setup`.');
    }
    expect(stand.catalogue.get(rockySlug)).toBeDefined();
  });

  it('shows a modal, a preview with warnings and Publish / Edit / Cancel, then publishes and posts', async () => {
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const preview = await (await submit(modal.custom_id, newReview)).reply();
    expect(preview.ephemeral).toBe(true);
    expect(preview.content).toContain('**Preview** of “Great Albums of 1985: Love”');
    expect(preview.content).toContain('**Warnings**');
    expect(preview.content).toContain('not a track at all');
    expect(preview.embeds[0]?.title).toBe('Great Albums of 1985: Love');
    expect(visibleText(preview)).toContain('3. The Cult – She Sells Sanctuary');
    expect(buttonsOf(preview).map((b) => b.label)).toEqual(['Publish', 'Edit', 'Cancel']);

    // Edit reopens the modal with what was typed; the corrected draft replaces the preview.
    const editModal = await openModal(await click(preview.id, buttonId(preview, 'Edit')));
    expect(prefilled(editModal).title).toBe('Great Albums of 1985: Love');
    const corrected = await submit(editModal.custom_id, { ...newReview, tracks: '1. The Cult – Nirvana\n2. The Cult – She Sells Sanctuary' });
    await corrected.response();
    const updated = stand.emulator.driver.message(stand.channelId, preview.id) ?? (await corrected.reply());
    expect(updated.content).not.toContain('**Warnings**');

    const publish = await click(updated.id, buttonId(updated, 'Publish'));
    await publish.response();
    await vi.waitFor(() => expect(stand.catalogue.get('great-albums-of-1985-love')?.tracks).toHaveLength(2));
    await stand.emulator.driver.waitFor(
      () => stand.emulator.driver.messages(stand.channelId).some((m) => !m.interaction_metadata && m.embeds[0]?.title === 'Great Albums of 1985: Love'),
      5000,
      'the published post',
    );
  });

  it('names the field the member got wrong, and keeps the catalogue intact', async () => {
    const before = stand.catalogue.all().length;
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const bad = await (await submit(modal.custom_id, { ...newReview, year: '85' })).reply();
    expect(bad.ephemeral).toBe(true);
    expect(bad.content).toBe(
      'Year: "85" is not a four-digit year (e.g. 1985); leave it empty for none.\nPress **Edit** to correct it: the form opens again with what you sent.',
    );
    const modal2 = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const noTracks = await (await submit(modal2.custom_id, { ...newReview, title: 'Another', tracks: 'just words' })).reply();
    expect(noTracks.content).toContain('Track listing: no track found');
    const modal3 = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const duplicate = await (await submit(modal3.custom_id, { ...newReview })).reply();
    const publish = await click(duplicate.id, buttonId(duplicate, 'Publish'));
    const refused = await publish.reply();
    expect(refused.content).toContain('is already in the catalogue');
    expect(stand.catalogue.all()).toHaveLength(before);
  });

  it('discards a draft on Cancel', async () => {
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const preview = await (await submit(modal.custom_id, { ...newReview, title: 'Never Published' })).reply();
    const cancelled = await (await click(preview.id, buttonId(preview, 'Cancel'))).response();
    expect(cancelled).toMatchObject({ type: InteractionResponseType.UpdateMessage, data: { content: 'Discarded “Never Published”.', components: [] } });
    expect(stand.catalogue.get('never-published')).toBeUndefined();
  });
});

const blogPost = [
  'Great Soundtracks of 1986: Top Gun',
  '',
  'Top Gun has Kenny Loggins at full throttle.',
  '',
  'Track Listing',
  '',
  '1. Kenny Loggins- Danger Zone',
  '2. Cheap Trick- Mighty Wings',
  '',
  'A soundtrack that still flies.',
  '',
  'Next post: The Cult- Love',
  '',
  '2 Responses to “Great Soundtracks of 1986: Top Gun”',
  '',
  '  1. Highway to the danger zone!',
  '',
  '    Liked by 3 people',
  '',
  'Leave a Reply',
].join('\n');

describe('/review import', () => {
  it('imports a blog post through the same preview, with the blog responses kept apart', async () => {
    const handle = await stand.run(stand.owner.id, 'review', {
      subcommand: 'import',
      options: { file: 'top-gun.txt' },
      attachments: { 'top-gun.txt': { filename: 'top-gun.txt', contentType: 'text/plain; charset=utf-8', content: blogPost } },
    });
    const preview = await handle.reply();
    expect(preview.ephemeral).toBe(true);
    expect(preview.content).toContain('**Preview** of “Great Soundtracks of 1986: Top Gun”');
    expect(visibleText(preview)).toContain('1. Kenny Loggins – Danger Zone');
    await (await click(preview.id, buttonId(preview, 'Publish'))).response();
    await vi.waitFor(async () => expect((await stand.catalogue.read('great-soundtracks-of-1986-top-gun'))?.blog?.responseCount).toBe(2));
  });

  it.each([
    ['a file over 1 MB', { filename: 'huge.txt', contentType: 'text/plain', content: 'x'.repeat(1024 * 1024 + 10) }, 'blog posts over 1 MB are refused'],
    ['an image', { filename: 'cover.png', contentType: 'image/png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]) }, 'is image/png, not text'],
    ['binary content labelled as text', { filename: 'post.txt', contentType: 'text/plain', content: Buffer.from([0x47, 0, 0xff, 0xfe, 0x00]) }, 'is not text'],
    ['text that is not a blog post', { filename: 'notes.txt', contentType: 'text/plain', content: 'Just a shopping list\n\nmilk' }, "can't be imported"],
  ])('refuses %s with a clear message', async (_what, file, message) => {
    const before = stand.catalogue.all().length;
    const handle = await stand.run(stand.owner.id, 'review', {
      subcommand: 'import',
      options: { file: file.filename },
      attachments: { [file.filename]: file },
    });
    const reply = await handle.reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(message);
    expect(stand.catalogue.all()).toHaveLength(before);
  });
});

describe('/review edit and /review delete', () => {
  it('edits a review through a prefilled modal and updates every post of it', async () => {
    const { driver } = stand.emulator;
    const posted = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } })).reply();
    expect(posted.content).toContain('Posted');
    const [publication] = await stand.store.publications.byGuildAndSlug(stand.guildId, rockySlug);
    if (!publication) throw new Error('not posted');

    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'edit', options: { review: rockySlug } }));
    const fields = prefilled(modal);
    expect(fields.title).toBe('Great Soundtracks of 1985: Rocky IV');
    // The form shows the dash the review's file has (the catalogue keeps what the admin typed).
    expect(fields.tracks).toMatch(/^1\. Survivor [–-] Burning Heart$/m);
    const preview = await (await submit(modal.custom_id, { ...fields, text: `${fields.text ?? ''}\n\nEdited: Burning Heart still rules.` })).reply();
    expect(buttonsOf(preview).map((b) => b.label)).toEqual(['Save', 'Edit', 'Cancel']);
    await (await click(preview.id, buttonId(preview, 'Save'))).response();
    await driver.waitFor(
      () =>
        visibleText(driver.message(publication.channelId, publication.messageId) ?? { content: '', embeds: [] }).includes('Edited: Burning Heart still rules.'),
      5000,
      'the post shows the edit',
    );
    expect((await stand.catalogue.read(rockySlug))?.blog?.responseCount).toBe(18);
  });

  it('deletes a review, marks its posts withdrawn and keeps their likes', async () => {
    const { driver } = stand.emulator;
    const [publication] = await stand.store.publications.byGuildAndSlug(stand.guildId, rockySlug);
    if (!publication) throw new Error('not posted');
    await driver.react(stand.member.id, publication.channelId, publication.messageId, '👍');
    await vi.waitFor(() => expect(stand.bot.engagement.countsFor(publication.messageId).likes).toBe(1));

    const refused = await (await stand.run(stand.member.id, 'review', { subcommand: 'delete', options: { review: rockySlug } })).reply();
    expect(refused.content).toContain('Only review admins');
    const ask = await (await stand.run(stand.owner.id, 'review', { subcommand: 'delete', options: { review: rockySlug } })).reply();
    expect(ask.content).toContain('1 post in this server will be marked withdrawn');
    await (await click(ask.id, buttonId(ask, 'Delete'))).response();
    await driver.waitFor(() => driver.message(stand.channelId, ask.id)?.content.startsWith('Deleted') === true, 5000, 'the delete confirmed');
    expect(driver.message(stand.channelId, ask.id)?.content).toBe(
      'Deleted **Great Soundtracks of 1985: Rocky IV** from the catalogue. 1 post is marked withdrawn; their likes and responses are kept.',
    );
    expect(stand.catalogue.get(rockySlug)).toBeUndefined();
    await driver.waitFor(
      () => driver.message(publication.channelId, publication.messageId)?.embeds[0]?.title === 'Great Soundtracks of 1985: Rocky IV (withdrawn)',
      5000,
      'withdrawn post',
    );
    expect(driver.message(publication.channelId, publication.messageId)?.embeds.at(-1)?.footer?.text).toBe('Liked by 1 person');
    expect((await stand.store.publications.byMessage(publication.messageId))?.withdrawn).toBe(true);
    expect(await stand.store.likes.users(publication.messageId)).toEqual(new Set([stand.member.id]));
  });
});

describe('/setup', () => {
  it('is for Manage Server only, saves settings and refuses a bad emoji with its reason', async () => {
    const refused = await (await stand.run(stand.member.id, 'setup', { options: { like_emoji: '🔥' } })).reply();
    expect(refused.content).toBe('Only members with the Manage Server permission can do that.');
    const bad = await (await stand.run(stand.manager.id, 'setup', { options: { like_emoji: '🔥 fire' } })).reply();
    expect(bad.content).toContain('"fire" is not an emoji');
    expect((await stand.store.settings.get(stand.guildId)).likeEmojis).toEqual(['👍']);
    const saved = await (
      await stand.run(stand.manager.id, 'setup', { options: { like_emoji: '🔥 <:vinyl:123456789012345678>', count_own_likes: false } })
    ).reply();
    expect(saved.content).toContain('• Like emoji: 🔥 <:vinyl:123456789012345678>');
    expect(saved.content).toContain("• A reviewer's own like counts: no");
    expect(await stand.store.settings.get(stand.guildId)).toMatchObject({ likeEmojis: ['🔥', 'vinyl:123456789012345678'], countOwnLikes: false });
    const shown = await (await stand.run(stand.manager.id, 'setup')).reply();
    expect(shown.content).toContain('give options to change them');
  });
});
