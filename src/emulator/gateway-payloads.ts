// What the gateway reads and writes apart from its sessions: opcode payloads checked, the shard a guild event
// goes to, and a dispatch as a session without MESSAGE_CONTENT sees it.
import { ChannelType, GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type { ApplicationFlags, GatewayGuildCreateDispatchData, GatewayIdentifyData, GatewayReadyDispatchData, GatewayResumeData } from 'discord-api-types/v10';
import { PRIVILEGED_INTENTS } from './world.js';
import type { GuildRecord, World } from './world.js';

export const KNOWN_INTENTS: number = Object.values(GatewayIntentBits)
  .filter((value): value is number => typeof value === 'number')
  .reduce((all, bit) => all | bit, 0);

/** Close codes after which a session cannot be resumed (Topics › Opcodes and Status Codes › Gateway Close Event Codes). */
export const NON_RESUMABLE_CLOSE_CODES = new Set<number>([
  1000,
  1001,
  GatewayCloseCodes.AuthenticationFailed,
  GatewayCloseCodes.InvalidSeq,
  GatewayCloseCodes.SessionTimedOut,
  GatewayCloseCodes.InvalidShard,
  GatewayCloseCodes.ShardingRequired,
  GatewayCloseCodes.InvalidAPIVersion,
  GatewayCloseCodes.InvalidIntents,
  GatewayCloseCodes.DisallowedIntents,
]);

export function inShard(guildId: string, [shardId, shardCount]: [number, number]): boolean {
  // Gateway › Sharding: shard_id = (guild_id >> 22) % num_shards
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount)) === shardId;
}

const guildEvents: ReadonlySet<string> = new Set([GatewayDispatchEvents.GuildCreate, GatewayDispatchEvents.GuildUpdate, GatewayDispatchEvents.GuildDelete]);

/** Gateway › Sharding: guild events go to the shard that owns the guild. */
export function guildIdOf(t: string, d: unknown): string | undefined {
  if (typeof d !== 'object' || d === null) return undefined;
  if ('guild_id' in d && typeof d.guild_id === 'string') return d.guild_id;
  // The guild events carry the guild itself, whose id routes them.
  if (guildEvents.has(t) && 'id' in d && typeof d.id === 'string') return d.id;
  return undefined;
}

export function stripTokenPrefix(token: string): string {
  return token.replace(/^Bot\s+/i, '');
}

export function randomSessionId(): string {
  let id = '';
  for (let i = 0; i < 32; i++) id += Math.floor(Math.random() * 16).toString(16);
  return id;
}

/** An IDENTIFY whose intents are still as sent: the gateway checks them itself (Gateway › Identify). */
export type IdentifyPayload = Omit<GatewayIdentifyData, 'intents'> & { intents: unknown };

export function isIdentify(d: unknown): d is IdentifyPayload {
  return typeof d === 'object' && d !== null && 'token' in d && typeof d.token === 'string' && 'intents' in d && 'properties' in d;
}

export function isResume(d: unknown): d is GatewayResumeData {
  return (
    typeof d === 'object' &&
    d !== null &&
    'token' in d &&
    typeof d.token === 'string' &&
    'session_id' in d &&
    typeof d.session_id === 'string' &&
    'seq' in d &&
    typeof d.seq === 'number'
  );
}

/** Message Resource › Message Object: content, embeds, attachments, components and poll need MESSAGE_CONTENT. */
export function withoutMessageContent(d: unknown): unknown {
  if (typeof d !== 'object' || d === null) return d;
  const copy: Record<string, unknown> = { ...d };
  if ('content' in copy) copy.content = '';
  if ('embeds' in copy) copy.embeds = [];
  if ('attachments' in copy) copy.attachments = [];
  if ('components' in copy) copy.components = [];
  if ('poll' in copy) delete copy.poll;
  return copy;
}

/** Privileged intents the application has not enabled: asking for one closes IDENTIFY with 4014. */
export function disallowedIntents(world: World): number {
  const allowed = world.privilegedIntents;
  let disallowed = 0;
  if (!allowed.guildMembers) disallowed |= GatewayIntentBits.GuildMembers;
  if (!allowed.guildPresences) disallowed |= GatewayIntentBits.GuildPresences;
  if (!allowed.messageContent) disallowed |= GatewayIntentBits.MessageContent;
  return disallowed & PRIVILEGED_INTENTS;
}

export function guildCreatePayload(world: World, guild: GuildRecord): GatewayGuildCreateDispatchData {
  const channels: GatewayGuildCreateDispatchData['channels'] = [];
  const threads: GatewayGuildCreateDispatchData['threads'] = [];
  for (const channelId of guild.channelIds) {
    const record = world.channels.get(channelId);
    if (!record) continue;
    const channel = record.channel;
    if (channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildForum) {
      channels.push({ ...channel });
    } else if (!channel.thread_metadata?.archived) {
      threads.push({ ...channel });
    }
  }
  const botMember = guild.members.get(world.application.botUserId);
  return {
    ...world.guildView(guild),
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    // Without GUILD_PRESENCES Discord sends only the current user's member here.
    members: botMember ? [world.memberView(botMember)] : [],
    channels,
    threads,
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Gateway Events › Ready: the session, its shard, and its guilds as unavailable (each GUILD_CREATE follows). */
export function readyPayload(
  world: World,
  session: { id: string; shard: [number, number] },
  guilds: readonly GuildRecord[],
  resumeUrl: string,
): GatewayReadyDispatchData {
  return {
    v: 10,
    user: world.botUser,
    guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
    session_id: session.id,
    resume_gateway_url: resumeUrl,
    shard: session.shard,
    application: { id: world.application.id, flags: 0 as ApplicationFlags, flags_new: '0' },
  };
}
