import { describe, expect, it } from 'vitest';
import { checkExchange } from '../../src/emulator/conformance/check.js';
import type { Exchange, Probe } from '../../src/emulator/conformance/check.js';
import type { OpenApiDocument } from '../../src/emulator/conformance/openapi.js';
import { prepareSpec } from '../../src/emulator/conformance/prepare-spec.js';
import { buildReport, exitCodeFor } from '../../src/emulator/conformance/report.js';
import { createSpecValidator } from '../../src/emulator/conformance/validator.js';

const rateLimitHeaders = {
  'X-RateLimit-Limit': { $ref: '#/components/headers/Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/Limit' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/Seconds' },
  'X-RateLimit-Reset-After': { $ref: '#/components/headers/Seconds' },
  'X-RateLimit-Bucket': { $ref: '#/components/headers/Bucket' },
};

const spec: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {
    '/channels/{channel_id}/messages/{message_id}': {
      get: {
        responses: {
          '200': { headers: rateLimitHeaders, content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } } },
          '4XX': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
      delete: { responses: { '204': { headers: rateLimitHeaders } } },
    },
  },
  components: {
    schemas: {
      Message: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      Error: { type: 'object', properties: { code: { type: 'integer' }, message: { type: 'string' } }, required: ['code', 'message'] },
    },
    headers: { Limit: { schema: { type: 'integer' } }, Seconds: { schema: { type: 'number' } }, Bucket: { schema: { type: 'string' } } },
  },
};

const prepared = prepareSpec(spec).spec;
const validator = createSpecValidator(prepared);
const goodHeaders = {
  'X-RateLimit-Limit': '5',
  'X-RateLimit-Remaining': '4',
  'X-RateLimit-Reset': '1470173023.123',
  'X-RateLimit-Reset-After': '1.5',
  'X-RateLimit-Bucket': 'abcd',
};

function exchange(probe: Partial<Probe>, status: number, body: string, headers: Record<string, string>): Exchange {
  return {
    probe: { label: 'probe', method: 'GET', path: '/channels/1/messages/2', auth: 'bot', expect: [{ status: 200 }], ...probe },
    status,
    headers: new Headers(headers),
    rawBody: body,
    receivedAt: (1470173023.123 - 1.5) * 1000,
  };
}

describe('checkExchange', () => {
  it('passes a conforming answer and names the route by its template', () => {
    const result = checkExchange(prepared, validator, exchange({}, 200, '{"id":"2"}', { 'Content-Type': 'application/json', ...goodHeaders }));
    expect(result.route).toBe('GET /channels/{channel_id}/messages/{message_id}');
    expect(result.differences).toEqual([]);
  });

  it('reports schema errors, a missing JSON content type and missing rate-limit headers', () => {
    const result = checkExchange(prepared, validator, exchange({}, 200, '{"id":2}', {}));
    expect(result.differences.map((difference) => difference.kind).sort()).toEqual([
      'body-schema',
      'content-type',
      ...Array<string>(5).fill('rate-limit-headers'),
    ]);
  });

  it('checks that the rate-limit numbers agree with each other', () => {
    const result = checkExchange(
      prepared,
      validator,
      exchange({}, 200, '{"id":"2"}', { 'Content-Type': 'application/json', ...goodHeaders, 'X-RateLimit-Remaining': '5', 'X-RateLimit-Reset': '1470173999' }),
    );
    expect(result.differences.map((difference) => difference.expected)).toEqual([
      '0 <= X-RateLimit-Remaining < X-RateLimit-Limit after a request',
      'X-RateLimit-Reset = time of the answer + X-RateLimit-Reset-After (epoch seconds)',
    ]);
  });

  it('enforces the 204 rule', () => {
    const probe = { method: 'DELETE' as const, expect: [{ status: 204 }] };
    const result = checkExchange(prepared, validator, exchange(probe, 204, '{}', { 'Content-Type': 'application/json', ...goodHeaders }));
    expect(result.differences.map((difference) => difference.kind)).toEqual(['rule-204', 'rule-204']);
  });

  it('tells a missing emulator route from an undeclared status and an unexpected error code', () => {
    const missing = checkExchange(prepared, validator, exchange({}, 404, '{"message":"404: Not Found","code":0}', {}));
    expect(missing.differences.map((difference) => difference.kind)).toEqual(['missing-route']);
    const undeclared = checkExchange(prepared, validator, exchange({ expect: [{ status: 404, code: 10008 }] }, 500, '{}', {}));
    expect(undeclared.differences.map((difference) => difference.kind)).toEqual(['unexpected-status', 'undeclared-status']);
    const wrongCode = checkExchange(
      prepared,
      validator,
      exchange({ expect: [{ status: 404, code: 10008 }] }, 404, '{"message":"Unknown Channel","code":10003}', { 'Content-Type': 'application/json' }),
    );
    expect(wrongCode.differences).toEqual([{ kind: 'unexpected-status', expected: '404 with code 10008', actual: expect.stringContaining('10003') as string }]);
  });

  it('applies a documented body rule to a successful answer only', () => {
    const bodyRule = { description: 'newest first', violation: (body: unknown) => (JSON.stringify(body).includes('"2"') ? undefined : 'message 2 missing') };
    const headers = { 'Content-Type': 'application/json', ...goodHeaders };
    expect(checkExchange(prepared, validator, exchange({ bodyRule }, 200, '{"id":"2"}', headers)).differences).toEqual([]);
    expect(checkExchange(prepared, validator, exchange({ bodyRule }, 200, '{"id":"3"}', headers)).differences).toEqual([
      { kind: 'behaviour', expected: 'newest first', actual: 'message 2 missing' },
    ]);
  });

  it('reports a route the spec lacks and fails the run only for routes the bot uses', () => {
    const unknown = checkExchange(prepared, validator, exchange({ path: '/nowhere' }, 200, '{}', {}));
    expect(unknown.differences.map((difference) => difference.kind)).toEqual(['not-in-spec']);
    const botRoute = checkExchange(prepared, validator, exchange({ method: 'DELETE', expect: [{ status: 204 }] }, 200, '', {}));
    const report = buildReport({ specPath: 'tiny', results: [unknown, botRoute], setupProblems: [], specAdjustments: [], compileNotes: [] });
    expect(report.summary.withDifferences).toBe(2);
    expect(report.summary.botRoutesWithDifferences).toBe(1);
    expect(report.notProbed).toContain('GET /gateway/bot');
    expect(report.notProbed).not.toContain('DELETE /channels/{channel_id}/messages/{message_id}');
    expect(exitCodeFor(report)).toBe(1);
  });
});
