import type { PostCounts } from './types.js';
import type { PostState } from './view.js';

/**
 * A guild's counts by review: its likes are the people who liked any of its posts there, each once (a review
 * posted twice and liked twice by one person is one like); its responses are the sum over its posts.
 */
export function countsBySlug(posts: Iterable<PostState>, countsFor: (post: PostState) => PostCounts): Map<string, PostCounts> {
  const postsBySlug = new Map<string, PostState[]>();
  for (const post of posts) {
    if (post.deleted) continue;
    const same = postsBySlug.get(post.publication.slug);
    if (same) same.push(post);
    else postsBySlug.set(post.publication.slug, [post]);
  }
  const bySlug = new Map<string, PostCounts>();
  for (const [slug, same] of postsBySlug) {
    if (same.length === 1) {
      bySlug.set(slug, countsFor(same[0] as PostState));
      continue;
    }
    const likers = new Set<string>();
    let responses = 0;
    for (const post of same) {
      for (const userId of post.tally.users()) likers.add(userId);
      responses += countsFor(post).responses;
    }
    bySlug.set(slug, { likes: likers.size, responses });
  }
  return bySlug;
}
