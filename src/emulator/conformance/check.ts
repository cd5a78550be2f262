// Compares one request/response exchange with Discord's spec (status, body schema, 204 rule, headers)
// and with what Discord's docs say the answer must be (expected status and JSON error code).
import { declaredStatusKeys, findOperation, findResponse, isJsonObject, requestSchemaPointer, responseHeaders, responseSchemaPointer } from './openapi.js';
import type { OpenApiDocument } from './openapi.js';
import type { SpecValidator } from './validator.js';

export type Authentication = 'bot' | 'none' | 'invalid-bot-token' | 'token-without-bot-prefix';

export interface Probe {
  /** What this request shows, e.g. "unknown message answers 10008". */
  label: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under /api/v10, query string allowed: "/channels/1/messages?limit=5". */
  path: string;
  body?: unknown;
  /** Sent verbatim as an application/json body instead of `body` (for malformed JSON). */
  rawRequestBody?: string;
  auth: Authentication;
  /** What Discord answers here according to its docs (opcodes-and-status-codes.mdx, rate-limits.mdx …); any of these. */
  expect: Expectation[];
  /** A documented property of the answer's content that no schema can express (ordering, filters, the
   *  field an error tree points at); checked when the status meets the expectation. */
  bodyRule?: BodyRule;
}

export interface BodyRule {
  /** What the docs say, with the page: "newest to oldest (message.mdx, Get Channel Messages)". */
  description: string;
  /** Undefined when the body follows the rule, else what the emulator did instead. */
  violation(body: unknown): string | undefined;
}

export interface Expectation {
  status: number;
  /** The JSON error code of an error answer. */
  code?: number;
}

export function describeExpectations(expect: readonly Expectation[]): string {
  return expect.map((item) => (item.code === undefined ? `${item.status}` : `${item.status} with code ${item.code}`)).join(' or ');
}

export interface Exchange {
  probe: Probe;
  status: number;
  headers: Headers;
  rawBody: string;
  /** Epoch milliseconds at which the answer arrived (for X-RateLimit-Reset). */
  receivedAt?: number;
  /** Present when the exchange never happened (connection refused …). */
  failure?: string;
  /** Present when the probe could not be sent because an earlier step it depends on failed. */
  notRun?: string;
  /** Present for an observation over several exchanges (e.g. a burst that never got a 429). */
  behaviour?: string;
}

export type DifferenceKind =
  | 'missing-route'
  | 'not-in-spec'
  | 'unexpected-status'
  | 'undeclared-status'
  | 'body-schema'
  | 'undeclared-property'
  | 'body-not-json'
  | 'rule-204'
  | 'content-type'
  | 'rate-limit-headers'
  | 'transport'
  | 'not-run'
  | 'behaviour';

export interface Difference {
  kind: DifferenceKind;
  /** What the spec or the docs expect. */
  expected: string;
  /** What the emulator sent. */
  actual: string;
}

export interface ExchangeResult {
  /** "METHOD /template" from the spec, or "METHOD /concrete/path" when the spec has no such route. */
  route: string;
  label: string;
  status: number;
  differences: Difference[];
  /** Problems with the probe's own request body against the spec's request schema (a script bug, not an emulator bug). */
  requestProblems: string[];
}

const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-RateLimit-Reset-After', 'X-RateLimit-Bucket'];

export function routeKey(spec: OpenApiDocument, method: string, path: string): string {
  const pathOnly = path.split('?')[0] ?? path;
  const lookup = findOperation(spec, method, pathOnly);
  if (lookup.found) return `${method.toUpperCase()} ${lookup.match.template}`;
  if (lookup.reason === 'no-method') return `${method.toUpperCase()} ${lookup.template}`;
  return `${method.toUpperCase()} ${pathOnly}`;
}

function parseBody(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

function describeBody(raw: string): string {
  const parsed = parseBody(raw);
  const text = parsed.ok ? JSON.stringify(parsed.value) : raw;
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function errorCodeOf(raw: string): number | undefined {
  const parsed = parseBody(raw);
  if (!parsed.ok || !isJsonObject(parsed.value)) return undefined;
  const code = parsed.value['code'];
  return typeof code === 'number' ? code : undefined;
}

function isJsonContentType(value: string | null): boolean {
  return value !== null && /^application\/json\b/i.test(value.trim());
}

export interface Validators {
  /** Validates against the prepared spec. */
  spec: SpecValidator;
  /** Validates against the closed copy (object schemas reject undeclared properties); only its
   *  unevaluatedProperties errors are reported, the rest duplicates `spec`. */
  closed?: SpecValidator;
}

export function checkExchange(spec: OpenApiDocument, validators: SpecValidator | Validators, exchange: Exchange): ExchangeResult {
  const { spec: validator, closed } = 'validate' in validators ? { spec: validators, closed: undefined } : validators;
  const { probe } = exchange;
  const pathOnly = probe.path.split('?')[0] ?? probe.path;
  const result: ExchangeResult = {
    route: routeKey(spec, probe.method, probe.path),
    label: probe.label,
    status: exchange.status,
    differences: [],
    requestProblems: [],
  };
  const differences = result.differences;
  const expected = describeExpectations(probe.expect);
  if (exchange.notRun !== undefined) {
    differences.push({ kind: 'not-run', expected, actual: `not sent: ${exchange.notRun}` });
    return result;
  }
  if (exchange.behaviour !== undefined) {
    differences.push({ kind: 'behaviour', expected, actual: exchange.behaviour });
    return result;
  }
  if (exchange.failure !== undefined) {
    differences.push({ kind: 'transport', expected, actual: exchange.failure });
    return result;
  }
  const expectsSuccess = probe.expect.every((item) => item.status < 400);

  const code = errorCodeOf(exchange.rawBody);
  // Discord's answer for a route it does not have is 404 (or 405) with code 0; when a probe expects
  // success, that answer means the emulator lacks the route.
  if ((exchange.status === 404 || exchange.status === 405) && code === 0 && expectsSuccess) {
    differences.push({
      kind: 'missing-route',
      expected: `${expected} (route implemented)`,
      actual: `${exchange.status} ${describeBody(exchange.rawBody)}`,
    });
    return result;
  }

  const meetsExpectation = probe.expect.some((item) => item.status === exchange.status && (item.code === undefined || item.code === code));
  if (!meetsExpectation) {
    differences.push({ kind: 'unexpected-status', expected, actual: `${exchange.status} ${describeBody(exchange.rawBody)}` });
  }

  const lookup = findOperation(spec, probe.method, pathOnly);
  if (!lookup.found) {
    differences.push({
      kind: 'not-in-spec',
      expected: lookup.reason === 'no-method' ? `one of ${lookup.declaredMethods.join(', ')} on ${lookup.template}` : 'a route of the spec',
      actual: `${probe.method} ${pathOnly}`,
    });
    return result;
  }
  const operation = lookup.match;

  if (probe.body !== undefined && expectsSuccess) {
    const requestPointer = requestSchemaPointer(spec, operation);
    if (requestPointer !== undefined) {
      for (const problem of validator.validate(requestPointer, probe.body)) {
        result.requestProblems.push(`${problem.path || '(root)'}: ${problem.message}`);
      }
    }
  }

  const declared = findResponse(spec, operation, exchange.status);
  if (declared === undefined) {
    differences.push({
      kind: 'undeclared-status',
      expected: `one of ${declaredStatusKeys(operation).join(', ')}`,
      actual: `${exchange.status} ${describeBody(exchange.rawBody)}`,
    });
    return result;
  }

  const contentType = exchange.headers.get('content-type');
  if (exchange.status === 204) {
    // RFC 9110 §15.3.5 and Discord's behaviour: a 204 carries no content, hence no JSON content type.
    if (exchange.rawBody.length > 0) {
      differences.push({ kind: 'rule-204', expected: 'no body', actual: `body ${describeBody(exchange.rawBody)}` });
    }
    if (isJsonContentType(contentType)) {
      differences.push({ kind: 'rule-204', expected: 'no JSON Content-Type', actual: `Content-Type: ${contentType ?? ''}` });
    }
  }

  const schemaPointer = responseSchemaPointer(declared);
  if (schemaPointer !== undefined) {
    if (!isJsonContentType(contentType)) {
      differences.push({ kind: 'content-type', expected: 'Content-Type: application/json', actual: `Content-Type: ${contentType ?? '(none)'}` });
    }
    const parsed = parseBody(exchange.rawBody);
    if (!parsed.ok) {
      differences.push({ kind: 'body-not-json', expected: 'a JSON body', actual: describeBody(exchange.rawBody) || '(empty body)' });
    } else {
      for (const problem of validator.validate(schemaPointer, parsed.value)) {
        differences.push({ kind: 'body-schema', expected: problem.message, actual: `at ${problem.path || '(root)'}` });
      }
      for (const problem of closed?.validate(schemaPointer, parsed.value) ?? []) {
        if (problem.keyword !== 'unevaluatedProperties') continue;
        differences.push({ kind: 'undeclared-property', expected: problem.message, actual: `at ${problem.path || '(root)'}` });
      }
    }
  } else if (exchange.status !== 204 && exchange.rawBody.length > 0 && declared.response['content'] === undefined) {
    differences.push({ kind: 'body-schema', expected: `no body for ${declared.key}`, actual: describeBody(exchange.rawBody) });
  }

  if (probe.bodyRule !== undefined && meetsExpectation) {
    const parsedBody = parseBody(exchange.rawBody);
    const violation = parsedBody.ok ? probe.bodyRule.violation(parsedBody.value) : 'the body is not JSON';
    if (violation !== undefined) differences.push({ kind: 'behaviour', expected: probe.bodyRule.description, actual: violation });
  }

  differences.push(...checkRateLimitHeaders(spec, exchange, declared));
  return result;
}

function checkRateLimitHeaders(spec: OpenApiDocument, exchange: Exchange, declared: NonNullable<ReturnType<typeof findResponse>>): Difference[] {
  const differences: Difference[] = [];
  // Discord sends the bucket headers on the answers of authenticated requests that reached a route
  // (rate-limits.mdx "Header Format"); a 401 is answered before any bucket is involved.
  const mustCarry = exchange.status !== 401 && (exchange.status < 300 || exchange.status === 429);
  for (const header of responseHeaders(spec, declared)) {
    const value = exchange.headers.get(header.name);
    if (value === null) {
      if (mustCarry && RATE_LIMIT_HEADERS.includes(header.name)) {
        differences.push({ kind: 'rate-limit-headers', expected: `header ${header.name}`, actual: 'absent' });
      }
      continue;
    }
    const type = header.schema?.['type'];
    const isValid = type === 'integer' ? /^-?\d+$/.test(value) : type === 'number' ? value.trim() !== '' && Number.isFinite(Number(value)) : value.length > 0;
    if (!isValid) {
      differences.push({
        kind: 'rate-limit-headers',
        expected: `${header.name} of type ${typeof type === 'string' ? type : JSON.stringify(type)}`,
        actual: `"${value}"`,
      });
    }
  }
  differences.push(...checkRateLimitArithmetic(exchange));
  if (exchange.status === 429) {
    const retryAfter = exchange.headers.get('Retry-After');
    if (retryAfter === null || !Number.isFinite(Number(retryAfter))) {
      differences.push({ kind: 'rate-limit-headers', expected: 'Retry-After header in seconds (rate-limits.mdx)', actual: retryAfter ?? 'absent' });
    }
    const scope = exchange.headers.get('X-RateLimit-Scope');
    if (scope === null || !['user', 'global', 'shared'].includes(scope)) {
      differences.push({
        kind: 'rate-limit-headers',
        expected: 'X-RateLimit-Scope: user | global | shared on a 429 (rate-limits.mdx)',
        actual: scope ?? 'absent',
      });
    }
  }
  return differences;
}

/**
 * The values must tell a consistent story (rate-limits.mdx "Header Format"): Remaining is what is left of
 * Limit after this request, Reset is the epoch second at which Reset-After elapses, and a per-route 429
 * comes with nothing remaining.
 */
function checkRateLimitArithmetic(exchange: Exchange): Difference[] {
  const read = (name: string): number | undefined => {
    const value = exchange.headers.get(name);
    return value === null || value.trim() === '' ? undefined : Number(value);
  };
  const limit = read('X-RateLimit-Limit');
  const remaining = read('X-RateLimit-Remaining');
  const reset = read('X-RateLimit-Reset');
  const resetAfter = read('X-RateLimit-Reset-After');
  const differences: Difference[] = [];
  const add = (expected: string, actual: string): void => {
    differences.push({ kind: 'rate-limit-headers', expected, actual });
  };
  if (limit !== undefined && remaining !== undefined && !(remaining >= 0 && remaining < limit)) {
    add('0 <= X-RateLimit-Remaining < X-RateLimit-Limit after a request', `Limit ${limit}, Remaining ${remaining}`);
  }
  if (resetAfter !== undefined && !(resetAfter >= 0)) add('X-RateLimit-Reset-After >= 0', String(resetAfter));
  if (reset !== undefined && resetAfter !== undefined && exchange.receivedAt !== undefined) {
    const answeredAt = exchange.receivedAt / 1000;
    if (Math.abs(reset - (answeredAt + resetAfter)) > 1) {
      add(
        'X-RateLimit-Reset = time of the answer + X-RateLimit-Reset-After (epoch seconds)',
        `Reset ${reset}, Reset-After ${resetAfter}, answered at ${answeredAt.toFixed(3)}`,
      );
    }
  }
  if (exchange.status === 429 && exchange.headers.get('X-RateLimit-Global') === null && remaining !== undefined && remaining !== 0) {
    add('X-RateLimit-Remaining 0 on a per-route 429', String(remaining));
  }
  return differences;
}
