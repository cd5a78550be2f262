import { afterEach, describe, expect, it } from 'vitest';
import { ChannelType } from 'discord-api-types/v10';
import { startWorld } from './setup.js';
import type { World } from './setup.js';

const malformedBodies: unknown[] = [
  null,
  [],
  'text',
  { content: 5 },
  { embeds: 'x' },
  { embeds: [null, 5, { fields: 'x' }, { fields: [null, { name: 5 }] }, { footer: 'x', author: { name: 7 } }, { timestamp: 'nope' }] },
  { components: [null, { type: 1, components: 'x' }, { type: 1, components: [null, { type: 2 }] }] },
  { message_reference: { message_id: 5 } },
  { flags: 'x', allowed_mentions: { parse: 'x', users: 5 } },
  { name: 5, message: 'x', applied_tags: [null, 5] },
  [{ name: 5 }, { name: 'a', description: 'b', options: [null, { type: 1, name: 'x', description: 'y', options: [{ type: 2 }] }] }],
  { type: 'x', data: 'x' },
  { type: 8, data: { choices: [null, { name: 5, value: {} }] } },
  { type: 9, data: { custom_id: 5, title: [], components: [null] } },
];

describe('emulator: malformed requests', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.emulator.stop();
    world = undefined;
  });

  it('answers every malformed body with a 4xx Discord error, never a 5xx', async () => {
    world = await startWorld();
    const { emulator, guild, reviews, admin } = world;
    const forum = emulator.driver.createChannel(guild.id, { name: 'forum', type: ChannelType.GuildForum, availableTags: [{ name: 'tag' }] });
    const message = await emulator.driver.sendMessage(admin.id, reviews.id, 'target');
    // Registered again before each interaction: an empty array is a valid bulk overwrite that removes it.
    const registerPing = () =>
      fetch(`${emulator.restUrl}/v10/applications/${emulator.application.id}/guilds/${guild.id}/commands`, {
        method: 'PUT',
        headers: { authorization: `Bot ${emulator.application.token}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ name: 'ping', description: 'Ping' }]),
      });
    const routes: [string, string][] = [
      ['POST', `/channels/${reviews.id}/messages`],
      ['PATCH', `/channels/${reviews.id}/messages/${message.id}`],
      ['POST', `/channels/${reviews.id}/messages/${message.id}/threads`],
      ['POST', `/channels/${forum.id}/threads`],
      ['PUT', `/applications/${emulator.application.id}/guilds/${guild.id}/commands`],
      ['PATCH', `/channels/${reviews.id}`],
      ['POST', `/channels/${reviews.id}/messages/bulk-delete`],
    ];
    const answers: { route: string; status: number; body: unknown }[] = [];
    for (const body of malformedBodies) {
      for (const [method, path] of routes) {
        const response = await fetch(`${emulator.restUrl}/v10${path}`, {
          method,
          headers: { authorization: `Bot ${emulator.application.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        answers.push({ route: `${method} ${path}`, status: response.status, body: response.status === 204 ? null : await response.json() });
      }
      await registerPing();
      const interaction = await emulator.driver.runCommand({ userId: admin.id, guildId: guild.id, channelId: reviews.id, name: 'ping' });
      const callback = await fetch(`${emulator.restUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      answers.push({ route: 'callback', status: callback.status, body: callback.status === 204 ? null : await callback.json() });
    }
    const serverErrors = answers.filter((answer) => answer.status >= 500);
    expect(serverErrors).toEqual([]);
    for (const answer of answers.filter((a) => a.status >= 400)) {
      expect(answer.body).toEqual(expect.objectContaining({ code: expect.any(Number) as number, message: expect.any(String) as string }));
    }
    expect(emulator.driver.message(reviews.id, message.id)?.content).toBe('target');
  });
});
