import { ChannelType, Client, GatewayIntentBits, Partials, PermissionFlagsBits } from 'discord.js';
import type { APIChannel, APIGuild, APIUser } from 'discord-api-types/v10';
import { startEmulator } from '../../src/emulator/index.js';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';

export interface World {
  emulator: Emulator;
  admin: APIUser;
  member: APIUser;
  guild: APIGuild;
  reviews: APIChannel;
}

/** An emulator with a guild (#reviews, an admin owner and a member), fast heartbeats and no rate limits by default. */
export async function startWorld(options: EmulatorOptions = {}): Promise<World> {
  const emulator = await startEmulator({ rateLimits: false, heartbeatIntervalMs: 1000, ...options });
  const { driver } = emulator;
  const admin = driver.createUser({ username: 'admin' });
  const member = driver.createUser({ username: 'listener', globalName: 'Listener' });
  const guild = driver.createGuild({ name: 'Liner Notes HQ', ownerId: admin.id });
  driver.addMember(guild.id, member.id);
  const reviews = driver.createChannel(guild.id, { name: 'reviews', type: ChannelType.GuildText });
  return { emulator, admin, member, guild, reviews };
}

export function newClient(emulator: Emulator): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.MessageContent],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    rest: { api: emulator.restUrl },
  });
}

export async function login(emulator: Emulator, client = newClient(emulator)): Promise<Client<true>> {
  const ready = new Promise<Client<true>>((resolve) => client.once('clientReady', resolve));
  await client.login(emulator.application.token);
  return ready;
}

export { PermissionFlagsBits };
