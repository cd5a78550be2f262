import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from 'discord.js';
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
});
