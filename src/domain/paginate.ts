export interface Page<T> {
  items: T[];
  /** Zero-based, clamped into range. */
  page: number;
  pageCount: number;
}

/** One page of `items`; an out-of-range page number is clamped so a stale button still shows something. */
export function paginate<T>(items: readonly T[], pageSize: number, page: number): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const clamped = Math.min(Math.max(0, Math.trunc(page)), pageCount - 1);
  return { items: items.slice(clamped * pageSize, clamped * pageSize + pageSize), page: clamped, pageCount };
}
