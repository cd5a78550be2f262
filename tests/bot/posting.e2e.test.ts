import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buttonId, buttonsOf, rockySlug, startStand, visibleText, type Stand } from './harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let stand: Stand;
beforeAll(async () => {
  stand = await startStand();
}, 60_000);
afterAll(() => stopStarted(stand));

const posts = (channelId: string) => stand.emulator.driver.messages(channelId).filter((m) => m.embeds.length > 0 && !m.interaction_metadata);

describe('/review post', () => {
  it('refuses a member who is not an admin, ephemerally, and posts nothing', async () => {
    const handle = await stand.run(stand.member.id, 'review', { subcommand: 'post', options: { review: rockySlug } });
    const reply = await handle.reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('Only review admins can do that');
    expect(posts(stand.channelId)).toHaveLength(0);
  });

  it('posts the review with its embeds, a thread for responses and answers the admin with a link', async () => {
    const handle = await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } });
    const reply = await handle.reply();
    expect(reply.ephemeral).toBe(true);
    const [post] = posts(stand.channelId);
    if (!post) throw new Error('no post in the channel');
    expect(reply.content).toContain(`Posted **Great Soundtracks of 1985: Rocky IV** in <#${stand.channelId}>`);
    expect(reply.content).toContain(`/channels/${stand.guildId}/${stand.channelId}/${post.id}`);

    const [header] = post.embeds;
    expect(header?.title).toBe('Great Soundtracks of 1985: Rocky IV');
    expect(header?.fields?.map((f) => `${f.name}: ${f.value}`)).toEqual(['Series: Great Soundtracks of 1985', 'Subject: Rocky IV', 'Year: 1985']);
    const text = visibleText(post);
    expect(text).toContain('1985 saw two films where Sylvester Stallone');
    expect(text).toContain('1. Survivor – Burning Heart');
    expect(text).toContain('10. Vince DiCola – Montage');
    expect(text).not.toContain('Liked by 0');
    expect(post.embeds.some((e) => e.footer)).toBe(false);

    const thread = stand.emulator.driver.threads(stand.channelId).find((t) => t.id === post.thread?.id || t.id === post.id);
    expect(thread?.name).toBe('Responses: Rocky IV');
    expect(stand.emulator.driver.reactionUsers(stand.channelId, post.id, '👍')).toEqual([stand.emulator.application.botUserId]);
    const publications = await stand.store.publications.byGuildAndSlug(stand.guildId, rockySlug);
    expect(publications).toMatchObject([{ messageId: post.id, channelId: stand.channelId, threadId: thread?.id, postedBy: stand.owner.id, withdrawn: false }]);
  });

  it('shows likes and responses in the footer, in the blog’s words', async () => {
    const [post] = posts(stand.channelId);
    if (!post) throw new Error('no post');
    const { driver } = stand.emulator;
    await driver.react(stand.member.id, stand.channelId, post.id, '👍');
    await driver.waitFor(() => driver.message(stand.channelId, post.id)?.embeds.at(-1)?.footer?.text === 'Liked by 1 person', 5000, 'footer with one like');
    const threadId = (await stand.store.publications.byMessage(post.id))?.threadId;
    if (!threadId) throw new Error('no thread');
    await driver.sendMessage(stand.otherMember.id, threadId, 'Burning Heart is the best Survivor song, agreed.');
    await driver.react(stand.otherMember.id, stand.channelId, post.id, '👍');
    await driver.waitFor(
      () => driver.message(stand.channelId, post.id)?.embeds.at(-1)?.footer?.text === 'Liked by 2 people · 1 Response',
      5000,
      'footer with two likes and a response',
    );
  });

  it('asks for confirmation instead of posting a duplicate, and posts again when confirmed', async () => {
    const handle = await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } });
    const reply = await handle.reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('is already posted in this server');
    expect(posts(stand.channelId)).toHaveLength(1);
    expect(buttonsOf(reply).map((b) => b.label)).toEqual(['Post again', 'Cancel']);

    const click = await stand.emulator.driver.clickButton({
      userId: stand.owner.id,
      channelId: stand.channelId,
      messageId: reply.id,
      customId: buttonId(reply, 'Post again'),
    });
    expect((await click.response()).type).toBe(InteractionResponseType.UpdateMessage);
    await stand.emulator.driver.waitFor(() => posts(stand.channelId).length === 2, 5000, 'second post');
    await vi.waitFor(async () => expect(await stand.store.publications.byGuildAndSlug(stand.guildId, rockySlug)).toHaveLength(2));
  });

  it('lets the admin role from /setup post, and keeps two admins at the same instant to one post', async () => {
    const { driver } = stand.emulator;
    const role = driver.createRole(stand.guildId, { name: 'Reviewers', permissions: 0n });
    driver.addMember(stand.guildId, stand.member.id, [role.id]);
    const setup = await stand.run(stand.manager.id, 'setup', { options: { admin_role: role.id, reviews_channel: stand.forumId } });
    expect((await setup.reply()).content).toContain('**Saved.**');

    const before = driver.threads(stand.forumId).length;
    const [first, second] = await Promise.all([
      stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } }),
      stand.run(stand.member.id, 'review', { subcommand: 'post', options: { review: rockySlug } }),
    ]);
    const replies = await Promise.all([first.reply(), second.reply()]);
    // Rocky IV was already posted in the text channel: both are asked; neither posts.
    expect(replies.every((r) => r.content.includes('is already posted'))).toBe(true);
    expect(driver.threads(stand.forumId)).toHaveLength(before);
  });
});

describe('/review post in a forum, and the race on a fresh review', () => {
  it('creates one forum post named after the subject with the matching tags, even when two admins race', async () => {
    const { driver } = stand.emulator;
    const rocky = await stand.catalogue.read(rockySlug);
    if (!rocky) throw new Error('Rocky IV missing from the catalogue');
    await stand.catalogue.add({
      ...rocky,
      slug: 'great-soundtracks-of-1985-vision-quest',
      title: 'Great Soundtracks of 1985: Vision Quest',
      subject: 'Vision Quest',
      nextPost: 'Great Soundtracks of 1985: Rocky IV',
      addedAt: '2026-01-01',
      blog: null,
    });
    const [a, b] = await Promise.all([
      stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: 'great-soundtracks-of-1985-vision-quest' } }),
      stand.run(stand.manager.id, 'review', { subcommand: 'post', options: { review: 'great-soundtracks-of-1985-vision-quest' } }),
    ]);
    const replies = await Promise.all([a.reply(), b.reply()]);
    expect(replies.filter((r) => r.content.startsWith('Posted')).length).toBe(1);
    expect(replies.filter((r) => r.content.includes('is already posted')).length).toBe(1);
    const forumPosts = driver.threads(stand.forumId).filter((t) => t.name === 'Vision Quest');
    expect(forumPosts).toHaveLength(1);
    const tags = (forumPosts[0]?.applied_tags ?? []).length;
    expect(tags).toBe(2);
    const forumPostId = forumPosts[0]?.id ?? '';
    const starter = driver.messages(forumPostId)[0];
    expect(starter?.embeds[0]?.title).toBe('Great Soundtracks of 1985: Vision Quest');
    // In a forum the replies in the post are its responses, and likes go on the starter message.
    await driver.sendMessage(stand.otherMember.id, forumPostId, 'Crazy for You is a great Madonna song.');
    await driver.react(stand.otherMember.id, forumPostId, starter?.id ?? '', '👍');
    await driver.waitFor(
      () => driver.message(forumPostId, starter?.id ?? '')?.embeds.at(-1)?.footer?.text === 'Liked by 1 person · 1 Response',
      5000,
      'forum post footer',
    );
    // Rocky IV's posts now link back to Vision Quest, its previous review in the series.
    await driver.waitFor(
      () =>
        posts(stand.channelId).every((p) =>
          buttonsOf(driver.message(stand.channelId, p.id) ?? p).some((btn) => btn.label === '◀ Vision Quest' && btn.url !== null),
        ),
      5000,
      'series link on the Rocky IV posts',
    );
  });

  it('posts a review too long for one message within Discord’s limits, with a visible "continued"', async () => {
    const rocky = await stand.catalogue.read(rockySlug);
    if (!rocky) throw new Error('Rocky IV missing');
    const paragraph = 'Burning Heart is the best track on the album, and the training montage still makes me want to run. '.repeat(12).trim();
    await stand.catalogue.add({
      ...rocky,
      slug: 'a-very-long-review',
      title: 'A Very Long Review',
      series: null,
      subject: 'Everything',
      body: Array.from({ length: 20 }, () => paragraph),
      blog: null,
    });
    const reply = await (
      await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: 'a-very-long-review', channel: stand.channelId } })
    ).reply();
    expect(reply.content).toContain('Posted **A Very Long Review**');
    const post = posts(stand.channelId).find((m) => m.embeds[0]?.title === 'A Very Long Review');
    if (!post) throw new Error('the long review was not posted');
    expect(post.embeds.length).toBeLessThanOrEqual(10);
    expect(visibleText(post)).toContain('*(continued: read the rest with `/review read`)*');
    expect(visibleText(post)).toContain('1. Survivor – Burning Heart');
  });

  it('posts again without asking when the earlier post was deleted from Discord', async () => {
    const { driver } = stand.emulator;
    const reply = await (
      await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: 'a-very-long-review', channel: stand.channelId } })
    ).reply();
    expect(reply.content).toContain('is already posted');
    const old = posts(stand.channelId).find((m) => m.embeds[0]?.title === 'A Very Long Review');
    if (!old) throw new Error('no earlier post');
    await driver.deleteMessage(stand.owner.id, stand.channelId, old.id);
    const again = await (
      await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: 'a-very-long-review', channel: stand.channelId } })
    ).reply();
    expect(again.content).toContain('Posted **A Very Long Review**');
  });

  it('counts a like on a post the restarted bot has not cached', async () => {
    const { driver } = stand.emulator;
    const [post] = posts(stand.channelId);
    if (!post) throw new Error('no post');
    const before = driver.message(stand.channelId, post.id)?.embeds.at(-1)?.footer?.text;
    expect(before).toBe('Liked by 2 people · 1 Response');
    await stand.restartBot();
    const channel = stand.bot.client.channels.cache.get(stand.channelId);
    expect(channel?.isTextBased() && channel.messages.cache.has(post.id)).toBe(false);
    await driver.react(stand.manager.id, stand.channelId, post.id, '👍');
    await driver.waitFor(
      () => driver.message(stand.channelId, post.id)?.embeds.at(-1)?.footer?.text === 'Liked by 3 people · 1 Response',
      5000,
      'footer after restart',
    );
  });

  it('names an unknown review in its refusal', async () => {
    const handle = await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: 'nothing like this at all' } });
    const reply = await handle.reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('No review matches "nothing like this at all"');
  });
});
