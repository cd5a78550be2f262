import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { mergeShardMetrics } from '../../src/shards/merge-metrics.js';

/** Prometheus text as a shard's prom-client writes it. */
async function shardText(connected: number, commands: number[]): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({ name: 'liner_notes_gateway_connected', help: 'connected', registers }).set(connected);
  new Counter({ name: 'liner_notes_events_handled_total', help: 'events', registers }).inc(commands.length * 10);
  const histogram = new Histogram({ name: 'liner_notes_command_duration_seconds', help: 'latency', labelNames: ['command'], buckets: [0.1, 1], registers });
  for (const seconds of commands) histogram.observe({ command: 'top' }, seconds);
  return registry.metrics();
}

describe('mergeShardMetrics', () => {
  it('labels every sample with its shard and keeps one HELP and TYPE per family, every shard under it', async () => {
    const merged = mergeShardMetrics([
      { shardId: 0, text: await shardText(1, [0.05]) },
      { shardId: 1, text: await shardText(0, [0.5, 2]) },
    ]);
    const lines = merged.trimEnd().split('\n');
    expect(lines.filter((line) => line === '# TYPE liner_notes_gateway_connected gauge')).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('# HELP liner_notes_command_duration_seconds'))).toHaveLength(1);
    const family = lines.slice(
      lines.indexOf('# TYPE liner_notes_gateway_connected gauge') + 1,
      lines.indexOf('# TYPE liner_notes_gateway_connected gauge') + 3,
    );
    expect(family).toEqual(['liner_notes_gateway_connected{shard="0"} 1', 'liner_notes_gateway_connected{shard="1"} 0']);
    expect(lines).toContain('liner_notes_events_handled_total{shard="1"} 20');
    expect(lines).toContain('liner_notes_command_duration_seconds_bucket{shard="1",le="1",command="top"} 1');
    expect(lines).toContain('liner_notes_command_duration_seconds_count{shard="0",command="top"} 1');
    // Every sample line carries a shard label; nothing else is lost.
    const samples = lines.filter((line) => !line.startsWith('#'));
    expect(samples.every((line) => /^[a-z_]+\{shard="[01]"/.test(line))).toBe(true);
    const originalSamples = `${await shardText(1, [0.05])}${await shardText(0, [0.5, 2])}`.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(samples).toHaveLength(originalSamples.length);
  });

  it('gives nothing for no shard and keeps a sample without labels readable', () => {
    expect(mergeShardMetrics([])).toBe('');
    expect(mergeShardMetrics([{ shardId: 3, text: '# HELP up up\n# TYPE up gauge\nup 1\nup{} 2\n' }])).toBe(
      '# HELP up up\n# TYPE up gauge\nup{shard="3"} 1\nup{shard="3"} 2\n',
    );
  });
});
