// `npm run conformance [-- --spec <path>] [-- --json]`: starts the emulator in-process, probes every
// implemented route and validates the answers against Discord's OpenAPI spec. A development check,
// not part of `npm test`: the spec lives outside the repository.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from '../index.js';
import { checkExchange } from './check.js';
import { findOperation, findResponse, isOpenApiDocument, responseSchemaPointer } from './openapi.js';
import type { OpenApiDocument } from './openapi.js';
import { closeObjectSchemas, prepareSpec } from './prepare-spec.js';
import { PROBE_INTERACTION_TIMEOUT_MS, runProbes } from './probes.js';
import { buildReport, exitCodeFor, formatReport } from './report.js';
import { createSpecValidator } from './validator.js';
import type { SpecValidator } from './validator.js';
import { errorMessage } from '../../errors.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DEFAULT_SPEC = resolve(repositoryRoot, '../shared/discord-api/openapi.json');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      spec: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: npm run conformance -- [--spec <path to openapi.json>] [--json]\n');
    return 0;
  }
  const specPath = values.spec === undefined ? DEFAULT_SPEC : resolve(process.cwd(), values.spec);
  if (!existsSync(specPath)) {
    process.stderr.write(`conformance: Discord's OpenAPI spec not found at ${specPath} (pass --spec <path to openapi.json>)\n`);
    return 2;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(specPath, 'utf8'));
  } catch (error) {
    process.stderr.write(`conformance: ${specPath} is not JSON: ${errorMessage(error)}\n`);
    return 2;
  }
  if (!isOpenApiDocument(parsed)) {
    process.stderr.write(`conformance: ${specPath} is not an OpenAPI document (no "openapi" version or "paths")\n`);
    return 2;
  }
  const { spec, adjustments } = prepareSpec(parsed);
  const validator = createSpecValidator(spec);
  const canary = canaryProblem(spec, validator);
  if (canary !== undefined) {
    process.stderr.write(`conformance: the validator is not checking anything: ${canary}\n`);
    return 2;
  }

  const emulator = await startEmulator({ interactionTimeoutMs: PROBE_INTERACTION_TIMEOUT_MS });
  let run;
  try {
    run = await runProbes(emulator);
  } finally {
    await emulator.stop();
  }
  const closed = createSpecValidator(closeObjectSchemas(spec));
  const results = run.exchanges.map((exchange) => checkExchange(spec, { spec: validator, closed }, exchange));
  const report = buildReport({
    specPath,
    results,
    setupProblems: run.setupProblems,
    specAdjustments: adjustments,
    compileNotes: validator.compileNotes(),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return exitCodeFor(report);
}

/**
 * Guards against a validator that passes everything (a broken $ref base, a schema compiled as `true`):
 * an empty object must fail Discord's message schema and a minimal message must pass its required list.
 */
function canaryProblem(spec: OpenApiDocument, validator: SpecValidator): string | undefined {
  const lookup = findOperation(spec, 'GET', '/channels/1/messages/2');
  if (!lookup.found) return 'the spec has no GET /channels/{channel_id}/messages/{message_id}';
  const declared = findResponse(spec, lookup.match, 200);
  const pointer = declared && responseSchemaPointer(declared);
  if (pointer === undefined) return 'GET message declares no JSON body for 200';
  if (validator.validate(pointer, {}).length === 0) return 'an empty object passed as a message';
  if (validator.validate(pointer, { id: 'not a snowflake' }).every((problem) => problem.path !== '/id')) {
    return 'a non-numeric message id passed the snowflake pattern';
  }
  return undefined;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`conformance: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
