// Adjustments made to a copy of Discord's spec before validating against it. Each one is listed in the
// report; none of them accepts a body that the docs reject.
import { dereference, isJsonObject, refToPointer, SpecLookupError } from './openapi.js';
import type { JsonObject, JsonValue, OpenApiDocument } from './openapi.js';

export interface PreparedSpec {
  spec: OpenApiDocument;
  adjustments: string[];
}

/**
 * 1. oneOf unions whose branches are told apart by a constant `type` (message components, stickers,
 *    command options …) become if/then dispatches on `type`. Equivalent for valid and invalid bodies
 *    alike, but ajv then reports the errors of the branch the body claims to be instead of every branch.
 * 2. The `_errors` entries of an invalid-form-body tree carry string codes ("BASE_TYPE_MAX_LENGTH") on
 *    Discord and in discord-api-types (RESTErrorFieldInformation); the spec reuses its top-level Error
 *    schema (integer code) there. The docs win over the spec (shared/discord-api/README.md), so that
 *    one field accepts a string.
 * 3. A forum post's answer carries its starter message (docs), which the spec's CreatedThreadResponse
 *    omits; it is declared (and validated) as a MessageResponse.
 */
export function prepareSpec(original: OpenApiDocument): PreparedSpec {
  const spec = structuredClone(original);
  const adjustments: string[] = [];
  let rewrittenUnions = 0;

  const visit = (node: JsonValue): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isJsonObject(node)) return;
    for (const value of Object.values(node)) visit(value);
    const branches = node['oneOf'];
    if (!Array.isArray(branches)) return;
    const dispatch = typeDispatch(spec, branches);
    if (dispatch === undefined) return;
    delete node['oneOf'];
    const existing = node['allOf'];
    const allOf: JsonValue[] = Array.isArray(existing) ? existing : [];
    allOf.push({ type: 'object', required: ['type'], properties: { type: { enum: dispatch.flatMap((d) => d.values) } } });
    for (const { values, branch } of dispatch) {
      allOf.push({ if: { type: 'object', required: ['type'], properties: { type: { enum: values } } }, then: branch });
    }
    node['allOf'] = allOf;
    rewrittenUnions += 1;
  };
  visit(spec['components'] ?? null);
  visit(spec.paths);
  if (rewrittenUnions > 0) {
    adjustments.push(
      `${rewrittenUnions} oneOf unions discriminated by a constant "type" are validated as if/then dispatches on "type" (same verdicts, readable errors)`,
    );
  }

  const components = spec['components'];
  const schemas = isJsonObject(components) ? components['schemas'] : undefined;
  const inner = isJsonObject(schemas) ? schemas['InnerErrors'] : undefined;
  const errorsProperty = isJsonObject(inner) && isJsonObject(inner['properties']) ? inner['properties']['_errors'] : undefined;
  if (isJsonObject(errorsProperty)) {
    errorsProperty['items'] = {
      type: 'object',
      properties: { code: { type: ['string', 'integer'] }, message: { type: 'string' } },
      required: ['code', 'message'],
    };
    adjustments.push('InnerErrors._errors[].code may be a string (Discord sends e.g. "BASE_TYPE_MAX_LENGTH"; the spec reuses the integer-coded Error schema)');
  }

  // channel.mdx "Start Thread in Forum or Media Channel": "Returns a channel, with a nested message object".
  const createdThread = isJsonObject(schemas) ? schemas['CreatedThreadResponse'] : undefined;
  const threadProperties = isJsonObject(createdThread) ? createdThread['properties'] : undefined;
  if (isJsonObject(threadProperties) && threadProperties['message'] === undefined && isJsonObject(schemas) && schemas['MessageResponse']) {
    threadProperties['message'] = { $ref: '#/components/schemas/MessageResponse' };
    adjustments.push('CreatedThreadResponse may carry the forum post\'s starter "message" (a MessageResponse), as channel.mdx documents; the spec omits it');
  }
  return { spec, adjustments };
}

interface DispatchBranch {
  values: JsonValue[];
  branch: JsonValue;
}

function typeDispatch(spec: OpenApiDocument, branches: JsonValue[]): DispatchBranch[] | undefined {
  if (branches.length < 2) return undefined;
  const result: DispatchBranch[] = [];
  const seen = new Set<string>();
  for (const branch of branches) {
    const target = resolveBranch(spec, branch);
    if (target === undefined) return undefined;
    const required = target['required'];
    const properties = target['properties'];
    if (!Array.isArray(required) || !required.includes('type') || !isJsonObject(properties)) return undefined;
    const typeSchema = properties['type'];
    if (!isJsonObject(typeSchema)) return undefined;
    const values = typeSchema['const'] !== undefined ? [typeSchema['const']] : typeSchema['enum'];
    if (!Array.isArray(values) || values.length === 0) return undefined;
    for (const value of values) {
      const key = JSON.stringify(value);
      if (seen.has(key)) return undefined;
      seen.add(key);
    }
    result.push({ values, branch });
  }
  return result;
}

function resolveBranch(spec: OpenApiDocument, branch: JsonValue): JsonObject | undefined {
  if (!isJsonObject(branch)) return undefined;
  const ref = branch['$ref'];
  if (typeof ref !== 'string') return branch;
  try {
    const located = dereference(spec, refToPointer(ref));
    return isJsonObject(located.value) ? located.value : undefined;
  } catch (error) {
    if (error instanceof SpecLookupError) return undefined;
    throw error;
  }
}

/**
 * A copy of a prepared spec in which object schemas reject properties they do not declare
 * (`unevaluatedProperties: false`), to find fields the emulator invents or misspells. Schemas that
 * serve as a branch of a multi-part allOf are left open (the properties of the sibling branches are not
 * visible to them); their allOf parent is closed instead, which sees every branch's properties.
 */
export function closeObjectSchemas(prepared: OpenApiDocument): OpenApiDocument {
  const spec = structuredClone(prepared);
  const openBranches = new Set<JsonValue>();
  const collectBranches = (node: JsonValue): void => {
    if (Array.isArray(node)) {
      node.forEach(collectBranches);
      return;
    }
    if (!isJsonObject(node)) return;
    const allOf = node['allOf'];
    const hasConditionals = Array.isArray(allOf) && allOf.some(isConditional);
    if (Array.isArray(allOf) && hasConditionals) {
      // The type dispatch made by prepareSpec: its guard and `if` schemas look at "type" only.
      for (const part of allOf) {
        openBranches.add(part);
        if (isJsonObject(part) && part['if'] !== undefined) openBranches.add(part['if']);
      }
    }
    const isComposition = Array.isArray(allOf) && allOf.filter((part) => !isConditional(part)).length > 1;
    if (isComposition && Array.isArray(allOf) && !hasConditionals) {
      for (const part of allOf) {
        openBranches.add(part);
        const ref = isJsonObject(part) ? part['$ref'] : undefined;
        if (typeof ref === 'string') {
          try {
            openBranches.add(dereference(spec, refToPointer(ref)).value);
          } catch (error) {
            if (!(error instanceof SpecLookupError)) throw error;
          }
        }
      }
    }
    for (const value of Object.values(node)) collectBranches(value);
  };
  collectBranches(spec);

  const close = (node: JsonValue): void => {
    if (Array.isArray(node)) {
      node.forEach(close);
      return;
    }
    if (!isJsonObject(node)) return;
    for (const value of Object.values(node)) close(value);
    const declaresProperties = isJsonObject(node['properties']) || Array.isArray(node['allOf']);
    const typeIsObject = node['type'] === 'object' || (Array.isArray(node['type']) && node['type'].includes('object'));
    const alreadyRestricted = node['additionalProperties'] !== undefined || node['unevaluatedProperties'] !== undefined;
    if (declaresProperties && typeIsObject && !alreadyRestricted && !openBranches.has(node)) {
      node['unevaluatedProperties'] = false;
    }
  };
  close(spec['components'] ?? null);
  close(spec.paths);
  return spec;
}

function isConditional(part: JsonValue): boolean {
  return isJsonObject(part) && part['if'] !== undefined;
}
