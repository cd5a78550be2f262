import { Routes } from 'discord.js';
import { InteractionResponseType, type APIMessage } from 'discord-api-types/v10';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reopenHint } from '../../src/discord/keep-refused-form.js';
import type { InteractionHandle, RequestLogEntry } from '../../src/emulator/index.js';
import { buttonsOf, rockySlug, startStand, visibleText, type Stand } from '../bot/harness.js';
import { openModal, prefilled } from '../bot/modals.js';
import { stopStarted } from './helpers/stop-started.js';

/**
 * Bad input, closed: each case is something a member or an admin can send through Discord (odd options, options at
 * Discord's limits, forged or expired buttons, malformed forms, unusable attachments, admin commands run by a
 * member). For every one the test checks the exact answer, that it is ephemeral, that the bot still answers the
 * next command, that nothing pinged anyone and that the store and the catalogue did not change.
 */

let stand: Stand;
const rocky = 'Great Soundtracks of 1985: Rocky IV';

const id36 = (snowflake: string): string => BigInt(snowflake).toString(36);
const seconds36 = (ms: number): string => Math.floor(ms / 1000).toString(36);
const future = (): string => seconds36(Date.now() + 24 * 3600_000);
const past = (): string => seconds36(Date.now() - 3600_000);

/** What a member sees as the answer: its text, and whether only they see it. */
interface Answer {
  text: string;
  ephemeral: boolean;
}

/** The answer to an interaction: the reply, or for a component whose message was updated first, the follow-up. */
async function answerOf(handle: InteractionHandle): Promise<Answer> {
  const response = await handle.response();
  let message: APIMessage & { ephemeral: boolean };
  if (response.type === InteractionResponseType.ChannelMessageWithSource || response.type === InteractionResponseType.DeferredChannelMessageWithSource) {
    message = await handle.reply();
  } else {
    await stand.emulator.driver.waitFor(() => handle.followups().length > 0, 5000, 'a follow-up answer');
    const last = handle.followups().at(-1);
    if (!last) throw new Error('no follow-up');
    message = last;
  }
  return { text: visibleText(message), ephemeral: message.ephemeral };
}

const command =
  (userId: () => string, name: string, input: Parameters<Stand['run']>[2] = {}) =>
  async (): Promise<Answer> =>
    answerOf(await stand.run(userId(), name, input));

/** Opens /review new as the owner and submits `fields` over a valid form. */
const form = (fields: Partial<Record<'title' | 'year' | 'text' | 'tracks' | 'nextPost', string>>) => async (): Promise<Answer> => {
  const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
  const valid = { title: 'Great Albums of 1985: Love', year: '', text: 'The Cult found their sound.', tracks: '1. The Cult – Nirvana', nextPost: '' };
  return answerOf(
    await stand.emulator.driver.submitModal({
      userId: stand.owner.id,
      guildId: stand.guildId,
      channelId: stand.channelId,
      customId: modal.custom_id,
      fields: { ...valid, ...fields },
    }),
  );
};

/**
 * Clicks a button with a forged or stale custom id. Discord only sends custom ids of components on a message, so the
 * button is first posted as the bot, as an older or a tampered version of it could have left it.
 */
const click = (userId: () => string, customId: () => string) => async (): Promise<Answer> => {
  const id = customId();
  const message = (await stand.bot.client.rest.post(Routes.channelMessages(stand.channelId), {
    body: {
      content: 'Buttons left by another version',
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Go', custom_id: id }] }],
      allowed_mentions: { parse: [] },
    },
  })) as APIMessage;
  return answerOf(await stand.emulator.driver.clickButton({ userId: userId(), channelId: stand.channelId, messageId: message.id, customId: id }));
};

/** Opens /review edit of Rocky IV as the owner and submits it with `fields` changed. */
const editForm = (fields: Partial<Record<'title' | 'year' | 'text' | 'tracks' | 'nextPost', string>>) => async (): Promise<Answer> => {
  const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'edit', options: { review: rockySlug } }));
  return answerOf(
    await stand.emulator.driver.submitModal({
      userId: stand.owner.id,
      guildId: stand.guildId,
      channelId: stand.channelId,
      customId: modal.custom_id,
      fields: { ...prefilled(modal), ...fields },
    }),
  );
};

/** The choices autocomplete offers, one name a line ('' for none). */
const autocomplete =
  (name: string, value: string, option = 'review') =>
  async (): Promise<Answer> => {
    const choices = await stand.emulator.driver.autocomplete({
      userId: stand.member.id,
      guildId: stand.guildId,
      channelId: stand.channelId,
      name,
      options: { [option]: value },
      focused: option,
    });
    return { text: choices.map((c) => c.name).join('\n'), ephemeral: true };
  };

const attachment = (filename: string, contentType: string, content: string | Buffer) => async (): Promise<Answer> =>
  answerOf(
    // The harness types the options; the attachment is named by its key.
    await stand.run(stand.owner.id, 'review', {
      subcommand: 'import',
      options: { file: filename },
      attachments: { [filename]: { filename, contentType, content } },
    }),
  );

const owner = () => stand.owner.id;
const member = () => stand.member.id;
const notFound = (shown: string) => `No review matches "${shown}". Pick one from the list that appears as you type, or see \`/reviews\`.`;
const adminsOnly = 'Only review admins can do that: members with Manage Server or the admin role set with `/setup`.';
const refusedForm = (message: string) => `${message}\n${reopenHint}`;
const invisible = 'is made only of invisible characters (zero-width, bidirectional controls or whitespace)';
const invisibleOption = `The review option ${invisible}. Pick a review from the list that appears as you type.`;
const notAnEmoji = (token: string) => `Like emoji: "${token}" is not an emoji. Use emoji like 👍 or a custom emoji of this server, separated by spaces.`;
const olderVersion = 'This button is from an older version of Liner Notes and no longer works; run the command again.';

/** A blog post in the importer's format, with the given title and track listing. */
const blogPost = (title: string, tracks: string) => `${title}\n\nA paragraph about the album, long enough to be the review.\n\nTrack Listing\n\n${tracks}\n`;

interface Case {
  name: string;
  act: () => Promise<Answer>;
  /** The exact text the member sees (for autocomplete, the choices offered, one a line). */
  answer: string | (() => string);
  /** An autocomplete: its answer is a list of choices, not a message. */
  choices?: true;
}

const cases: Case[] = [
  // Commands with odd option values.
  { name: '/tracks naming no review', act: command(member, 'tracks', { options: { review: 'Purple Rain' } }), answer: notFound('Purple Rain') },
  {
    name: '/tracks with a 6000-character review option (Discord’s cap on a string option)',
    act: command(member, 'tracks', { options: { review: 'z'.repeat(6000) } }),
    answer: notFound(`${'z'.repeat(60)}…`),
  },
  { name: '/tracks with only zero-width spaces', act: command(member, 'tracks', { options: { review: '\u200B\u200B\u200B' } }), answer: invisibleOption },
  { name: '/tracks with only bidi controls', act: command(member, 'tracks', { options: { review: '\u202E\u2066\u2069' } }), answer: invisibleOption },
  { name: '/tracks with @everyone', act: command(member, 'tracks', { options: { review: '@everyone' } }), answer: notFound('@everyone') },
  {
    name: '/tracks with a user mention',
    act: async () => answerOf(await stand.run(member(), 'tracks', { options: { review: `<@${stand.owner.id}>` } })),
    answer: () => notFound(`<@${stand.owner.id}>`),
  },
  {
    name: '/responses with a role mention of @everyone',
    act: async () => answerOf(await stand.run(member(), 'responses', { options: { review: `<@&${stand.guildId}> look` } })),
    answer: () => notFound(`<@&${stand.guildId}> look`),
  },
  { name: '/responses naming no review', act: command(member, 'responses', { options: { review: 'Thriller' } }), answer: notFound('Thriller') },
  {
    name: '/review read naming no review',
    act: command(member, 'review', { subcommand: 'read', options: { review: 'no-such-slug' } }),
    answer: notFound('no-such-slug'),
  },
  {
    name: '/reviews with an unknown series',
    act: command(member, 'reviews', { options: { series: 'Great Operas of 1723' } }),
    answer: 'There is no series called “Great Operas of 1723”. Pick one from the list that appears as you type.',
  },
  {
    name: '/reviews with a 6000-character series',
    act: command(member, 'reviews', { options: { series: 's'.repeat(6000) } }),
    answer: `There is no series called “${'s'.repeat(80)}”. Pick one from the list that appears as you type.`,
  },
  {
    name: '/reviews with an invisible series',
    act: command(member, 'reviews', { options: { series: '\u200B' } }),
    answer: `The series option ${invisible}. Pick a series from the list that appears as you type.`,
  },
  { name: '/setup with a like emoji that is not one', act: command(owner, 'setup', { options: { like_emoji: 'thumbs' } }), answer: notAnEmoji('thumbs') },
  {
    name: '/setup with 400 characters of like emoji (the option’s max_length)',
    act: command(owner, 'setup', { options: { like_emoji: 'x'.repeat(400) } }),
    answer: notAnEmoji('x'.repeat(40)),
  },
  { name: '/setup with @everyone as the like emoji', act: command(owner, 'setup', { options: { like_emoji: '@everyone' } }), answer: notAnEmoji('@everyone') },
  {
    name: '/setup with an invisible like emoji',
    act: command(owner, 'setup', { options: { like_emoji: '\u200B\u2060' } }),
    answer: `Like emoji: the text ${invisible}; give at least one emoji, e.g. 👍.`,
  },
  {
    name: '/setup with eleven like emoji',
    act: command(owner, 'setup', { options: { like_emoji: '👍 ❤️ 🔥 🎸 🎹 🥁 🎺 🎷 🎻 🎤 🎧' } }),
    answer: 'Like emoji: at most 10, you gave 11.',
  },

  // Admin commands run by a member.
  { name: '/review new by a member', act: command(member, 'review', { subcommand: 'new' }), answer: adminsOnly },
  { name: '/review post by a member', act: command(member, 'review', { subcommand: 'post', options: { review: rockySlug } }), answer: adminsOnly },
  { name: '/review edit by a member', act: command(member, 'review', { subcommand: 'edit', options: { review: rockySlug } }), answer: adminsOnly },
  { name: '/review delete by a member', act: command(member, 'review', { subcommand: 'delete', options: { review: rockySlug } }), answer: adminsOnly },
  {
    name: '/setup by a member',
    act: command(member, 'setup', { options: { like_emoji: '🔥' } }),
    answer: 'Only members with the Manage Server permission can do that.',
  },
  {
    name: '/review post of a review that does not exist',
    act: command(owner, 'review', { subcommand: 'post', options: { review: 'great-soundtracks-of-2099' } }),
    answer: notFound('great-soundtracks-of-2099'),
  },
  {
    name: '/review delete of a review that does not exist',
    act: command(owner, 'review', { subcommand: 'delete', options: { review: 'Nothing At All' } }),
    answer: notFound('Nothing At All'),
  },

  // Attachments for /review import.
  {
    name: 'import of an image',
    act: attachment('cover.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    answer: '“cover.png” is image/png, not text. Export the blog post as plain text (.txt) and attach that.',
  },
  {
    name: 'import of a file over 1 MB',
    act: attachment('huge.txt', 'text/plain', 'a'.repeat(1024 * 1024 + 1)),
    answer: '“huge.txt” is 1.0 MB; blog posts over 1 MB are refused.',
  },
  {
    name: 'import of an empty file',
    act: attachment('empty.txt', 'text/plain', ''),
    answer: "That blog post can't be imported: empty input: there is no text at all.",
  },
  {
    name: 'import of binary garbage called .txt',
    act: attachment('post.txt', 'text/plain', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x9c, 0x80, 0x00, 0xc3])),
    answer: '“post.txt” is not text (it holds binary data). Export the blog post as plain text (.txt).',
  },
  {
    name: 'import of a post whose title is bidi controls',
    act: attachment('ghost.txt', 'text/plain', blogPost('\u202E\u2067\u2069', '1. Survivor – Burning Heart\n2. Touch – The Sweetest Victory')),
    answer: `That blog post can't be imported: line 1: title: ${invisible}.`,
  },
  {
    name: 'import of a post with an invisible artist',
    act: attachment('artist.txt', 'text/plain', blogPost('Great Soundtracks of 1986: Top Gun', '1. \u3164 – Danger Zone\n2. Berlin – Take My Breath Away')),
    answer: `That blog post can't be imported: line 7: tracks[0].artist: ${invisible}.`,
  },
  {
    name: 'import of a post without a track listing',
    act: attachment('notes.txt', 'text/plain', 'Great Albums of 1985: Love\n\nJust a paragraph.\n'),
    answer: 'That blog post can\'t be imported: no track listing: no "Track Listing" heading and no numbered "Artist - Title" lines.',
  },
  {
    name: 'import of a file with no content type holding binary data',
    act: attachment('data.bin', '', Buffer.from([0, 1, 2, 3, 0xff, 0xd8, 0xff, 0xe0])),
    answer: '“data.bin” is not text (it holds binary data). Export the blog post as plain text (.txt).',
  },

  // The review form.
  {
    name: 'a title of zero-width spaces',
    act: form({ title: '\u200B\u200B' }),
    answer: refusedForm(`Title: the title ${invisible}; write one people can read, e.g. "Great Soundtracks of 1985: Rocky IV".`),
  },
  {
    name: 'a title of bidi overrides',
    act: form({ title: '\u202E\u202D\u2066' }),
    answer: refusedForm(`Title: the title ${invisible}; write one people can read, e.g. "Great Soundtracks of 1985: Rocky IV".`),
  },
  {
    name: 'an invisible subject after the series',
    act: form({ title: 'Great Albums of 1985: \u3164' }),
    answer: refusedForm(`Title: the subject after ": " ${invisible}; write it out, e.g. "Rocky IV".`),
  },
  {
    name: 'an invisible series before the subject',
    act: form({ title: '\u2800: Love' }),
    answer: refusedForm(`Title: the series before ": " ${invisible}; write it out or leave out the ": ".`),
  },
  { name: 'a two-digit year', act: form({ year: '85' }), answer: refusedForm('Year: "85" is not a four-digit year (e.g. 1985); leave it empty for none.') },
  {
    name: 'a year in full-width digits',
    act: form({ year: '１９８５' }),
    answer: refusedForm('Year: "１９８５" is not a four-digit year (e.g. 1985); leave it empty for none.'),
  },
  { name: 'a year before 1900', act: form({ year: '1850' }), answer: refusedForm('The review was refused: year must be a year from 1900 to 2099.') },
  {
    name: 'a track listing without tracks',
    act: form({ tracks: 'Side one\nSide two' }),
    answer: refusedForm('Track listing: no track found. Write one per line, e.g. "1. Survivor – Burning Heart".'),
  },
  {
    name: 'a track listing with an invisible artist',
    act: form({ tracks: '1. \u200B\u200B – Nirvana' }),
    answer: refusedForm(`Track listing: the artist of track 1 ${invisible}.`),
  },
  {
    name: 'a track listing with an invisible title',
    act: form({ tracks: '1. The Cult – \u2066\u2069' }),
    answer: refusedForm(`Track listing: the title of track 1 ${invisible}.`),
  },
  {
    name: 'a track listing of 101 tracks',
    act: form({ tracks: Array.from({ length: 101 }, (_, i) => `${i + 1}. A – T`).join('\n') }),
    answer: refusedForm('The review was refused: tracks must have at most 100 tracks.'),
  },
  {
    name: 'a track title over 200 characters',
    act: form({ tracks: `1. The Cult – ${'n'.repeat(201)}` }),
    answer: refusedForm('The review was refused: tracks[0].title is 201 characters long, the limit is 200.'),
  },
  { name: 'a review text of whitespace', act: form({ text: ' \n\n \t ' }), answer: refusedForm('Review text: write at least one paragraph.') },
  {
    name: 'a review text with an invisible paragraph',
    act: form({ text: 'Fine.\n\n\u200B\u200B' }),
    answer: refusedForm(`Review text: paragraph 2 ${invisible}; delete it or write it out.`),
  },
  { name: 'an invisible next post', act: form({ nextPost: '\u200B' }), answer: refusedForm(`Next post: the text ${invisible}; leave it empty for none.`) },
  {
    name: '/review edit with a title of zero-width spaces',
    act: editForm({ title: '\u200B \u200B' }),
    answer: refusedForm(`Title: the title ${invisible}; write one people can read, e.g. "Great Soundtracks of 1985: Rocky IV".`),
  },
  {
    name: '/review edit with a track listing of bidi controls',
    act: editForm({ tracks: '1. \u202E – \u202C' }),
    answer: refusedForm(`Track listing: the artist of track 1 ${invisible}.`),
  },

  // Forged, foreign and expired buttons (on a message of the bot's, as an older version would have left them).
  { name: 'a button from another version', act: click(owner, () => 'ln0:read:rocky:0:1:zz'), answer: olderVersion },
  { name: 'a custom id with a path in it', act: click(owner, () => `ln1:read:../../etc/passwd:0:${id36(stand.owner.id)}:${future()}`), answer: olderVersion },
  {
    name: 'a button for a review that is gone',
    act: click(owner, () => `ln1:read:${'a'.repeat(60)}:0:${id36(stand.owner.id)}:${future()}`),
    answer: 'That review is no longer in the catalogue.',
  },
  {
    name: 'a button for a series that is gone',
    act: click(owner, () => `ln1:list:~AAAAAAAAAA:0:${id36(stand.owner.id)}:${future()}`),
    answer: 'That series is no longer in the catalogue.',
  },
  {
    name: 'a preview button whose draft does not exist',
    act: click(owner, () => `ln1:draft:publish:nosuchdraft:${id36(stand.owner.id)}`),
    answer: 'This preview has expired (previews last 15 minutes and do not survive a restart). Start again with `/review new` or `/review import`.',
  },
  {
    name: 'an Edit button whose refused form is not kept',
    act: click(owner, () => `ln1:form-reopen:nosuchform:${id36(stand.owner.id)}`),
    answer:
      'This form is no longer kept (a refused form is kept for 15 minutes, and not across a restart of the bot). Run `/review new` or `/review edit` again.',
  },
  { name: 'a modal id on a button', act: click(owner, () => 'ln1:modal-new'), answer: 'That button no longer does anything; run the command again.' },
  {
    name: 'an expired pager',
    act: click(owner, () => `ln1:read:${rockySlug.slice(0, 40)}:1:${id36(stand.owner.id)}:${past()}`),
    answer: 'These buttons have expired. Run the command again to get fresh ones.',
  },
  {
    name: 'someone else’s buttons',
    act: click(owner, () => `ln1:read:rocky:0:${id36(stand.member.id)}:${future()}`),
    answer: () => `These buttons belong to <@${stand.member.id}>. Run the command yourself to get your own.`,
  },
  {
    name: 'Post again into a channel that does not exist',
    act: click(owner, () => `ln1:post-confirm:${rockySlug.slice(0, 40)}:${id36('123456789012345678')}:${id36(stand.owner.id)}:${future()}`),
    answer: "I can't see the channel <#123456789012345678>; check my View Channel permission or choose another channel.",
  },
  { name: 'a member’s own forged Publish button', act: click(member, () => `ln1:draft:publish:nosuchdraft:${id36(stand.member.id)}`), answer: adminsOnly },
  {
    name: 'a member’s own forged Delete button',
    act: click(member, () => `ln1:delete-confirm:${rockySlug.slice(0, 40)}:${id36(stand.member.id)}:${future()}`),
    answer: adminsOnly,
  },

  // Autocomplete with huge and invisible text.
  { name: 'autocomplete with 6000 characters', act: autocomplete('tracks', 'q'.repeat(6000)), answer: '', choices: true },
  { name: 'autocomplete with only zero-width spaces', act: autocomplete('tracks', '\u200B\u200B'), answer: '', choices: true },
  {
    name: 'autocomplete with a bidi override before the name',
    act: autocomplete('tracks', '\u202ERocky IV'),
    answer: 'Rocky IV (1985) — Great Soundtracks of 1985',
    choices: true,
  },
  { name: 'series autocomplete with 6000 characters', act: autocomplete('reviews', 'w'.repeat(6000), 'series'), answer: '', choices: true },
];

interface Snapshot {
  files: Record<string, string>;
  slugs: string[];
  publications: unknown[];
  likes: Record<string, string[]>;
  responses: Record<string, unknown[]>;
  settings: unknown;
}

/** Everything bad input must leave alone: the review files, the catalogue, and the store's publications, likes, responses and settings. */
async function snapshot(): Promise<Snapshot> {
  const folder = join(stand.dataDir, 'reviews');
  const names = (await readdir(folder)).filter((name) => name.endsWith('.md')).sort();
  const files = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(folder, name), 'utf8')] as const)));
  const publications = (await stand.store.publications.listAll()).sort((a, b) => a.messageId.localeCompare(b.messageId));
  const likes: Record<string, string[]> = {};
  const responses: Record<string, unknown[]> = {};
  for (const publication of publications) {
    likes[publication.messageId] = [...(await stand.store.likes.users(publication.messageId))].sort();
    if (publication.threadId) responses[publication.threadId] = await stand.store.responses.list(publication.threadId);
  }
  return { files, slugs: stand.catalogue.all().map((r) => r.slug), publications, likes, responses, settings: await stand.store.settings.get(stand.guildId) };
}

/** Where a request creates or edits a message: its body's message part. */
function messageBody(entry: RequestLogEntry): Record<string, unknown> | null {
  if (entry.method !== 'POST' && entry.method !== 'PATCH') return null;
  const body = entry.requestBody;
  if (typeof body !== 'object' || body === null) return null;
  if (/\/interactions\/[^/]+\/[^/]+\/callback/.test(entry.path)) {
    const data = (body as { data?: unknown }).data;
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
  }
  return /\/messages|\/webhooks\//.test(entry.path) ? (body as Record<string, unknown>) : null;
}

/**
 * Nothing pinged: every message the bot sent or edited with content carries allowed_mentions that parse nothing and
 * name no user or role (Message Resource › Allowed Mentions Object: without it, Discord pings whatever the content
 * mentions), and no message in the channel mentions anyone.
 */
function expectNoPings(entries: readonly RequestLogEntry[], answeredWithMessage: boolean): void {
  let checked = 0;
  for (const entry of entries) {
    const body = messageBody(entry);
    if (!body || typeof body.content !== 'string' || body.content.length === 0) continue;
    checked++;
    const allowed = body.allowed_mentions as { parse?: unknown[]; users?: unknown[]; roles?: unknown[]; replied_user?: boolean } | undefined;
    expect(allowed, `${entry.method} ${entry.path} sent content without allowed_mentions`).toBeDefined();
    expect(allowed?.parse ?? [], `${entry.method} ${entry.path}`).toEqual([]);
    expect(allowed?.users ?? []).toEqual([]);
    expect(allowed?.roles ?? []).toEqual([]);
    expect(allowed?.replied_user ?? false).toBe(false);
  }
  // A check that saw no message would prove nothing: the answer is one.
  if (answeredWithMessage) expect(checked).toBeGreaterThan(0);
  for (const message of stand.emulator.driver.messages(stand.channelId)) {
    expect(message.mentions).toEqual([]);
    expect(message.mention_everyone).toBe(false);
  }
}

beforeAll(async () => {
  stand = await startStand();
  const { driver } = stand.emulator;
  // A published review with a like and a response: the state every case must leave as it is.
  const posted = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } })).reply();
  expect(posted.content).toContain(`Posted **${rocky}**`);
  const [publication] = await stand.store.publications.listAll();
  if (!publication?.threadId) throw new Error('the review was not posted with a thread');
  await driver.react(stand.member.id, publication.channelId, publication.messageId, '👍');
  await driver.sendMessage(stand.otherMember.id, publication.threadId, 'Burning Heart is the best track.');
  await vi.waitFor(async () => expect((await stand.store.likes.users(publication.messageId)).has(stand.member.id)).toBe(true), { timeout: 5000 });
  await vi.waitFor(async () => expect(await stand.store.responses.list(publication.threadId ?? '')).toHaveLength(1), { timeout: 5000 });
}, 60_000);

afterAll(() => stopStarted(stand));

describe('bad input, closed', () => {
  it('has a corpus of at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('$name', async (testCase) => {
    const { driver } = stand.emulator;
    const before = await snapshot();
    const requestsBefore = driver.requests().length;

    const answer = await testCase.act();

    const expected = typeof testCase.answer === 'function' ? testCase.answer() : testCase.answer;
    expect(answer.text).toBe(expected);
    expect(answer.ephemeral).toBe(true);
    // Still alive: the next command is answered.
    const alive = await (await stand.run(stand.member.id, 'tracks', { options: { review: rockySlug } })).reply();
    expect(visibleText(alive)).toContain('Burning Heart');
    await stand.catalogue.settled();
    expectNoPings(driver.requests().slice(requestsBefore), testCase.choices !== true);
    expect(await snapshot()).toEqual(before);
  });
});

describe('a form at every limit', () => {
  it("answers with a preview within Discord's message limits and writes nothing", async () => {
    const { driver } = stand.emulator;
    const before = await snapshot();
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const tracks = Array.from({ length: 100 }, (_, i) => `${i + 1}. ${'A'.repeat(10)} – ${'T'.repeat(22)}`)
      .join('\n')
      .slice(0, 4000);
    const paragraph = 'word '.repeat(199).trim();
    const text = Array.from({ length: 4 }, () => paragraph)
      .join('\n\n')
      .slice(0, 4000);
    const fields = { title: `Great Albums of 1985: ${'L'.repeat(256 - 22)}`, year: '1985', text, tracks, nextPost: 'N'.repeat(256) };
    expect(fields.title).toHaveLength(256);
    const preview = await (
      await driver.submitModal({ userId: stand.owner.id, guildId: stand.guildId, channelId: stand.channelId, customId: modal.custom_id, fields })
    ).reply();
    expect(preview.ephemeral).toBe(true);
    expect(preview.content.startsWith(`**Preview** of “${fields.title}”`)).toBe(true);
    // Message Resource › Embed Limits: 6000 characters over a message's embeds, 10 embeds, 2000 characters of content.
    const embedText = preview.embeds.reduce((sum, e) => sum + visibleText({ content: '', embeds: [e] }).replace(/\n/g, '').length, 0);
    expect(embedText).toBeLessThanOrEqual(6000);
    expect(preview.embeds.length).toBeLessThanOrEqual(10);
    expect(preview.content.length).toBeLessThanOrEqual(2000);
    expect(await snapshot()).toEqual(before);
  });
});

describe('names Discord shows as plain text', () => {
  it('publishes a subject with bidirectional controls, and neither its thread nor its forum post carries one', async () => {
    const { driver } = stand.emulator;
    const modal = await openModal(await stand.run(stand.owner.id, 'review', { subcommand: 'new' }));
    const fields = {
      title: 'Great Albums of 1985: \u202Eevol\u202C Love\u2067',
      year: '',
      text: 'The Cult found their sound.',
      tracks: '1. The Cult – Nirvana',
      nextPost: '',
    };
    const preview = await (
      await driver.submitModal({ userId: stand.owner.id, guildId: stand.guildId, channelId: stand.channelId, customId: modal.custom_id, fields })
    ).reply();
    const publishId = buttonsOf(preview).find((b) => b.label === 'Publish')?.customId;
    if (!publishId) throw new Error('no Publish button');
    await (await driver.clickButton({ userId: stand.owner.id, channelId: stand.channelId, messageId: preview.id, customId: publishId })).response();
    await driver.waitFor(() => driver.threads(stand.channelId).some((t) => t.name.endsWith('Love')), 5000, 'the thread of the new post');
    const bidi = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
    const thread = driver.threads(stand.channelId).find((t) => t.name.endsWith('Love'));
    expect(thread?.name).toBe('Responses: evol Love');
    // The title itself is kept as typed: it is the admin's text, shown inside an embed.
    const slug = stand.catalogue.all().find((r) => r.title.startsWith('Great Albums of 1985: '))?.slug ?? '';
    expect(stand.catalogue.get(slug)?.subject).toBe('\u202Eevol\u202C Love\u2067');

    const posted = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: slug, channel: stand.forumId } })).reply();
    const confirm = buttonsOf(posted).find((b) => b.label === 'Post again')?.customId;
    if (confirm) await (await driver.clickButton({ userId: stand.owner.id, channelId: stand.channelId, messageId: posted.id, customId: confirm })).response();
    await driver.waitFor(() => driver.threads(stand.forumId).length > 0, 5000, 'the forum post');
    const names = driver.threads(stand.forumId).map((t) => t.name);
    expect(names).toEqual(['evol Love']);
    expect(names.some((name) => bidi.test(name))).toBe(false);
  });
});
