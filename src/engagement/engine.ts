import type { Client } from 'discord.js';
import type { Publication } from '../domain/publication.js';
import { BatchedWriter } from './batched-writer.js';
import { applyFact, type EngagementFact, type FactOutcome } from './facts.js';
import { newestFirst } from './response-order.js';
import { editPostMessage } from './edit-post.js';
import { FooterRefresher } from './footer-refresher.js';
import { countsBySlug } from './guild-counts.js';
import { GuildRules } from './guild-rules.js';
import { applyLikeSettings, gainsUncountedLikes } from './like-settings-change.js';
import { PostIndex } from './post-index.js';
import { attachGatewayFacts } from './gateway-facts.js';
import type {
  EngagementDeps,
  EngagementStats,
  LikeSettingsChange,
  LoadingEngagement,
  PostCounts,
  ReconcileOptions,
  ReconcileScope,
  ResponseView,
} from './types.js';
import { restReads } from './read-discord.js';
import { reconcilePost, type ReconcilePostContext } from './reconcile-post.js';
import { Reconciler, type ReconcileSummary } from './reconciler.js';
import { forEachLimited, IdPool, loadPostState, deletedEntry, type PostState } from './view.js';

const defaultFooterWindowMs = 2000;
const defaultFlushIntervalMs = 250;
const startupReadConcurrency = 32;
const noCounts: PostCounts = Object.freeze({ likes: 0, responses: 0 });

/** Returns at once; the view loads in the background (see LoadingEngagement's `loaded`). */
export function startEngagementEngine(deps: EngagementDeps): LoadingEngagement {
  return new EngagementEngine(deps);
}

/**
 * The in-memory view of likes and responses. Gateway events arrive as facts and update it synchronously (a map
 * lookup by message id decides whether a message is tracked; nothing is fetched), mark what changed, and return.
 * A batched writer persists the changed like sets; a footer refresher edits the posts, coalesced. A
 * reconciliation rebuilds posts from Discord (at every new gateway session and on demand): while a post is
 * read, the facts about it are journaled too, then replayed onto what was read, so an event that races the
 * read is neither lost nor counted twice.
 */
class EngagementEngine implements LoadingEngagement {
  readonly #deps: EngagementDeps;
  readonly #index = new PostIndex();
  readonly #guilds: GuildRules;
  /** "post:<id>" and "thread:<id>" of deleted posts and threads, persisted so a restart does not count them again. */
  readonly #deletedIds = new Set<string>();
  readonly #userIds = new IdPool();
  /** Per post being reconciled, the facts about it since its read began. */
  readonly #journals = new Map<string, EngagementFact[]>();
  readonly #reconciler: Reconciler;
  readonly #reconcileContext: ReconcilePostContext;
  readonly #loading = new Map<string, Promise<void>>();
  /** Events that arrived while the view was loading, applied in order once it has loaded; null after that. */
  #queuedWhileLoading: (() => void)[] | null = [];
  /** Per guild, the counts by slug handed out by countsByGuild; dropped when a count in the guild changes. */
  readonly #guildCounts = new Map<string, ReadonlyMap<string, PostCounts>>();
  readonly loaded: Promise<void>;
  readonly #writer: BatchedWriter;
  readonly #refresher: FooterRefresher;
  #client: Client | null = null;
  #detachers: (() => void)[] = [];
  #eventsHandled = 0;

  constructor(deps: EngagementDeps) {
    this.#deps = deps;
    this.#guilds = new GuildRules(deps.store.settings);
    this.#writer = new BatchedWriter(
      deps.store,
      deps.logger,
      () => this.#deletedIds,
      (target) => this.#guilds.rulesFor(target.post.publication.guildId).likeKeys.size > 1,
    );
    const windowMs = deps.footerWindowMs ?? defaultFooterWindowMs;
    this.#refresher = new FooterRefresher({
      windowMs,
      channelEdits: 5,
      channelPeriodMs: 5000,
      maxRetryDelayMs: Math.max(30_000, windowMs),
      logger: deps.logger,
      edit: (messageId) => this.#editPost(messageId),
    });
    this.#reconciler = new Reconciler({
      logger: deps.logger,
      concurrency: deps.reconcileConcurrency ?? 16,
      progressEveryMs: deps.reconcileProgressEveryMs ?? 5000,
    });
    this.#reconcileContext = {
      rulesFor: (guildId) => this.#guilds.rulesFor(guildId),
      journals: this.#journals,
      effects: {
        likesChanged: (target) => this.#writer.markDirty(target),
        responseChanged: (messageId, change) => this.#writer.markResponseChanged(messageId, change),
        targetAdded: (target) => this.#index.addTarget(target),
        targetRemoved: (messageId) => this.#index.removeTarget(messageId),
      },
      countsFor: (messageId) => this.countsFor(messageId),
      postDeleted: (post) => this.#postDeleted(post),
      threadDeleted: (threadId) => this.#threadDeleted(threadId),
      countsChanged: (post) => this.#postCountsChanged(post),
      footerStale: (post) => this.#footerDue(post),
    };
    this.loaded = this.#load();
    // The caller awaits `loaded`; this only keeps a failed load from also being reported as unhandled.
    this.loaded.catch(() => undefined);
  }

  async #load(): Promise<void> {
    try {
      await this.#loadView();
    } catch (error) {
      // The owner learns it from `loaded` and stops; meanwhile nothing more piles up in the queue.
      this.#queuedWhileLoading = null;
      throw error;
    }
  }

  async #loadView(): Promise<void> {
    const { store } = this.#deps;
    const [publications, deletedIds] = await Promise.all([store.publications.listAll(), store.engagementRecords.deletedIds()]);
    for (const id of deletedIds) this.#deletedIds.add(id);
    const guildIds = [...new Set(publications.map((publication) => publication.guildId))];
    await forEachLimited(guildIds, startupReadConcurrency, (guildId) => this.#guilds.ensure(guildId));
    await forEachLimited(publications, startupReadConcurrency, (publication) => this.#ensurePost(publication));
    const queued = this.#queuedWhileLoading ?? [];
    this.#queuedWhileLoading = null;
    for (const apply of queued) apply();
    this.#writer.start(this.#deps.flushIntervalMs ?? defaultFlushIntervalMs);
    this.#deps.logger.debug({ posts: this.#index.size, queuedEvents: queued.length }, 'engagement view loaded');
  }

  /** While the view loads, defers an event (returns true); afterwards lets it through (returns false). */
  #deferWhileLoading(apply: () => void): boolean {
    if (this.#queuedWhileLoading === null) return false;
    this.#queuedWhileLoading.push(apply);
    return true;
  }

  // ---- the public API ----

  attach(client: Client): void {
    if (this.#client) throw new Error('engagement is already attached to a client');
    this.#client = client;
    this.#guilds.setBotUser(client.user?.id);
    this.#detachers.push(
      attachGatewayFacts(client, {
        fact: (fact) => this.#onFact(fact),
        threadDeleted: (threadId) => this.#whenLoaded(() => this.#threadDeleted(threadId)),
        channelDeleted: (channelId) => this.#whenLoaded(() => this.#channelDeleted(channelId)),
        botUser: (userId) => this.#guilds.setBotUser(userId),
        newSession: () => void this.#reconciler.afterSession(() => this.reconcile({}, { reason: 'new gateway session' })),
        botUserId: () => this.#guilds.botUserId,
      }),
    );
  }

  async track(publication: Publication): Promise<void> {
    await this.#guilds.ensure(publication.guildId);
    const known = this.#index.post(publication.messageId);
    if (known) this.#index.updatePublication(known, publication);
    else await this.#ensurePost(publication);
    const post = this.#index.post(publication.messageId);
    if (post && (post.tally.count > 0 || post.responses.size > 0)) this.#postCountsChanged(post);
  }

  refresh(messageId: string): void {
    const post = this.#index.post(messageId);
    if (!post) return;
    this.#deps.store.publications.byMessage(messageId).then(
      (publication) => {
        if (publication) this.#index.updatePublication(post, publication);
        this.#postCountsChanged(post);
      },
      (error: unknown) => {
        this.#deps.logger.error({ err: error, messageId }, 'publication not reloaded; refreshing its footer as known');
        this.#postCountsChanged(post);
      },
    );
  }

  async settingsChanged(guildId: string): Promise<LikeSettingsChange> {
    const before = this.#guilds.settings(guildId);
    await this.#guilds.load(guildId);
    const settings = this.#guilds.settings(guildId);
    if (!settings) return { posts: 0, likesBefore: 0, likesKept: 0, postsChanged: 0, recount: false };
    const change = applyLikeSettings(this.#index.inGuild(guildId), settings, {
      likesChanged: (target) => this.#writer.markDirty(target),
      countsChanged: (post) => this.#postCountsChanged(post),
    });
    if (gainsUncountedLikes(before, settings) && change.posts > 0) {
      change.recount = true;
      void this.reconcile({ guildId }, { reason: 'like settings changed' }).catch(() => undefined);
    }
    return change;
  }

  countsFor(messageId: string): PostCounts {
    const post = this.#index.post(messageId);
    if (!post || post.deleted) return noCounts;
    return { likes: post.tally.count, responses: post.threadDeleted ? 0 : post.responses.size };
  }

  countsByGuild(guildId: string): ReadonlyMap<string, PostCounts> {
    const cached = this.#guildCounts.get(guildId);
    if (cached) return cached;
    const bySlug = countsBySlug(this.#index.inGuild(guildId), (post) => this.countsFor(post.messageId));
    this.#guildCounts.set(guildId, bySlug);
    return bySlug;
  }

  responses(threadId: string): ResponseView[] {
    const post = this.#index.byThread(threadId);
    if (!post || post.threadDeleted) return [];
    const views: ResponseView[] = [];
    for (const response of post.responses.values()) views.push({ ...response.stored, likes: response.tally.count });
    return views.sort(newestFirst);
  }

  async flush(): Promise<void> {
    await this.#writer.flush();
  }

  stats(): EngagementStats {
    return {
      eventsHandled: this.#eventsHandled,
      unwritten: this.#writer.pending,
      storeFailing: this.#writer.failing,
      storeFailureCause: this.#writer.failureCause,
      storeFailedFlushes: this.#writer.failedFlushes,
      storeFlushLagMs: this.#writer.lagMs(),
      footerEditsPending: this.#refresher.pending,
      reconciling: this.#reconciler.progress,
      lastReconcile: this.#reconciler.last,
    };
  }

  async stop(): Promise<{ unwritten: number }> {
    await this.loaded.catch(() => undefined);
    for (const detach of this.#detachers) detach();
    this.#detachers = [];
    this.#reconciler.stop();
    this.#writer.stopTimer();
    await this.#refresher.stop();
    await this.flush();
    return { unwritten: this.#writer.pending };
  }

  reconcile(scope: ReconcileScope = {}, options: ReconcileOptions = {}): Promise<ReconcileSummary> {
    return this.loaded.then(() => {
      const client = this.#client;
      if (!client) throw new Error('engagement is not attached to a client yet');
      const posts = [...this.#index.all()].filter(
        (post) =>
          !post.deleted &&
          (scope.guildId === undefined || post.publication.guildId === scope.guildId) &&
          (scope.slug === undefined || post.publication.slug === scope.slug) &&
          // A guild the client is not in (another shard's, or one that removed the bot) cannot be read.
          client.guilds.cache.has(post.publication.guildId),
      );
      const reads = restReads(client.rest);
      return this.#reconciler.run(
        { total: posts.length, reason: options.reason ?? 'asked for', reads, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
        (index) => reconcilePost(posts[index] as PostState, reads, this.#reconcileContext),
      );
    });
  }

  // ---- facts: the hot path (synchronous, O(1), no fetch) ----

  #whenLoaded(apply: () => void): void {
    if (this.#queuedWhileLoading && this.#deferWhileLoading(apply)) return;
    apply();
  }

  #onFact(fact: EngagementFact): void {
    if (this.#queuedWhileLoading && this.#deferWhileLoading(() => this.#onFact(fact))) return;
    this.#eventsHandled += 1;
    const post = this.#postOf(fact);
    if (!post || post.deleted) return;
    this.#journals.get(post.messageId)?.push(fact);
    if (fact.kind === 'message-delete' && fact.messageId === post.messageId) {
      this.#postDeleted(post);
      return;
    }
    this.#absorb(post, applyFact(post, fact, this.#guilds.rulesFor(post.publication.guildId)));
  }

  /** The tracked post a fact is about: its target's post, or the post whose thread it happened in. */
  #postOf(fact: EngagementFact): PostState | undefined {
    if (fact.kind === 'response-seen') return this.#index.postOf(fact.response.messageId, fact.response.threadId);
    return this.#index.postOf(fact.messageId, fact.channelId);
  }

  /** Persists and shows what a fact changed. */
  #absorb(post: PostState, outcome: FactOutcome): void {
    for (const target of outcome.likesChanged) this.#writer.markDirty(target);
    if (outcome.responseSaved) {
      const response = post.responses.get(outcome.responseSaved.messageId);
      if (response) this.#index.addTarget(response);
      this.#writer.markResponseChanged(outcome.responseSaved.messageId, { kind: 'upsert', response: outcome.responseSaved });
    }
    if (outcome.responseRemoved) {
      this.#index.removeTarget(outcome.responseRemoved);
      const threadId = post.publication.threadId;
      if (threadId) this.#writer.markResponseChanged(outcome.responseRemoved, { kind: 'remove', threadId, messageId: outcome.responseRemoved });
    }
    if (outcome.postLikeCountChanged || outcome.responseCountChanged) this.#postCountsChanged(post);
  }

  // ---- deletions ----

  #threadDeleted(threadId: string): void {
    const post = this.#index.byThread(threadId);
    if (!post) return;
    // In a forum channel the thread is the post (its starter message lives in it and shares its id). A thread
    // started on a text-channel message shares the message's id too, but the post lives in the parent channel.
    if (threadId === post.publication.channelId) {
      this.#postDeleted(post);
      return;
    }
    if (post.threadDeleted) return;
    post.threadDeleted = true;
    this.#deletedIds.add(deletedEntry.thread(threadId));
    this.#writer.markDeletedIdsDirty();
    this.#postCountsChanged(post);
  }

  #channelDeleted(channelId: string): void {
    for (const post of this.#index.all()) {
      if (post.publication.channelId === channelId) this.#postDeleted(post);
    }
    const post = this.#index.byThread(channelId);
    if (post) this.#threadDeleted(channelId);
  }

  #postDeleted(post: PostState): void {
    if (post.deleted) return;
    post.deleted = true;
    this.#guildCounts.delete(post.publication.guildId);
    this.#deletedIds.add(deletedEntry.post(post.messageId));
    this.#writer.markDeletedIdsDirty();
    this.#refresher.forget(post.messageId);
    this.#deps.logger.info(
      { guildId: post.publication.guildId, slug: post.publication.slug, messageId: post.messageId },
      'review post deleted; its tally is kept',
    );
  }

  // ---- footer ----

  /** A post's like or response count changed: its guild's counts are stale and its footer is due. */
  #postCountsChanged(post: PostState): void {
    this.#guildCounts.delete(post.publication.guildId);
    this.#footerDue(post);
  }

  /** A deleted post shows nothing to edit. */
  #footerDue(post: PostState): void {
    if (post.deleted) return;
    this.#refresher.markDirty(post.messageId, post.publication.channelId);
  }

  async #editPost(messageId: string): Promise<'done' | 'gone'> {
    const post = this.#index.post(messageId);
    if (!post || post.deleted) return 'gone';
    const client = this.#client;
    if (!client) throw new Error('engagement is not attached to a client yet');
    const body = await this.#deps.renderPost(post.publication, this.countsFor(messageId));
    if (!body) return 'done';
    const outcome = await editPostMessage(client.rest, post.publication, body, this.#deps.logger);
    if (outcome === 'gone') this.#postDeleted(post);
    return outcome;
  }

  // ---- loading ----

  /** Loads a post once: concurrent calls share the load, so no event lands on a state that is then replaced. */
  async #ensurePost(publication: Publication): Promise<void> {
    if (this.#index.post(publication.messageId)) return;
    let loading = this.#loading.get(publication.messageId);
    if (!loading) {
      loading = this.#loadPost(publication).finally(() => this.#loading.delete(publication.messageId));
      this.#loading.set(publication.messageId, loading);
    }
    await loading;
  }

  async #loadPost(publication: Publication): Promise<void> {
    const likeKeys = this.#guilds.rulesFor(publication.guildId).likeKeys;
    const post = await loadPostState(this.#deps.store, publication, { likeKeys, pool: this.#userIds, deletedIds: this.#deletedIds });
    this.#index.add(post);
    this.#guildCounts.delete(post.publication.guildId);
  }
}
