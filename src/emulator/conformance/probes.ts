// Builds a small world in the emulator and sends every implemented route's requests with plain fetch,
// the way the bot (through discord.js) would: success cases first, then Discord's error answers.
import { ChannelType, PermissionFlagsBits, Routes } from 'discord-api-types/v10';
import type { Emulator } from '../types.js';
import type { Exchange } from './check.js';
import { ok } from './probe-rules.js';
import { ProbeSession, stringField } from './probe-session.js';
import { connectGatewayListener } from './gateway-listener.js';
import type { GatewayListener } from './gateway-listener.js';
import { errorMessage } from '../../errors.js';
import { type ProbeWorld } from './probe-world.js';
import { probeCommands, probeGuildAndChannels, probeGuildReads, probeIdentity } from './probes-application.js';
import { probeInteractions } from './probes-interactions.js';
import { probeDeletions, probeMessages } from './probes-messages.js';
import { probeReactions, probeThreads } from './probes-reactions-and-threads.js';
import { probePermissions, probeRateLimits } from './probes-restrictions.js';
export { PROBE_INTERACTION_TIMEOUT_MS } from './probe-world.js';

export interface ProbeRun {
  exchanges: Exchange[];
  /** ProbeWorld steps that failed (driver calls, gateway): reported, since they hide probes. */
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
  const world: ProbeWorld = {
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
