/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4: "# HELP", "# TYPE", then samples
 * `name{label="value",…} value`), for asserting that /metrics is well-formed: any line it cannot read throws.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PrometheusText {
  types: Map<string, string>;
  samples: Sample[];
}

const metricName = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const typeLine = new RegExp(`^# TYPE (${metricName}) (counter|gauge|histogram|summary|untyped)$`);
const helpLine = new RegExp(`^# HELP (${metricName}) .*$`);
const sampleLine = new RegExp(`^(${metricName})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);
const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\]|\\\\.)*)",?/gy;

/** As Prometheus reads values (Go's strconv.ParseFloat): NaN and Inf in any case; prom-client writes "Nan". */
function parseValue(text: string): number {
  const special = text.toLowerCase();
  if (special === '+inf' || special === 'inf') return Number.POSITIVE_INFINITY;
  if (special === '-inf') return Number.NEGATIVE_INFINITY;
  if (special === 'nan') return Number.NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a sample value: ${text}`);
  return value;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  label.lastIndex = 0;
  let read = 0;
  for (let match = label.exec(text); match; match = label.exec(text)) {
    labels[match[1] ?? ''] = (match[2] ?? '').replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    read = label.lastIndex;
  }
  if (read !== text.length) throw new Error(`unreadable labels: {${text}}`);
  return labels;
}

export function parsePrometheusText(text: string): PrometheusText {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = typeLine.exec(line);
    if (type) {
      types.set(type[1] ?? '', type[2] ?? '');
      continue;
    }
    if (helpLine.test(line)) continue;
    const sample = sampleLine.exec(line);
    if (!sample) throw new Error(`not Prometheus text: ${line}`);
    samples.push({ name: sample[1] ?? '', labels: parseLabels(sample[2] ?? ''), value: parseValue(sample[3] ?? '') });
  }
  return { types, samples };
}

/** The value of the one sample with that name whose labels include `labels`; undefined if there is none. */
export function sampleValue(parsed: PrometheusText, name: string, labels: Record<string, string> = {}): number | undefined {
  return parsed.samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;
}
