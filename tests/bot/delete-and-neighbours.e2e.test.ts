import type { APIMessage } from 'discord-api-types/v10';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonId, buttonsOf, rockySlug, startStand, type Stand } from './harness.js';
import { openModal, prefilled } from './modals.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

/**
 * `/review delete` asks first, and a delete, a withdrawal or an edit that moves a review out of its series
 * re-renders its neighbours' posts, so no "◀ / ▶" button points at a post that is gone from the series.
 */
let stand: Stand;
const visionQuest = 'great-soundtracks-of-1985-vision-quest';
const stElmo = 'great-soundtracks-of-1985-st-elmos-fire';

beforeAll(async () => {
  stand = await startStand();
  const rocky = await stand.catalogue.read(rockySlug);
  if (!rocky) throw new Error('Rocky IV missing from the catalogue');
  // Series order: Vision Quest (its "next post" is Rocky IV), Rocky IV, St. Elmo's Fire (added last).
  await stand.catalogue.add({
    ...rocky,
    slug: visionQuest,
    title: 'Great Soundtracks of 1985: Vision Quest',
    subject: 'Vision Quest',
    nextPost: 'Great Soundtracks of 1985: Rocky IV',
    addedAt: '2026-01-01',
    blog: null,
  });
  await stand.catalogue.add({
    ...rocky,
    slug: stElmo,
    title: "Great Soundtracks of 1985: St. Elmo's Fire",
    subject: "St. Elmo's Fire",
    nextPost: null,
    addedAt: '2027-01-01',
    blog: null,
  });
  for (const slug of [rockySlug, visionQuest, stElmo]) {
    const reply = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: slug } })).reply();
    expect(reply.content).toContain('Posted');
  }
}, 60_000);
afterAll(() => stopStarted(stand));

const postOf = (title: string): APIMessage => {
  const post = stand.emulator.driver.messages(stand.channelId).find((m) => !m.interaction_metadata && m.embeds[0]?.title === title);
  if (!post) throw new Error(`no post titled ${title}`);
  return post;
};
const rockyPost = (): APIMessage => postOf('Great Soundtracks of 1985: Rocky IV');
const seriesButtons = (message: APIMessage): string[] =>
  buttonsOf(message)
    .filter((b) => b.url !== null)
    .map((b) => b.label);
const click = (message: APIMessage, label: string) =>
  stand.emulator.driver.clickButton({ userId: stand.owner.id, channelId: stand.channelId, messageId: message.id, customId: buttonId(message, label) });
const waitForRockyButtons = (labels: string[], what: string) =>
  stand.emulator.driver.waitFor(() => JSON.stringify(seriesButtons(rockyPost())) === JSON.stringify(labels), 5000, what);

describe('/review delete', () => {
  it('asks first, naming how many posts will be marked withdrawn, and Cancel leaves everything as it was', async () => {
    await waitForRockyButtons(['◀ Vision Quest', "St. Elmo's Fire ▶"], 'both series buttons on the Rocky IV post');
    const before = postOf('Great Soundtracks of 1985: Vision Quest');

    const ask = await (await stand.run(stand.owner.id, 'review', { subcommand: 'delete', options: { review: visionQuest } })).reply();
    expect(ask.ephemeral).toBe(true);
    expect(ask.content).toBe(
      'Delete **Great Soundtracks of 1985: Vision Quest** from the catalogue? 1 post in this server will be marked withdrawn; their likes and responses are kept.',
    );
    expect(buttonsOf(ask).map((b) => b.label)).toEqual(['Delete', 'Cancel']);
    expect(stand.catalogue.get(visionQuest)).toBeDefined();

    const cancelled = await (await click(ask, 'Cancel')).response();
    expect(cancelled).toMatchObject({
      type: InteractionResponseType.UpdateMessage,
      data: { content: 'Kept **Great Soundtracks of 1985: Vision Quest**; nothing was deleted.', components: [] },
    });
    expect(stand.catalogue.get(visionQuest)).toBeDefined();
    expect((await stand.store.publications.byMessage(before.id))?.withdrawn).toBe(false);
    expect(postOf('Great Soundtracks of 1985: Vision Quest').embeds).toEqual(before.embeds);
    expect(seriesButtons(rockyPost())).toEqual(['◀ Vision Quest', "St. Elmo's Fire ▶"]);
  });

  it('names posts in other servers too, and says so when a review is not posted at all', async () => {
    const rocky = await stand.catalogue.read(rockySlug);
    if (!rocky) throw new Error('Rocky IV missing');
    await stand.catalogue.add({ ...rocky, slug: 'never-posted', title: 'Never Posted', series: null, subject: 'Never Posted', blog: null });
    const ask = await (await stand.run(stand.owner.id, 'review', { subcommand: 'delete', options: { review: 'never-posted' } })).reply();
    expect(ask.content).toBe('Delete **Never Posted** from the catalogue? It is not posted anywhere, so no post will change.');
    const other = { ...((await stand.store.publications.byGuildAndSlug(stand.guildId, rockySlug))[0] ?? rockyPublicationMissing()) };
    stand.bot.services.publications.put({ ...other, guildId: '999999999999999999', messageId: '888888888888888888', slug: 'never-posted' });
    const again = await (await stand.run(stand.owner.id, 'review', { subcommand: 'delete', options: { review: 'never-posted' } })).reply();
    expect(again.content).toBe(
      'Delete **Never Posted** from the catalogue? 1 post in other servers will be marked withdrawn; their likes and responses are kept.',
    );
  });

  it('refuses an expired Delete button and deletes nothing', async () => {
    const ask = await (await stand.run(stand.owner.id, 'review', { subcommand: 'delete', options: { review: visionQuest } })).reply();
    stand.advanceClock(31 * 60_000);
    const late = await (await click(ask, 'Delete')).reply();
    expect(late.content).toBe('These buttons have expired. Run the command again to get fresh ones.');
    expect(stand.catalogue.get(visionQuest)).toBeDefined();
  });

  it('deletes on Delete: the post is marked withdrawn and its neighbour’s post no longer links to it', async () => {
    const vq = postOf('Great Soundtracks of 1985: Vision Quest');
    const ask = await (await stand.run(stand.owner.id, 'review', { subcommand: 'delete', options: { review: visionQuest } })).reply();
    const done = await click(ask, 'Delete');
    expect((await done.response()).type).toBe(InteractionResponseType.UpdateMessage);
    await stand.emulator.driver.waitFor(
      () => stand.emulator.driver.message(stand.channelId, ask.id)?.content.startsWith('Deleted') === true,
      5000,
      'the confirmation turned into the result',
    );
    expect(stand.emulator.driver.message(stand.channelId, ask.id)?.content).toBe(
      'Deleted **Great Soundtracks of 1985: Vision Quest** from the catalogue. 1 post is marked withdrawn; their likes and responses are kept.',
    );
    expect(stand.catalogue.get(visionQuest)).toBeUndefined();
    expect((await stand.store.publications.byMessage(vq.id))?.withdrawn).toBe(true);
    await stand.emulator.driver.waitFor(
      () => stand.emulator.driver.message(stand.channelId, vq.id)?.embeds[0]?.title === 'Great Soundtracks of 1985: Vision Quest (withdrawn)',
      5000,
      'the withdrawn post',
    );
    await waitForRockyButtons(["St. Elmo's Fire ▶"], 'the Rocky IV post without its button to the deleted review');
  });
});

describe('series buttons after a restart and after an edit', () => {
  it('do not link a withdrawn neighbour, even once the review is back in the catalogue and the bot restarted', async () => {
    const rocky = await stand.catalogue.read(rockySlug);
    if (!rocky) throw new Error('Rocky IV missing');
    // Vision Quest comes back (a file restored by hand): its only post in this server stays withdrawn.
    await stand.catalogue.add({
      ...rocky,
      slug: visionQuest,
      title: 'Great Soundtracks of 1985: Vision Quest',
      subject: 'Vision Quest',
      nextPost: 'Great Soundtracks of 1985: Rocky IV',
      addedAt: '2026-01-01',
      blog: null,
    });
    await stand.restartBot();
    const { driver } = stand.emulator;
    await driver.react(stand.member.id, stand.channelId, rockyPost().id, '👍');
    await driver.waitFor(() => rockyPost().embeds.at(-1)?.footer?.text === 'Liked by 1 person', 5000, 'the Rocky IV post re-rendered after the restart');
    expect(seriesButtons(rockyPost())).toEqual(["St. Elmo's Fire ▶"]);
  });

  it('an edit that moves a review out of the series drops it from its old neighbour’s post', async () => {
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'edit', options: { review: stElmo } }));
    const preview = await (
      await stand.emulator.driver.submitModal({
        userId: stand.owner.id,
        guildId: stand.guildId,
        channelId: stand.channelId,
        customId: modal.custom_id,
        fields: { ...prefilled(modal), title: "Great Films of 1985: St. Elmo's Fire" },
      })
    ).reply();
    await (await click(preview, 'Save')).response();
    await waitForRockyButtons([], 'the Rocky IV post without a button to the moved review');
    // The edited review's own post is re-rendered on its own schedule: wait for it rather than assume it came first.
    const retitled = "Great Films of 1985: St. Elmo's Fire";
    await stand.emulator.driver.waitFor(
      () => stand.emulator.driver.messages(stand.channelId).some((m) => !m.interaction_metadata && m.embeds[0]?.title === retitled),
      10_000,
      'the edited post retitled',
    );
    expect(postOf(retitled).embeds[0]?.fields?.[0]).toMatchObject({ name: 'Series', value: 'Great Films of 1985' });
  });
});

function rockyPublicationMissing(): never {
  throw new Error('Rocky IV was not posted');
}
