// Pure lookups in an OpenAPI 3.1 document: which operation a concrete request path belongs to,
// local $ref resolution (JSON pointers), and which declared response covers a status code.
// No I/O here so that tests/conformance can exercise it with a tiny inline spec.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  paths: Record<string, JsonObject>;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isOpenApiDocument(value: unknown): value is OpenApiDocument {
  return isJsonObject(value) && typeof value['openapi'] === 'string' && isJsonObject(value['paths']);
}

function isParameterSegment(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}') && segment.length > 2;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface PathMatch {
  template: string;
  params: Record<string, string>;
}

/**
 * Matches a concrete path (no query string, no /api/v10 prefix) against path templates such as
 * "/channels/{channel_id}/messages/{message_id}". When several templates match, the one whose first
 * differing segment is a literal wins ("…/messages/@original" beats "…/messages/{message_id}"),
 * which is how Discord's router resolves such overlaps.
 */
export function matchPath(templates: Iterable<string>, path: string): PathMatch | undefined {
  const actual = splitPath(path).map(decodeSegment);
  let best: { template: string; segments: string[]; params: Record<string, string> } | undefined;
  for (const template of templates) {
    const segments = splitPath(template);
    if (segments.length !== actual.length) continue;
    const params: Record<string, string> = {};
    let matches = true;
    for (let index = 0; index < segments.length; index += 1) {
      const expected = segments[index] ?? '';
      const value = actual[index] ?? '';
      if (isParameterSegment(expected)) {
        params[expected.slice(1, -1)] = value;
      } else if (expected !== value) {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    if (best === undefined || isMoreSpecific(segments, best.segments)) {
      best = { template, segments, params };
    }
  }
  return best === undefined ? undefined : { template: best.template, params: best.params };
}

function isMoreSpecific(candidate: string[], current: string[]): boolean {
  for (let index = 0; index < candidate.length; index += 1) {
    const candidateIsParam = isParameterSegment(candidate[index] ?? '');
    const currentIsParam = isParameterSegment(current[index] ?? '');
    if (candidateIsParam !== currentIsParam) return !candidateIsParam;
  }
  return false;
}

export function escapeJsonPointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unescapeJsonPointerToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

export class SpecLookupError extends Error {}

/** Reads the value at a JSON pointer ("/components/schemas/User") in the document. */
export function readPointer(document: JsonValue, pointer: string): JsonValue {
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) throw new SpecLookupError(`invalid JSON pointer "${pointer}"`);
  let current: JsonValue = document;
  for (const rawToken of pointer.slice(1).split('/')) {
    const token = unescapeJsonPointerToken(rawToken);
    if (Array.isArray(current)) {
      const index = Number(token);
      const item = Number.isInteger(index) ? current[index] : undefined;
      if (item === undefined) throw new SpecLookupError(`JSON pointer "${pointer}" does not resolve (no item ${token})`);
      current = item;
    } else if (isJsonObject(current) && Object.hasOwn(current, token)) {
      current = current[token] ?? null;
    } else {
      throw new SpecLookupError(`JSON pointer "${pointer}" does not resolve (no key "${token}")`);
    }
  }
  return current;
}

/** Converts a local reference ("#/components/schemas/User", URI-encoded or not) to a JSON pointer. */
export function refToPointer(ref: string): string {
  if (!ref.startsWith('#')) throw new SpecLookupError(`only local $refs are supported, got "${ref}"`);
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    throw new SpecLookupError(`malformed $ref "${ref}"`);
  }
}

export interface Located<T> {
  value: T;
  /** JSON pointer of the value inside the document, after following every $ref. */
  pointer: string;
}

/**
 * Follows a chain of $refs starting at the value found at `pointer`. Sibling keywords next to a $ref
 * are ignored here (this is used for response/header objects, where OpenAPI gives them no meaning);
 * inside schemas, ajv resolves $refs itself.
 */
export function dereference(document: JsonValue, pointer: string): Located<JsonValue> {
  const seen = new Set<string>();
  let currentPointer = pointer;
  let value = readPointer(document, currentPointer);
  while (isJsonObject(value) && typeof value['$ref'] === 'string') {
    if (seen.has(currentPointer)) throw new SpecLookupError(`$ref cycle at "${currentPointer}"`);
    seen.add(currentPointer);
    currentPointer = refToPointer(value['$ref']);
    value = readPointer(document, currentPointer);
  }
  return { value, pointer: currentPointer };
}

export interface OperationMatch {
  template: string;
  method: HttpMethod;
  params: Record<string, string>;
  operationId: string | undefined;
  /** JSON pointer of the operation object, e.g. "/paths/~1users~1@me/get". */
  pointer: string;
  operation: JsonObject;
}

export type OperationLookup =
  | { found: true; match: OperationMatch }
  | { found: false; reason: 'no-path' }
  | { found: false; reason: 'no-method'; template: string; declaredMethods: string[] };

export function findOperation(document: OpenApiDocument, method: string, path: string): OperationLookup {
  const match = matchPath(Object.keys(document.paths), path);
  if (match === undefined) return { found: false, reason: 'no-path' };
  const pathItem = document.paths[match.template] ?? {};
  const lowerMethod = method.toLowerCase();
  const operation = pathItem[lowerMethod];
  const httpMethod = HTTP_METHODS.find((candidate) => candidate === lowerMethod);
  if (httpMethod === undefined || !isJsonObject(operation)) {
    return {
      found: false,
      reason: 'no-method',
      template: match.template,
      declaredMethods: HTTP_METHODS.filter((candidate) => isJsonObject(pathItem[candidate])).map((m) => m.toUpperCase()),
    };
  }
  const operationId = operation['operationId'];
  return {
    found: true,
    match: {
      template: match.template,
      method: httpMethod,
      params: match.params,
      operationId: typeof operationId === 'string' ? operationId : undefined,
      pointer: `/paths/${escapeJsonPointerToken(match.template)}/${httpMethod}`,
      operation,
    },
  };
}

export interface DeclaredResponse {
  /** The key that covered the status: "200", "4XX" or "default". */
  key: string;
  /** JSON pointer of the (dereferenced) response object. */
  pointer: string;
  response: JsonObject;
}

/** The declared response for a status: the exact code first, then its range ("4XX"), then "default". */
export function findResponse(document: OpenApiDocument, operation: OperationMatch, status: number): DeclaredResponse | undefined {
  const responses = operation.operation['responses'];
  if (!isJsonObject(responses)) return undefined;
  const exact = String(status);
  const range = `${exact.charAt(0)}XX`;
  const key = [exact, range, 'default'].find((candidate) => Object.keys(responses).some((declared) => declared.toUpperCase() === candidate.toUpperCase()));
  if (key === undefined) return undefined;
  const declaredKey = Object.keys(responses).find((declared) => declared.toUpperCase() === key.toUpperCase()) ?? key;
  const located = dereference(document, `${operation.pointer}/responses/${escapeJsonPointerToken(declaredKey)}`);
  if (!isJsonObject(located.value)) return undefined;
  return { key: declaredKey, pointer: located.pointer, response: located.value };
}

export function declaredStatusKeys(operation: OperationMatch): string[] {
  const responses = operation.operation['responses'];
  return isJsonObject(responses) ? Object.keys(responses) : [];
}

/** JSON pointer of the schema declared for a media type in a response (or undefined when it has no content). */
export function responseSchemaPointer(declared: DeclaredResponse, mediaType = 'application/json'): string | undefined {
  const content = declared.response['content'];
  if (!isJsonObject(content)) return undefined;
  const media = content[mediaType];
  if (!isJsonObject(media) || media['schema'] === undefined) return undefined;
  return `${declared.pointer}/content/${escapeJsonPointerToken(mediaType)}/schema`;
}

/** JSON pointer of the request body schema for a media type, if the operation declares one. */
export function requestSchemaPointer(document: OpenApiDocument, operation: OperationMatch, mediaType = 'application/json'): string | undefined {
  if (operation.operation['requestBody'] === undefined) return undefined;
  const body = dereference(document, `${operation.pointer}/requestBody`);
  if (!isJsonObject(body.value)) return undefined;
  const content = body.value['content'];
  if (!isJsonObject(content) || !isJsonObject(content[mediaType])) return undefined;
  return `${body.pointer}/content/${escapeJsonPointerToken(mediaType)}/schema`;
}

export interface DeclaredHeader {
  name: string;
  schema: JsonObject | undefined;
  required: boolean;
}

export function responseHeaders(document: OpenApiDocument, declared: DeclaredResponse): DeclaredHeader[] {
  const headers = declared.response['headers'];
  if (!isJsonObject(headers)) return [];
  return Object.keys(headers).map((name) => {
    const header = dereference(document, `${declared.pointer}/headers/${escapeJsonPointerToken(name)}`).value;
    const schema = isJsonObject(header) && isJsonObject(header['schema']) ? header['schema'] : undefined;
    return { name, schema, required: isJsonObject(header) && header['required'] === true };
  });
}
