// Builds a small world in the emulator and sends every implemented route's requests with plain fetch,
// the way the bot (through discord.js) would: success cases first, then Discord's error answers.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  Routes,
  TextInputStyle,
} from 'discord-api-types/v10';
import type { APIApplicationCommandOptionChoice, APIChannel, APIGuild, APIUser, RESTPutAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Emulator, InteractionHandle } from '../types.js';
import type { BodyRule, Exchange, Expectation, Probe } from './check.js';
import {
  authoredBy,
  contentIs,
  created,
  errorTreeRule,
  flagSet,
  interactionBy,
  invalidFormBody,
  messageListRule,
  messageRule,
  missingAccess,
  missingPermissions,
  noContent,
  ok,
  unauthorized,
  unknownChannel,
  unknownInteraction,
  unknownMessage,
  userListRule,
} from './probe-rules.js';
import { ProbeSession, sleep, stringField } from './probe-session.js';
import { isRecord } from '../../validation.js';
import type { Sent } from './probe-session.js';
import { connectGatewayListener } from './gateway-listener.js';
import type { GatewayListener } from './gateway-listener.js';
import { errorMessage } from '../../errors.js';

const THUMBS_UP = encodeURIComponent('👍');
const FIRE = encodeURIComponent('🔥');
/** Interactions must be answered within this in the probe emulator; the expiry probe waits past it. */
export const PROBE_INTERACTION_TIMEOUT_MS = 2500;

const reviewCommands: RESTPutAPIApplicationCommandsJSONBody = [
  {
    name: 'review',
    description: 'Soundtrack and album reviews',
    type: ApplicationCommandType.ChatInput,
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        description: 'Show a review',
        options: [{ type: ApplicationCommandOptionType.String, name: 'title', description: 'Album title', required: true, autocomplete: true }],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'submit', description: 'Submit a review' },
    ],
  },
];

const reviewEmbed = {
  title: 'Rocky IV (Original Motion Picture Soundtrack)',
  description: 'Vince DiCola at full tilt.',
  color: 0xc0392b,
  fields: [
    { name: 'Year', value: '1985', inline: true },
    { name: 'Tracks', value: '10', inline: true },
  ],
  footer: { text: '👍 3 · 💬 1' },
};

const buttonRow = {
  type: ComponentType.ActionRow,
  components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'review:like', label: 'Like' }],
};

const noMentions = { parse: [] };

/** The world the probes run in, built with the driver. */
interface World {
  session: ProbeSession;
  driver: Emulator['driver'];
  appId: string;
  botUserId: string;
  member: APIUser;
  guild: APIGuild;
  text: APIChannel;
  forum: APIChannel;
  forumTagId: string | undefined;
  /** The bot may view and read history only. */
  mutedChannel: APIChannel;
  /** The bot may view and send, not read history. */
  historylessChannel: APIChannel;
  /** The bot may not view it. */
  hiddenChannel: APIChannel;
  gateway: GatewayListener | undefined;
  setupProblems: string[];
}

const NO_POST = 'posting the first message failed';

export interface ProbeRun {
  exchanges: Exchange[];
  /** World steps that failed (driver calls, gateway): reported, since they hide probes. */
  setupProblems: string[];
}

export async function runProbes(emulator: Emulator): Promise<ProbeRun> {
  const session = new ProbeSession(`${emulator.restUrl}/v10`, emulator.application.token);
  const setupProblems: string[] = [];
  const driver = emulator.driver;

  // The world: two people, a guild with a text and a forum channel, and a guild where the bot lacks rights.
  const owner = driver.createUser({ username: 'conformance-owner' });
  const member = driver.createUser({ username: 'conformance-listener', globalName: 'Listener' });
  const guild = driver.createGuild({ name: 'Liner Notes conformance', ownerId: owner.id });
  driver.addMember(guild.id, member.id);
  const text = driver.createChannel(guild.id, { name: 'reviews', type: ChannelType.GuildText });
  const forum = driver.createChannel(guild.id, {
    name: 'responses',
    type: ChannelType.GuildForum,
    availableTags: [{ name: 'soundtrack' }, { name: 'album' }],
  });
  const forumTagId = 'available_tags' in forum ? forum.available_tags[0]?.id : undefined;
  const mutedGuild = driver.createGuild({ name: 'Muted bot', ownerId: owner.id });
  driver.addMember(mutedGuild.id, member.id);
  const mutedChannel = driver.createChannel(mutedGuild.id, { name: 'read-only', type: ChannelType.GuildText });
  driver.setBotPermissions(mutedGuild.id, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
  const historylessGuild = driver.createGuild({ name: 'No history for the bot', ownerId: owner.id });
  driver.addMember(historylessGuild.id, member.id);
  const historylessChannel = driver.createChannel(historylessGuild.id, { name: 'now-only', type: ChannelType.GuildText });
  driver.setBotPermissions(historylessGuild.id, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
  const hiddenGuild = driver.createGuild({ name: 'Hidden from bot', ownerId: owner.id });
  const hiddenChannel = driver.createChannel(hiddenGuild.id, { name: 'secret', type: ChannelType.GuildText });
  driver.setBotPermissions(hiddenGuild.id, 0n);

  const gatewayBot = await session.send({ label: 'gateway URL for the bot', method: 'GET', path: Routes.gatewayBot(), auth: 'bot', expect: ok });
  let gateway: GatewayListener | undefined;
  try {
    gateway = await connectGatewayListener(stringField(gatewayBot?.body, 'url') ?? emulator.gatewayUrl, emulator.application.token);
  } catch (error) {
    setupProblems.push(`gateway connection: ${errorMessage(error)}`);
  }
  const world: World = {
    session,
    driver,
    appId: emulator.application.id,
    botUserId: emulator.application.botUserId,
    member,
    guild,
    text,
    forum,
    forumTagId,
    mutedChannel,
    historylessChannel,
    hiddenChannel,
    gateway,
    setupProblems,
  };
  try {
    await probeIdentity(world);
    await probeCommands(world);
    await probeGuildAndChannels(world);
    const { postId, secondId } = await probeMessages(world);
    await probeReactions(world, postId);
    const { standaloneThreadId } = await probeThreads(world, postId);
    await probeInteractions(world, postId);
    await probePermissions(world);
    // Rate limits: an injected 429 on a route the bot uses, then a real burst of reaction writes.
    await probeRateLimits(world, postId);
    await probeGuildReads(world);
    await probeDeletions(world, { standaloneThreadId, secondId });
  } finally {
    gateway?.close();
  }
  return { exchanges: session.exchanges, setupProblems };
}

/** Authentication and identity. */
async function probeIdentity(world: World): Promise<void> {
  const { session } = world;
  await session.send({ label: 'no Authorization header', method: 'GET', path: Routes.gatewayBot(), auth: 'none', expect: unauthorized });
  await session.send({ label: 'gateway URL without authentication', method: 'GET', path: Routes.gateway(), auth: 'none', expect: ok });
  await session.send({ label: 'invalid bot token', method: 'GET', path: Routes.user(), auth: 'invalid-bot-token', expect: unauthorized });
  await session.send({ label: 'bot token without the "Bot " prefix', method: 'GET', path: Routes.user(), auth: 'token-without-bot-prefix', expect: unauthorized });
  await session.send({ label: 'the bot user', method: 'GET', path: Routes.user(), auth: 'bot', expect: ok });
  // Routes.user('@me') percent-encodes the "@" (discord-api-types encodes explicit route arguments);
  // Discord treats "%40me" as "@me", and discord.js sends "%40original" for interaction replies.
  await session.send({ label: 'the bot user, "@" percent-encoded', method: 'GET', path: Routes.user('@me'), auth: 'bot', expect: ok });
  await session.send({ label: 'the bot application', method: 'GET', path: Routes.currentApplication(), auth: 'bot', expect: ok });
}

/** Application commands, guild and global. */
async function probeCommands(world: World): Promise<void> {
  const { session, appId, guild } = world;
  const overwritten = await session.send({ label: 'bulk overwrite guild commands', method: 'PUT', path: Routes.applicationGuildCommands(appId, guild.id), auth: 'bot', body: reviewCommands, expect: ok });
  const reviewCommandId = Array.isArray(overwritten?.body) ? stringField(overwritten.body[0], 'id') : undefined;
  const commandProbes: Probe[] = [
    { label: 'get a guild command', method: 'GET', path: Routes.applicationGuildCommand(appId, guild.id, reviewCommandId ?? '0'), auth: 'bot', expect: ok },
    {
      label: 'edit a guild command',
      method: 'PATCH',
      path: Routes.applicationGuildCommand(appId, guild.id, reviewCommandId ?? '0'),
      auth: 'bot',
      body: { description: 'Soundtrack and album reviews, with track listings' },
      expect: ok,
    },
  ];
  for (const probe of commandProbes) {
    await session.sendWhen(reviewCommandId, probe, 'the bulk overwrite returned no command id');
  }
  await session.send({
    label: 'unknown command answers 10063',
    method: 'GET',
    path: Routes.applicationGuildCommand(appId, guild.id, '1'),
    auth: 'bot',
    expect: [{ status: 404, code: RESTJSONErrorCodes.UnknownApplicationCommand }],
  });
  await session.send({ label: 'list guild commands', method: 'GET', path: Routes.applicationGuildCommands(appId, guild.id), auth: 'bot', expect: ok });
  await session.send({
    label: 'bulk overwrite with an invalid command name',
    method: 'PUT',
    path: Routes.applicationGuildCommands(appId, guild.id),
    auth: 'bot',
    body: [{ name: 'Not Valid!', description: 'x', type: ApplicationCommandType.ChatInput }],
    expect: invalidFormBody,
  });
  const extraGuildCommand = await session.send({
    label: 'create a guild command',
    method: 'POST',
    path: Routes.applicationGuildCommands(appId, guild.id),
    auth: 'bot',
    body: { name: 'ping', description: 'Are you there?', type: ApplicationCommandType.ChatInput },
    expect: created,
  });
  const extraGuildCommandId = stringField(extraGuildCommand?.body, 'id');
  const deleteGuildCommand: Probe = {
    label: 'delete a guild command',
    method: 'DELETE',
    path: Routes.applicationGuildCommand(appId, guild.id, extraGuildCommandId ?? '0'),
    auth: 'bot',
    expect: noContent,
  };
  await session.sendWhen(extraGuildCommandId, deleteGuildCommand, 'creating the guild command failed');
  const globalOverwrite = await session.send({ label: 'bulk overwrite global commands', method: 'PUT', path: Routes.applicationCommands(appId), auth: 'bot', body: reviewCommands, expect: ok });
  const globalReviewId = Array.isArray(globalOverwrite?.body) ? stringField(globalOverwrite.body[0], 'id') : undefined;
  const globalCommandProbes: Probe[] = [
    { label: 'get a global command', method: 'GET', path: Routes.applicationCommand(appId, globalReviewId ?? '0'), auth: 'bot', expect: ok },
    { label: 'edit a global command', method: 'PATCH', path: Routes.applicationCommand(appId, globalReviewId ?? '0'), auth: 'bot', body: { description: 'Reviews' }, expect: ok },
  ];
  for (const probe of globalCommandProbes) {
    await session.sendWhen(globalReviewId, probe, 'the bulk overwrite returned no command id');
  }
  await session.send({ label: 'list global commands', method: 'GET', path: Routes.applicationCommands(appId), auth: 'bot', expect: ok });
  const globalCommand = await session.send({
    label: 'create a global command',
    method: 'POST',
    path: Routes.applicationCommands(appId),
    auth: 'bot',
    body: { name: 'about', description: 'About Liner Notes', type: ApplicationCommandType.ChatInput },
    expect: created,
  });
  const globalCommandId = stringField(globalCommand?.body, 'id');
  const deleteGlobalCommand: Probe = {
    label: 'delete a global command',
    method: 'DELETE',
    path: Routes.applicationCommand(appId, globalCommandId ?? '0'),
    auth: 'bot',
    expect: noContent,
  };
  await session.sendWhen(globalCommandId, deleteGlobalCommand, 'creating the global command failed');
}

/** Guild, channels, members. */
async function probeGuildAndChannels(world: World): Promise<void> {
  const { session, guild, member, text, forum, hiddenChannel } = world;
  await session.send({ label: 'get the guild', method: 'GET', path: Routes.guild(guild.id), auth: 'bot', expect: ok });
  await session.send({ label: "the guild's channels", method: 'GET', path: Routes.guildChannels(guild.id), auth: 'bot', expect: ok });
  await session.send({ label: 'a member', method: 'GET', path: Routes.guildMember(guild.id, member.id), auth: 'bot', expect: ok });
  await session.send({ label: 'list members', method: 'GET', path: `${Routes.guildMembers(guild.id)}?limit=10`, auth: 'bot', expect: ok });
  await session.send({
    label: 'unknown member answers 10007',
    method: 'GET',
    path: Routes.guildMember(guild.id, '1'),
    auth: 'bot',
    expect: [{ status: 404, code: RESTJSONErrorCodes.UnknownMember }],
  });
  await session.send({ label: 'get a text channel', method: 'GET', path: Routes.channel(text.id), auth: 'bot', expect: ok });
  await session.send({ label: 'get a forum channel', method: 'GET', path: Routes.channel(forum.id), auth: 'bot', expect: ok });
  await session.send({ label: 'unknown channel answers 10003', method: 'GET', path: Routes.channel('1'), auth: 'bot', expect: unknownChannel });
  await session.send({ label: 'channel hidden from the bot answers 50001', method: 'GET', path: Routes.channel(hiddenChannel.id), auth: 'bot', expect: missingAccess });
}

/** Messages: create, limits, list, get, edit. */
async function probeMessages(world: World): Promise<{ postId: string | undefined; secondId: string | undefined }> {
  const { session, driver, member, text, mutedChannel, setupProblems } = world;
  const posted = await session.send({
    label: 'post a message with an embed and a button',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    body: { content: 'New review: **Rocky IV**', embeds: [reviewEmbed], components: [buttonRow], allowed_mentions: noMentions },
    expect: ok,
    bodyRule: messageRule(
      'the message as sent, by the bot, in this channel (message.mdx, Create Message)',
      authoredBy(world.botUserId),
      contentIs('New review: **Rocky IV**'),
      (message) => (message['channel_id'] === text.id ? undefined : `channel_id ${String(message['channel_id'])}`),
      (message) => (Array.isArray(message['embeds']) && message['embeds'].length === 1 ? undefined : 'embeds not kept'),
      (message) => (message['edited_timestamp'] === null ? undefined : 'edited_timestamp set on a new message'),
    ),
  });
  const postId = stringField(posted?.body, 'id');
  await session.send({ label: 'no Authorization header', method: 'POST', path: Routes.channelMessages(text.id), auth: 'none', body: { content: 'x' }, expect: unauthorized });
  await session.send({
    label: 'content over 2000 characters',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    body: { content: 'a'.repeat(2001) },
    expect: invalidFormBody,
    bodyRule: errorTreeRule('content'),
  });
  await session.send({
    label: 'eleven embeds',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    body: { embeds: Array.from({ length: 11 }, (_, index) => ({ title: `embed ${index}` })) },
    expect: invalidFormBody,
  });
  // Embed limits (message.mdx, Embed Limits); each body is one character or item over the limit.
  const oversizedEmbeds: [string, unknown[], BodyRule | undefined][] = [
    ['embed title over 256 characters', [{ title: 't'.repeat(257) }], errorTreeRule('embeds', '0', 'title')],
    ['embed description over 4096 characters', [{ description: 'd'.repeat(4097) }], errorTreeRule('embeds', '0', 'description')],
    ['26 embed fields', [{ fields: Array.from({ length: 26 }, (_, index) => ({ name: `field ${index}`, value: 'v' })) }], errorTreeRule('embeds', '0', 'fields')],
    ['embed field name over 256 characters', [{ fields: [{ name: 'n'.repeat(257), value: 'v' }] }], errorTreeRule('embeds', '0', 'fields', '0', 'name')],
    ['embed field value over 1024 characters', [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }], errorTreeRule('embeds', '0', 'fields', '0', 'value')],
    ['embed footer over 2048 characters', [{ footer: { text: 'f'.repeat(2049) } }], errorTreeRule('embeds', '0', 'footer', 'text')],
    ['embed author name over 256 characters', [{ author: { name: 'a'.repeat(257) } }], errorTreeRule('embeds', '0', 'author', 'name')],
    // Where Discord hangs the 6,000-character error is not documented: only the status and code are checked.
    ['embeds over 6000 characters in total', [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }], undefined],
  ];
  for (const [label, embeds, bodyRule] of oversizedEmbeds) {
    const probe: Probe = { label, method: 'POST', path: Routes.channelMessages(text.id), auth: 'bot', body: { embeds }, expect: invalidFormBody };
    await session.send(bodyRule ? { ...probe, bodyRule } : probe);
  }
  await session.send({
    label: 'empty message answers 50006',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    body: {},
    expect: [{ status: 400, code: RESTJSONErrorCodes.CannotSendAnEmptyMessage }],
  });
  await session.send({
    label: 'malformed JSON answers 50109',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    rawRequestBody: '{"content": "unterminated',
    expect: [{ status: 400, code: RESTJSONErrorCodes.RequestBodyContainsInvalidJSON }],
  });
  await session.send({ label: 'post into an unknown channel', method: 'POST', path: Routes.channelMessages('1'), auth: 'bot', body: { content: 'x' }, expect: unknownChannel });
  await session.send({ label: 'post without Send Messages answers 50013', method: 'POST', path: Routes.channelMessages(mutedChannel.id), auth: 'bot', body: { content: 'x' }, expect: missingPermissions });

  let memberMessageId: string | undefined;
  try {
    memberMessageId = (await driver.sendMessage(member.id, text.id, 'What a soundtrack')).id;
  } catch (error) {
    setupProblems.push(`driver.sendMessage: ${errorMessage(error)}`);
  }
  const second = await session.send({ label: 'post a plain message', method: 'POST', path: Routes.channelMessages(text.id), auth: 'bot', body: { content: 'second', allowed_mentions: noMentions }, expect: ok });
  const secondId = stringField(second?.body, 'id');

  await session.send({
    label: 'list messages',
    method: 'GET',
    path: `${Routes.channelMessages(text.id)}?limit=50`,
    auth: 'bot',
    expect: ok,
    bodyRule: messageListRule({
      description: 'including the posted message',
      test: (ids) => (postId && !ids.includes(BigInt(postId)) ? `message ${postId} missing from ${ids.join(', ')}` : undefined),
    }),
  });
  const anchorRules: Record<string, (anchor: bigint, ids: bigint[]) => string | undefined> = {
    before: (anchor, ids) => (ids.some((id) => id >= anchor) ? `ids not all before ${anchor}: ${ids.join(', ')}` : ids.length === 0 ? 'no messages' : undefined),
    after: (anchor, ids) => (ids.some((id) => id <= anchor) ? `ids not all after ${anchor}: ${ids.join(', ')}` : ids.length === 0 ? 'no messages' : undefined),
    around: (anchor, ids) => (ids.includes(anchor) ? undefined : `message ${anchor} missing from ${ids.join(', ')}`),
  };
  const anchored: [string, string][] = [['before', secondId ?? ''], ['after', postId ?? ''], ['around', postId ?? '']];
  for (const [anchor, id] of anchored) {
    const rule = anchorRules[anchor];
    const probe: Probe = {
      label: `list messages ${anchor} a message`,
      method: 'GET',
      path: `${Routes.channelMessages(text.id)}?limit=5&${anchor}=${id}`,
      auth: 'bot',
      expect: ok,
      bodyRule: messageListRule({
        description: `only messages ${anchor} the given id, at most 5`,
        test: (ids) => (ids.length > 5 ? `${ids.length} messages for limit 5` : id && rule ? rule(BigInt(id), ids) : undefined),
      }),
    };
    await session.sendWhen(id, probe, 'posting the anchor message failed');
  }
  await session.send({ label: 'list messages with limit 101', method: 'GET', path: `${Routes.channelMessages(text.id)}?limit=101`, auth: 'bot', expect: invalidFormBody });
  await session.send({ label: 'list messages of an unknown channel', method: 'GET', path: Routes.channelMessages('1'), auth: 'bot', expect: unknownChannel });

  const getPost: Probe = { label: 'get a message', method: 'GET', path: Routes.channelMessage(text.id, postId ?? '0'), auth: 'bot', expect: ok };
  await session.sendWhen(postId, getPost, NO_POST);
  await session.send({ label: 'unknown message answers 10008', method: 'GET', path: Routes.channelMessage(text.id, '1'), auth: 'bot', expect: unknownMessage });
  const editPost: Probe = {
    label: 'edit a message',
    method: 'PATCH',
    path: Routes.channelMessage(text.id, postId ?? '0'),
    auth: 'bot',
    body: { content: 'New review: **Rocky IV** (edited)', embeds: [{ ...reviewEmbed, footer: { text: '👍 4 · 💬 1' } }], allowed_mentions: noMentions },
    expect: ok,
    bodyRule: messageRule(
      'the edited message with edited_timestamp set (message.mdx, Edit Message)',
      contentIs('New review: **Rocky IV** (edited)'),
      (message) => (typeof message['edited_timestamp'] === 'string' ? undefined : 'edited_timestamp not set'),
      (message) => (Array.isArray(message['components']) && message['components'].length === 1 ? undefined : 'components dropped by an edit that did not send them (all Edit Message parameters are optional)'),
    ),
  };
  await session.sendWhen(postId, editPost, NO_POST);
  const editTooLong: Probe = { label: 'edit with content over 2000 characters', method: 'PATCH', path: Routes.channelMessage(text.id, postId ?? '0'), auth: 'bot', body: { content: 'b'.repeat(2001) }, expect: invalidFormBody };
  await session.sendWhen(postId, editTooLong, NO_POST);
  await session.send({ label: 'edit an unknown message', method: 'PATCH', path: Routes.channelMessage(text.id, '1'), auth: 'bot', body: { content: 'x' }, expect: unknownMessage });
  const editOthers: Probe = {
    label: "edit another user's message answers 50005",
    method: 'PATCH',
    path: Routes.channelMessage(text.id, memberMessageId ?? '0'),
    auth: 'bot',
    body: { content: 'x' },
    expect: [{ status: 403, code: RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser }],
  };
  await session.sendWhen(memberMessageId, editOthers, "the member's message could not be created");
  return { postId, secondId };
}

/** Reactions on the first message. */
async function probeReactions(world: World, postId: string | undefined): Promise<void> {
  const { session, driver, member, text, setupProblems } = world;
  const reactionProbes: Probe[] = [
    { label: 'react with a unicode emoji', method: 'PUT', path: Routes.channelMessageOwnReaction(text.id, postId ?? '0', THUMBS_UP), auth: 'bot', expect: noContent },
  ];
  for (const probe of reactionProbes) await session.sendWhen(postId, probe, NO_POST);
  if (postId) {
    try {
      await driver.react(member.id, text.id, postId, '👍');
    } catch (error) {
      setupProblems.push(`driver.react: ${errorMessage(error)}`);
    }
  }
  const afterReaction: Probe[] = [
    {
      label: 'users who reacted',
      method: 'GET',
      path: `${Routes.channelMessageReaction(text.id, postId ?? '0', THUMBS_UP)}?limit=100`,
      auth: 'bot',
      expect: ok,
      bodyRule: userListRule('the bot and the member who reacted', (ids) =>
        [world.botUserId, member.id].every((id) => ids.includes(BigInt(id))) ? undefined : `users ${ids.join(', ')}`,
      ),
    },
    {
      label: 'users who reacted, after an id',
      method: 'GET',
      path: `${Routes.channelMessageReaction(text.id, postId ?? '0', THUMBS_UP)}?limit=1&after=${member.id}`,
      auth: 'bot',
      expect: ok,
      bodyRule: userListRule('at most 1 user, every id after the given one', (ids) =>
        ids.length > 1 || ids.some((id) => id <= BigInt(member.id)) ? `users ${ids.join(', ')} after ${member.id}` : undefined,
      ),
    },
    { label: 'users who reacted, limit 101', method: 'GET', path: `${Routes.channelMessageReaction(text.id, postId ?? '0', THUMBS_UP)}?limit=101`, auth: 'bot', expect: invalidFormBody },
    { label: 'react with an unknown custom emoji answers 10014', method: 'PUT', path: Routes.channelMessageOwnReaction(text.id, postId ?? '0', encodeURIComponent('ghost:1')), auth: 'bot', expect: [{ status: 400, code: RESTJSONErrorCodes.UnknownEmoji }] },
    { label: 'remove own reaction', method: 'DELETE', path: Routes.channelMessageOwnReaction(text.id, postId ?? '0', THUMBS_UP), auth: 'bot', expect: noContent },
    { label: "remove a member's reaction", method: 'DELETE', path: Routes.channelMessageUserReaction(text.id, postId ?? '0', THUMBS_UP, member.id), auth: 'bot', expect: noContent },
    { label: 'react again', method: 'PUT', path: Routes.channelMessageOwnReaction(text.id, postId ?? '0', FIRE), auth: 'bot', expect: noContent },
    { label: 'remove all reactions of one emoji', method: 'DELETE', path: Routes.channelMessageReaction(text.id, postId ?? '0', FIRE), auth: 'bot', expect: noContent },
    { label: 'react once more', method: 'PUT', path: Routes.channelMessageOwnReaction(text.id, postId ?? '0', THUMBS_UP), auth: 'bot', expect: noContent },
    { label: 'remove all reactions', method: 'DELETE', path: Routes.channelMessageAllReactions(text.id, postId ?? '0'), auth: 'bot', expect: noContent },
  ];
  for (const probe of afterReaction) await session.sendWhen(postId, probe, NO_POST);
  await session.send({ label: 'react on an unknown message', method: 'PUT', path: Routes.channelMessageOwnReaction(text.id, '1', THUMBS_UP), auth: 'bot', expect: unknownMessage });
}

/** Threads on a message, without one, and forum posts. */
async function probeThreads(world: World, postId: string | undefined): Promise<{ standaloneThreadId: string | undefined }> {
  const { session, text, forum, forumTagId } = world;
  const threadFromMessage: Probe = {
    label: 'start a thread on a message',
    method: 'POST',
    path: Routes.threads(text.id, postId ?? '0'),
    auth: 'bot',
    body: { name: 'Rocky IV — responses', auto_archive_duration: 10080 },
    expect: created,
    bodyRule: {
      description: 'the thread has the id of its source message (channel.mdx, Start Thread from Message)',
      violation: (body) => (stringField(body, 'id') === postId ? undefined : `thread id ${stringField(body, 'id') ?? '(none)'} for message ${postId ?? ''}`),
    },
  };
  const threadId = stringField((await session.sendWhen(postId, threadFromMessage, NO_POST))?.body, 'id');
  const secondThread: Probe = { label: 'a second thread on the same message answers 160004', method: 'POST', path: Routes.threads(text.id, postId ?? '0'), auth: 'bot', body: { name: 'again' }, expect: [{ status: 400, code: RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage }] };
  await session.sendWhen(postId, secondThread, NO_POST);
  const standalone = await session.send({ label: 'start a thread without a message', method: 'POST', path: Routes.threads(text.id), auth: 'bot', body: { name: 'Listening party', type: ChannelType.PublicThread }, expect: created });
  const standaloneThreadId = stringField(standalone?.body, 'id');
  await session.send({ label: 'empty thread name', method: 'POST', path: Routes.threads(text.id), auth: 'bot', body: { name: '', type: ChannelType.PublicThread }, expect: invalidFormBody });
  await session.send({
    label: 'thread name over 100 characters',
    method: 'POST',
    path: Routes.threads(text.id),
    auth: 'bot',
    body: { name: 'n'.repeat(101), type: ChannelType.PublicThread },
    expect: invalidFormBody,
    bodyRule: errorTreeRule('name'),
  });
  const forumPost = await session.send({
    label: 'forum post with a starter message and a tag',
    method: 'POST',
    path: Routes.threads(forum.id),
    auth: 'bot',
    body: { name: 'Rocky IV', message: { content: 'Responses to the Rocky IV review', allowed_mentions: noMentions }, applied_tags: forumTagId ? [forumTagId] : [] },
    expect: created,
  });
  await session.send({ label: 'thread in an unknown channel', method: 'POST', path: Routes.threads('1'), auth: 'bot', body: { name: 'x', type: ChannelType.PublicThread }, expect: unknownChannel });
  // discord.js ThreadChannel.fetchStarterMessage(): the starter of a thread has the thread's id, in the
  // parent channel for a thread on a message and in the thread itself for a forum post.
  const forumPostId = stringField(forumPost?.body, 'id');
  const forumStarter: Probe = { label: "a forum post's starter message", method: 'GET', path: Routes.channelMessage(forumPostId ?? '0', forumPostId ?? '0'), auth: 'bot', expect: ok };
  await session.sendWhen(forumPostId, forumStarter, 'creating the forum post failed');
  const threadProbes: Probe[] = [
    { label: "a thread's starter message, in the parent channel", method: 'GET', path: Routes.channelMessage(text.id, threadId ?? '0'), auth: 'bot', expect: ok },
    { label: 'get a thread', method: 'GET', path: Routes.channel(threadId ?? '0'), auth: 'bot', expect: ok },
    { label: 'post in a thread', method: 'POST', path: Routes.channelMessages(threadId ?? '0'), auth: 'bot', body: { content: 'Thanks for listening!', allowed_mentions: noMentions }, expect: ok },
    { label: 'list thread messages', method: 'GET', path: `${Routes.channelMessages(threadId ?? '0')}?limit=10`, auth: 'bot', expect: ok },
  ];
  for (const probe of threadProbes) {
    await session.sendWhen(threadId, probe, 'starting the thread failed');
  }
  return { standaloneThreadId };
}

/** Interactions: callbacks and the interaction webhook. */
async function probeInteractions(world: World, postId: string | undefined): Promise<void> {
  const { session, driver, appId, member, guild, text, setupProblems } = world;
  const command = { userId: member.id, guildId: guild.id, channelId: text.id, name: 'review', subcommand: 'show', options: { title: 'Rocky IV' } };
  const startInteraction = async (what: string, start: () => Promise<InteractionHandle>): Promise<InteractionHandle | undefined> => {
    try {
      return await start();
    } catch (error) {
      setupProblems.push(`${what}: ${errorMessage(error)}`);
      return undefined;
    }
  };
  const callback = (handle: InteractionHandle | undefined, label: string, body: unknown, expect: Expectation[]): Promise<unknown> => {
    const probe: Probe = { label, method: 'POST', path: Routes.interactionCallback(handle?.id ?? '0', handle?.token ?? 'none'), auth: 'none', body, expect };
    if (handle) return session.send(probe);
    session.notRun(probe, 'the driver could not start the interaction');
    return Promise.resolve();
  };
  const webhook = (handle: InteractionHandle | undefined, probe: Omit<Probe, 'auth'>): Promise<Sent | undefined> => {
    const full: Probe = { ...probe, auth: 'none' };
    if (handle) return session.send(full);
    session.notRun(full, 'the driver could not start the interaction');
    return Promise.resolve(undefined);
  };

  const deferred = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  await callback(deferred, 'defer (type 5)', { type: InteractionResponseType.DeferredChannelMessageWithSource }, noContent);
  await callback(deferred, 'second callback answers 40060', { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'again' } }, [
    { status: 400, code: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged },
  ]);
  const originalPath = Routes.webhookMessage(appId, deferred?.token ?? 'none', '@original');
  await webhook(deferred, { label: 'edit the deferred reply', method: 'PATCH', path: originalPath, body: { content: '', embeds: [reviewEmbed], allowed_mentions: noMentions }, expect: ok });
  await webhook(deferred, {
    label: 'get the original reply',
    method: 'GET',
    path: originalPath,
    expect: ok,
    bodyRule: messageRule(
      "the edited reply, no longer loading, tied to the member's command (message.mdx, interaction_metadata; flag LOADING 1<<7)",
      authoredBy(world.botUserId),
      flagSet(MessageFlags.Loading, 'LOADING', false),
      interactionBy(member.id),
      (message) => (Array.isArray(message['embeds']) && message['embeds'].length === 1 ? undefined : 'embeds of the edit missing'),
    ),
  });
  await webhook(deferred, { label: 'edit the reply over 2000 characters', method: 'PATCH', path: originalPath, body: { content: 'c'.repeat(2001) }, expect: invalidFormBody });
  const followUp = await webhook(deferred, {
    label: 'follow-up message',
    method: 'POST',
    path: `${Routes.webhook(appId, deferred?.token ?? 'none')}?wait=true`,
    body: { content: 'Page 2 of the track listing', allowed_mentions: noMentions },
    expect: ok,
  });
  const followUpId = stringField(followUp?.body, 'id');
  const followUpPath = Routes.webhookMessage(appId, deferred?.token ?? 'none', followUpId ?? '0');
  const followUpProbes: Omit<Probe, 'auth'>[] = [
    { label: 'get a follow-up', method: 'GET', path: followUpPath, expect: ok },
    { label: 'edit a follow-up', method: 'PATCH', path: followUpPath, body: { content: 'Page 2 of 2' }, expect: ok, bodyRule: messageRule('the edited follow-up', contentIs('Page 2 of 2')) },
    { label: 'delete a follow-up', method: 'DELETE', path: followUpPath, expect: noContent },
    { label: 'get a deleted follow-up answers 10008', method: 'GET', path: followUpPath, expect: unknownMessage },
  ];
  for (const probe of followUpProbes) {
    if (followUpId) await webhook(deferred, probe);
    else session.notRun({ ...probe, auth: 'none' }, 'the follow-up returned no id');
  }
  await webhook(deferred, {
    label: 'ephemeral follow-up',
    method: 'POST',
    path: `${Routes.webhook(appId, deferred?.token ?? 'none')}?wait=true`,
    body: { content: 'Only you can see this', flags: MessageFlags.Ephemeral },
    expect: ok,
    bodyRule: messageRule('an ephemeral follow-up (flag EPHEMERAL 1<<6)', flagSet(MessageFlags.Ephemeral, 'EPHEMERAL', true), contentIs('Only you can see this')),
  });
  await webhook(deferred, { label: 'delete the original reply', method: 'DELETE', path: originalPath, expect: noContent });
  await session.send({
    label: 'interaction webhook with a wrong token',
    method: 'PATCH',
    path: Routes.webhookMessage(appId, 'not-a-token', '@original'),
    auth: 'none',
    body: { content: 'x' },
    expect: [
      { status: 401, code: RESTJSONErrorCodes.InvalidWebhookToken },
      { status: 404, code: RESTJSONErrorCodes.UnknownWebhook },
    ],
  });

  const replied = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  await callback(replied, 'reply with an embed and a button (type 4)', { type: InteractionResponseType.ChannelMessageWithSource, data: { embeds: [reviewEmbed], components: [buttonRow], allowed_mentions: noMentions } }, noContent);
  await webhook(replied, {
    label: 'get a non-deferred reply',
    method: 'GET',
    path: Routes.webhookMessage(appId, replied?.token ?? 'none', '@original'),
    expect: ok,
    bodyRule: messageRule(
      "the reply, public, tied to the member's command (message.mdx, interaction_metadata)",
      interactionBy(member.id),
      flagSet(MessageFlags.Ephemeral, 'EPHEMERAL', false),
      (message) => (Array.isArray(message['components']) && message['components'].length === 1 ? undefined : 'components missing'),
    ),
  });
  await callback(replied, 'callback on an answered interaction answers 40060', { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'x' } }, [
    { status: 400, code: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged },
  ]);

  const withResponse = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  const withResponseProbe: Probe = {
    label: 'reply with ?with_response=true',
    method: 'POST',
    path: `${Routes.interactionCallback(withResponse?.id ?? '0', withResponse?.token ?? 'none')}?with_response=true`,
    auth: 'none',
    body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Here is the review' } },
    expect: ok,
  };
  await session.sendWhen(withResponse, withResponseProbe, 'the driver could not start the interaction');

  const ephemeral = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  await callback(ephemeral, 'ephemeral reply', { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Only you', flags: MessageFlags.Ephemeral } }, noContent);

  const tooLong = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  await callback(tooLong, 'reply over 2000 characters', { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'd'.repeat(2001) } }, invalidFormBody);

  const modal = await startInteraction('driver.runCommand', () => driver.runCommand({ ...command, subcommand: 'submit', options: {} }));
  await callback(
    modal,
    'show a modal (type 9)',
    {
      type: InteractionResponseType.Modal,
      data: {
        custom_id: 'review:submit',
        title: 'Submit a review',
        components: [
          { type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: 'title', label: 'Title', style: TextInputStyle.Short, required: true }] },
        ],
      },
    },
    noContent,
  );
  const submitted = modal
    ? await startInteraction('driver.submitModal', () =>
        driver.submitModal({ userId: member.id, guildId: guild.id, channelId: text.id, customId: 'review:submit', fields: { title: 'Rocky IV' } }),
      )
    : undefined;
  await callback(submitted, 'answer a modal submit', { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Thanks!', flags: MessageFlags.Ephemeral } }, noContent);

  const clickOf = (what: string): Promise<InteractionHandle | undefined> =>
    postId
      ? startInteraction(what, () => driver.clickButton({ userId: member.id, channelId: text.id, messageId: postId, customId: 'review:like' }))
      : Promise.resolve(undefined);
  const updated = await clickOf('driver.clickButton');
  await callback(updated, 'update the clicked message (type 7)', { type: InteractionResponseType.UpdateMessage, data: { content: 'Liked', components: [buttonRow] } }, noContent);
  const deferredUpdate = await clickOf('driver.clickButton');
  await callback(deferredUpdate, 'deferred update (type 6)', { type: InteractionResponseType.DeferredMessageUpdate }, noContent);

  await probeAutocomplete(world);

  await session.send({
    label: 'unknown interaction answers 10062',
    method: 'POST',
    path: Routes.interactionCallback('1', 'not-a-token'),
    auth: 'none',
    body: { type: InteractionResponseType.DeferredChannelMessageWithSource },
    expect: unknownInteraction,
  });
  const late = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  if (late) await sleep(PROBE_INTERACTION_TIMEOUT_MS + 500);
  await callback(late, 'callback after the deadline answers 10062', { type: InteractionResponseType.DeferredChannelMessageWithSource }, unknownInteraction);
}

/** Thread edits, bulk delete and deletions, last (the messages are referenced before). */
async function probeDeletions(world: World, ids: { standaloneThreadId: string | undefined; secondId: string | undefined }): Promise<void> {
  const { session, text } = world;
  const threadEdits: Probe[] = [
    { label: 'rename a thread', method: 'PATCH', path: Routes.channel(ids.standaloneThreadId ?? '0'), auth: 'bot', body: { name: 'Listening party (archived)' }, expect: ok },
    { label: 'delete a thread', method: 'DELETE', path: Routes.channel(ids.standaloneThreadId ?? '0'), auth: 'bot', expect: ok },
    { label: 'get a deleted thread answers 10003', method: 'GET', path: Routes.channel(ids.standaloneThreadId ?? '0'), auth: 'bot', expect: unknownChannel },
  ];
  for (const probe of threadEdits) {
    await session.sendWhen(ids.standaloneThreadId, probe, 'starting the thread without a message failed');
  }
  const bulkIds: string[] = [];
  for (const content of ['bulk one', 'bulk two']) {
    const sent = await session.send({ label: 'post a message to bulk-delete', method: 'POST', path: Routes.channelMessages(text.id), auth: 'bot', body: { content }, expect: ok });
    const id = stringField(sent?.body, 'id');
    if (id) bulkIds.push(id);
  }
  const bulkDelete: Probe = { label: 'bulk-delete two messages', method: 'POST', path: Routes.channelBulkDelete(text.id), auth: 'bot', body: { messages: bulkIds }, expect: noContent };
  await session.sendWhen(bulkIds.length === 2, bulkDelete, 'posting the messages to delete failed');
  await session.send({
    label: 'bulk-delete one message is refused',
    method: 'POST',
    path: Routes.channelBulkDelete(text.id),
    auth: 'bot',
    body: { messages: [ids.secondId ?? '1'] },
    // Discord answers the array length with 50035 (BASE_TYPE_BAD_LENGTH); its docs also list 50016 for it.
    expect: [...invalidFormBody, { status: 400, code: RESTJSONErrorCodes.ProvidedTooFewOrTooManyMessagesToDelete }],
  });

  const deleteSecond: Probe = { label: 'delete a message', method: 'DELETE', path: Routes.channelMessage(text.id, ids.secondId ?? '0'), auth: 'bot', expect: noContent };
  await session.sendWhen(ids.secondId, deleteSecond, 'posting the message failed');
  await session.send({ label: 'delete an unknown message', method: 'DELETE', path: Routes.channelMessage(text.id, '1'), auth: 'bot', expect: unknownMessage });
}

/** Guild reads the emulator serves besides those the bot needs (every implemented route gets a request). */
async function probeGuildReads(world: World): Promise<void> {
  const { session } = world;
  const guildId = world.guild.id;
  const memberId = world.member.id;
  await session.send({ label: "the guild's roles", method: 'GET', path: Routes.guildRoles(guildId), auth: 'bot', expect: ok });
  await session.send({ label: "the guild's active threads", method: 'GET', path: Routes.guildActiveThreads(guildId), auth: 'bot', expect: ok });
  await session.send({ label: 'a user', method: 'GET', path: Routes.user(memberId), auth: 'bot', expect: ok });
  await session.send({ label: 'unknown user answers 10013', method: 'GET', path: Routes.user('1'), auth: 'bot', expect: [{ status: 404, code: RESTJSONErrorCodes.UnknownUser }] });
}

/** What the bot may not do without a permission (message.mdx, channel.mdx: each permission the bot's own calls need). */
async function probePermissions(world: World): Promise<void> {
  const { session, driver, setupProblems } = world;
  const ids = { memberId: world.member.id, mutedChannelId: world.mutedChannel.id, historylessChannelId: world.historylessChannel.id };
  await session.send({
    label: 'without Read Message History the list is empty',
    method: 'GET',
    path: Routes.channelMessages(ids.historylessChannelId),
    auth: 'bot',
    expect: ok,
    bodyRule: {
      description: 'no messages without READ_MESSAGE_HISTORY (message.mdx, Get Channel Messages)',
      violation: (body) => (Array.isArray(body) && body.length === 0 ? undefined : `${Array.isArray(body) ? body.length : 'no'} messages`),
    },
  });

  let memberMessageId: string | undefined;
  try {
    await driver.sendMessage(ids.memberId, ids.historylessChannelId, 'Anyone here?');
    memberMessageId = (await driver.sendMessage(ids.memberId, ids.mutedChannelId, 'Anyone here?')).id;
  } catch (error) {
    setupProblems.push(`driver.sendMessage in the muted guild: ${errorMessage(error)}`);
  }
  const onMemberMessage: Probe[] = [
    { label: 'first reaction without Add Reactions answers 50013', method: 'PUT', path: Routes.channelMessageOwnReaction(ids.mutedChannelId, memberMessageId ?? '0', THUMBS_UP), auth: 'bot', expect: missingPermissions },
    {
      label: 'thread on a message without Create Public Threads answers 50013',
      method: 'POST',
      path: Routes.threads(ids.mutedChannelId, memberMessageId ?? '0'),
      auth: 'bot',
      body: { name: 'not allowed' },
      expect: missingPermissions,
    },
  ];
  for (const probe of onMemberMessage) {
    await session.sendWhen(memberMessageId, probe, "the member's message in the muted guild could not be created");
  }
  const afterMemberReacted: Probe[] = [
    // "if nobody else has reacted to the message using this emoji, this endpoint requires ADD_REACTIONS"
    { label: 'joining an existing reaction needs no Add Reactions', method: 'PUT', path: Routes.channelMessageOwnReaction(ids.mutedChannelId, memberMessageId ?? '0', THUMBS_UP), auth: 'bot', expect: noContent },
    { label: "removing a member's reaction without Manage Messages answers 50013", method: 'DELETE', path: Routes.channelMessageUserReaction(ids.mutedChannelId, memberMessageId ?? '0', THUMBS_UP, ids.memberId), auth: 'bot', expect: missingPermissions },
  ];
  let memberReacted = false;
  if (memberMessageId) {
    try {
      await driver.react(ids.memberId, ids.mutedChannelId, memberMessageId, '👍');
      memberReacted = true;
    } catch (error) {
      setupProblems.push(`driver.react in the muted guild: ${errorMessage(error)}`);
    }
  }
  for (const probe of afterMemberReacted) {
    await session.sendWhen(memberReacted, probe, 'the member could not react in the muted guild');
  }
}

async function probeAutocomplete(world: World): Promise<void> {
  const { session, driver, gateway, setupProblems } = world;
  const where = { userId: world.member.id, guildId: world.guild.id, channelId: world.text.id };
  const choices: APIApplicationCommandOptionChoice[] = [{ name: 'Rocky IV (1985)', value: 'rocky-iv' }];
  const probe: Probe = { label: 'autocomplete result (type 8)', method: 'POST', path: '', auth: 'none', body: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } }, expect: noContent };
  if (!gateway) {
    session.notRun({ ...probe, path: Routes.interactionCallback('0', 'none') }, 'no gateway connection to receive the autocomplete interaction');
    return;
  }
  const pending = driver.autocomplete({ ...where, name: 'review', subcommand: 'show', options: { title: 'Roc' }, focused: 'title' });
  pending.catch(() => undefined);
  try {
    const dispatch = await gateway.waitFor(
      (event) => event.t === 'INTERACTION_CREATE' && isRecord(event.d) && event.d['type'] === InteractionType.ApplicationCommandAutocomplete,
      5000,
      'autocomplete INTERACTION_CREATE',
    );
    const id = stringField(dispatch.d, 'id') ?? '0';
    const token = stringField(dispatch.d, 'token') ?? 'none';
    await session.send({ ...probe, path: Routes.interactionCallback(id, token) });
    await pending;

    const tooMany = driver.autocomplete({ ...where, name: 'review', subcommand: 'show', options: { title: 'R' }, focused: 'title' });
    // Left unanswered after the 400 below: the driver's promise then rejects at the deadline, as it should.
    tooMany.catch(() => undefined);
    const second = await gateway.waitFor(
      (event) =>
        event.t === 'INTERACTION_CREATE' &&
        isRecord(event.d) &&
        event.d['type'] === InteractionType.ApplicationCommandAutocomplete &&
        event.d['id'] !== id,
      5000,
      'second autocomplete INTERACTION_CREATE',
    );
    const tooManyChoices = Array.from({ length: 26 }, (_, index) => ({ name: `Choice ${index}`, value: `choice-${index}` }));
    await session.send({
      label: '26 autocomplete choices',
      method: 'POST',
      path: Routes.interactionCallback(stringField(second.d, 'id') ?? '0', stringField(second.d, 'token') ?? 'none'),
      auth: 'none',
      body: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: tooManyChoices } },
      expect: invalidFormBody,
    });
  } catch (error) {
    setupProblems.push(`autocomplete: ${errorMessage(error)}`);
  }
}

async function probeRateLimits(world: World, messageId: string | undefined): Promise<void> {
  const { session, driver } = world;
  const channelId = world.text.id;
  const injected: Probe = {
    label: 'injected 429 (driver.failNext) on message create',
    method: 'POST',
    path: Routes.channelMessages(channelId),
    auth: 'bot',
    body: { content: 'rate limited?' },
    expect: [{ status: 429 }],
  };
  // The driver keys routes like its request log; take the key from the log rather than guessing it.
  const logged = driver.requests().find((entry) => entry.method === 'POST' && entry.path.endsWith(`/channels/${channelId}/messages`));
  if (logged) {
    driver.failNext(logged.route, 1, 429);
    await session.send(injected);
  } else {
    session.notRun(injected, 'the request log has no POST on the channel messages route to take the route key from');
  }

  const burst: Probe[] = ['🎵', '🎸', '🥁', '🎹', '🎺', '🎻', '🎷', '🪕', '🎤', '📀'].map((emoji) => ({
    label: 'burst of reaction writes',
    method: 'PUT',
    path: Routes.channelMessageOwnReaction(channelId, messageId ?? '0', encodeURIComponent(emoji)),
    auth: 'bot',
    expect: [{ status: 204 }, { status: 429 }],
  }));
  if (!messageId) {
    for (const probe of burst) session.notRun(probe, 'posting the message failed');
    return;
  }
  const exchanges = await session.sendAll(burst);
  if (!exchanges.some((exchange) => exchange.status === 429)) {
    // Recorded as an observation of its own so that the missing 429 shows up in the report.
    session.observe(
      { label: 'burst of 10 reaction writes gets a 429 (per-channel reaction bucket)', method: 'PUT', path: burst[0]?.path ?? '', auth: 'bot', expect: [{ status: 429 }] },
      `no 429 among ${exchanges.length} concurrent reaction writes (statuses ${exchanges.map((exchange) => exchange.status).join(', ')})`,
    );
  }
  const retryAfter = Math.max(
    0,
    ...exchanges.map((exchange) => Number(exchange.headers.get('Retry-After') ?? exchange.headers.get('X-RateLimit-Reset-After') ?? '0')),
  );
  await sleep(Math.min(retryAfter * 1000, 5000) + 100);
}
