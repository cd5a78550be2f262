import { describe, expect, it } from 'vitest';
import { MemberFacingError } from '../../src/domain/member-facing-error.js';
import { publishReview, type PublishRequest } from '../../src/reviews/publish-review.js';
import { loveAlbum, makeReview, rockyIV, visionQuest } from '../domain/fixtures.js';
import { fakePoster, publishPorts } from './fake-ports.js';

const request = (overrides: Partial<PublishRequest> = {}): PublishRequest => ({
  guildId: 'g1',
  review: rockyIV,
  channelId: 'reviews',
  postedBy: 'admin',
  likeEmoji: '👍',
  confirmed: false,
  ...overrides,
});

describe('publishReview', () => {
  it('posts in a text channel with a responses thread, saves and tracks the publication, and invites a like', async () => {
    const discord = fakePoster({ reviews: { kind: 'text' } });
    const world = publishPorts([visionQuest, rockyIV], discord.poster);
    const outcome = await publishReview(world.ports, request());
    const publication = {
      guildId: 'g1',
      slug: rockyIV.slug,
      channelId: 'reviews',
      messageId: 'm1',
      threadId: 't-m1',
      postedBy: 'admin',
      postedAt: '2025-06-01T12:00:00.000Z',
      withdrawn: false,
    };
    expect(outcome).toEqual({ kind: 'posted', url: 'https://discord.test/reviews/m1', publication });
    expect(discord.calls).toEqual([
      { call: 'text-post', channelId: 'reviews', slug: rockyIV.slug, threadName: 'Responses: Rocky IV' },
      { call: 'react', messageId: 'm1', emoji: '👍' },
    ]);
    expect(world.saved).toEqual([publication]);
    expect(world.tracked).toEqual([publication]);
    expect(world.publications.live('g1', rockyIV.slug)).toEqual([publication]);
  });

  it('does not react when the guild has no like emoji', async () => {
    const discord = fakePoster({ reviews: { kind: 'text' } });
    await publishReview(publishPorts([rockyIV], discord.poster).ports, request({ likeEmoji: undefined }));
    expect(discord.calls.map((c) => c.call)).toEqual(['text-post']);
  });

  it('makes a forum post named after the subject, with the forum tags of its series and year', async () => {
    const tags = [
      { id: 'tag-series', name: 'great soundtracks of 1985' },
      { id: 'tag-year', name: '1985' },
      { id: 'tag-other', name: '1986' },
    ];
    const discord = fakePoster({ forum: { kind: 'forum', tags } });
    const world = publishPorts([rockyIV], discord.poster);
    const outcome = await publishReview(world.ports, request({ channelId: 'forum' }));
    expect(discord.calls[0]).toEqual({ call: 'forum-post', channelId: 'forum', slug: rockyIV.slug, name: 'Rocky IV', tagIds: ['tag-series', 'tag-year'] });
    // A forum post is its own thread: responses are its messages.
    expect(outcome.kind === 'posted' && outcome.publication).toMatchObject({ channelId: 't-m1', threadId: 't-m1', messageId: 'm1' });
  });

  it('asks before posting a review again while its post is still there, and posts again once it is gone or confirmed', async () => {
    const discord = fakePoster({ reviews: { kind: 'text' } });
    const world = publishPorts([rockyIV], discord.poster);
    const first = await publishReview(world.ports, request());
    const second = await publishReview(world.ports, request());
    expect(second).toEqual({ kind: 'already-posted', existing: first.kind === 'posted' ? first.publication : null });
    expect((await publishReview(world.ports, request({ confirmed: true }))).kind).toBe('posted');

    const gone = fakePoster({ reviews: { kind: 'text' } });
    const other = publishPorts([rockyIV], gone.poster);
    await publishReview(other.ports, request());
    gone.existing.clear();
    expect((await publishReview(other.ports, request())).kind).toBe('posted');
  });

  it('posts once when two admins post the same review at the same moment', async () => {
    const discord = fakePoster({ reviews: { kind: 'text' } });
    const world = publishPorts([rockyIV], discord.poster);
    const outcomes = await Promise.all([publishReview(world.ports, request()), publishReview(world.ports, request({ postedBy: 'other-admin' }))]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already-posted', 'posted']);
    expect(discord.calls.filter((c) => c.call === 'text-post')).toHaveLength(1);
  });

  it('takes the post down when the store cannot keep it, and tracks nothing', async () => {
    const discord = fakePoster({ reviews: { kind: 'text' } });
    const world = publishPorts([rockyIV], discord.poster, { saveFails: true });
    await expect(publishReview(world.ports, request())).rejects.toThrow('SQLITE_BUSY');
    expect(discord.calls).toEqual([
      { call: 'text-post', channelId: 'reviews', slug: rockyIV.slug, threadName: 'Responses: Rocky IV' },
      { call: 'take-down', messageId: 'm1' },
    ]);
    expect(world.tracked).toEqual([]);
    expect(world.publications.live('g1', rockyIV.slug)).toEqual([]);
  });

  it('refuses a channel it cannot see, or one that takes no review, with what to do', async () => {
    const discord = fakePoster({ voice: { kind: 'other' } });
    const world = publishPorts([rockyIV], discord.poster);
    await expect(publishReview(world.ports, request({ channelId: '123' }))).rejects.toThrow(
      new MemberFacingError("I can't see the channel <#123>; check my View Channel permission or choose another channel."),
    );
    await expect(publishReview(world.ports, request({ channelId: 'voice' }))).rejects.toThrow(
      new MemberFacingError('<#voice> is not a text or forum channel; reviews can only be posted in one of those.'),
    );
    expect(discord.calls).toEqual([]);
    expect(world.saved).toEqual([]);
  });

  it('re-renders the posts of its series neighbours in the guild so they link to it', async () => {
    const discord = fakePoster({ reviews: { kind: 'text' } });
    const world = publishPorts([visionQuest, rockyIV, loveAlbum], discord.poster);
    await publishReview(world.ports, request({ review: visionQuest }));
    await publishReview(world.ports, request({ review: loveAlbum }));
    world.refreshed.length = 0;
    await publishReview(world.ports, request({ review: rockyIV }));
    // Rocky IV follows Vision Quest in its series; Love, outside the series, is left alone.
    expect(world.refreshed).toEqual(['m1']);
  });

  it("keeps a thread name within Discord's 100 characters", async () => {
    const long = makeReview({ slug: 'long', title: `S: ${'x'.repeat(150)}`, series: 'S', subject: 'x'.repeat(150) });
    const discord = fakePoster({ reviews: { kind: 'text' } });
    await publishReview(publishPorts([long], discord.poster).ports, request({ review: long }));
    const post = discord.calls[0];
    if (post?.call !== 'text-post') throw new Error('expected a text post');
    expect(post.threadName.length).toBeLessThanOrEqual(100);
    expect(post.threadName.startsWith('Responses: xxx')).toBe(true);
  });
});
