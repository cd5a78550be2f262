// What Discord answers (status and JSON code) and what its docs say an answer contains, as reusable
// expectations and body rules for the probes.
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { BodyRule, Expectation } from './check.js';
import { numberField, stringField } from './probe-session.js';
import { isRecord } from '../../validation.js';

export const ok: Expectation[] = [{ status: 200 }];
export const created: Expectation[] = [{ status: 201 }];
export const noContent: Expectation[] = [{ status: 204 }];
export const invalidFormBody: Expectation[] = [{ status: 400, code: RESTJSONErrorCodes.InvalidFormBodyOrContentType }];
export const unauthorized: Expectation[] = [{ status: 401, code: 0 }];
export const unknownChannel: Expectation[] = [{ status: 404, code: RESTJSONErrorCodes.UnknownChannel }];
export const unknownMessage: Expectation[] = [{ status: 404, code: RESTJSONErrorCodes.UnknownMessage }];
export const unknownInteraction: Expectation[] = [{ status: 404, code: RESTJSONErrorCodes.UnknownInteraction }];
export const missingPermissions: Expectation[] = [{ status: 403, code: RESTJSONErrorCodes.MissingPermissions }];
export const missingAccess: Expectation[] = [{ status: 403, code: RESTJSONErrorCodes.MissingAccess }];

function idsOf(body: unknown): bigint[] | undefined {
  if (!Array.isArray(body)) return undefined;
  const ids: bigint[] = [];
  for (const item of body) {
    const id = stringField(item, 'id');
    if (id === undefined || !/^\d+$/.test(id)) return undefined;
    ids.push(BigInt(id));
  }
  return ids;
}

/** Discord lists a channel's messages newest first (message.mdx, Get Channel Messages). */
export function messageListRule(extra?: { description: string; test(ids: bigint[]): string | undefined }): BodyRule {
  return {
    description: `messages from newest to oldest${extra ? `, ${extra.description}` : ''} (message.mdx, Get Channel Messages)`,
    violation(body) {
      const ids = idsOf(body);
      if (ids === undefined) return 'not an array of objects with snowflake ids';
      for (let index = 1; index < ids.length; index += 1) {
        if ((ids[index] ?? 0n) >= (ids[index - 1] ?? 0n)) return `ids not in descending order: ${ids.join(', ')}`;
      }
      return extra?.test(ids);
    },
  };
}

/** Checks a message body field by field; each check returns a complaint or undefined. */
export function messageRule(description: string, ...checks: ((message: Record<string, unknown>) => string | undefined)[]): BodyRule {
  return {
    description,
    violation(body) {
      if (!isRecord(body)) return 'not a message object';
      const complaints = checks.map((check) => check(body)).filter((complaint): complaint is string => complaint !== undefined);
      return complaints.length > 0 ? complaints.join('; ') : undefined;
    },
  };
}

export const authoredBy = (userId: string) => (message: Record<string, unknown>) =>
  stringField(message['author'], 'id') === userId ? undefined : `author ${stringField(message['author'], 'id') ?? '(none)'}`;
export const contentIs = (content: string) => (message: Record<string, unknown>) =>
  message['content'] === content ? undefined : `content ${JSON.stringify(message['content'])}`;
export const flagSet = (flag: number, name: string, expected: boolean) => (message: Record<string, unknown>) =>
  (((numberField(message, 'flags') ?? 0) & flag) !== 0) === expected
    ? undefined
    : `flags ${numberField(message, 'flags') ?? '(none)'} (${name} ${expected ? 'unset' : 'set'})`;
export const interactionBy = (userId: string) => (message: Record<string, unknown>) => {
  const metadata = message['interaction_metadata'];
  const user = isRecord(metadata) ? metadata['user'] : undefined;
  return stringField(user, 'id') === userId ? undefined : `interaction_metadata ${JSON.stringify(metadata ?? null)}`;
};

/** A 50035 answer names the offending field: `errors.embeds.0.title._errors` (opcodes-and-status-codes.mdx, JSON). */
export function errorTreeRule(...path: string[]): BodyRule {
  return {
    description: `an errors tree with _errors at ${path.join('.')}`,
    violation(body) {
      let node: unknown = isRecord(body) ? body['errors'] : undefined;
      for (const key of path) node = isRecord(node) ? node[key] : undefined;
      const leaf = isRecord(node) ? node['_errors'] : undefined;
      return Array.isArray(leaf) && leaf.length > 0 ? undefined : `errors ${JSON.stringify(isRecord(body) ? body['errors'] : body)}`;
    },
  };
}

export function userListRule(description: string, test: (ids: bigint[]) => string | undefined): BodyRule {
  return {
    description: `${description} (message.mdx, Get Reactions)`,
    violation(body) {
      const ids = idsOf(body);
      return ids === undefined ? 'not an array of users with snowflake ids' : test(ids);
    },
  };
}
