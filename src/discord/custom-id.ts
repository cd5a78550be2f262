import { createHash } from 'node:crypto';

/**
 * Button and modal custom ids carry their whole state, so buttons keep working after a restart. Discord caps a
 * custom id at 100 characters (interactions docs, "Message Components": custom_id max 100), so long values
 * (slugs, series names) travel as short hashes resolved against the catalogue.
 */
export const customIdMaxLength = 100;
const prefix = 'ln1';

export type DraftAction = 'publish' | 'edit' | 'cancel';

export type ComponentState =
  | { kind: 'read'; reviewKey: string; page: number; ownerId: string; expiresAt: number }
  | { kind: 'list'; seriesKey: string; page: number; ownerId: string; expiresAt: number }
  | { kind: 'post-confirm'; reviewKey: string; channelId: string; ownerId: string; expiresAt: number }
  | { kind: 'post-cancel'; ownerId: string }
  | { kind: 'draft'; action: DraftAction; draftId: string; ownerId: string }
  | { kind: 'delete-confirm'; reviewKey: string; ownerId: string; expiresAt: number }
  | { kind: 'delete-cancel'; reviewKey: string; ownerId: string }
  /** "Edit" under a refused review form: reopens it filled with what was sent (kept in the FormBox). */
  | { kind: 'form-reopen'; formId: string; ownerId: string }
  | { kind: 'modal-new' }
  | { kind: 'modal-draft'; draftId: string }
  | { kind: 'modal-edit'; reviewKey: string };

/** The states a modal's custom id carries: what its submit is handled as. */
export type ModalState = Extract<ComponentState, { kind: `modal-${string}` }>;

const seconds = (ms: number): string => Math.floor(ms / 1000).toString(36);
/** Snowflakes travel in base 36 (13 characters instead of 19 digits) to leave room for the slug. */
const id36 = (snowflake: string): string => BigInt(snowflake).toString(36);
const fromId36 = (text: string): string => {
  let value = 0n;
  for (const char of text) value = value * 36n + BigInt(parseInt(char, 36));
  return value.toString();
};
const fromSeconds = (text: string): number => parseInt(text, 36) * 1000;

export function encodeCustomId(state: ComponentState): string {
  let fields: string[];
  switch (state.kind) {
    case 'read':
      fields = [state.reviewKey, String(state.page), id36(state.ownerId), seconds(state.expiresAt)];
      break;
    case 'list':
      fields = [state.seriesKey, String(state.page), id36(state.ownerId), seconds(state.expiresAt)];
      break;
    case 'post-confirm':
      fields = [state.reviewKey, id36(state.channelId), id36(state.ownerId), seconds(state.expiresAt)];
      break;
    case 'post-cancel':
      fields = [id36(state.ownerId)];
      break;
    case 'draft':
      fields = [state.action, state.draftId, id36(state.ownerId)];
      break;
    case 'delete-confirm':
      fields = [state.reviewKey, id36(state.ownerId), seconds(state.expiresAt)];
      break;
    case 'delete-cancel':
      fields = [state.reviewKey, id36(state.ownerId)];
      break;
    case 'form-reopen':
      fields = [state.formId, id36(state.ownerId)];
      break;
    case 'modal-new':
      fields = [];
      break;
    case 'modal-draft':
      fields = [state.draftId];
      break;
    case 'modal-edit':
      fields = [state.reviewKey];
      break;
  }
  const id = [prefix, state.kind, ...fields].join(':');
  if (id.length > customIdMaxLength) throw new RangeError(`custom id for ${state.kind} is ${id.length} characters`);
  return id;
}

const snowflake = /^[0-9a-z]{1,13}$/;
const key = /^[a-z0-9~_-]{1,60}$/i;
const base36 = /^[0-9a-z]{1,12}$/;

/** The state in a custom id, or null when it is not one of ours or is malformed (never throws on input). */
export function decodeCustomId(customId: string): ComponentState | null {
  const [head, kind, ...f] = customId.split(':');
  if (head !== prefix) return null;
  const [a = '', b = '', c = '', d = ''] = f;
  switch (kind) {
    case 'read':
    case 'list': {
      if (f.length !== 4 || !key.test(a) || !/^\d{1,4}$/.test(b) || !snowflake.test(c) || !base36.test(d)) return null;
      const page = Number(b);
      return kind === 'read'
        ? { kind, reviewKey: a, page, ownerId: fromId36(c), expiresAt: fromSeconds(d) }
        : { kind, seriesKey: a, page, ownerId: fromId36(c), expiresAt: fromSeconds(d) };
    }
    case 'post-confirm':
      if (f.length !== 4 || !key.test(a) || !snowflake.test(b) || !snowflake.test(c) || !base36.test(d)) return null;
      return { kind, reviewKey: a, channelId: fromId36(b), ownerId: fromId36(c), expiresAt: fromSeconds(d) };
    case 'post-cancel':
      return f.length === 1 && snowflake.test(a) ? { kind, ownerId: fromId36(a) } : null;
    case 'draft':
      if (f.length !== 3 || !(a === 'publish' || a === 'edit' || a === 'cancel') || !key.test(b) || !snowflake.test(c)) return null;
      return { kind, action: a, draftId: b, ownerId: fromId36(c) };
    case 'delete-confirm':
      if (f.length !== 3 || !key.test(a) || !snowflake.test(b) || !base36.test(c)) return null;
      return { kind, reviewKey: a, ownerId: fromId36(b), expiresAt: fromSeconds(c) };
    case 'delete-cancel':
      return f.length === 2 && key.test(a) && snowflake.test(b) ? { kind, reviewKey: a, ownerId: fromId36(b) } : null;
    case 'form-reopen':
      return f.length === 2 && key.test(a) && snowflake.test(b) ? { kind, formId: a, ownerId: fromId36(b) } : null;
    case 'modal-new':
      return f.length === 0 ? { kind } : null;
    case 'modal-draft':
      return f.length === 1 && key.test(a) ? { kind, draftId: a } : null;
    case 'modal-edit':
      return f.length === 1 && key.test(a) ? { kind, reviewKey: a } : null;
    default:
      return null;
  }
}

const shortHash = (text: string): string => `~${createHash('sha256').update(text).digest('base64url').slice(0, 10)}`;

/** A slug as it travels in a custom id: itself when short, else a hash. */
export function reviewKeyOf(slug: string): string {
  return slug.length <= 40 && key.test(slug) ? slug : shortHash(slug);
}

export function matchesReviewKey(slug: string, reviewKey: string): boolean {
  return reviewKeyOf(slug) === reviewKey;
}

/** A series name as it travels in a custom id ("-" for the whole catalogue). */
export function seriesKeyOf(series: string | null): string {
  return series === null ? '-' : shortHash(series);
}
