/**
 * Prometheus text (the exposition format prom-client writes) from several shard processes as one: each sample gets a
 * `shard` label, and each metric family keeps one HELP and TYPE with every shard's samples under it, as the format
 * asks of a family. Pure: the manager fetches the texts, this only rewrites lines.
 */
export function mergeShardMetrics(texts: readonly { shardId: number; text: string }[]): string {
  const families = new Map<string, { header: string[]; samples: string[] }>();
  for (const { shardId, text } of texts) {
    let family: { header: string[]; samples: string[] } | undefined;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const comment = /^#\s+(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
      if (comment) {
        const name = comment[2] ?? '';
        family = families.get(name);
        const isNew = family === undefined;
        family ??= { header: [], samples: [] };
        if (isNew) families.set(name, family);
        if (family.header.length < 2 && !family.header.some((kept) => kept.split(/\s+/)[1] === comment[1])) family.header.push(line);
        continue;
      }
      if (line.startsWith('#')) continue;
      const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{?)/.exec(line);
      if (!sample || !family) continue;
      const name = sample[1] ?? '';
      const label = `shard="${shardId}"`;
      const rest = line.slice(name.length);
      if (rest.startsWith('{}')) family.samples.push(`${name}{${label}}${rest.slice(2)}`);
      else if (sample[2] === '{') family.samples.push(`${name}{${label},${rest.slice(1)}`);
      else family.samples.push(`${name}{${label}}${rest}`);
    }
  }
  const lines: string[] = [];
  for (const { header, samples } of families.values()) lines.push(...header, ...samples);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
