import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rockySlug, startStand, type Stand } from '../bot/harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

/**
 * Engagement inside the whole product (startBot, the real renderer, /review post and /setup), so the wiring
 * between the commands and the engine is covered, not only the engine with a test client.
 */
let stand: Stand;

beforeAll(async () => {
  stand = await startStand();
});

afterAll(() => stopStarted(stand));

function footerOf(channelId: string, messageId: string): string | undefined {
  return stand.emulator.driver.message(channelId, messageId)?.embeds.at(-1)?.footer?.text;
}

describe('engagement in the running bot', () => {
  it('follows /setup: new like emoji count at once, old ones stop, own likes follow the setting', async () => {
    const { driver } = stand.emulator;
    const posted = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } })).reply();
    expect(posted.ephemeral).toBe(true);
    const [publication] = await stand.store.publications.byGuildAndSlug(stand.guildId, rockySlug);
    if (!publication) throw new Error('the review was not posted');
    const { channelId, messageId } = publication;

    await driver.react(stand.member.id, channelId, messageId, '👍');
    await driver.react(stand.owner.id, channelId, messageId, '👍');
    await driver.waitFor(() => footerOf(channelId, messageId) === 'Liked by 2 people', 5000, 'two likes with 👍');

    const saved = await (await stand.run(stand.manager.id, 'setup', { options: { like_emoji: '🔥', count_own_likes: false } })).reply();
    expect(saved.content).toContain('Saved');
    await driver.waitFor(() => footerOf(channelId, messageId) === undefined, 5000, '👍 and the poster’s own like no longer count');

    await driver.react(stand.otherMember.id, channelId, messageId, '🔥');
    await driver.react(stand.owner.id, channelId, messageId, '🔥');
    await driver.react(stand.member.id, channelId, messageId, '👍');
    await driver.waitFor(() => footerOf(channelId, messageId) === 'Liked by 1 person', 5000, 'one like with 🔥');
    await stand.bot.engagement.flush();
    expect([...(await stand.store.likes.users(messageId))]).toEqual([stand.otherMember.id]);
  });
});
