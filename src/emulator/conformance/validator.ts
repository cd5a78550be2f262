// JSON Schema validation of the emulator's bodies against the schemas of Discord's OpenAPI 3.1 spec,
// with ajv in draft 2020-12 mode (OpenAPI 3.1 schemas are 2020-12 schemas).
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { isJsonObject } from './openapi.js';
import type { OpenApiDocument } from './openapi.js';

const SPEC_ID = 'https://liner-notes.invalid/discord-openapi.json';

export interface SchemaProblem {
  /** Where in the body: a JSON pointer such as "/embeds/0/title" ("" for the root). */
  path: string;
  message: string;
  /** The failing JSON Schema keyword ("required", "type", "unevaluatedProperties" …). */
  keyword: string;
}

export interface Tolerance {
  what: string;
  why: string;
}

/**
 * Every place where the validator is more lenient than a plain strict ajv. Printed with the report so
 * that nobody mistakes a tolerance for a pass.
 */
export const TOLERANCES: readonly Tolerance[] = [
  {
    what: 'vendor keyword "x-discord-union" is an annotation',
    why: 'Discord marks request unions that are really oneOf with it; it carries no validation meaning for responses.',
  },
  {
    what: 'OpenAPI keyword "discriminator" is an annotation',
    why: 'the spec uses it as a hint next to oneOf; the oneOf itself is still validated.',
  },
  {
    what: 'format "snowflake" is checked by the schema\'s own pattern only',
    why: 'SnowflakeType already carries the pattern ^(0|[1-9][0-9]*)$; the format name adds nothing checkable.',
  },
  {
    what: 'format "nonce" accepts any string (the schema\'s maxLength 25 still applies)',
    why: 'Discord defines no syntax for string nonces.',
  },
  {
    what: 'formats "int32", "int64", "double" are range checks from ajv-formats',
    why: 'OpenAPI numeric formats; int64 values beyond 2^53 cannot be represented in JSON.parse output anyway.',
  },
  {
    what: 'unknown keywords are logged, not fatal (strictSchema "log"); strictTypes and strictTuples are off',
    why: 'the spec is generated and uses keywords such as "description"/"title" next to $ref and untyped unions; being strict about the spec itself would stop every check, not find emulator differences.',
  },
];

export interface SpecValidator {
  /** Validates a value against the schema at a JSON pointer of the spec. */
  validate(schemaPointer: string, value: unknown): SchemaProblem[];
  /** Keywords or formats ajv logged while compiling (tolerated, reported). */
  compileNotes(): string[];
}

function addFormats(ajv: Ajv2020): void {
  // ajv-formats is CommonJS; under NodeNext its default import is the module object.
  const plugin = 'default' in ajvFormats ? ajvFormats.default : ajvFormats;
  plugin(ajv, ['date-time', 'date', 'time', 'uri', 'uri-reference', 'email', 'uuid', 'int32', 'int64', 'double', 'float']);
}

export function createSpecValidator(spec: OpenApiDocument): SpecValidator {
  const notes = new Set<string>();
  const logger = {
    log: (...args: unknown[]) => notes.add(args.map(String).join(' ')),
    warn: (...args: unknown[]) => notes.add(args.map(String).join(' ')),
    error: (...args: unknown[]) => notes.add(args.map(String).join(' ')),
  };
  const ajv = new Ajv2020({
    allErrors: true,
    strictSchema: 'log',
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    validateSchema: false,
    verbose: true,
    logger,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-discord-union', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'discriminator' });
  ajv.addFormat('snowflake', true);
  ajv.addFormat('nonce', true);
  ajv.addSchema({ ...spec, $id: SPEC_ID }, SPEC_ID);
  const schemaNames = namedSchemas(spec);

  const compiled = new Map<string, ValidateFunction>();
  const compile = (schemaPointer: string): ValidateFunction => {
    const cached = compiled.get(schemaPointer);
    if (cached) return cached;
    const fragment = schemaPointer
      .split('/')
      .map((token) => encodeURIComponent(token))
      .join('/');
    const validate = ajv.compile({ $ref: `${SPEC_ID}#${fragment}` });
    compiled.set(schemaPointer, validate);
    return validate;
  };

  return {
    validate(schemaPointer, value) {
      const validate = compile(schemaPointer);
      if (validate(value)) return [];
      return summarizeErrors(validate.errors ?? [], schemaNames);
    },
    // The root document is registered as a schema only so that "#/components/..." refs resolve; ajv's
    // notes about its top-level OpenAPI keys ("openapi", "paths" …) say nothing about the schemas.
    compileNotes: () =>
      [...notes].filter((note) => !/unknown keyword: "(openapi|info|externalDocs|servers|paths|components|tags|security|webhooks)"/.test(note)),
  };
}

/**
 * ajv reports every failed branch of a oneOf; most of them are noise ("must be null" next to the real
 * error inside the object branch). Keep the concrete errors, and a oneOf/anyOf/if verdict only when no
 * concrete error at or below its location explains it (e.g. a oneOf that matched two branches).
 */
export function summarizeErrors(errors: readonly ErrorObject[], schemaNames: ReadonlyMap<unknown, string> = new Map()): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  const missingByLocation = new Map<string, { path: string; where: string; properties: string[] }>();
  const deepPaths = errors.filter((error) => !isUnionVerdict(error)).map((error) => error.instancePath);
  for (const error of errors) {
    if (isUnionVerdict(error) && deepPaths.some((path) => path === error.instancePath || path.startsWith(`${error.instancePath}/`))) {
      continue;
    }
    // The failed `{ "type": "null" }` branch of a nullable oneOf, next to the other branch's real errors.
    const nullBranch = error.keyword === 'type' && error.params['type'] === 'null';
    if (nullBranch && errors.some((other) => isUnionVerdict(other) && other.instancePath === error.instancePath)) continue;
    if (error.keyword === 'required') {
      const where = schemaLocation(error, schemaNames);
      const key = `${error.instancePath} ${where}`;
      const entry = missingByLocation.get(key) ?? { path: error.instancePath, where, properties: [] };
      entry.properties.push(String(error.params['missingProperty']));
      missingByLocation.set(key, entry);
      continue;
    }
    const message = describe(error, schemaNames);
    const key = `${error.instancePath} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path: error.instancePath, message, keyword: error.keyword });
  }
  for (const { path, where, properties } of missingByLocation.values()) {
    const list = properties.map((property) => `"${property}"`).join(', ');
    problems.push({ path, message: `missing required propert${properties.length === 1 ? 'y' : 'ies'} ${list} (${where})`, keyword: 'required' });
  }
  return problems;
}

function isUnionVerdict(error: ErrorObject): boolean {
  return error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if';
}

/** components.schemas objects by identity, so that errors can name the schema ("UserResponse"). */
function namedSchemas(spec: OpenApiDocument): Map<unknown, string> {
  const names = new Map<unknown, string>();
  const components = spec['components'];
  const schemas = isJsonObject(components) ? components['schemas'] : undefined;
  if (isJsonObject(schemas)) for (const [name, schema] of Object.entries(schemas)) names.set(schema, name);
  return names;
}

function schemaLocation(error: ErrorObject, schemaNames: ReadonlyMap<unknown, string>): string {
  return schemaNames.get(error.parentSchema) ?? error.schemaPath.replace(`${SPEC_ID}#`, '');
}

function describe(error: ErrorObject, schemaNames: ReadonlyMap<unknown, string>): string {
  const where = schemaLocation(error, schemaNames);
  switch (error.keyword) {
    case 'unevaluatedProperties':
      return `property "${String(error.params['unevaluatedProperty'])}" is not declared (${where})`;
    case 'additionalProperties':
      return `unexpected property "${String(error.params['additionalProperty'])}" (${where})`;
    case 'const':
      return `must equal ${JSON.stringify(error.params['allowedValue'])} (${where})`;
    case 'enum':
      return `must be one of ${JSON.stringify(error.params['allowedValues'])} (${where})`;
    default:
      return `${error.message ?? error.keyword} (${where})`;
  }
}
