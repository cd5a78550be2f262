import type { ResponseView } from './types.js';

/** Responses newest first; ties (the same millisecond) are broken by snowflake, which grows with time. */
export function newestFirst(a: ResponseView, b: ResponseView): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return compareSnowflakes(b.messageId, a.messageId);
}

function compareSnowflakes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
