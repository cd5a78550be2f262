import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buttonId, rockySlug, startStand, visibleText, type Stand } from './harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let stand: Stand;
beforeAll(async () => {
  stand = await startStand();
}, 60_000);
afterAll(() => stopStarted(stand));

const posts = (channelId: string) => stand.emulator.driver.messages(channelId).filter((m) => m.embeds.length > 0 && !m.interaction_metadata);

describe('a review posted twice in one server', () => {
  it('counts each person once in /top and /reviews, and sums the responses of its posts', async () => {
    const { driver } = stand.emulator;
    await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } })).reply();
    const again = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } })).reply();
    await driver.clickButton({ userId: stand.owner.id, channelId: stand.channelId, messageId: again.id, customId: buttonId(again, 'Post again') });
    await driver.waitFor(() => posts(stand.channelId).length === 2, 5000, 'the second post');
    const publications = await vi.waitFor(async () => {
      const saved = await stand.store.publications.byGuildAndSlug(stand.guildId, rockySlug);
      if (saved.length !== 2 || saved.some((publication) => publication.threadId === null)) throw new Error('not saved yet');
      return saved;
    });
    const [first, second] = publications;
    if (!first?.threadId || !second?.threadId) throw new Error('two posts with threads expected');

    // The member likes both posts; the other member and the manager like one each: three people.
    await driver.react(stand.member.id, stand.channelId, first.messageId, '👍');
    await driver.react(stand.member.id, stand.channelId, second.messageId, '👍');
    await driver.react(stand.otherMember.id, stand.channelId, first.messageId, '👍');
    await driver.react(stand.manager.id, stand.channelId, second.messageId, '👍');
    await driver.sendMessage(stand.member.id, first.threadId, 'Burning Heart!');
    await driver.sendMessage(stand.otherMember.id, second.threadId, 'No Easy Way Out!');
    const footer = (messageId: string): string | undefined => driver.message(stand.channelId, messageId)?.embeds.at(-1)?.footer?.text;
    await driver.waitFor(
      () => footer(first.messageId) === 'Liked by 2 people · 1 Response' && footer(second.messageId) === 'Liked by 2 people · 1 Response',
      5000,
      'both footers',
    );

    const top = visibleText(await (await stand.run(stand.member.id, 'top')).reply());
    expect(top).toContain('Rocky IV');
    expect(top).toContain('Liked by 3 people · 2 Responses');
    const reviews = visibleText(await (await stand.run(stand.member.id, 'reviews')).reply());
    expect(reviews).toContain('Liked by 3 people · 2 Responses');
  });
});
