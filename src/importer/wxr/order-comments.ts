import type { WxrComment } from './read-wxr.js';

/**
 * The approved ordinary comments of a post, in the order the blog shows them threaded: by date, each reply right
 * after the comment it answers (and after that comment's earlier replies), as WordPress's comment walker lists them.
 */

export interface OrderedComment {
  comment: WxrComment;
  /** 0-based index, in the returned list, of the comment this one answers; null for a top-level one. */
  replyTo: number | null;
}

/** WordPress writes "comment" for an ordinary comment since 5.5, and an empty type before that. */
export function isOrdinaryComment(comment: WxrComment): boolean {
  const type = comment.type.trim();
  return type === '' || type === 'comment';
}

/** Approved is "1"; "0" is pending, and "spam", "trash" and "post-trashed" are what their names say. */
export function isApproved(comment: WxrComment): boolean {
  return comment.approved.trim() === '1';
}

const noDate = /^0000-00-00/;

/** "YYYY-MM-DD HH:MM:SS" sorts as text; the GMT date when the export has one. */
function sortKey(comment: WxrComment): string {
  const gmt = comment.dateGmt.trim();
  return gmt.length > 0 && !noDate.test(gmt) ? gmt : comment.date.trim();
}

function byDate(a: WxrComment, b: WxrComment): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return Number(a.id) - Number(b.id);
}

/**
 * Orders `comments` (already filtered to the ones kept) as threads. A reply whose parent is not among them (a
 * pending, spam or trashed comment, or one the export lacks) is listed as a top-level comment, as WordPress shows
 * an orphaned reply; `orphans` counts them.
 */
export function orderComments(comments: readonly WxrComment[]): { ordered: OrderedComment[]; orphans: WxrComment[] } {
  const byId = new Map<string, WxrComment>();
  for (const comment of comments) byId.set(comment.id.trim(), comment);
  const replies = new Map<string, WxrComment[]>();
  const roots: WxrComment[] = [];
  const orphans: WxrComment[] = [];
  for (const comment of comments) {
    const parent = comment.parent.trim();
    if (parent === '' || parent === '0') roots.push(comment);
    else if (byId.has(parent) && parent !== comment.id.trim()) {
      const list = replies.get(parent) ?? [];
      list.push(comment);
      replies.set(parent, list);
    } else {
      roots.push(comment);
      orphans.push(comment);
    }
  }
  const ordered: OrderedComment[] = [];
  const placed = new Set<WxrComment>();
  // Depth first without recursion: a long thread is no risk to the stack.
  const visit = (root: WxrComment): void => {
    const stack: { comment: WxrComment; replyTo: number | null }[] = [{ comment: root, replyTo: null }];
    while (stack.length > 0) {
      const next = stack.pop();
      if (!next || placed.has(next.comment)) continue;
      placed.add(next.comment);
      const at = ordered.length;
      ordered.push(next);
      const answers = [...(replies.get(next.comment.id.trim()) ?? [])].sort(byDate);
      for (let i = answers.length - 1; i >= 0; i--) {
        const answer = answers[i];
        if (answer) stack.push({ comment: answer, replyTo: at });
      }
    }
  };
  for (const root of [...roots].sort(byDate)) visit(root);
  // Replies in a loop of parents (a damaged export) reach no root: they are listed last, top-level.
  for (const comment of [...comments].sort(byDate)) {
    if (placed.has(comment)) continue;
    orphans.push(comment);
    visit(comment);
  }
  return { ordered, orphans };
}
