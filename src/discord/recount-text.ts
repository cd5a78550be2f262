import type { ReconcileSummary } from '../engagement/index.js';

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** What /recount says while it runs and when it is done. */
export function recountText(what: string, summary: ReconcileSummary, done: boolean): string {
  if (!done) return `Counting ${what} again from Discord: ${summary.done} of ${plural(summary.posts, 'post', 'posts')} read…`;
  if (summary.posts === 0) return `There is nothing to count: ${what} has no post on Discord that I track.`;
  const lines = [
    `Counted ${what} again from Discord: ${plural(summary.posts, 'post', 'posts')} read, ${plural(summary.changes, 'difference', 'differences')} found and fixed.`,
  ];
  if (summary.changes > 0) lines.push('Footers that showed other counts are being updated.');
  if (summary.failed > 0) lines.push(`${plural(summary.failed, 'post', 'posts')} could not be read (the log says why); the next recount tries again.`);
  return lines.join('\n');
}
