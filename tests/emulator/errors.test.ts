import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REST } from '@discordjs/rest';
import { PermissionFlagsBits, Routes } from 'discord-api-types/v10';
import { login, startWorld } from './setup.js';
import type { World } from './setup.js';

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  json: unknown;
}

describe('emulator: Discord error codes over raw HTTP', () => {
  let world: World;
  let commandRegistered = false;

  beforeEach(async () => {
    world = await startWorld({ interactionTimeoutMs: 300 });
    commandRegistered = false;
  });
  afterEach(async () => {
    await world.emulator.stop();
  });

  async function call(method: string, path: string, body?: unknown, auth: string | null = `Bot ${world.emulator.application.token}`): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${world.emulator.restUrl}/v10${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type'), text, json: text ? JSON.parse(text) : undefined };
  }

  async function interaction() {
    if (!commandRegistered) {
      const rest = new REST({ api: world.emulator.restUrl }).setToken(world.emulator.application.token);
      await rest.put(Routes.applicationGuildCommands(world.emulator.application.id, world.guild.id), { body: [{ name: 'ping', description: 'Ping' }] });
      commandRegistered = true;
    }
    return world.emulator.driver.runCommand({ userId: world.member.id, guildId: world.guild.id, channelId: world.reviews.id, name: 'ping' });
  }

  it('answers 401 without the bot token and 404 10003 for an unknown channel', async () => {
    expect((await call('GET', '/users/@me', undefined, null)).status).toBe(401);
    expect((await call('GET', '/users/@me', undefined, 'Bot wrong')).status).toBe(401);
    const unknown = await call('POST', '/channels/123456789012345678/messages', { content: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ code: 10003, message: 'Unknown Channel' });
  });

  it('answers 10008 for an unknown message and 204 with no body and no content type for a delete', async () => {
    const missing = await call('GET', `/channels/${world.reviews.id}/messages/123456789012345678`);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 10008 });
    const posted = await call('POST', `/channels/${world.reviews.id}/messages`, { content: 'bye' });
    const id = (posted.json as { id: string }).id;
    const deleted = await call('DELETE', `/channels/${world.reviews.id}/messages/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(deleted.contentType).toBeNull();
  });

  it('answers 50035 with an errors tree for over-long content and embeds', async () => {
    const tooLong = await call('POST', `/channels/${world.reviews.id}/messages`, { content: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json).toEqual({
      code: 50035,
      message: 'Invalid Form Body',
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
    });
    const badEmbed = await call('POST', `/channels/${world.reviews.id}/messages`, {
      embeds: [{ title: 't'.repeat(257), fields: Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: 'v' })) }],
    });
    expect(badEmbed.json).toMatchObject({
      code: 50035,
      errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] }, fields: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } },
    });
    const tooBig = await call('POST', `/channels/${world.reviews.id}/messages`, {
      embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }],
    });
    expect(tooBig.json).toMatchObject({ code: 50035, errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });
    const empty = await call('POST', `/channels/${world.reviews.id}/messages`, {});
    expect(empty.json).toMatchObject({ code: 50006 });
    const badQuery = await call('GET', `/channels/${world.reviews.id}/messages?before=abc`);
    expect(badQuery.json).toMatchObject({ code: 50035, errors: { before: { _errors: [{ code: 'NUMBER_TYPE_COERCE' }] } } });
    const badLimit = await call('GET', `/channels/${world.reviews.id}/messages?limit=101`);
    expect(badLimit.json).toMatchObject({ code: 50035, errors: { limit: {} } });
    const notJson = await fetch(`${world.emulator.restUrl}/v10/channels/${world.reviews.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${world.emulator.application.token}`, 'content-type': 'application/json' },
      body: '{"content": ',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ code: 50109 });
  });

  it('answers 50035 for thread names outside 1 to 100 characters', async () => {
    const posted = await call('POST', `/channels/${world.reviews.id}/messages`, { content: 'starter' });
    const id = (posted.json as { id: string }).id;
    const longName = await call('POST', `/channels/${world.reviews.id}/messages/${id}/threads`, { name: 'n'.repeat(101) });
    expect(longName.json).toMatchObject({ code: 50035, errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } });
    const ok = await call('POST', `/channels/${world.reviews.id}/messages/${id}/threads`, { name: 'Responses' });
    expect(ok.status).toBe(201);
    const again = await call('POST', `/channels/${world.reviews.id}/messages/${id}/threads`, { name: 'Responses' });
    expect(again.json).toMatchObject({ code: 160004 });
  });

  it('answers 50001 and 50013 when the bot lacks access or permissions', async () => {
    const member = await world.emulator.driver.sendMessage(world.member.id, world.reviews.id, 'a member post');
    const removeOther = await call('DELETE', `/channels/${world.reviews.id}/messages/${member.id}`);
    expect(removeOther.status).toBe(204);

    world.emulator.driver.setBotPermissions(world.guild.id, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
    const second = await world.emulator.driver.sendMessage(world.member.id, world.reviews.id, 'another member post');
    const denied = await call('DELETE', `/channels/${world.reviews.id}/messages/${second.id}`);
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ code: 50013, message: 'Missing Permissions' });
    const cannotSend = await call('POST', `/channels/${world.reviews.id}/messages`, { content: 'hello' });
    expect(cannotSend.json).toEqual({ code: 50013, message: 'Missing Permissions' });
    const cannotReact = await call('PUT', `/channels/${world.reviews.id}/messages/${second.id}/reactions/${encodeURIComponent('👍')}/@me`);
    expect(cannotReact.json).toMatchObject({ code: 50013 });

    world.emulator.driver.setBotPermissions(world.guild.id, 0n);
    const hidden = await call('GET', `/channels/${world.reviews.id}/messages`);
    expect(hidden.status).toBe(403);
    expect(hidden.json).toEqual({ code: 50001, message: 'Missing Access' });

    world.emulator.driver.setBotPermissions(world.guild.id, PermissionFlagsBits.Administrator);
    expect((await call('GET', `/channels/${world.reviews.id}/messages`)).status).toBe(200);
  });

  it('answers 10014 for an emoji that is neither unicode nor name:id, and accepts URL-encoded custom emoji', async () => {
    const posted = await call('POST', `/channels/${world.reviews.id}/messages`, { content: 'react here' });
    const id = (posted.json as { id: string }).id;
    const bad = await call('PUT', `/channels/${world.reviews.id}/messages/${id}/reactions/notanemoji/@me`);
    expect(bad.json).toMatchObject({ code: 10014 });
    const custom = await call('PUT', `/channels/${world.reviews.id}/messages/${id}/reactions/${encodeURIComponent('liner:123456789012345678')}/@me`);
    expect(custom.status).toBe(204);
    const users = await call('GET', `/channels/${world.reviews.id}/messages/${id}/reactions/${encodeURIComponent('liner:123456789012345678')}?limit=101`);
    expect(users.json).toMatchObject({ code: 50035 });
    const listed = await call('GET', `/channels/${world.reviews.id}/messages/${id}/reactions/${encodeURIComponent('liner:123456789012345678')}`);
    expect(listed.json).toEqual([expect.objectContaining({ id: world.emulator.application.botUserId })]);
  });

  it('answers 10062 after the first-callback deadline and 40060 on a second acknowledgement', async () => {
    const first = await interaction();
    const ok = await call('POST', `/interactions/${first.id}/${first.token}/callback`, { type: 4, data: { content: 'pong' } }, null);
    expect(ok.status).toBe(204);
    expect(ok.contentType).toBeNull();
    const twice = await call('POST', `/interactions/${first.id}/${first.token}/callback`, { type: 4, data: { content: 'pong' } }, null);
    expect(twice.status).toBe(400);
    expect(twice.json).toEqual({ code: 40060, message: 'Interaction has already been acknowledged.' });

    const late = await interaction();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const expired = await call('POST', `/interactions/${late.id}/${late.token}/callback`, { type: 4, data: { content: 'pong' } }, null);
    expect(expired.status).toBe(404);
    expect(expired.json).toEqual({ code: 10062, message: 'Unknown interaction' });

    const wrongToken = await call('POST', `/interactions/${late.id}/not-the-token/callback`, { type: 4, data: { content: 'x' } }, null);
    expect(wrongToken.json).toMatchObject({ code: 10062 });
  });

  it('answers webhook follow-ups for the interaction token and 10015 for an unknown one', async () => {
    const handle = await interaction();
    const appId = world.emulator.application.id;
    const before = await call('POST', `/webhooks/${appId}/${handle.token}`, { content: 'too early' }, null);
    expect(before.json).toMatchObject({ code: 10015 });
    await call('POST', `/interactions/${handle.id}/${handle.token}/callback`, { type: 5 }, null);
    const original = await call('GET', `/webhooks/${appId}/${handle.token}/messages/@original`, undefined, null);
    expect(original.status).toBe(200);
    expect((original.json as { flags: number }).flags & 128).toBe(128);
    const edited = await call('PATCH', `/webhooks/${appId}/${handle.token}/messages/@original`, { content: 'ready' }, null);
    expect(edited.json).toMatchObject({ content: 'ready' });
    const followup = await call('POST', `/webhooks/${appId}/${handle.token}`, { content: 'more', flags: 64 }, null);
    expect(followup.json).toMatchObject({ content: 'more', flags: 64 });
    expect(handle.followups().map((m) => [m.content, m.ephemeral])).toEqual([['more', true]]);
    const unknown = await call('GET', `/webhooks/${appId}/not-a-token/messages/@original`, undefined, null);
    expect(unknown.json).toMatchObject({ code: 10015 });
    const removed = await call('DELETE', `/webhooks/${appId}/${handle.token}/messages/@original`, undefined, null);
    expect(removed.status).toBe(204);
    expect(world.emulator.driver.messages(world.reviews.id)).toEqual([]);
  });

  it('rejects more than 25 autocomplete choices with 50035', async () => {
    const rest = new REST({ api: world.emulator.restUrl }).setToken(world.emulator.application.token);
    await rest.put(Routes.applicationGuildCommands(world.emulator.application.id, world.guild.id), {
      body: [{ name: 'find', description: 'Find', options: [{ type: 3, name: 'q', description: 'Query', autocomplete: true }] }],
    });
    const client = await login(world.emulator);
    const answers: unknown[] = [];
    client.on('interactionCreate', (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const many = Array.from({ length: 26 }, (_, i) => ({ name: `choice ${i}`, value: `c${i}` }));
      void interaction.respond(many).catch(async (error: unknown) => {
        answers.push(error);
        await interaction.respond(many.slice(0, 25));
      });
    });
    try {
      const choices = await world.emulator.driver.autocomplete({
        userId: world.member.id,
        guildId: world.guild.id,
        channelId: world.reviews.id,
        name: 'find',
        focused: 'q',
      });
      expect(choices).toHaveLength(25);
      expect(answers).toHaveLength(1);
      expect(answers[0]).toMatchObject({ code: 50035, rawError: { errors: { data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
    } finally {
      await client.destroy();
    }
  });

  it('hides message content over REST when the app has the Message Content intent disabled', async () => {
    await world.emulator.stop();
    world = await startWorld({ privilegedIntents: { messageContent: false } });
    const plain = await world.emulator.driver.sendMessage(world.member.id, world.reviews.id, 'secret words');
    const mention = await world.emulator.driver.sendMessage(world.member.id, world.reviews.id, `<@${world.emulator.application.botUserId}> look`);
    expect((await call('GET', `/channels/${world.reviews.id}/messages/${plain.id}`)).json).toMatchObject({ content: '' });
    expect((await call('GET', `/channels/${world.reviews.id}/messages/${mention.id}`)).json).toMatchObject({
      content: `<@${world.emulator.application.botUserId}> look`,
    });
    expect(world.emulator.driver.message(world.reviews.id, plain.id)?.content).toBe('secret words');
  });
});
