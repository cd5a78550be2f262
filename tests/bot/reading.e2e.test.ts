import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buttonId, buttonsOf, rockySlug, startStand, visibleText, type Stand } from './harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let stand: Stand;
const visionSlug = 'great-soundtracks-of-1985-vision-quest';

beforeAll(async () => {
  stand = await startStand();
  const rocky = await stand.catalogue.read(rockySlug);
  if (!rocky) throw new Error('Rocky IV missing from data/');
  await stand.catalogue.add({
    ...rocky,
    slug: visionSlug,
    title: 'Great Soundtracks of 1985: Vision Quest',
    subject: 'Vision Quest',
    nextPost: 'Great Soundtracks of 1985: Rocky IV',
    tracks: [{ position: 1, artist: 'Madonna', title: 'Crazy for You' }],
    body: ['Vision Quest goes all out to include a wide range of musical tastes.'],
    blog: null,
    addedAt: '2020-01-01',
  });
}, 60_000);
afterAll(() => stopStarted(stand));

describe('/review read', () => {
  it('pages the review with ◀ ▶ for its reader only, with series neighbours as buttons', async () => {
    const { driver } = stand.emulator;
    const handle = await stand.run(stand.member.id, 'review', { subcommand: 'read', options: { review: rockySlug } });
    const first = await handle.reply();
    expect(first.ephemeral).toBe(false);
    expect(first.embeds[0]?.title).toBe('Great Soundtracks of 1985: Rocky IV');
    expect(first.embeds.at(-1)?.footer?.text).toMatch(/^Page 1 of \d+$/);
    const labels = buttonsOf(first).map((b) => `${b.label}${b.disabled ? ' (off)' : ''}`);
    expect(labels).toEqual(['◀ (off)', '▶', '◀ Vision Quest']);

    const next = await driver.clickButton({ userId: stand.member.id, channelId: stand.channelId, messageId: first.id, customId: buttonId(first, '▶') });
    expect((await next.response()).type).toBe(InteractionResponseType.UpdateMessage);
    const paged = driver.message(stand.channelId, first.id);
    expect(paged?.embeds.at(-1)?.footer?.text).toMatch(/^Page 2 of \d+$/);

    // Another member's click is refused ephemerally and changes nothing.
    const foreign = await driver.clickButton({
      userId: stand.otherMember.id,
      channelId: stand.channelId,
      messageId: first.id,
      customId: buttonId(paged ?? first, '◀'),
    });
    const refusal = await foreign.reply();
    expect(refusal.ephemeral).toBe(true);
    expect(refusal.content).toContain('These buttons belong to');
    expect(driver.message(stand.channelId, first.id)?.embeds.at(-1)?.footer?.text).toMatch(/^Page 2 of/);

    // The series button opens the neighbour.
    const series = await driver.clickButton({
      userId: stand.member.id,
      channelId: stand.channelId,
      messageId: first.id,
      customId: buttonId(paged ?? first, '◀ Vision Quest'),
    });
    await series.response();
    const neighbour = driver.message(stand.channelId, first.id);
    expect(neighbour?.embeds[0]?.title).toBe('Great Soundtracks of 1985: Vision Quest');
    expect(buttonsOf(neighbour ?? first).map((b) => b.label)).toContain('Rocky IV ▶');
  });

  it('keeps its buttons working across a restart of the bot, and answers expired ones cleanly', async () => {
    const { driver } = stand.emulator;
    const handle = await stand.run(stand.member.id, 'review', { subcommand: 'read', options: { review: rockySlug } });
    const message = await handle.reply();
    await stand.restartBot();
    const after = await driver.clickButton({ userId: stand.member.id, channelId: stand.channelId, messageId: message.id, customId: buttonId(message, '▶') });
    expect((await after.response()).type).toBe(InteractionResponseType.UpdateMessage);
    expect(driver.message(stand.channelId, message.id)?.embeds.at(-1)?.footer?.text).toMatch(/^Page 2 of/);

    stand.advanceClock(31 * 60_000);
    const current = driver.message(stand.channelId, message.id) ?? message;
    const late = await driver.clickButton({ userId: stand.member.id, channelId: stand.channelId, messageId: message.id, customId: buttonId(current, '◀') });
    const answer = await late.reply();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toBe('These buttons have expired. Run the command again to get fresh ones.');
  });

  it('refuses an unknown review with a specific message', async () => {
    const handle = await stand.run(stand.member.id, 'review', { subcommand: 'read', options: { review: 'polka party' } });
    const reply = await handle.reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('No review matches "polka party"');
  });
});

describe('autocomplete', () => {
  const complete = (focused: string, value: string) =>
    stand.emulator.driver.autocomplete({
      userId: stand.member.id,
      guildId: stand.guildId,
      channelId: stand.channelId,
      name: 'review',
      subcommand: 'read',
      options: { review: value },
      focused,
    });

  it('finds Rocky IV by a track title, and offers recent reviews on empty input', async () => {
    expect(await complete('review', 'burning heart')).toEqual([{ name: 'Rocky IV (1985) — Great Soundtracks of 1985', value: rockySlug }]);
    const empty = await complete('review', '');
    expect(empty.map((c) => c.value)).toEqual([rockySlug, visionSlug]);
    expect(await complete('review', 'madonna')).toEqual([{ name: 'Vision Quest (1985) — Great Soundtracks of 1985', value: visionSlug }]);
    expect(await complete('review', 'zzzz')).toEqual([]);
  });

  it('offers series names on /reviews and reviews on every other review option', async () => {
    const series = await stand.emulator.driver.autocomplete({
      userId: stand.member.id,
      guildId: stand.guildId,
      channelId: stand.channelId,
      name: 'reviews',
      options: { series: '1985' },
      focused: 'series',
    });
    expect(series).toEqual([{ name: 'Great Soundtracks of 1985', value: 'Great Soundtracks of 1985' }]);
    for (const [name, subcommand] of [['tracks'], ['responses'], ['review', 'post'], ['review', 'edit'], ['review', 'delete']] as const) {
      const choices = await stand.emulator.driver.autocomplete({
        userId: stand.member.id,
        guildId: stand.guildId,
        channelId: stand.channelId,
        name,
        ...(subcommand ? { subcommand } : {}),
        options: { review: 'eye of the tiger' },
        focused: 'review',
      });
      expect(choices.map((c) => c.value)).toEqual([rockySlug]);
    }
  });
});

describe('browsing', () => {
  it('/tracks shows the numbered listing', async () => {
    const reply = await (await stand.run(stand.member.id, 'tracks', { options: { review: 'Rocky IV' } })).reply();
    expect(reply.embeds[0]?.title).toBe('Track listing: Rocky IV');
    expect(reply.embeds[0]?.description?.split('\n')).toHaveLength(10);
    expect(reply.embeds[0]?.description).toContain('6. James Brown – Living in America');
  });

  it('/reviews lists the catalogue with likes and responses in this server, and /top ranks them', async () => {
    const { driver } = stand.emulator;
    const post = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } })).reply();
    expect(post.content).toContain('Posted');
    const [published] = await stand.store.publications.byGuildAndSlug(stand.guildId, rockySlug);
    if (!published?.threadId) throw new Error('not published');
    await driver.react(stand.member.id, published.channelId, published.messageId, '👍');
    await driver.react(stand.otherMember.id, published.channelId, published.messageId, '👍');
    await driver.sendMessage(stand.member.id, published.threadId, 'There’s another Rocky IV reference in Family Guy.');
    await vi.waitFor(() => expect(stand.bot.engagement.countsFor(published.messageId)).toEqual({ likes: 2, responses: 1 }));

    const list = await (await stand.run(stand.member.id, 'reviews')).reply();
    const text = visibleText(list);
    expect(text).toContain('**Rocky IV** (1985) · Great Soundtracks of 1985\n  Liked by 2 people · 1 Response');
    expect(text).toContain('**Vision Quest** (1985) · Great Soundtracks of 1985\n  no likes or responses yet');

    const series = await (await stand.run(stand.member.id, 'reviews', { options: { series: 'Great Soundtracks of 1985' } })).reply();
    expect(series.embeds[0]?.title).toBe('Great Soundtracks of 1985');
    const unknown = await (await stand.run(stand.member.id, 'reviews', { options: { series: 'Polka Hits' } })).reply();
    expect(unknown.content).toContain('There is no series called “Polka Hits”');

    const top = await (await stand.run(stand.member.id, 'top')).reply();
    expect(top.embeds[0]?.title).toBe('Most liked reviews');
    expect(top.embeds[0]?.description).toBe('1. **Rocky IV** (1985) · Great Soundtracks of 1985 — Liked by 2 people · 1 Response');
    const byResponses = await (await stand.run(stand.member.id, 'top', { options: { by: 'responses', limit: 1 } })).reply();
    expect(byResponses.embeds[0]?.title).toBe('Most responded reviews');
  });

  it('/reviews pages a long catalogue with buttons only its reader can use', async () => {
    const { driver } = stand.emulator;
    const rocky = await stand.catalogue.read(rockySlug);
    if (!rocky) throw new Error('Rocky IV missing');
    for (let i = 1; i <= 10; i++) {
      await stand.catalogue.add({
        ...rocky,
        slug: `mixtape-${i}`,
        title: `Mixtapes: Tape ${i}`,
        series: 'Mixtapes',
        subject: `Tape ${i}`,
        year: null,
        nextPost: null,
        blog: null,
      });
    }
    const first = await (await stand.run(stand.member.id, 'reviews')).reply();
    expect(first.embeds[0]?.footer?.text).toBe('Page 1 of 2 · 12 reviews');
    const next = await driver.clickButton({ userId: stand.member.id, channelId: stand.channelId, messageId: first.id, customId: buttonId(first, '▶') });
    await next.response();
    const second = driver.message(stand.channelId, first.id);
    expect(second?.embeds[0]?.footer?.text).toBe('Page 2 of 2 · 12 reviews');
    expect(second?.embeds[0]?.description?.split('\n**')).toHaveLength(2);
    const foreign = await driver.clickButton({
      userId: stand.otherMember.id,
      channelId: stand.channelId,
      messageId: first.id,
      customId: buttonId(second ?? first, '◀'),
    });
    expect((await foreign.reply()).content).toContain('These buttons belong to');
    for (let i = 1; i <= 10; i++) await stand.catalogue.remove(`mixtape-${i}`);
  });

  it('/responses shows the latest responses, then the blog’s under their own heading', async () => {
    const reply = await (await stand.run(stand.member.id, 'responses', { options: { review: rockySlug } })).reply();
    const [discord, blog] = reply.embeds;
    expect(discord?.title).toBe('Responses to Rocky IV (1 response)');
    expect(discord?.description).toContain('**Listener**');
    expect(discord?.description).toContain('> There’s another Rocky IV reference in Family Guy.');
    expect(discord?.description).toContain(`https://discord.com/channels/${stand.guildId}/`);
    expect(blog?.title).toBe('From the blog: 18 responses');
    expect(blog?.description).toContain('Wow! That Tepper guy was a bit of a looker, eh?');
    expect(blog?.description).toContain('liked by 2 people');
    expect(blog?.description).toContain('(6 of the 18 were kept in the export)');
  });

  it('/help explains every command, ephemerally', async () => {
    const reply = await (await stand.run(stand.member.id, 'help')).reply();
    expect(reply.ephemeral).toBe(true);
    for (const command of [
      '/review read',
      '/tracks',
      '/reviews',
      '/top',
      '/responses',
      '/review post',
      '/review new',
      '/review import',
      '/review edit',
      '/review delete',
      '/setup',
    ]) {
      expect(reply.content).toContain(command);
    }
  });
});
