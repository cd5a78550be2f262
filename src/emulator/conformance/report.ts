// Groups checked exchanges per spec route and renders the report (text or JSON).
import type { Difference, ExchangeResult } from './check.js';
import { TOLERANCES } from './validator.js';
import type { Tolerance } from './validator.js';

/** Routes the Liner Notes bot calls (through discord.js); a difference on any of them fails the run. */
export const ROUTES_USED_BY_THE_BOT: ReadonlySet<string> = new Set([
  'GET /gateway/bot',
  'GET /users/@me',
  // guild.channels.fetch() in src/discord/review-poster.ts
  'GET /channels/{channel_id}',
  'PUT /applications/{application_id}/commands',
  'PUT /applications/{application_id}/guilds/{guild_id}/commands',
  'POST /interactions/{interaction_id}/{interaction_token}/callback',
  'GET /webhooks/{webhook_id}/{webhook_token}/messages/@original',
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original',
  'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original',
  'POST /webhooks/{webhook_id}/{webhook_token}',
  'GET /channels/{channel_id}/messages',
  'POST /channels/{channel_id}/messages',
  'GET /channels/{channel_id}/messages/{message_id}',
  'PATCH /channels/{channel_id}/messages/{message_id}',
  'DELETE /channels/{channel_id}/messages/{message_id}',
  'POST /channels/{channel_id}/messages/{message_id}/threads',
  'POST /channels/{channel_id}/threads',
  'PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me',
  'DELETE /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me',
  'DELETE /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/{user_id}',
  'GET /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}',
  'DELETE /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}',
  'DELETE /channels/{channel_id}/messages/{message_id}/reactions',
]);

/**
 * The routes the emulator implements: the bot's, and the ones a deploy and a guild's setup use. Each must show up
 * in the report, so a route the probes stop reaching is seen.
 */
export const ROUTES_THE_EMULATOR_IMPLEMENTS: readonly string[] = [
  ...ROUTES_USED_BY_THE_BOT,
  'GET /applications/@me',
  'GET /applications/{application_id}/commands',
  'POST /applications/{application_id}/commands',
  'DELETE /applications/{application_id}/commands/{command_id}',
  'GET /applications/{application_id}/guilds/{guild_id}/commands',
  'POST /applications/{application_id}/guilds/{guild_id}/commands',
  'DELETE /applications/{application_id}/guilds/{guild_id}/commands/{command_id}',
  'GET /guilds/{guild_id}',
  'GET /guilds/{guild_id}/channels',
  'GET /guilds/{guild_id}/members/{user_id}',
  'GET /guilds/{guild_id}/members',
];

export interface RouteReport {
  route: string;
  usedByBot: boolean;
  ok: boolean;
  /** Exchanges with at least one difference: missing route, schema error … */
  failing: ExchangeResult[];
  requests: number;
  /** The labels of the requests that conformed. */
  passing: string[];
}

export interface ConformanceReport {
  specPath: string;
  generatedAt: string;
  routes: RouteReport[];
  /** Routes the emulator implements that no request reached (a gap in the probes, reported, never skipped). */
  notProbed: string[];
  setupProblems: string[];
  /** Problems with the script's own request bodies against the spec's request schemas. */
  requestProblems: { route: string; label: string; problems: string[] }[];
  tolerances: readonly Tolerance[];
  specAdjustments: string[];
  compileNotes: string[];
  summary: {
    routes: number;
    ok: number;
    withDifferences: number;
    botRoutesWithDifferences: number;
    requests: number;
    differences: number;
  };
}

export function buildReport(input: {
  specPath: string;
  results: ExchangeResult[];
  setupProblems: string[];
  specAdjustments: string[];
  compileNotes: string[];
  now?: Date;
}): ConformanceReport {
  const byRoute = new Map<string, ExchangeResult[]>();
  for (const result of input.results) {
    const list = byRoute.get(result.route) ?? [];
    list.push(result);
    byRoute.set(result.route, list);
  }
  const routes: RouteReport[] = [...byRoute.entries()]
    .map(([route, results]) => {
      const failing = results.filter((result) => result.differences.length > 0);
      return {
        route,
        usedByBot: ROUTES_USED_BY_THE_BOT.has(route),
        ok: failing.length === 0,
        failing,
        requests: results.length,
        passing: results.filter((result) => result.differences.length === 0).map((result) => result.label),
      };
    })
    .sort((a, b) => routeSortKey(a.route).localeCompare(routeSortKey(b.route)));
  const reached = new Set(
    input.results.filter((result) => result.differences.every((difference) => difference.kind !== 'not-run')).map((result) => result.route),
  );
  const differences = input.results.reduce((sum, result) => sum + result.differences.length, 0);
  return {
    specPath: input.specPath,
    generatedAt: (input.now ?? new Date()).toISOString(),
    routes,
    notProbed: ROUTES_THE_EMULATOR_IMPLEMENTS.filter((route) => !reached.has(route)),
    setupProblems: input.setupProblems,
    requestProblems: input.results
      .filter((result) => result.requestProblems.length > 0)
      .map((result) => ({ route: result.route, label: result.label, problems: result.requestProblems })),
    tolerances: TOLERANCES,
    specAdjustments: input.specAdjustments,
    compileNotes: input.compileNotes,
    summary: {
      routes: routes.length,
      ok: routes.filter((route) => route.ok).length,
      withDifferences: routes.filter((route) => !route.ok).length,
      botRoutesWithDifferences: routes.filter((route) => !route.ok && route.usedByBot).length,
      requests: input.results.length,
      differences,
    },
  };
}

function routeSortKey(route: string): string {
  const [method = '', path = ''] = route.split(' ');
  return `${path} ${method}`;
}

/** Zero when every route the bot uses conforms (and every one of them was reached). */
export function exitCodeFor(report: ConformanceReport): number {
  const botRouteNotProbed = report.notProbed.some((route) => ROUTES_USED_BY_THE_BOT.has(route));
  return report.summary.botRoutesWithDifferences > 0 || botRouteNotProbed ? 1 : 0;
}

interface DifferenceGroup {
  difference: Difference;
  occurrences: string[];
}

/**
 * The same difference usually repeats for every item of a list and every request of a route; the text
 * report shows it once (array indices folded to "*") with the requests it occurred in. --json keeps all.
 */
function groupDifferences(results: readonly ExchangeResult[]): DifferenceGroup[] {
  const groups = new Map<string, { difference: Difference; counts: Map<string, number> }>();
  for (const result of results) {
    for (const difference of result.differences) {
      const folded = { ...difference, actual: difference.actual.replace(/\/\d+(?=\/|$)/g, '/*') };
      const key = `${folded.kind}\u0000${folded.expected}\u0000${folded.actual}`;
      const group = groups.get(key) ?? { difference: folded, counts: new Map<string, number>() };
      const occurrence = `${result.label} (${result.status === 0 ? 'no answer' : result.status})`;
      group.counts.set(occurrence, (group.counts.get(occurrence) ?? 0) + 1);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map(({ difference, counts }) => ({
    difference,
    occurrences: [...counts.entries()].map(([occurrence, count]) => (count > 1 ? `${occurrence} x${count}` : occurrence)),
  }));
}

function formatDifference(difference: Difference): string {
  if ((difference.kind === 'body-schema' || difference.kind === 'undeclared-property') && difference.actual.startsWith('at ')) {
    return `${difference.kind} ${difference.actual}: ${difference.expected}`;
  }
  return `${difference.kind}: expected ${difference.expected}; got ${difference.actual}`;
}

export function formatReport(report: ConformanceReport): string {
  const lines: string[] = [];
  lines.push(`Discord REST conformance of the local emulator (spec: ${report.specPath})`);
  lines.push('');
  for (const route of report.routes) {
    const tag = route.usedByBot ? ' [bot]' : '';
    lines.push(`${route.ok ? 'OK  ' : 'DIFF'}  ${route.route}${tag}  (${route.requests} request${route.requests === 1 ? '' : 's'})`);
    for (const group of groupDifferences(route.failing)) {
      lines.push(`        - ${formatDifference(group.difference)}`);
      lines.push(`            in: ${group.occurrences.join('; ')}`);
    }
  }
  if (report.notProbed.length > 0) {
    lines.push('', 'Implemented by the emulator but not reached by any request:');
    for (const route of report.notProbed) lines.push(`  - ${route}${ROUTES_USED_BY_THE_BOT.has(route) ? ' [bot]' : ''}`);
  }
  if (report.setupProblems.length > 0) {
    lines.push('', 'World building problems (driver / gateway):');
    for (const problem of report.setupProblems) lines.push(`  - ${problem}`);
  }
  if (report.requestProblems.length > 0) {
    lines.push('', "The script's own request bodies that the spec rejects (fix the script, not the emulator):");
    for (const item of report.requestProblems) lines.push(`  - ${item.route} "${item.label}": ${item.problems.join('; ')}`);
  }
  lines.push('', 'Tolerances (documented in the README):');
  for (const tolerance of report.tolerances) lines.push(`  - ${tolerance.what}`);
  for (const adjustment of report.specAdjustments) lines.push(`  - ${adjustment}`);
  for (const note of report.compileNotes) lines.push(`  - ajv: ${note}`);
  const { summary } = report;
  lines.push(
    '',
    `Summary: ${summary.routes} routes, ${summary.ok} OK, ${summary.withDifferences} with differences ` +
      `(${summary.botRoutesWithDifferences} used by the bot); ${summary.requests} requests, ${summary.differences} differences; ` +
      `${report.notProbed.length} required routes not reached.`,
  );
  return lines.join('\n');
}
