// Probes of identity, application commands, the guild and its channels, and the guild reads.
import { ApplicationCommandType, RESTJSONErrorCodes, Routes } from 'discord-api-types/v10';
import type { Probe } from './check.js';
import { created, invalidFormBody, missingAccess, noContent, ok, unauthorized, unknownChannel } from './probe-rules.js';
import { stringField } from './probe-session.js';
import { reviewCommands, type ProbeWorld } from './probe-world.js';

/** Authentication and identity. */
export async function probeIdentity(world: ProbeWorld): Promise<void> {
  const { session } = world;
  await session.send({ label: 'no Authorization header', method: 'GET', path: Routes.gatewayBot(), auth: 'none', expect: unauthorized });
  await session.send({ label: 'gateway URL without authentication', method: 'GET', path: Routes.gateway(), auth: 'none', expect: ok });
  await session.send({ label: 'invalid bot token', method: 'GET', path: Routes.user(), auth: 'invalid-bot-token', expect: unauthorized });
  await session.send({
    label: 'bot token without the "Bot " prefix',
    method: 'GET',
    path: Routes.user(),
    auth: 'token-without-bot-prefix',
    expect: unauthorized,
  });
  await session.send({ label: 'the bot user', method: 'GET', path: Routes.user(), auth: 'bot', expect: ok });
  // Routes.user('@me') percent-encodes the "@" (discord-api-types encodes explicit route arguments);
  // Discord treats "%40me" as "@me", and discord.js sends "%40original" for interaction replies.
  await session.send({ label: 'the bot user, "@" percent-encoded', method: 'GET', path: Routes.user('@me'), auth: 'bot', expect: ok });
  await session.send({ label: 'the bot application', method: 'GET', path: Routes.currentApplication(), auth: 'bot', expect: ok });
}

/** Application commands, guild and global. */
export async function probeCommands(world: ProbeWorld): Promise<void> {
  const { session, appId, guild } = world;
  const overwritten = await session.send({
    label: 'bulk overwrite guild commands',
    method: 'PUT',
    path: Routes.applicationGuildCommands(appId, guild.id),
    auth: 'bot',
    body: reviewCommands,
    expect: ok,
  });
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
  const globalOverwrite = await session.send({
    label: 'bulk overwrite global commands',
    method: 'PUT',
    path: Routes.applicationCommands(appId),
    auth: 'bot',
    body: reviewCommands,
    expect: ok,
  });
  const globalReviewId = Array.isArray(globalOverwrite?.body) ? stringField(globalOverwrite.body[0], 'id') : undefined;
  const globalCommandProbes: Probe[] = [
    { label: 'get a global command', method: 'GET', path: Routes.applicationCommand(appId, globalReviewId ?? '0'), auth: 'bot', expect: ok },
    {
      label: 'edit a global command',
      method: 'PATCH',
      path: Routes.applicationCommand(appId, globalReviewId ?? '0'),
      auth: 'bot',
      body: { description: 'Reviews' },
      expect: ok,
    },
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
export async function probeGuildAndChannels(world: ProbeWorld): Promise<void> {
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
  await session.send({
    label: 'channel hidden from the bot answers 50001',
    method: 'GET',
    path: Routes.channel(hiddenChannel.id),
    auth: 'bot',
    expect: missingAccess,
  });
}

/** Guild reads the emulator serves besides those the bot needs (every implemented route gets a request). */
export async function probeGuildReads(world: ProbeWorld): Promise<void> {
  const { session } = world;
  const guildId = world.guild.id;
  const memberId = world.member.id;
  await session.send({ label: "the guild's roles", method: 'GET', path: Routes.guildRoles(guildId), auth: 'bot', expect: ok });
  await session.send({ label: "the guild's active threads", method: 'GET', path: Routes.guildActiveThreads(guildId), auth: 'bot', expect: ok });
  await session.send({ label: 'a user', method: 'GET', path: Routes.user(memberId), auth: 'bot', expect: ok });
  await session.send({
    label: 'unknown user answers 10013',
    method: 'GET',
    path: Routes.user('1'),
    auth: 'bot',
    expect: [{ status: 404, code: RESTJSONErrorCodes.UnknownUser }],
  });
}
