import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Self time by function, heaviest first. */
  topFunctions: { name: string; where: string; selfMs: number; percent: number }[];
  /** Self time by origin: a package under node_modules, a project folder, or Node itself. */
  byOrigin: { origin: string; selfMs: number; percent: number }[];
}

function originOf(url: string): string {
  if (url === '') return '(native / idle / gc)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  if (url.startsWith('node:')) return 'node internals';
  const project = /\/(src\/[^/]+|commands|bench)\//.exec(url);
  return project?.[1] ?? url;
}

/** Reads every .cpuprofile in a folder (node --cpu-prof) and sums self time by function and by origin. */
export async function summariseProfiles(dir: string, top = 15, ignoreNative: readonly string[] = []): Promise<ProfileSummary[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  } catch {
    return [];
  }
  const summaries: ProfileSummary[] = [];
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const selfUs = new Map<number, number>();
    profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byFunction = new Map<string, { name: string; where: string; us: number }>();
    const byOrigin = new Map<string, number>();
    let totalUs = 0;
    for (const [id, us] of selfUs) {
      const frame = byId.get(id)?.callFrame;
      if (!frame || (frame.url === '' && ignoreNative.includes(frame.functionName))) continue;
      totalUs += us;
      const name = frame.functionName || '(anonymous)';
      const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|src|commands|bench)\//, '$1/')}:${frame.lineNumber + 1}` : '';
      const key = `${name}@${where}`;
      const entry = byFunction.get(key) ?? { name, where, us: 0 };
      entry.us += us;
      byFunction.set(key, entry);
      const origin = frame.functionName === '(idle)' ? '(idle)' : originOf(frame.url);
      byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + us);
    }
    // A helper thread's profile (one that idles through the run) says nothing about the bot.
    if ((byOrigin.get('(idle)') ?? 0) > 0.95 * totalUs) continue;
    const percent = (us: number): number => (totalUs === 0 ? 0 : Math.round((1000 * us) / totalUs) / 10);
    summaries.push({
      file,
      totalMs: Math.round(totalUs / 1000),
      topFunctions: [...byFunction.values()]
        .sort((a, b) => b.us - a.us)
        .slice(0, top)
        .map((f) => ({ name: f.name, where: f.where, selfMs: Math.round(f.us / 1000), percent: percent(f.us) })),
      byOrigin: [...byOrigin.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([origin, us]) => ({ origin, selfMs: Math.round(us / 1000), percent: percent(us) })),
    });
  }
  return summaries;
}
