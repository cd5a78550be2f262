/**
 * `npm run bench`: the real bot (its own process, its discord.js client, the SQLite store) against the local
 * Discord emulator, beside a bare discord.js client on the same input in the same run. What each figure means:
 * docs/benchmarks.md, whose table a full run rewrites.
 *
 *   npm run bench                      full sizes (a few minutes on 2 cores); writes bench/results/latest.json and
 *                                      the table in docs/benchmarks.md
 *   npm run bench -- --quick           small sizes, a smoke test; writes bench/results/quick.tmp
 *   options: --runs N  --only likes,footer,latency,startup,reconcile,stores,shards  --out FILE  --profile (CPU profiles of the bot)
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { version as discordJsVersion } from 'discord.js';
import { errorMessage } from '../src/errors.js';
import { generateCatalogue } from './lib/catalogue.js';
import { benchDir, projectDir } from './lib/child.js';
import { benchmarksPage, writeDocsTable } from './lib/docs-table.js';
import { fullSizes, quickSizes, type BenchContext, type Sizes } from './lib/context.js';
import { summariseProfiles, type ProfileSummary } from './lib/profile.js';
import { seededRandom } from './lib/random.js';
import { pairedRatios, renderTable, type Row } from './lib/report.js';
import { spread } from './lib/stats.js';
import { startCommandsWorld, storedLikes } from './sections/commands-world.js';
import { footerRun, type FooterRun } from './sections/footer.js';
import { commandCases, latencyRun, type LatencyRun } from './sections/latency.js';
import { likeRun, type LikeRun } from './sections/likes.js';
import { reconcileRun, type ReconcileRun } from './sections/reconcile.js';
import { shardsRun, type LayoutCpu, type ShardsRun } from './sections/shards.js';
import { storeKinds, storeRun, type StoreRun } from './sections/stores.js';
import { startupRun, type StartupRun } from './sections/startup.js';

const sectionNames = ['likes', 'footer', 'latency', 'startup', 'reconcile', 'stores', 'shards'] as const;
type SectionName = (typeof sectionNames)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});

function chosenSections(): Set<SectionName> {
  if (!args.only) return new Set(sectionNames);
  const chosen = args.only.split(',').map((s) => s.trim());
  for (const name of chosen) {
    if (!(sectionNames as readonly string[]).includes(name)) throw new Error(`--only: unknown section "${name}" (sections: ${sectionNames.join(', ')})`);
  }
  return new Set(chosen as SectionName[]);
}

function sizesFromArgs(): Sizes {
  const base = args.quick ? quickSizes : fullSizes;
  if (args.runs === undefined) return base;
  const runs = Number(args.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');
  return { ...base, runs: { likes: runs, footer: runs, latency: runs, startup: runs, reconcile: base.runs.reconcile } };
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectDir, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

const mb = 1024 * 1024;

function likeRows(runs: LikeRun[], sizes: Sizes): Row[] {
  const bot = runs.map((r) => r.bot);
  const bare = runs.map((r) => r.bare);
  const raw = runs.map((r) => r.raw);
  const throughput = pairedRatios(
    bot.map((b) => b.eventsPerSec),
    bare.map((b) => b.eventsPerSec),
  );
  const exact = spread(bot.map((b) => b.storeExactMs ?? Number.NaN));
  const differing = bot.reduce((sum, b) => sum + (b.differingAfterFlush ?? 0), 0);
  const pushRatio = pairedRatios(
    raw.map((r) => r.eventsPerSec),
    bare.map((b) => b.eventsPerSec),
  );
  const rows: Row[] = [
    {
      section: 'Like throughput',
      figure: `${sizes.likeEvents.toLocaleString('en-US')} reaction events`,
      unit: 'events/s',
      bot: spread(bot.map((b) => b.eventsPerSec)),
      bare: spread(bare.map((b) => b.eventsPerSec)),
      ratio: throughput,
      goal: 'bot ≥ 0.5× bare',
      met: throughput.median >= 0.5,
    },
    {
      section: 'Like throughput',
      figure: 'store = emulator truth after last event',
      unit: 'ms',
      bot: exact,
      bare: null,
      ratio: null,
      goal: `≤ 1,000 ms every run${differing > 0 ? `; ${differing} posts differ after flush` : ''}`,
      met: exact.runs.every((ms) => ms <= 1000) && differing === 0,
    },
  ];
  const ready = pairedRatios(
    bot.map((b) => b.rssReady ?? Number.NaN),
    bare.map((b) => b.rssReady ?? Number.NaN),
  );
  rows.push({
    section: 'Memory',
    figure: 'RSS after ready',
    unit: 'MB',
    bot: spread(bot.map((b) => b.rssReady ?? Number.NaN)),
    bare: spread(bare.map((b) => b.rssReady ?? Number.NaN)),
    ratio: ready,
    goal: 'bot ≤ 1.5× bare',
    met: ready.median <= 1.5,
  });
  if (sizes.memoryEvents > sizes.likeEvents) {
    const after = pairedRatios(
      bot.map((b) => b.rssAfterMemoryEvents ?? Number.NaN),
      bare.map((b) => b.rssAfterMemoryEvents ?? Number.NaN),
    );
    rows.push({
      section: 'Memory',
      figure: `RSS after ${sizes.memoryEvents.toLocaleString('en-US')} like events`,
      unit: 'MB',
      bot: spread(bot.map((b) => b.rssAfterMemoryEvents ?? Number.NaN)),
      bare: spread(bare.map((b) => b.rssAfterMemoryEvents ?? Number.NaN)),
      ratio: after,
      goal: 'bot ≤ 1.5× bare',
      met: after.median <= 1.5,
    });
    const growth = (c: { heapAfterLikeEvents?: number; heapAfterMemoryEvents?: number }): number =>
      ((c.heapAfterMemoryEvents ?? Number.NaN) - (c.heapAfterLikeEvents ?? Number.NaN)) / (c.heapAfterLikeEvents ?? Number.NaN);
    const botGrowth = spread(bot.map(growth).map((g) => g * 100));
    rows.push({
      section: 'Memory',
      figure: `heap growth (after GC) from ${sizes.likeEvents / 1000}k to ${sizes.memoryEvents / 1000}k events`,
      unit: '%',
      bot: botGrowth,
      bare: spread(bare.map(growth).map((g) => g * 100)),
      ratio: null,
      goal: 'bounded: < 10 % for 5× the events',
      met: botGrowth.median < 10,
    });
  }
  rows.push({
    section: 'Emulator push',
    figure: 'raw WebSocket client (bare column: discord.js)',
    unit: 'events/s',
    bot: spread(raw.map((r) => r.eventsPerSec)),
    bare: spread(bare.map((b) => b.eventsPerSec)),
    ratio: pushRatio,
    goal: 'raw ≥ 3× bare discord.js',
    met: pushRatio.median >= 3,
  });
  return rows;
}

function footerRows(runs: FooterRun[], sizes: Sizes): Row[] {
  const section = 'Footer burst';
  const what = `${sizes.footerLikes} likes / ${sizes.footerSeconds} s`;
  return [
    { section, figure: `edits of the post (${what})`, unit: 'PATCH', bot: spread(runs.map((r) => r.edits)), bare: null, ratio: null, goal: '', met: null },
    {
      section,
      figure: 'most edits in any 2 s',
      unit: '',
      bot: spread(runs.map((r) => r.maxEditsIn2s)),
      bare: null,
      ratio: null,
      goal: '≤ 1 every run',
      met: runs.every((r) => r.maxEditsIn2s <= 1),
    },
    { section, figure: 'shortest gap between edits', unit: 'ms', bot: spread(runs.map((r) => r.minGapMs)), bare: null, ratio: null, goal: '', met: null },
    {
      section,
      figure: 'final count shown after last like',
      unit: 'ms',
      bot: spread(runs.map((r) => r.finalShownMs)),
      bare: null,
      ratio: null,
      goal: '≤ 3,000 ms every run',
      met: runs.every((r) => r.finalShownMs <= 3000),
    },
    {
      section,
      figure: '429 answers',
      unit: '',
      bot: spread(runs.map((r) => r.rateLimited)),
      bare: null,
      ratio: null,
      goal: 'none',
      met: runs.every((r) => r.rateLimited === 0),
    },
  ];
}

function latencyRows(runs: LatencyRun[], sizes: Sizes, likes: number): Row[] {
  const rows: Row[] = [];
  const concurrencies = [1, sizes.inFlight];
  for (const concurrency of concurrencies) {
    for (const command of commandCases) {
      const pick = (cases: LatencyRun['bot']) => cases.find((c) => c.command === command && c.concurrency === concurrency);
      const bot = runs.map((r) => pick(r.bot));
      const bare = runs.map((r) => pick(r.bare));
      const label = `${command === 'autocomplete' ? 'review autocomplete' : `/${command}`}, ${concurrency === 1 ? 'one at a time' : `${concurrency} in flight`}`;
      const failed = [...bot, ...bare].reduce((sum, c) => sum + (c?.failed ?? 0), 0);
      const short = [...bot, ...bare].filter((c) => c !== undefined && c.sent < c.planned);
      const shortNote =
        short.length > 0 ? `; only ${short.map((c) => c?.sent ?? 0).join('/')} of ${sizes.commandsPerCase} sent within ${sizes.caseBudgetMs / 1000} s` : '';
      for (const p of ['p50', 'p90', 'p99', 'max'] as const) {
        const botValues = bot.map((c) => c?.summary[p] ?? Number.NaN);
        const bareValues = bare.map((c) => c?.summary[p] ?? Number.NaN);
        const isGoal = p === 'p99';
        const ratios = pairedRatios(botValues, bareValues);
        rows.push({
          section: 'Command latency',
          figure: `${label}: ${p}`,
          unit: 'ms',
          bot: spread(botValues),
          bare: spread(bareValues),
          ratio: ratios,
          goal: isGoal ? `bot p99 ≤ 2× bare${failed > 0 ? `; ${failed} not answered in 3 s` : ''}${shortNote}` : '',
          met: isGoal ? ratios.median <= 2 && failed === 0 : null,
        });
      }
    }
  }
  rows.push({
    section: 'Command latency',
    figure: `bot start-up with ${sizes.catalogueReviews.toLocaleString('en-US')} reviews and ${likes.toLocaleString('en-US')} likes`,
    unit: 'ms',
    bot: spread(runs.map((r) => r.botStartupMs)),
    bare: null,
    ratio: null,
    goal: '',
    met: null,
  });
  return rows;
}

function startupRows(runs: StartupRun[], sizes: Sizes): Row[] {
  const ratios = pairedRatios(
    runs.map((r) => r.botMs),
    runs.map((r) => r.bareMs),
  );
  const bare = spread(runs.map((r) => r.bareMs));
  return [
    {
      section: 'Start-up',
      figure: `process start to ready, ${sizes.catalogueReviews.toLocaleString('en-US')} reviews`,
      unit: 'ms',
      bot: spread(runs.map((r) => r.botMs)),
      bare,
      ratio: ratios,
      goal: 'bot ≤ 1.5× bare',
      met: ratios.median <= 1.5,
    },
    {
      section: 'Start-up',
      figure: 'the same with the 1-review data/ catalogue',
      unit: 'ms',
      bot: spread(runs.map((r) => r.smallCatalogueBotMs)),
      bare,
      ratio: pairedRatios(
        runs.map((r) => r.smallCatalogueBotMs),
        runs.map((r) => r.bareMs),
      ),
      goal: '',
      met: null,
    },
    {
      section: 'Start-up',
      figure: `process start to ready, ${sizes.catalogueReviews.toLocaleString('en-US')} reviews, no index yet`,
      unit: 'ms',
      bot: spread(runs.map((r) => r.coldBotMs)),
      bare,
      ratio: pairedRatios(
        runs.map((r) => r.coldBotMs),
        runs.map((r) => r.bareMs),
      ),
      goal: '',
      met: null,
    },
    {
      section: 'Start-up',
      figure: `first /tracks after ready, ${sizes.catalogueReviews.toLocaleString('en-US')} reviews (sent to first callback)`,
      unit: 'ms',
      bot: spread(runs.map((r) => r.botFirstCommandMs)),
      bare: spread(runs.map((r) => r.bareFirstCommandMs)),
      ratio: pairedRatios(
        runs.map((r) => r.botFirstCommandMs),
        runs.map((r) => r.bareFirstCommandMs),
      ),
      goal: '',
      met: null,
    },
    {
      section: 'Memory',
      figure: `RSS after ready, ${sizes.catalogueReviews.toLocaleString('en-US')} reviews (start-up runs)`,
      unit: 'MB',
      bot: spread(runs.map((r) => r.botRss)),
      bare: spread(runs.map((r) => r.bareRss)),
      ratio: pairedRatios(
        runs.map((r) => r.botRss),
        runs.map((r) => r.bareRss),
      ),
      goal: '',
      met: null,
    },
    {
      section: 'Memory',
      figure: 'RSS after ready, 1-review data/ catalogue',
      unit: 'MB',
      bot: spread(runs.map((r) => r.smallCatalogueBotRss)),
      bare: spread(runs.map((r) => r.bareRss)),
      ratio: pairedRatios(
        runs.map((r) => r.smallCatalogueBotRss),
        runs.map((r) => r.bareRss),
      ),
      goal: '',
      met: null,
    },
  ];
}

function reconcileRows(runs: ReconcileRun[], sizes: Sizes): Row[] {
  const section = 'Reconciliation';
  const what = `${sizes.reconcilePosts} posts, 50–300 likes over 1–2 emoji, 0–40 responses`;
  const limitsBind = runs.every((r) => r.allowedMs > 0);
  return [
    {
      section,
      figure: `REST requests ÷ the floor (${what})`,
      unit: '',
      bot: spread(runs.map((r) => r.requests)),
      bare: spread(runs.map((r) => r.floor)),
      ratio: pairedRatios(
        runs.map((r) => r.requests),
        runs.map((r) => r.floor),
      ),
      goal: '≤ 1.1×',
      met: runs.every((r) => r.requests <= 1.1 * r.floor),
    },
    {
      section,
      figure: '429 answers',
      unit: '',
      bot: spread(runs.map((r) => r.rateLimited)),
      bare: null,
      ratio: null,
      goal: '0',
      met: runs.every((r) => r.rateLimited === 0),
    },
    {
      section,
      // At a size the limits do not bind (a quick run), there is nothing to compare with: informational only.
      figure: `time ÷ the time the route and global limits allow${limitsBind ? '' : ' (not reached at this size)'}`,
      unit: 'ms',
      bot: spread(runs.map((r) => r.ms)),
      bare: spread(runs.map((r) => r.allowedMs)),
      ratio: limitsBind
        ? pairedRatios(
            runs.map((r) => r.ms),
            runs.map((r) => r.allowedMs),
          )
        : null,
      goal: limitsBind ? '≤ 1.5×' : '',
      met: limitsBind ? runs.every((r) => r.ms <= 1.5 * r.allowedMs) : null,
    },
    {
      section,
      figure: 'posts whose store differs from Discord afterwards',
      unit: '',
      bot: spread(runs.map((r) => r.differing)),
      bare: null,
      ratio: null,
      goal: '0',
      met: runs.every((r) => r.differing === 0),
    },
  ];
}

function storeRows(runs: StoreRun[]): Row[] {
  const section = 'Server stores';
  const sqlite = runs.filter((r) => r.kind === 'SQLite');
  const rows: Row[] = [];
  for (const kind of ['PostgreSQL', 'Redis'] as const) {
    const ofKind = runs.filter((r) => r.kind === kind);
    if (ofKind.length === 0) {
      rows.push({
        section,
        figure: `${kind}: not measured (set TEST_${kind === 'Redis' ? 'REDIS' : 'POSTGRES'}_URL, e.g. eval "$(bash .ci/services.sh start)")`,
        unit: '',
        bot: null,
        bare: null,
        ratio: null,
        goal: '',
        met: null,
      });
      continue;
    }
    const throughput = pairedRatios(
      ofKind.map((r) => r.eventsPerSec),
      sqlite.map((r) => r.eventsPerSec),
    );
    const latency = pairedRatios(
      sqlite.map((r) => r.commandP99Ms),
      ofKind.map((r) => r.commandP99Ms),
    );
    rows.push(
      {
        section,
        figure: `${kind}: like throughput ÷ SQLite's`,
        unit: 'events/s',
        bot: spread(ofKind.map((r) => r.eventsPerSec)),
        bare: spread(sqlite.map((r) => r.eventsPerSec)),
        ratio: throughput,
        goal: '≥ 0.8×',
        met: throughput.median >= 0.8,
      },
      {
        section,
        figure: `${kind}: posts whose store differs after a flush`,
        unit: '',
        bot: spread(ofKind.map((r) => r.differing)),
        bare: null,
        ratio: null,
        goal: '0',
        met: ofKind.every((r) => r.differing === 0),
      },
      {
        section,
        figure: `${kind}: /top p99, SQLite's ÷ ${kind}'s`,
        unit: 'ms',
        bot: spread(ofKind.map((r) => r.commandP99Ms)),
        bare: spread(sqlite.map((r) => r.commandP99Ms)),
        ratio: latency,
        goal: '≥ 0.8×',
        met: latency.median >= 0.8,
      },
    );
  }
  return rows;
}

function shardRows(runs: ShardsRun[], sizes: Sizes): Row[] {
  const section = 'Shards';
  const store = runs[0]?.store ?? 'SQLite';
  const ratio = pairedRatios(
    runs.map((r) => r.twoShardsPerSec),
    runs.map((r) => r.oneProcessPerSec),
  );
  return [
    {
      section,
      figure: `like throughput, 2 shard processes ÷ 1 process (2 guilds × ${sizes.likeEvents.toLocaleString('en-US')} events at once, ${store})`,
      unit: 'events/s',
      bot: spread(runs.map((r) => r.twoShardsPerSec)),
      bare: spread(runs.map((r) => r.oneProcessPerSec)),
      ratio,
      goal: '2 shards ≥ 1.6× one process',
      met: ratio.median >= 1.6,
    },
    ...(
      [
        ['the bot processes together', (cpu: LayoutCpu) => cpu.shards.reduce((a, b) => a + b, 0)],
        ["the bench's process (the emulator pushing)", (cpu: LayoutCpu) => cpu.emulator],
        [`the rest of the ${cpus().length} cores (PostgreSQL, the system, idle)`, (cpu: LayoutCpu) => cpu.rest],
      ] as const
    ).map(([who, figure]): Row => ({
      section,
      figure: `CPU while the storms are handled (bot column: 2 shards; bare: 1 process): ${who}`,
      unit: '% of a core',
      bot: spread(runs.map((r) => figure(r.twoShardsCpu))),
      bare: spread(runs.map((r) => figure(r.oneProcessCpu))),
      ratio: null,
      goal: '',
      met: null,
    })),
    {
      section,
      figure: 'posts whose store differs after a flush (both layouts)',
      unit: '',
      bot: spread(runs.map((r) => r.differing)),
      bare: null,
      ratio: null,
      goal: '0',
      met: runs.every((r) => r.differing === 0),
    },
  ];
}

async function main(): Promise<void> {
  const sections = chosenSections();
  const sizes = sizesFromArgs();
  const out = args.out ?? join(benchDir, 'results', args.quick ? 'quick.tmp' : 'latest.json');
  const startedAt = Date.now();
  const loadBefore = loadavg();
  const tmp = await mkdtemp(join(tmpdir(), 'liner-notes-bench-'));
  const cpuProfileDir = args.profile ? join(tmp, 'profiles') : undefined;
  const log = (message: string): void => {
    process.stderr.write(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
  };
  const raw: Record<string, unknown> = {};
  const rows: Row[] = [];
  let profiles: Record<string, ProfileSummary[]> = {};
  try {
    const dataDir = join(tmp, 'data');
    log(`generating ${sizes.catalogueReviews} reviews`);
    const reviews = await generateCatalogue(dataDir, sizes.catalogueReviews, seededRandom(7));
    const ctx: BenchContext = { sizes, tmp, dataDir, reviews, cpuProfileDir, log };

    if (sections.has('likes')) {
      const runs: LikeRun[] = [];
      for (let run = 0; run < sizes.runs.likes; run++) runs.push(await likeRun(ctx, run));
      raw.likes = runs;
      rows.push(...likeRows(runs, sizes));
    }
    if (sections.has('footer')) {
      const runs: FooterRun[] = [];
      for (let run = 0; run < sizes.runs.footer; run++) runs.push(await footerRun(ctx, run));
      raw.footer = runs;
      rows.push(...footerRows(runs, sizes));
    }
    if (sections.has('latency') || sections.has('startup')) {
      log(`storing ${storedLikes(ctx).toLocaleString('en-US')} likes on ${sizes.likedPosts} posts`);
      const world = await startCommandsWorld(ctx);
      try {
        if (sections.has('latency')) {
          const runs: LatencyRun[] = [];
          for (let run = 0; run < sizes.runs.latency; run++) runs.push(await latencyRun(ctx, world, run));
          raw.latency = runs;
          rows.push(...latencyRows(runs, sizes, storedLikes(ctx)));
        }
        if (sections.has('startup')) {
          const runs: StartupRun[] = [];
          for (let run = 0; run < sizes.runs.startup; run++) {
            log(`start-up run ${run + 1}`);
            runs.push(await startupRun(ctx, world, run));
          }
          raw.startup = runs;
          rows.push(...startupRows(runs, sizes));
        }
      } finally {
        await world.stop();
      }
    }
    if (sections.has('reconcile')) {
      const runs: ReconcileRun[] = [];
      for (let run = 0; run < sizes.runs.reconcile; run++) runs.push(await reconcileRun(ctx, run));
      raw.reconcile = runs;
      rows.push(...reconcileRows(runs, sizes));
    }
    if (sections.has('stores')) {
      const runs: StoreRun[] = [];
      for (let run = 0; run < sizes.runs.likes; run++) {
        for (const { kind, url } of storeKinds()) runs.push(await storeRun(ctx, run, kind, url));
      }
      raw.stores = runs;
      rows.push(...storeRows(runs));
    }
    if (sections.has('shards')) {
      const runs: ShardsRun[] = [];
      for (let run = 0; run < sizes.runs.likes; run++) runs.push(await shardsRun(ctx, run));
      raw.shards = runs;
      rows.push(...shardRows(runs, sizes));
    }
    if (cpuProfileDir) {
      profiles = {
        likes: await summariseProfiles(join(cpuProfileDir, 'likes')),
        latency: await summariseProfiles(join(cpuProfileDir, 'latency')),
        startup: await summariseProfiles(join(cpuProfileDir, 'startup')),
        shards: await summariseProfiles(join(cpuProfileDir, 'shards')),
        ...Object.fromEntries(
          await Promise.all(storeKinds().map(async ({ kind }) => [`stores ${kind}`, await summariseProfiles(join(cpuProfileDir, `stores-${kind}`))] as const)),
        ),
        // Profiled from inside the process: stopping the profiler serialises the profile in the inspector's native
        // `dispatch`, which the sampler still sees; it is the profiler's cost, not the emulator's.
        emulator: await summariseProfiles(join(cpuProfileDir, 'emulator'), 15, ['dispatch']),
      };
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }

  const cpuList = cpus();
  const result = {
    generatedAt: new Date().toISOString(),
    mode: args.quick ? 'quick' : 'full',
    commit: gitCommit(),
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    machine: {
      cores: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      memoryMB: Math.round(totalmem() / mb),
      os: `${process.platform} ${release()}`,
      node: process.version,
      discordJs: discordJsVersion,
      loadAverageBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
      loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    },
    sizes,
    goalsMet: rows.filter((r) => r.met !== null).every((r) => r.met === true),
    rows,
    runs: raw,
    ...(args.profile ? { profiles } : {}),
  };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  const machine = result.machine;
  console.log(
    `Liner Notes bench (${result.mode}) · ${machine.cores} cores ${machine.cpuModel} · Node ${machine.node} · discord.js ${machine.discordJs} · load ${machine.loadAverageBefore.join('/')} → ${machine.loadAverageAfter.join('/')} · ${result.durationSeconds} s`,
  );
  console.log('Medians of the runs, (min–max) when repeated; ratios are per run, side by side.\n');
  console.log(renderTable(rows));
  const missed = rows.filter((r) => r.met === false);
  console.log(missed.length === 0 ? '\nEvery goal met.' : `\nGoals NOT met: ${missed.map((r) => `${r.section} – ${r.figure}`).join('; ')}`);
  if (args.profile) {
    for (const [section, summaries] of Object.entries(profiles)) {
      // The first run's profile per section on stdout; every profile is in the JSON.
      for (const summary of summaries.slice(0, 1)) {
        console.log(
          `\nCPU profile of the ${section === 'emulator' ? 'emulator pushing to the raw client' : 'bot'} (${section}, ${summary.file}, ${summary.totalMs} ms sampled): by origin`,
        );
        for (const o of summary.byOrigin.slice(0, 8)) console.log(`  ${String(o.percent).padStart(5)} %  ${o.origin}`);
        console.log('  heaviest functions (self time):');
        for (const f of summary.topFunctions.slice(0, 12)) console.log(`  ${String(f.percent).padStart(5)} %  ${f.name}  ${f.where}`);
      }
    }
  }
  console.log(`\nJSON: ${relative(process.cwd(), out) || out}`);
  // Only the results file the page describes: a quick run or one written elsewhere leaves the page alone.
  if (!args.quick && args.out === undefined) {
    try {
      await writeDocsTable(out, benchmarksPage);
      console.log(`Table: ${relative(process.cwd(), benchmarksPage)}`);
    } catch (error) {
      // The results are saved either way; `npm run bench:docs` writes the table once the page is fixed.
      console.error(`bench: the results are saved, but the docs table was not written: ${errorMessage(error)}`);
      process.exitCode = 1;
    }
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
