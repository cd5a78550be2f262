import type { APIApplicationCommand, APIMessage, APIPartialEmoji, APIRole, APIUser } from 'discord-api-types/v10';
import { z } from 'zod';
import type { ChannelRecord, GuildChannel, GuildRecord, World } from '../emulator/world.js';

/** An object the sandbox wrote itself: only its shape is checked, its Discord payloads are kept as they were. */
const payload = <T>() => z.custom<T>((value) => typeof value === 'object' && value !== null && !Array.isArray(value));

const savedWorldSchema = z.object({
  version: z.literal(1),
  application: z.object({ id: z.string(), token: z.string(), name: z.string() }),
  users: z.array(payload<APIUser>()),
  guilds: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      ownerId: z.string(),
      joinedAt: z.string(),
      roles: z.array(payload<APIRole>()),
      members: z.array(z.object({ userId: z.string(), roles: z.array(z.string()), joinedAt: z.string() })),
      channelIds: z.array(z.string()),
      botRoleId: z.string(),
      botPermissions: z.string().optional(),
    }),
  ),
  channels: z.array(
    z.object({
      guildId: z.string(),
      channel: payload<GuildChannel>(),
      messages: z.array(
        z.object({
          message: payload<APIMessage>(),
          interactionId: z.string().optional(),
          reactions: z.array(z.object({ key: z.string(), emoji: payload<APIPartialEmoji>(), users: z.array(z.string()) })),
        }),
      ),
    }),
  ),
  commands: z.array(payload<APIApplicationCommand>()),
});

export type SavedWorld = z.infer<typeof savedWorldSchema>;

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
  const result = savedWorldSchema.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown problem';
    throw new SavedWorldError(`the sandbox world ${source} is not one this version can read (${where}); delete it to start a fresh sandbox`);
  }
  return result.data;
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
