import type { Publication } from '../domain/publication.js';
import type { LikeTarget, PostState } from './view.js';

/**
 * The tracked posts and their like targets, found by message id, thread id or guild: a map lookup decides whether
 * an event is about a tracked message, so nothing is fetched on the hot path.
 */
export class PostIndex {
  /** Every like target (posts and responses) by message id: the whole tracking decision. */
  readonly #targets = new Map<string, LikeTarget>();
  readonly #posts = new Map<string, PostState>();
  readonly #byThread = new Map<string, PostState>();
  readonly #byGuild = new Map<string, Set<PostState>>();

  get size(): number {
    return this.#posts.size;
  }

  post(messageId: string): PostState | undefined {
    return this.#posts.get(messageId);
  }

  byThread(threadId: string): PostState | undefined {
    return this.#byThread.get(threadId);
  }

  inGuild(guildId: string): ReadonlySet<PostState> {
    return this.#byGuild.get(guildId) ?? new Set();
  }

  all(): IterableIterator<PostState> {
    return this.#posts.values();
  }

  /** The tracked post a message belongs to: the post itself, one of its responses, or a message in its thread. */
  postOf(messageId: string, channelId: string): PostState | undefined {
    return this.#targets.get(messageId)?.post ?? this.#byThread.get(channelId);
  }

  add(post: PostState): void {
    this.#posts.set(post.messageId, post);
    this.#targets.set(post.messageId, post);
    if (post.publication.threadId) this.#byThread.set(post.publication.threadId, post);
    for (const response of post.responses.values()) this.#targets.set(response.messageId, response);
    let guildPosts = this.#byGuild.get(post.publication.guildId);
    if (!guildPosts) {
      guildPosts = new Set();
      this.#byGuild.set(post.publication.guildId, guildPosts);
    }
    guildPosts.add(post);
  }

  addTarget(target: LikeTarget): void {
    this.#targets.set(target.messageId, target);
  }

  removeTarget(messageId: string): void {
    this.#targets.delete(messageId);
  }

  updatePublication(post: PostState, publication: Publication): void {
    const previousThread = post.publication.threadId;
    post.publication = publication;
    if (previousThread === publication.threadId) return;
    if (previousThread && this.#byThread.get(previousThread) === post) this.#byThread.delete(previousThread);
    if (publication.threadId) this.#byThread.set(publication.threadId, post);
  }
}
