import type Keyv from 'keyv';
import type { KeyedSerializer } from '../keyed-serializer.js';

/**
 * A set of strings that more than one process may add to at the same time (the list of guilds with publications,
 * which every shard extends). keyv has only get and set, so a get-modify-set from two processes can lose one of two
 * additions; a server store gives each adapter an atomic addition of its own (Redis SADD, a PostgreSQL upsert).
 */
export interface SharedSet {
  add(member: string): Promise<void>;
  /** Every member, each once, in no particular order. */
  members(): Promise<string[]>;
}

/**
 * The set as a JSON list under one keyv key, for the stores one process writes alone (SQLite, memory): the
 * process's keyed queue is what makes each addition whole.
 */
export function keyvSharedSet(db: { keyv: Keyv }, queue: KeyedSerializer, key: string): SharedSet {
  const read = async (): Promise<string[]> => {
    const value: unknown = await db.keyv.get(key);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  };
  return {
    add: (member) =>
      queue.run(key, async () => {
        const members = await read();
        if (!members.includes(member)) await db.keyv.set(key, [...members, member]);
      }),
    members: () => queue.run(key, read),
  };
}
