import type { Registry } from 'prom-client';
import { errorMessage } from '../errors.js';
import { serveHealth, type HealthServer } from '../health/serve-health.js';
import { redactSecrets } from '../redact.js';
import { mergeShardMetrics } from './merge-metrics.js';

/** A shard of this machine as the manager sees it. */
export interface ShardState {
  id: number;
  /** Its process runs. */
  alive: boolean;
  /** Its client said ready (discord.js's Shard#ready). */
  ready: boolean;
  /** Where its own /healthz and /metrics answer (127.0.0.1 and a port of its own). */
  healthUrl: string;
}

/** How long the manager waits for a shard's own answer before it counts the shard as not answering. */
const shardAnswerMs = 2000;

async function ask(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(shardAnswerMs) });
  return { status: response.status, text: await response.text() };
}

/** Healthy when every shard of this machine runs, is ready and says itself healthy; one reason per line otherwise. */
export async function shardsVerdict(shards: readonly ShardState[]): Promise<{ healthy: boolean; reasons: string[] }> {
  const reasons = await Promise.all(
    shards.map(async (shard): Promise<string[]> => {
      if (!shard.alive) return [`shard ${shard.id} is not running (it is respawned)`];
      if (!shard.ready) return [`shard ${shard.id} is starting: its gateway session is not ready yet`];
      try {
        const { status, text } = await ask(`${shard.healthUrl}/healthz`);
        if (status === 200) return [];
        return text
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => `shard ${shard.id}: ${line}`);
      } catch (error) {
        return [`shard ${shard.id} does not answer its health check: ${redactSecrets(errorMessage(error))}`];
      }
    }),
  );
  const flat = reasons.flat();
  return { healthy: flat.length === 0, reasons: flat };
}

/**
 * The manager's /healthz and /metrics on HEALTH_HOST:HEALTH_PORT, for every shard of this machine: each shard process
 * serves its own on 127.0.0.1 (HEALTH_PORT + 1 + its id), and the manager asks them at each request. Metrics carry a
 * `shard` label; the manager's own (shards configured, ready, respawns) come from `registry`.
 */
export function serveShardHealth(options: { host: string; port: number; shards: () => ShardState[]; registry: Registry }): Promise<HealthServer> {
  return serveHealth({
    host: options.host,
    port: options.port,
    verdict: () => shardsVerdict(options.shards()),
    metrics: () => metricsText(options.shards(), options.registry),
    contentType: options.registry.contentType,
  });
}

/** Every ready shard's metrics (a shard that does not answer is left out; liner_notes_shards_ready says so). */
async function metricsText(shards: readonly ShardState[], registry: Registry): Promise<string> {
  const texts = await Promise.all(
    shards
      .filter((shard) => shard.alive)
      .map(async (shard) => {
        try {
          const { status, text } = await ask(`${shard.healthUrl}/metrics`);
          return status === 200 ? [{ shardId: shard.id, text }] : [];
        } catch {
          return [];
        }
      }),
  );
  return `${mergeShardMetrics(texts.flat())}${await registry.metrics()}`;
}
