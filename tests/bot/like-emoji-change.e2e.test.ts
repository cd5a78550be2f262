import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rockySlug, startStand, type Stand } from './harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

/** `/setup like_emoji:` says what happens to the likes counted so far, and the bot's invitation follows. */
let stand: Stand;
const visionQuest = 'great-soundtracks-of-1985-vision-quest';

beforeAll(async () => {
  stand = await startStand();
  const rocky = await stand.catalogue.read(rockySlug);
  if (!rocky) throw new Error('Rocky IV missing from the catalogue');
  await stand.catalogue.add({
    ...rocky,
    slug: visionQuest,
    title: 'Great Soundtracks of 1985: Vision Quest',
    subject: 'Vision Quest',
    nextPost: null,
    addedAt: '2027-01-01',
    blog: null,
  });
  // Rocky IV in the text channel, Vision Quest as a forum post: the invitation lives on both kinds of post.
  for (const [slug, channel] of [
    [rockySlug, stand.channelId],
    [visionQuest, stand.forumId],
  ] as const) {
    const reply = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: slug, channel } })).reply();
    expect(reply.content).toContain('Posted');
  }
}, 60_000);
afterAll(() => stopStarted(stand));

/** A review's post, in the text channel or as a forum post (a thread holding it). */
const postOf = (title: string): APIMessage => {
  const { driver } = stand.emulator;
  const places = [stand.channelId, ...driver.threads(stand.forumId).map((t) => t.id)];
  const post = places.flatMap((id) => driver.messages(id)).find((m) => !m.interaction_metadata && m.embeds[0]?.title === title);
  if (!post) throw new Error(`no post titled ${title}`);
  return post;
};
const footer = (message: APIMessage): string | undefined => stand.emulator.driver.message(message.channel_id, message.id)?.embeds.at(-1)?.footer?.text;
const reactors = (message: APIMessage, emoji: string): string[] => stand.emulator.driver.reactionUsers(message.channel_id, message.id, emoji);

describe('/setup like_emoji', () => {
  it('says how many likes stop counting and that the new emoji is being counted, then footers and invitations follow', { timeout: 30_000 }, async () => {
    const { driver } = stand.emulator;
    const bot = stand.emulator.application.botUserId;
    const rocky = postOf('Great Soundtracks of 1985: Rocky IV');
    const vq = postOf('Great Soundtracks of 1985: Vision Quest');
    expect(reactors(rocky, '👍')).toEqual([bot]);
    await driver.react(stand.member.id, stand.channelId, rocky.id, '👍');
    await driver.react(stand.otherMember.id, stand.channelId, rocky.id, '👍');
    await driver.react(stand.manager.id, stand.channelId, rocky.id, '🔥');
    await driver.react(stand.member.id, vq.channel_id, vq.id, '👍');
    await driver.waitFor(() => footer(rocky) === 'Liked by 2 people' && footer(vq) === 'Liked by 1 person', 5000, 'the 👍 likes counted');

    const saved = await (await stand.run(stand.manager.id, 'setup', { options: { like_emoji: '🔥' } })).reply();
    expect(saved.ephemeral).toBe(true);
    expect(saved.content).toContain('• Like emoji: 🔥');
    expect(saved.content).toContain(
      'Likes now count 🔥. 3 existing likes on 2 posts used 👍 and no longer count (none remain); existing 🔥 reactions are being counted now, and footers update as they are.',
    );
    expect(saved.content).toContain('My own 👍 reaction on the 2 posts here (an invitation to like) becomes 🔥.');

    // The manager's 🔥 from before the change is counted from Discord's reactions; the 👍 likes are not. The
    // refresher spaces edits in one channel to Discord's edit rate, so this wait is the longest of the file.
    await driver.waitFor(() => footer(rocky) === 'Liked by 1 person' && footer(vq) === undefined, 15_000, 'footers after the change');
    await driver.waitFor(
      () => [rocky, vq].every((post) => reactors(post, '🔥').includes(bot) && !reactors(post, '👍').includes(bot)),
      5000,
      'the bot’s invitation moved from 👍 to 🔥 on both posts',
    );
    expect(reactors(rocky, '👍')).toEqual([stand.member.id, stand.otherMember.id]);
    // The bot's own reaction still never counts as a like.
    expect(footer(rocky)).toBe('Liked by 1 person');
  });

  it('says the existing likes still count when an emoji is added after the first, and leaves the invitation alone', { timeout: 30_000 }, async () => {
    const rocky = postOf('Great Soundtracks of 1985: Rocky IV');
    const saved = await (await stand.run(stand.manager.id, 'setup', { options: { like_emoji: '🔥 👍' } })).reply();
    expect(saved.content).toContain(
      'Likes now count 🔥 👍. The 1 existing like on 2 posts still counts; existing 👍 reactions are being counted now, and footers update as they are.',
    );
    expect(saved.content).not.toContain('invitation');
    await stand.emulator.driver.waitFor(() => footer(rocky) === 'Liked by 3 people', 15_000, 'the 👍 likes counted again');
    expect(reactors(rocky, '🔥')).toContain(stand.emulator.application.botUserId);
    expect(reactors(rocky, '👍')).not.toContain(stand.emulator.application.botUserId);
  });

  it('says nothing about likes when only the channel changes', async () => {
    const saved = await (await stand.run(stand.manager.id, 'setup', { options: { reviews_channel: stand.channelId } })).reply();
    expect(saved.content).toContain('**Saved.**');
    expect(saved.content).not.toContain('Likes now count');
    expect(saved.content).not.toContain('existing like');
  });

  it('keeps the new invitation after a restart: a new post is invited with 🔥', async () => {
    await stand.restartBot();
    const rocky = await stand.catalogue.read(rockySlug);
    if (!rocky) throw new Error('Rocky IV missing');
    await stand.catalogue.add({ ...rocky, slug: 'ladyhawke', title: 'Ladyhawke', series: null, subject: 'Ladyhawke', nextPost: null, blog: null });
    await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: 'ladyhawke' } })).reply();
    const post = postOf('Ladyhawke');
    await stand.emulator.driver.waitFor(() => reactors(post, '🔥').length === 1, 5000, 'the invitation on the new post');
    expect(reactors(post, '👍')).toEqual([]);
  });
});
