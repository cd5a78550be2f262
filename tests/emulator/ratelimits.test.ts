import { afterEach, describe, expect, it } from 'vitest';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { startWorld } from './setup.js';
import type { World } from './setup.js';

describe('emulator: rate limits and injected failures', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.emulator.stop();
    world = undefined;
  });

  const restFor = (w: World): REST => new REST({ api: w.emulator.restUrl, retries: 3 }).setToken(w.emulator.application.token);
  const post = (w: World, content: string): Promise<Response> =>
    fetch(`${w.emulator.restUrl}/v10/channels/${w.reviews.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${w.emulator.application.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content }),
    });

  it('lets @discordjs/rest wait out an injected 429 and retry 500/502 answers', async () => {
    world = await startWorld();
    const w = world;
    const rest = restFor(w);
    w.emulator.driver.failNext('POST /channels/:id/messages', 1, 429);
    await rest.post(Routes.channelMessages(w.reviews.id), { body: { content: 'after the 429' } });
    w.emulator.driver.failNext('POST /channels/:id/messages', 1, 502);
    await rest.post(Routes.channelMessages(w.reviews.id), { body: { content: 'after the 502' } });
    w.emulator.driver.failNext('POST /channels/:id/messages', 1, 500);
    await rest.post(Routes.channelMessages(w.reviews.id), { body: { content: 'after the 500' } });
    const statuses = w.emulator.driver
      .requests()
      .filter((r) => r.route === 'POST /channels/:id/messages')
      .map((r) => r.status);
    expect(statuses).toEqual([429, 200, 502, 200, 500, 200]);
    expect(w.emulator.driver.messages(w.reviews.id).map((m) => m.content)).toEqual(['after the 429', 'after the 502', 'after the 500']);
  });

  it('sends bucket headers, then a 429 with Retry-After and a JSON body once the bucket is empty', async () => {
    world = await startWorld({ rateLimits: true, rateLimitRules: { 'POST /channels/:id/messages': { limit: 2, windowMs: 300 } } });
    const first = await post(world, 'one');
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(Number(first.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(first.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    await post(world, 'two');
    const limited = await post(world, 'three');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    const body = (await limited.json()) as { message: string; retry_after: number; global: boolean };
    expect(body.global).toBe(false);
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.message).toBe('You are being rate limited.');
    await new Promise((resolve) => setTimeout(resolve, body.retry_after * 1000 + 20));
    expect((await post(world, 'four')).status).toBe(200);
    expect(world.emulator.driver.messages(world.reviews.id).map((m) => m.content)).toEqual(['one', 'two', 'four']);
  });

  it('lets @discordjs/rest pace a burst through a small bucket without losing a message', async () => {
    world = await startWorld({ rateLimits: true, rateLimitRules: { 'POST /channels/:id/messages': { limit: 2, windowMs: 200 } } });
    const w = world;
    const rest = restFor(w);
    await Promise.all(Array.from({ length: 6 }, (_, i) => rest.post(Routes.channelMessages(w.reviews.id), { body: { content: `burst ${i}` } })));
    expect(w.emulator.driver.messages(w.reviews.id).map((m) => m.content)).toEqual(Array.from({ length: 6 }, (_, i) => `burst ${i}`));
  });

  it('can switch rate limits off at run time', async () => {
    world = await startWorld({ rateLimits: true, rateLimitRules: { 'POST /channels/:id/messages': { limit: 1, windowMs: 10_000 } } });
    expect((await post(world, 'a')).status).toBe(200);
    expect((await post(world, 'b')).status).toBe(429);
    world.emulator.driver.setRateLimits(false);
    const free = await post(world, 'c');
    expect(free.status).toBe(200);
    expect(free.headers.get('x-ratelimit-limit')).toBeNull();
  });
});
