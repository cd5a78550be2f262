import { ratio, spread, type Spread } from './stats.js';

/** One line of the table: a figure for the bot, for the bare client, their ratio, the goal and whether it is met. */
export interface Row {
  section: string;
  figure: string;
  unit: string;
  bot: Spread | null;
  bare: Spread | null;
  /** Per-run ratios (bot / bare, or raw / bare for the emulator's push), summarised. */
  ratio: Spread | null;
  goal: string;
  /** null: a figure reported for information, with no goal of its own. */
  met: boolean | null;
}

/** Ratios of the runs taken side by side (run i of one with run i of the other). */
export function pairedRatios(a: readonly number[], b: readonly number[]): Spread {
  return spread(a.map((value, i) => ratio(value, b[i] ?? Number.NaN)));
}

function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'MB') return (value / (1024 * 1024)).toFixed(1);
  if (unit === '×') return value.toFixed(2);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(1);
}

export function formatSpread(value: Spread | null, unit: string): string {
  if (!value) return '';
  const median = format(value.median, unit);
  if (value.runs.length <= 1) return median;
  return `${median} (${format(value.min, unit)}–${format(value.max, unit)})`;
}

export function renderTable(rows: readonly Row[]): string {
  const header = ['Section', 'Figure', 'Bot', 'Bare', 'Ratio', 'Goal', 'Met'];
  const cells = rows.map((row) => [
    row.section,
    `${row.figure}${row.unit && row.unit !== '×' ? ` [${row.unit}]` : ''}`,
    formatSpread(row.bot, row.unit),
    formatSpread(row.bare, row.unit),
    row.ratio ? `${formatSpread(row.ratio, '×')}×` : '',
    row.goal,
    row.met === null ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: string[]): string => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
