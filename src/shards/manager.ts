import type { ChildProcess } from 'node:child_process';
import type { Worker } from 'node:worker_threads';
import { ShardingManager, type Shard } from 'discord.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { Counter, Gauge, Registry } from 'prom-client';
import type { Config } from '../config.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { builtDir } from '../project-root.js';
import { redactSecrets, redactUrl } from '../redact.js';
import { isRecord } from '../validation.js';
import { fetchGatewayBot } from './gateway-bot.js';
import { IdentifyPace, spawnDelayMs } from './identify-pace.js';
import type { HealthServer } from '../health/serve-health.js';
import { serveShardHealth, type ShardState } from './shard-health.js';

/** How long a spawned shard may take to log in and load before its start counts as failed. */
const readyTimeoutMs = 120_000;

export interface ShardManagerInput {
  config: Config & { shards: NonNullable<Config['shards']> };
  logger: Logger;
  /** The compiled bot each shard process runs (default: the project's dist/src/main.js). */
  file?: string;
}

/**
 * Runs this machine's shards through discord.js's ShardingManager, one process each running the ordinary bot
 * (dist/src/main.js), which learns its shard from the SHARDS and SHARD_COUNT the manager passes it. The manager
 * itself logs in nowhere: it sizes the shards (GET /gateway/bot at DISCORD_API_URL), spawns them at the pace
 * max_concurrency allows, respawns one that dies (waiting its identify window, longer each time it keeps dying),
 * serves /healthz and /metrics for all of them, and stops them on SIGINT or SIGTERM. Resolves with the exit code.
 */
export async function runShardManager(input: ShardManagerInput): Promise<number> {
  const { config, logger } = input;
  const file = input.file ?? join(builtDir, 'src', 'main.js');
  if (!existsSync(file)) {
    console.error(`Liner Notes can't start its shards: ${file} does not exist; build the bot first (npm start builds it)`);
    return 1;
  }
  let advice;
  try {
    advice = await fetchGatewayBot(config.discordToken, config.discordApiUrl);
  } catch (error) {
    const where = config.discordApiUrl ? ` at ${redactUrl(config.discordApiUrl)}` : '';
    console.error(`Liner Notes can't size its shards: GET /gateway/bot${where} failed: ${redactSecrets(errorMessage(error))}`);
    return 1;
  }
  const total = config.shards.total === 'auto' ? advice.recommendedShards : config.shards.total;
  const list = config.shards.list === 'all' ? [...Array(total).keys()] : config.shards.list;
  if (list.some((id) => id >= total)) {
    console.error(`Liner Notes can't start shards ${list.join(', ')}: Discord recommends ${total} shards in all, numbered 0 to ${total - 1}`);
    return 1;
  }
  const health = config.health;
  const manager = new ShardingManager(file, {
    totalShards: total,
    shardList: list,
    mode: 'process',
    // Respawns are the manager's own below: paced by max_concurrency, with a growing wait for a shard that keeps dying.
    respawn: false,
    token: config.discordToken,
    execArgv: ['--enable-source-maps'],
  });
  const pace = new IdentifyPace(advice.maxConcurrency);
  const metrics = managerMetrics(total, list, () => [...manager.shards.values()].filter((shard) => shard.ready).length);
  // Set by the signal handlers while the shards start: typed boolean so the checks after the await are not narrowed to false.
  let stopping = false as boolean;

  manager.on('shardCreate', (shard) => {
    // Each shard process is the ordinary bot: it must not start shards of its own, and it serves its health on a
    // loopback port of its own for the manager to gather.
    if (!isRecord(shard.env)) throw new Error('discord.js gave a shard no environment to pass on');
    Object.assign(shard.env, {
      LINER_NOTES_SHARDS: '',
      LINER_NOTES_TOTAL_SHARDS: '',
      LINER_NOTES_SHARD_LIST: '',
      HEALTH_HOST: '127.0.0.1',
      HEALTH_PORT: health ? String(health.port + 1 + shard.id) : '',
    });
    watchShard(shard);
  });

  const watchShard = (shard: Shard): void => {
    shard.on('spawn', (child: ChildProcess | Worker) => {
      // A shard ShardingManager.spawn still starts after a stop signal is stopped at once.
      if (stopping) return void stopShard(shard);
      pace.started(shard.id);
      logger.info({ shard: shard.id, pid: 'pid' in child ? child.pid : undefined, total }, 'shard spawned');
    });
    shard.on('ready', () => {
      pace.ready(shard.id);
      logger.info({ shard: shard.id }, 'shard ready');
    });
    shard.on('death', (child: ChildProcess | Worker) => {
      if (stopping) return;
      const delayMs = pace.respawnDelayMs(shard.id);
      metrics.respawns.inc({ shard: String(shard.id) });
      const exit = 'pid' in child ? { pid: child.pid, exitCode: child.exitCode, signal: child.signalCode } : {};
      logger.warn({ shard: shard.id, ...exit, respawnInMs: delayMs }, 'shard process exited; respawning it');
      setTimeout(() => {
        if (stopping || shard.process) return;
        shard.spawn(readyTimeoutMs).catch((error: unknown) => logger.error({ shard: shard.id, err: error }, 'respawned shard did not become ready'));
      }, delayMs);
    });
    shard.on('error', (error: Error) => logger.error({ shard: shard.id, err: error }, 'shard error'));
  };

  let server: HealthServer | undefined;
  const shutdown = async (signal: string): Promise<number> => {
    stopping = true;
    logger.info({ signal }, 'stopping the shards');
    await server?.close();
    const codes = await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard)));
    return codes.some((code) => code !== 0) ? 1 : 0;
  };
  const stopped = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => void shutdown(signal).then(resolve);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });

  if (health) {
    const shardStates = (): ShardState[] =>
      list.map((id) => {
        const shard = manager.shards.get(id);
        return { id, alive: Boolean(shard?.process), ready: shard?.ready ?? false, healthUrl: `http://127.0.0.1:${health.port + 1 + id}` };
      });
    try {
      server = await serveShardHealth({ host: health.host, port: health.port, shards: shardStates, registry: metrics.registry });
      logger.info({ url: server.url }, 'health and metrics of every shard served at /healthz and /metrics');
    } catch (error) {
      console.error(`Liner Notes can't serve health and metrics on ${health.host}:${health.port}: ${redactSecrets(errorMessage(error))}`);
      return 1;
    }
  }

  logger.info({ total, shards: list, maxConcurrency: advice.maxConcurrency, recommended: advice.recommendedShards }, 'starting shards');
  // A stop signal during the start ends it without waiting for the shards still to come.
  const started = manager.spawn({ amount: total, delay: spawnDelayMs(advice.maxConcurrency), timeout: readyTimeoutMs }).then(
    () => null,
    (error: unknown) => ({ error }),
  );
  const first = await Promise.race([started, stopped.then((code) => ({ code }))]);
  if (first !== null && 'code' in first) return first.code;
  if (first !== null && !stopping) {
    logger.error({ err: first.error }, 'a shard did not start; stopping the others');
    return shutdown('start failed').then(() => 1);
  }
  if (!stopping) logger.info({ shards: list }, 'every shard ready');
  return stopped;
}

/** SIGTERM to a shard process (the bot writes what it holds and exits) and its exit code; 0 if it is not running. */
async function stopShard(shard: Shard): Promise<number> {
  const child = shard.process;
  if (!child || child.exitCode !== null) return child?.exitCode ?? 0;
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  child.kill('SIGTERM');
  return exited;
}

function managerMetrics(total: number, list: readonly number[], ready: () => number): { registry: Registry; respawns: Counter<'shard'> } {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: 'liner_notes_shards_total',
    help: 'Shards of the bot on every machine together.',
    registers,
    collect() {
      this.set(total);
    },
  });
  new Gauge({
    name: 'liner_notes_shards_here',
    help: 'Shards this machine runs.',
    registers,
    collect() {
      this.set(list.length);
    },
  });
  new Gauge({
    name: 'liner_notes_shards_ready',
    help: 'Shards of this machine whose process runs and whose client is ready.',
    registers,
    collect() {
      this.set(ready());
    },
  });
  const respawns = new Counter({
    name: 'liner_notes_shard_respawns_total',
    help: 'Shard processes that exited and were spawned again.',
    labelNames: ['shard'],
    registers,
  });
  return { registry, respawns };
}
