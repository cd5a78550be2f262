import KeyvSqlite from '@keyv/sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealth, type Health } from '../../src/health/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { logger, startStand, type Stand } from '../bot/harness.js';
import { parsePrometheusText, sampleValue } from './prometheus-text.js';

let stand: Stand | undefined;
let health: Health | undefined;
let store: Store | undefined;
let dir: string | undefined;
afterEach(async () => {
  await health?.stop();
  health = undefined;
  await stand?.stop();
  stand = undefined;
  await store?.close();
  store = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The bot on an SQLite file (so another connection can take the write lock), with health on a free port. */
async function start(): Promise<{ stand: Stand; health: Health; file: string }> {
  dir = mkdtempSync(join(tmpdir(), 'liner-notes-health-'));
  const file = join(dir, 'store.sqlite');
  const opened = await openStore(`sqlite://${file}`);
  store = opened;
  stand = await startStand({ wrapStore: () => opened });
  health = await startHealth({
    host: '127.0.0.1',
    port: 0,
    client: stand.bot.client,
    engagement: stand.bot.engagement,
    store: opened,
    logger,
    probeEveryMs: 100,
  });
  return { stand, health, file };
}

async function get(h: Health, path: string): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(`${h.url}${path}`);
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

describe('/healthz', () => {
  it('is 200 while the gateway is connected and the store writable, 503 with the reason while another connection holds the write lock, 200 once it lets go', async () => {
    const { health: h, file } = await start();
    await expect.poll(async () => (await get(h, '/healthz')).status, { timeout: 5000 }).toBe(200);
    expect((await get(h, '/healthz')).body).toBe('ok\n');

    // Another process holds SQLite's write lock: every write of the bot waits, then fails with SQLITE_BUSY.
    const locker = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000 });
    await locker.query('BEGIN EXCLUSIVE');
    try {
      await expect.poll(async () => (await get(h, '/healthz')).status, { timeout: 15_000, interval: 200 }).toBe(503);
      const { body } = await get(h, '/healthz');
      expect(body).toContain(`the store (SQLite file ${file}) cannot be written:`);
      expect(body).toMatch(/SQLITE_BUSY/);
      expect(body).not.toMatch(/gateway/);
      const metrics = parsePrometheusText((await get(h, '/metrics')).body);
      expect(sampleValue(metrics, 'liner_notes_store_writable')).toBe(0);
    } finally {
      await locker.query('COMMIT');
      await locker.disconnect();
    }
    await expect.poll(async () => (await get(h, '/healthz')).status, { timeout: 15_000, interval: 200 }).toBe(200);
  }, 60_000);

  it('is 503 naming the gateway while the session is down', async () => {
    const { stand: s, health: h } = await start();
    await expect.poll(async () => (await get(h, '/healthz')).status, { timeout: 5000 }).toBe(200);
    await s.bot.client.destroy();
    await expect.poll(async () => (await get(h, '/healthz')).status, { timeout: 5000 }).toBe(503);
    const { body } = await get(h, '/healthz');
    expect(body).toMatch(/^the Discord gateway is not connected \(status \w+\)\n$/);
  });

  it('answers 404 elsewhere and 405 to a method it does not serve', async () => {
    const { health: h } = await start();
    expect((await get(h, '/')).status).toBe(404);
    expect((await fetch(`${h.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});

describe('/metrics', () => {
  it('is Prometheus text with gateway, events, store, footer, reconciliation and command latency series', async () => {
    const { stand: s, health: h } = await start();
    await (await s.run(s.member.id, 'reviews')).response();
    await expect
      .poll(
        async () => {
          const text = (await get(h, '/metrics')).body;
          return sampleValue(parsePrometheusText(text), 'liner_notes_command_duration_seconds_count', { command: 'reviews' });
        },
        { timeout: 5000 },
      )
      .toBe(1);

    const { body, type } = await get(h, '/metrics');
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    const parsed = parsePrometheusText(body);
    expect(parsed.types.get('liner_notes_command_duration_seconds')).toBe('histogram');
    expect(parsed.types.get('liner_notes_events_handled_total')).toBe('counter');
    expect(parsed.types.get('liner_notes_store_flush_failures_total')).toBe('counter');
    expect(sampleValue(parsed, 'liner_notes_gateway_connected')).toBe(1);
    expect(sampleValue(parsed, 'liner_notes_gateway_status')).toBe(0);
    expect(sampleValue(parsed, 'liner_notes_store_writable')).toBe(1);
    for (const gauge of [
      'liner_notes_gateway_ping_seconds',
      'liner_notes_store_unwritten_changes',
      'liner_notes_store_flush_lag_seconds',
      'liner_notes_footer_edits_pending',
      'liner_notes_reconcile_running',
      'liner_notes_reconcile_posts',
      'liner_notes_reconcile_posts_done',
      'liner_notes_reconcile_changes',
      'liner_notes_reconcile_last_duration_seconds',
    ]) {
      expect(parsed.types.get(gauge), gauge).toBe('gauge');
      expect(sampleValue(parsed, gauge), gauge).not.toBeUndefined();
    }
    const buckets = parsed.samples.filter((sample) => sample.name === 'liner_notes_command_duration_seconds_bucket' && sample.labels.command === 'reviews');
    expect(buckets.at(-1)).toMatchObject({ labels: { le: '+Inf' }, value: 1 });
  });
});
