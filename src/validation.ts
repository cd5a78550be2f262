import * as v from 'valibot';

/**
 * Shared pieces of the valibot schemas. The sandbox's 400 answers, fixture errors and saved-world errors say what was
 * expected and what was received ("Invalid input: expected string, received number"); `defaultMessage` gives that
 * wording to the checks that bring no message of their own.
 */

/** The type name a message uses for a parsed JSON value. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A plain object (not null, not an array): a parsed JSON object whose fields can be read by name. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** For `v.safeParse(..., { message: defaultMessage })`. */
export function defaultMessage(issue: v.BaseIssue<unknown>): string {
  switch (issue.type) {
    case 'min_length':
    case 'max_length': {
      const [word, sign] = issue.type === 'min_length' ? ['Too small', '>='] : ['Too big', '<='];
      const [origin, unit] = typeof issue.input === 'string' ? ['string', 'characters'] : ['array', 'items'];
      return `${word}: expected ${origin} to have ${sign}${String(issue.requirement)} ${unit}`;
    }
    case 'regex':
      return `Invalid string: must match pattern ${String(issue.requirement)}`;
    case 'literal':
      return `Invalid input: expected ${issue.expected ?? ''}`;
    case 'picklist':
      // valibot's `expected` reads ("a" | "b"); the options are listed as "a"|"b".
      return `Invalid option: expected one of ${(issue.expected ?? '')
        .replace(/^\((.*)\)$/, '$1')
        .split(' | ')
        .join('|')}`;
    case 'custom':
    case 'check':
      return 'Invalid input';
    default:
      return `Invalid input: expected ${issue.type}, received ${typeName(issue.input)}`;
  }
}

/** The keys leading to the value an issue is about. */
export function issueKeys(issue: v.BaseIssue<unknown>): (string | number)[] {
  return (issue.path ?? []).map((item) => (typeof item.key === 'number' ? item.key : String(item.key)));
}

export interface ObjectMessages {
  /** For a value that is not an object (arrays and null included). */
  notObject?: (input: unknown) => string;
  /** For keys a strict object does not know, named together. */
  unknownKeys?: (keys: readonly string[]) => string;
}

const defaultObjectMessages: Required<ObjectMessages> = {
  notObject: (input) => `Invalid input: expected object, received ${typeName(input)}`,
  unknownKeys: (keys) => `Unrecognized key${keys.length > 1 ? 's' : ''}: ${keys.map((key) => `"${key}"`).join(', ')}`,
};

/**
 * An object's own issues. A missing field gets the message its schema gives `undefined` (valibot does not run the
 * field's schema for an absent key, so "is missing" would otherwise be lost).
 */
function objectMessage(entries: v.ObjectEntries, messages: ObjectMessages) {
  const { notObject } = { ...defaultObjectMessages, ...messages };
  return (issue: v.BaseIssue<unknown>): string => {
    const item = issue.path?.at(-1);
    const entry = item?.type === 'object' ? entries[item.key] : undefined;
    if (entry) return v.safeParse(entry, undefined, { message: defaultMessage }).issues?.[0].message ?? notObject(undefined);
    return notObject(issue.input);
  };
}

function plainObject(messages: ObjectMessages) {
  const { notObject } = { ...defaultObjectMessages, ...messages };
  return v.custom<Record<string, unknown>>(isRecord, (issue) => notObject(issue.input));
}

/** An object schema that rejects arrays and drops keys it does not know. */
export function object<const T extends v.ObjectEntries>(entries: T, messages: ObjectMessages = {}) {
  return v.pipe(plainObject(messages), v.object(entries, objectMessage(entries, messages)));
}

/** An object schema that rejects arrays and keys it does not know (all named in one issue on the object). */
export function strictObject<const T extends v.ObjectEntries>(entries: T, messages: ObjectMessages = {}) {
  const { unknownKeys } = { ...defaultObjectMessages, ...messages };
  const known = v.looseObject(entries, objectMessage(entries, messages));
  return v.pipe(
    plainObject(messages),
    known,
    // A check rather than a type issue: a union still takes this object for what it is, and the checks of the
    // enclosing schemas still run (v.strictObject would stop both, and report only the first unknown key).
    v.rawCheck<v.InferOutput<typeof known>>(({ dataset, addIssue }) => {
      const unknown = isRecord(dataset.value) ? Object.keys(dataset.value).filter((key) => !Object.hasOwn(entries, key)) : [];
      if (unknown.length > 0) addIssue({ message: unknownKeys(unknown) });
    }),
  );
}

/** A record schema that rejects arrays. */
export function record<const K extends v.GenericSchema<string, string | number | symbol>, const V extends v.GenericSchema>(key: K, value: V) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isRecord, (issue) => `Invalid input: expected record, received ${typeName(issue.input)}`),
    v.record(key, value),
  );
}

/**
 * An array whose length limit is checked before its items: a list over the limit gets that one issue, and its items
 * (there may be very many) are not looked at.
 */
export function cappedArray<const T extends v.GenericSchema>(item: T, max: number, tooLong?: string, notArray?: v.ErrorMessage<v.ArrayIssue>) {
  return v.pipe(v.array(v.unknown(), notArray), v.maxLength(max, tooLong), v.array(item, notArray));
}
