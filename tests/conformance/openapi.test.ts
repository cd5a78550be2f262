import { describe, expect, it } from 'vitest';
import {
  dereference,
  findOperation,
  findResponse,
  matchPath,
  readPointer,
  refToPointer,
  responseHeaders,
  responseSchemaPointer,
  SpecLookupError,
} from '../../src/emulator/conformance/openapi.js';
import type { OpenApiDocument } from '../../src/emulator/conformance/openapi.js';
import { closeObjectSchemas, prepareSpec } from '../../src/emulator/conformance/prepare-spec.js';
import { createSpecValidator } from '../../src/emulator/conformance/validator.js';

const tinySpec: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {
    '/channels/{channel_id}/messages/{message_id}': {
      get: {
        operationId: 'get_message',
        responses: {
          '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } } },
          '4XX': { $ref: '#/components/responses/ClientError' },
        },
      },
      delete: { responses: { '204': { description: 'deleted' }, '4XX': { $ref: '#/components/responses/ClientError' } } },
    },
    '/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me': { put: { responses: { '204': {} } } },
    '/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/{user_id}': { delete: { responses: { '204': {} } } },
    '/webhooks/{webhook_id}/{webhook_token}/messages/@original': { get: { responses: { '200': {} } } },
    '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': { get: { responses: { '200': {} } } },
    '/a~b/{id}': { get: { responses: { default: { $ref: '#/components/responses/Alias' } } } },
  },
  components: {
    schemas: {
      Snowflake: { type: 'string', pattern: '^(0|[1-9][0-9]*)$', format: 'snowflake' },
      Message: {
        type: 'object',
        properties: {
          id: { $ref: '#/components/schemas/Snowflake' },
          edited_timestamp: { type: ['string', 'null'], format: 'date-time' },
          pinned_row: { oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/Row' }] },
          components: { type: 'array', items: { oneOf: [{ $ref: '#/components/schemas/Row' }, { $ref: '#/components/schemas/Text' }] } },
        },
        required: ['id', 'edited_timestamp'],
      },
      Row: { type: 'object', properties: { type: { type: 'integer', enum: [1] }, id: { type: 'integer' } }, required: ['type', 'id'] },
      Text: { type: 'object', properties: { type: { type: 'integer', enum: [10] }, content: { type: 'string' } }, required: ['type', 'content'] },
      Error: { type: 'object', properties: { code: { type: 'integer' }, message: { type: 'string' } }, required: ['code', 'message'] },
      InnerErrors: {
        type: 'object',
        properties: { _errors: { type: 'array', items: { $ref: '#/components/schemas/Error' } } },
        required: ['_errors'],
      },
    },
    responses: {
      ClientError: {
        headers: { 'X-RateLimit-Limit': { $ref: '#/components/headers/Limit' } },
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
      Alias: { $ref: '#/components/responses/ClientError' },
    },
    headers: { Limit: { schema: { type: 'integer' } } },
  },
};

describe('matchPath', () => {
  const templates = Object.keys(tinySpec.paths);

  it('binds template parameters to the concrete segments, URL-decoded', () => {
    expect(matchPath(templates, '/channels/12/messages/34/reactions/%F0%9F%91%8D/@me')).toEqual({
      template: '/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me',
      params: { channel_id: '12', message_id: '34', emoji_name: '👍' },
    });
  });

  it('prefers a literal segment over a parameter where both match', () => {
    expect(matchPath(templates, '/webhooks/1/token/messages/@original')?.template).toBe('/webhooks/{webhook_id}/{webhook_token}/messages/@original');
    expect(matchPath(templates, '/webhooks/1/token/messages/99')?.template).toBe('/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}');
    expect(matchPath(templates, '/channels/1/messages/2/reactions/x/55')?.template).toBe(
      '/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/{user_id}',
    );
  });

  it('does not match paths of another length or with a different literal', () => {
    expect(matchPath(templates, '/channels/1/messages')).toBeUndefined();
    expect(matchPath(templates, '/guilds/1/messages/2')).toBeUndefined();
  });
});

describe('$ref resolution', () => {
  it('reads JSON pointers with escaped tokens', () => {
    expect(readPointer(tinySpec, '/paths/~1a~0b~1{id}/get/responses/default')).toEqual({
      $ref: '#/components/responses/Alias',
    });
    expect(refToPointer('#/paths/~1channels~1%7Bchannel_id%7D')).toBe('/paths/~1channels~1{channel_id}');
  });

  it('follows chains of $refs and reports where it ended', () => {
    const located = dereference(tinySpec, '/paths/~1a~0b~1{id}/get/responses/default');
    expect(located.pointer).toBe('/components/responses/ClientError');
  });

  it('rejects missing targets, remote refs and cycles with a lookup error', () => {
    expect(() => readPointer(tinySpec, '/components/schemas/Nope')).toThrow(SpecLookupError);
    expect(() => refToPointer('other.json#/x')).toThrow(SpecLookupError);
    const cyclic: OpenApiDocument = { openapi: '3.1.0', paths: {}, components: { a: { $ref: '#/components/b' }, b: { $ref: '#/components/a' } } };
    expect(() => dereference(cyclic, '/components/a')).toThrow(/cycle/);
  });
});

describe('operations and responses', () => {
  it('finds the operation for a method and path, or says what is missing', () => {
    const lookup = findOperation(tinySpec, 'GET', '/channels/1/messages/2');
    expect(lookup.found && lookup.match.operationId).toBe('get_message');
    expect(findOperation(tinySpec, 'PATCH', '/channels/1/messages/2')).toEqual({
      found: false,
      reason: 'no-method',
      template: '/channels/{channel_id}/messages/{message_id}',
      declaredMethods: ['GET', 'DELETE'],
    });
    expect(findOperation(tinySpec, 'GET', '/nowhere')).toEqual({ found: false, reason: 'no-path' });
  });

  it('covers a status by its exact code, then its range, then default', () => {
    const lookup = findOperation(tinySpec, 'GET', '/channels/1/messages/2');
    if (!lookup.found) throw new Error('operation not found');
    expect(findResponse(tinySpec, lookup.match, 200)?.key).toBe('200');
    const notFound = findResponse(tinySpec, lookup.match, 404);
    expect(notFound?.key).toBe('4XX');
    expect(notFound?.pointer).toBe('/components/responses/ClientError');
    expect(notFound && responseSchemaPointer(notFound)).toBe('/components/responses/ClientError/content/application~1json/schema');
    expect(notFound && responseHeaders(tinySpec, notFound)).toEqual([{ name: 'X-RateLimit-Limit', schema: { type: 'integer' }, required: false }]);
    expect(findResponse(tinySpec, lookup.match, 500)).toBeUndefined();
    const aliased = findOperation(tinySpec, 'GET', '/a~b/1');
    if (!aliased.found) throw new Error('operation not found');
    expect(findResponse(tinySpec, aliased.match, 503)?.pointer).toBe('/components/responses/ClientError');
  });
});

describe('validating against the prepared spec', () => {
  const { spec, adjustments } = prepareSpec(tinySpec);
  const validator = createSpecValidator(spec);
  const messageSchema = '/paths/~1channels~1{channel_id}~1messages~1{message_id}/get/responses/200/content/application~1json/schema';

  it('accepts a conforming body, nulls in type arrays included', () => {
    expect(validator.validate(messageSchema, { id: '1', edited_timestamp: null, components: [{ type: 10, content: 'x' }] })).toEqual([]);
  });

  it('reports the path and the broken rule, only for the branch named by "type"', () => {
    const problems = validator.validate(messageSchema, { id: '01', edited_timestamp: 'yesterday', components: [{ type: 1 }] });
    expect(problems.map((problem) => problem.path).sort()).toEqual(['/components/0', '/edited_timestamp', '/id']);
    expect(problems.find((problem) => problem.path === '/components/0')?.message).toMatch(/missing required property "id"/);
  });

  it("reports the real error of a nullable oneOf, not the null branch's", () => {
    expect(validator.validate(messageSchema, { id: '1', edited_timestamp: null, pinned_row: null })).toEqual([]);
    const problems = validator.validate(messageSchema, { id: '1', edited_timestamp: null, pinned_row: { type: 1 } });
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringContaining('missing required property "id" (Row)')]);
  });

  it('rejects a component type that no branch declares', () => {
    const problems = validator.validate(messageSchema, { id: '1', edited_timestamp: null, components: [{ type: 3 }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('/components/0/type');
  });

  it('lists its adjustments and accepts string codes only inside _errors', () => {
    expect(adjustments).toHaveLength(2);
    expect(validator.validate('/components/schemas/InnerErrors', { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'required' }] })).toEqual([]);
    expect(validator.validate('/components/schemas/Error', { code: 'BASE_TYPE_REQUIRED', message: 'required' })).not.toEqual([]);
    expect(tinySpec.components).not.toBe(spec['components']);
  });
});

describe('the closed copy of the spec (undeclared properties)', () => {
  const composed: OpenApiDocument = {
    openapi: '3.1.0',
    paths: {},
    components: {
      schemas: {
        Base: { type: 'object', properties: { code: { type: 'integer' } }, required: ['code'] },
        Composed: { type: 'object', allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { errors: { type: 'object' } } }] },
      },
    },
  };

  it('rejects a property the schema does not declare, inside type-dispatched unions too', () => {
    const closed = createSpecValidator(closeObjectSchemas(prepareSpec(tinySpec).spec));
    const messageSchema = '/components/schemas/Message';
    expect(closed.validate(messageSchema, { id: '1', edited_timestamp: null, components: [{ type: 10, content: 'x' }] })).toEqual([]);
    const problems = closed.validate(messageSchema, { id: '1', edited_timestamp: null, colour: 1, components: [{ type: 10, content: 'x', extra: true }] });
    expect(
      problems
        .filter((problem) => problem.keyword === 'unevaluatedProperties')
        .map((problem) => problem.path)
        .sort(),
    ).toEqual(['', '/components/0']);
  });

  it('sees the properties of every allOf part before calling one undeclared', () => {
    const closed = createSpecValidator(closeObjectSchemas(prepareSpec(composed).spec));
    expect(closed.validate('/components/schemas/Composed', { code: 1, errors: {} })).toEqual([]);
    expect(closed.validate('/components/schemas/Composed', { code: 1, other: 2 }).map((problem) => problem.message)).toEqual([
      expect.stringContaining('"other" is not declared'),
    ]);
  });
});
