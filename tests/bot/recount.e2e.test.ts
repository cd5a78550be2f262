import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rockySlug, startStand, type Stand } from './harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let stand: Stand;
beforeAll(async () => {
  stand = await startStand();
}, 60_000);
afterAll(() => stopStarted(stand));

const footer = (channelId: string, messageId: string): string | undefined => stand.emulator.driver.message(channelId, messageId)?.embeds.at(-1)?.footer?.text;

describe('/recount', () => {
  it('is refused to a member who is not an admin', async () => {
    const reply = await (await stand.run(stand.member.id, 'recount')).reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('Only review admins can do that');
  });

  it('rebuilds a view that drifted from Discord and fixes the footer', async () => {
    const { driver } = stand.emulator;
    await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } })).reply();
    const [publication] = await stand.store.publications.byGuildAndSlug(stand.guildId, rockySlug);
    if (!publication) throw new Error('not posted');
    await driver.react(stand.member.id, stand.channelId, publication.messageId, '👍');
    await driver.waitFor(() => footer(stand.channelId, publication.messageId) === 'Liked by 1 person', 5000, 'one like');
    // A reaction event for a like Discord does not hold (a stale or forged dispatch): the view drifts to 2.
    await driver.pushDispatches([
      {
        t: GatewayDispatchEvents.MessageReactionAdd,
        d: {
          user_id: stand.otherMember.id,
          channel_id: stand.channelId,
          message_id: publication.messageId,
          guild_id: stand.guildId,
          emoji: { id: null, name: '👍' },
          burst: false,
          type: 0,
        },
      },
    ]);
    await driver.waitFor(() => footer(stand.channelId, publication.messageId) === 'Liked by 2 people', 5000, 'the drifted view');

    const reply = await (await stand.run(stand.owner.id, 'recount', { options: { review: rockySlug } })).reply(10_000);
    await driver.waitFor(() => /Counted/.test(driver.message(reply.channel_id, reply.id)?.content ?? ''), 10_000, 'the recount done');
    expect(driver.message(reply.channel_id, reply.id)?.content).toContain(
      'Counted the posts of **Great Soundtracks of 1985: Rocky IV** again from Discord: 1 post read, 1 difference found and fixed.',
    );
    await driver.waitFor(() => footer(stand.channelId, publication.messageId) === 'Liked by 1 person', 5000, 'the footer fixed');
    expect(stand.bot.engagement.countsFor(publication.messageId).likes).toBe(1);
  });

  it('names a review it does not know', async () => {
    const reply = await (await stand.run(stand.owner.id, 'recount', { options: { review: 'great-soundtracks-of-1985-vision-quest' } })).reply(10_000);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(
      'No review matches "great-soundtracks-of-1985-vision-quest". Pick one from the list that appears as you type, or see `/reviews`.',
    );
  });
});
