import { afterEach, describe, expect, it } from 'vitest';
import { ChannelType } from 'discord.js';
import type { Client } from 'discord.js';
import { startEmulatorWith, World as EmulatorWorld } from '../../src/emulator/index.js';
import { login, startWorld } from './setup.js';
import type { World } from './setup.js';

describe('emulator: logging in with discord.js', () => {
  let world: World | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.destroy();
    await world?.emulator.stop();
    client = undefined;
    world = undefined;
  });

  it('reaches clientReady with the guild, its channels and the bot member cached', async () => {
    world = await startWorld();
    client = await login(world.emulator);
    expect(client.user?.id).toBe(world.emulator.application.botUserId);
    expect(client.user?.bot).toBe(true);
    const guild = client.guilds.cache.get(world.guild.id);
    expect(guild?.name).toBe('Liner Notes HQ');
    expect(guild?.channels.cache.get(world.reviews.id)?.name).toBe('reviews');
    expect(guild?.members.me?.id).toBe(world.emulator.application.botUserId);
    expect(client.application?.id).toBe(world.emulator.application.id);
  });

  it('tells a connected client about a guild it joins, new channels and roles', async () => {
    world = await startWorld();
    const connected = await login(world.emulator);
    client = connected;
    const joined = new Promise<string>((resolve) => connected.once('guildCreate', (guild) => resolve(guild.name)));
    const second = world.emulator.driver.createGuild({ name: 'Second Guild', ownerId: world.admin.id });
    expect(await joined).toBe('Second Guild');
    const created = new Promise<string>((resolve) => connected.once('channelCreate', (channel) => resolve(channel.id)));
    const channel = world.emulator.driver.createChannel(second.id, { name: 'news', type: ChannelType.GuildText });
    expect(await created).toBe(channel.id);
    const role = new Promise<string>((resolve) => connected.once('roleCreate', (created) => resolve(created.name)));
    world.emulator.driver.createRole(second.id, { name: 'Critics', permissions: 0n });
    expect(await role).toBe('Critics');
    expect(connected.guilds.cache.get(second.id)?.roles.everyone.id).toBe(second.id);
  });

  it('starts on a World built beforehand and keeps its identity', async () => {
    const prepared = new EmulatorWorld({ applicationId: '123456789012345678', token: 'prepared-token-prepared-token', name: 'Prepared' });
    const emulator = await startEmulatorWith(prepared, { rateLimits: false, heartbeatIntervalMs: 1000 });
    try {
      expect(emulator.application).toEqual({ id: '123456789012345678', botUserId: '123456789012345678', token: 'prepared-token-prepared-token' });
      const person = emulator.driver.createUser({ username: 'kept' });
      expect(emulator.world.users.get(person.id)?.username).toBe('kept');
      const connected = await login(emulator);
      client = connected;
      expect(connected.user.username).toBe('Prepared');
    } finally {
      await client?.destroy();
      client = undefined;
      await emulator.stop();
    }
  });
});
