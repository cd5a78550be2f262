import { Status, type Client } from 'discord.js';
import type { Engagement } from '../engagement/types.js';
import type { Logger } from '../logger.js';
import { redactSecrets } from '../redact.js';
import type { Store } from '../store/ports.js';
import { checkHealth, type HealthVerdict } from './check-health.js';
import { collectMetrics } from './collect-metrics.js';
import { probeStore } from './probe-store.js';
import { serveHealth } from './serve-health.js';
import { timeCommands } from './time-commands.js';

export { checkHealth, type HealthFacts, type HealthVerdict } from './check-health.js';

export interface HealthOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  client: Client;
  engagement: Engagement;
  store: Store;
  logger: Logger;
  /** How often the store is probed with a small write (default 5 s). */
  probeEveryMs?: number;
}

export interface Health {
  readonly url: string;
  verdict(): HealthVerdict;
  stop(): Promise<void>;
}

/**
 * The gateway as its shards see it: discord.js's manager-wide status stays Ready after the first session, while each
 * shard's status follows its connection (Connecting, Resuming, Disconnected …). Ready only when every shard is.
 */
function gatewayOf(client: Client): { status: Status; ready: boolean; pingMs: number } {
  const shards = [...client.ws.shards.values()];
  const notReady = shards.find((shard) => shard.status !== Status.Ready);
  const status = shards.length === 0 ? Status.Idle : (notReady?.status ?? Status.Ready);
  return { status, ready: status === Status.Ready, pingMs: client.ws.ping };
}

/**
 * The operator's view of a running bot: /healthz and /metrics on HEALTH_HOST:HEALTH_PORT. It only reads: the
 * client's gateway status and ping, the engagement engine's figures, and a small periodic write to the store.
 */
export async function startHealth(options: HealthOptions): Promise<Health> {
  const { client, engagement, store } = options;
  const probe = probeStore(store, options.probeEveryMs ?? 5000);
  const gateway = () => gatewayOf(client);
  const storeFailure = (): string | null => {
    const stats = engagement.stats();
    const cause = probe.failure ?? (stats.storeFailing ? (stats.storeFailureCause ?? 'writes fail') : null);
    return cause === null ? null : redactSecrets(cause);
  };
  const verdict = (): HealthVerdict =>
    checkHealth({
      gatewayStatus: Status[gateway().status],
      gatewayReady: gateway().ready,
      storeLocation: store.location,
      storeFailure: storeFailure(),
    });
  const metrics = collectMetrics({ gateway, engagement: () => engagement.stats(), storeWritable: () => storeFailure() === null });
  const untime = timeCommands(client, metrics.observeCommand);
  let server;
  try {
    server = await serveHealth({
      host: options.host,
      port: options.port,
      verdict,
      metrics: () => metrics.registry.metrics(),
      contentType: metrics.registry.contentType,
    });
  } catch (error) {
    probe.stop();
    untime();
    throw error;
  }
  options.logger.info({ url: server.url }, 'health and metrics served at /healthz and /metrics');
  const running = server;
  return {
    url: running.url,
    verdict,
    async stop() {
      probe.stop();
      untime();
      await running.close();
    },
  };
}
