import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EngagementStats } from '../engagement/types.js';

/** What the metrics read at each scrape: plain getters, so the registry holds no state of the bot's own. */
export interface MetricSources {
  gateway(): { status: number; ready: boolean; pingMs: number };
  engagement(): EngagementStats;
  storeWritable(): boolean;
}

export interface BotMetrics {
  registry: Registry;
  /** One answered slash command and how long the member waited for it. */
  observeCommand: (command: string, seconds: number) => void;
}

/**
 * The Prometheus series an operator watches, through prom-client. Gauges and counters are read from the sources
 * when scraped (`collect`), so nothing in the bot updates them on its hot path; only command latency is observed
 * as it happens. Counters from the sources are monotonic totals, so each scrape adds what they grew by.
 */
export function collectMetrics(sources: MetricSources): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'liner_notes_' });
  const registers = [registry];
  const counterFrom = (name: string, help: string, read: () => number): void => {
    let seen = 0;
    new Counter({
      name,
      help,
      registers,
      collect() {
        const now = read();
        if (now > seen) this.inc(now - seen);
        seen = Math.max(seen, now);
      },
    });
  };
  const gaugeFrom = (name: string, help: string, read: () => number): void => {
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  };

  gaugeFrom('liner_notes_gateway_connected', '1 while the Discord gateway session is ready, else 0.', () => (sources.gateway().ready ? 1 : 0));
  gaugeFrom(
    'liner_notes_gateway_status',
    "discord.js's WebSocket status (0 Ready, 1 Connecting, 2 Reconnecting, 3 Idle, 4 Nearly, 5 Disconnected, …).",
    () => sources.gateway().status,
  );
  // discord.js says -1 before the first heartbeat is acknowledged; so does the gauge (a round trip is never negative).
  gaugeFrom('liner_notes_gateway_ping_seconds', 'Heartbeat round trip of the gateway; -1 before the first heartbeat is acknowledged.', () => {
    const { pingMs } = sources.gateway();
    return pingMs >= 0 ? pingMs / 1000 : -1;
  });
  counterFrom(
    'liner_notes_events_handled_total',
    'Gateway events (reactions, messages, thread changes) applied to the likes and responses view.',
    () => sources.engagement().eventsHandled,
  );
  gaugeFrom('liner_notes_store_writable', '1 while the store takes writes, else 0.', () => (sources.storeWritable() ? 1 : 0));
  gaugeFrom('liner_notes_store_unwritten_changes', 'Like sets and responses changed in memory and not yet in the store.', () => sources.engagement().unwritten);
  gaugeFrom(
    'liner_notes_store_flush_lag_seconds',
    'How long the oldest unwritten change has waited: 0 with nothing pending.',
    () => sources.engagement().storeFlushLagMs / 1000,
  );
  counterFrom('liner_notes_store_flush_failures_total', 'Batched writes the store refused.', () => sources.engagement().storeFailedFlushes);
  gaugeFrom(
    'liner_notes_footer_edits_pending',
    'Posts whose "Liked by … · … Responses" footer waits for an edit.',
    () => sources.engagement().footerEditsPending,
  );
  gaugeFrom('liner_notes_reconcile_running', '1 while a reconciliation with Discord runs.', () => (sources.engagement().reconciling ? 1 : 0));
  gaugeFrom('liner_notes_reconcile_posts', 'Posts in the running reconciliation, else in the last one.', () => reconcileOf(sources)?.posts ?? 0);
  gaugeFrom(
    'liner_notes_reconcile_posts_done',
    'Posts read so far by the running reconciliation, else by the last one.',
    () => reconcileOf(sources)?.done ?? 0,
  );
  gaugeFrom(
    'liner_notes_reconcile_changes',
    'Differences from Discord found so far by the running reconciliation, else by the last one.',
    () => reconcileOf(sources)?.changes ?? 0,
  );
  gaugeFrom(
    'liner_notes_reconcile_last_duration_seconds',
    'How long the last finished reconciliation took.',
    () => (sources.engagement().lastReconcile?.ms ?? 0) / 1000,
  );

  const commandSeconds = new Histogram({
    name: 'liner_notes_command_duration_seconds',
    help: 'From a slash command reaching the bot to its first answer sent to Discord, per command.',
    labelNames: ['command'],
    // Discord closes an interaction not answered within 3 s; the buckets are finest below that.
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers,
  });
  return { registry, observeCommand: (command, seconds) => commandSeconds.observe({ command }, seconds) };
}

function reconcileOf(sources: MetricSources): { posts: number; done: number; changes: number } | null {
  const stats = sources.engagement();
  return stats.reconciling ?? stats.lastReconcile;
}
