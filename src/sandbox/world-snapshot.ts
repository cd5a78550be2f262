import type { APIApplicationCommand, APIMessage, APIPartialEmoji, APIRole, APIUser } from 'discord-api-types/v10';
import * as v from 'valibot';
import type { ChannelRecord, GuildChannel, GuildRecord, World } from '../emulator/world.js';
import { defaultMessage, issueKeys, object } from '../validation.js';

/** An object the sandbox wrote itself: only its shape is checked, its Discord payloads are kept as they were. */
const payload = <T>() => v.custom<T>((value) => typeof value === 'object' && value !== null && !Array.isArray(value));

const savedWorldSchema = object({
  version: v.literal(1),
  application: object({ id: v.string(), token: v.string(), name: v.string() }),
  users: v.array(payload<APIUser>()),
  guilds: v.array(
    object({
      id: v.string(),
      name: v.string(),
      ownerId: v.string(),
      joinedAt: v.string(),
      roles: v.array(payload<APIRole>()),
      members: v.array(object({ userId: v.string(), roles: v.array(v.string()), joinedAt: v.string() })),
      channelIds: v.array(v.string()),
      botRoleId: v.string(),
      botPermissions: v.optional(v.string()),
    }),
  ),
  channels: v.array(
    object({
      guildId: v.string(),
      channel: payload<GuildChannel>(),
      messages: v.array(
        object({
          message: payload<APIMessage>(),
          interactionId: v.optional(v.string()),
          reactions: v.array(object({ key: v.string(), emoji: payload<APIPartialEmoji>(), users: v.array(v.string()) })),
        }),
      ),
    }),
  ),
  commands: v.array(payload<APIApplicationCommand>()),
});

export type SavedWorld = v.InferOutput<typeof savedWorldSchema>;

export class SavedWorldError extends Error {
  override readonly name = 'SavedWorldError';
}

/** What a person sees of the emulator's world. Ephemeral messages and open interactions are left out: they end with the session. */
export function encodeWorld(world: World): SavedWorld {
  return {
    version: 1,
    application: { ...world.application },
    users: [...world.users.values()],
    guilds: [...world.guilds.values()].map((guild) => ({
      id: guild.id,
      name: guild.name,
      ownerId: guild.ownerId,
      joinedAt: guild.joinedAt,
      roles: [...guild.roles.values()],
      members: [...guild.members.values()].map((member) => ({ ...member, roles: [...member.roles] })),
      channelIds: [...guild.channelIds],
      botRoleId: guild.botRoleId,
      ...(guild.botPermissions === undefined ? {} : { botPermissions: guild.botPermissions.toString() }),
    })),
    channels: [...world.channels.values()].map((record) => ({
      guildId: record.guildId,
      channel: record.channel,
      messages: [...record.messages.values()].map((message) => ({
        message: message.message,
        ...(message.interactionId === undefined ? {} : { interactionId: message.interactionId }),
        reactions: [...message.reactions.entries()].map(([key, reaction]) => ({ key, emoji: reaction.emoji, users: [...reaction.users] })),
      })),
    })),
    commands: [...world.commands.values()],
  };
}

/** Checks a parsed sandbox world file; a broken one is named with the way out. */
export function parseSavedWorld(json: unknown, source: string): SavedWorld {
  const result = v.safeParse(savedWorldSchema, json, { message: defaultMessage });
  if (!result.success) {
    const [first] = result.issues;
    const where = `${issueKeys(first).join('.') || '(root)'}: ${first.message}`;
    throw new SavedWorldError(`the sandbox world ${source} is not one this version can read (${where}); delete it to start a fresh sandbox`);
  }
  return result.output;
}

/** Fills a freshly constructed World (same application identity) with the saved state. */
export function decodeWorld(saved: SavedWorld, world: World): void {
  world.users.clear();
  for (const user of saved.users) world.users.set(user.id, user);
  world.guilds.clear();
  for (const guild of saved.guilds) {
    const record: GuildRecord = {
      id: guild.id,
      name: guild.name,
      ownerId: guild.ownerId,
      joinedAt: guild.joinedAt,
      roles: new Map(guild.roles.map((role) => [role.id, role])),
      members: new Map(guild.members.map((member) => [member.userId, { ...member }])),
      channelIds: [...guild.channelIds],
      botRoleId: guild.botRoleId,
    };
    if (guild.botPermissions !== undefined) record.botPermissions = BigInt(guild.botPermissions);
    world.guilds.set(guild.id, record);
  }
  world.channels.clear();
  for (const channel of saved.channels) {
    const record: ChannelRecord = { channel: channel.channel, guildId: channel.guildId, messages: new Map() };
    for (const message of channel.messages) {
      record.messages.set(message.message.id, {
        message: message.message,
        ephemeral: false,
        ...(message.interactionId === undefined ? {} : { interactionId: message.interactionId }),
        reactions: new Map(message.reactions.map((reaction) => [reaction.key, { emoji: reaction.emoji, users: new Set(reaction.users) }])),
      });
    }
    world.channels.set(channel.channel.id, record);
  }
  world.commands.clear();
  for (const command of saved.commands) world.commands.set(command.id, command);
}
