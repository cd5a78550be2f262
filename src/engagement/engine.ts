import {
  DiscordAPIError,
  Events,
  GatewayDispatchEvents,
  MessageType,
  RESTJSONErrorCodes,
  Routes,
  type Client,
  type Message,
  type MessageReaction,
  type PartialMessage,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import { countsAsLike, reactionEmojiKey, type LikeRules } from '../domain/likes.js';
import { defaultGuildSettings, type Publication, type StoredResponse } from '../store/ports.js';
import { BatchedWriter } from './batched-writer.js';
import { FooterRefresher } from './footer-refresher.js';
import type { EngagementDeps, LoadingEngagement, PostCounts, ResponseView } from './index.js';
import {
  createPostState,
  createResponseState,
  forEachLimited,
  guildLikeSettings,
  IdPool,
  loadTally,
  deletedEntry,
  persistedKeys,
  type GuildLikeSettings,
  type LikeTarget,
  type PostState,
} from './view.js';

const defaultFooterWindowMs = 2000;
const defaultFlushIntervalMs = 250;
const startupReadConcurrency = 32;
const noCounts: PostCounts = Object.freeze({ likes: 0, responses: 0 });
const deletionDispatches: ReadonlySet<string> = new Set([
  GatewayDispatchEvents.MessageDelete,
  GatewayDispatchEvents.MessageDeleteBulk,
  GatewayDispatchEvents.ThreadDelete,
  GatewayDispatchEvents.ChannelDelete,
]);

/** Returns at once; the view loads in the background (see LoadingEngagement's `loaded`). */
export function startEngagementEngine(deps: EngagementDeps): LoadingEngagement {
  return new EngagementEngine(deps);
}

/**
 * The in-memory view of likes and responses. Gateway events update it synchronously (a map lookup by
 * message id decides whether a message is tracked; nothing is fetched), mark what changed, and return.
 * A batched writer persists the changed like sets; a footer refresher edits the posts, coalesced.
 */
class EngagementEngine implements LoadingEngagement {
  readonly #deps: EngagementDeps;
  /** Every like target (posts and responses) by message id: the whole tracking decision. */
  readonly #targets = new Map<string, LikeTarget>();
  readonly #posts = new Map<string, PostState>();
  readonly #postsByThread = new Map<string, PostState>();
  readonly #postsByGuild = new Map<string, Set<PostState>>();
  readonly #settings = new Map<string, GuildLikeSettings>();
  readonly #rules = new Map<string, LikeRules>();
  /** "post:<id>" and "thread:<id>" of deleted posts and threads, persisted so a restart does not count them again. */
  readonly #deletedIds = new Set<string>();
  readonly #userIds = new IdPool();
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
  #botUserId = '';

  constructor(deps: EngagementDeps) {
    this.#deps = deps;
    this.#writer = new BatchedWriter(
      deps.store,
      deps.logger,
      () => this.#deletedIds,
      (target) => this.#rulesFor(target.post.publication.guildId).likeKeys.size > 1,
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
    const [publications, deletedIds] = await Promise.all([
      store.publications.listAll(),
      store.likes.users(persistedKeys.deletedIds),
    ]);
    for (const id of deletedIds) this.#deletedIds.add(id);
    const guildIds = [...new Set(publications.map((publication) => publication.guildId))];
    await forEachLimited(guildIds, startupReadConcurrency, (guildId) => this.#ensureSettings(guildId));
    await forEachLimited(publications, startupReadConcurrency, (publication) => this.#ensurePost(publication));
    const queued = this.#queuedWhileLoading ?? [];
    this.#queuedWhileLoading = null;
    for (const apply of queued) apply();
    this.#writer.start(this.#deps.flushIntervalMs ?? defaultFlushIntervalMs);
    this.#deps.logger.debug({ posts: this.#posts.size, queuedEvents: queued.length }, 'engagement view loaded');
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
    this.#setBotUser(client.user?.id);
    const onReady = (ready: Client<true>): void => this.#setBotUser(ready.user.id);
    client.on(Events.ClientReady, onReady);
    client.on(Events.MessageReactionAdd, this.#onReactionAdd);
    client.on(Events.MessageReactionRemove, this.#onReactionRemove);
    client.on(Events.MessageReactionRemoveAll, this.#onReactionRemoveAll);
    client.on(Events.MessageReactionRemoveEmoji, this.#onReactionRemoveEmoji);
    client.on(Events.MessageCreate, this.#onMessageCreate);
    client.on(Events.MessageUpdate, this.#onMessageUpdate);
    // Deletions come from the raw dispatch: discord.js drops THREAD_DELETE and MESSAGE_DELETE_BULK for
    // uncached threads and channels, while their ids are all this view needs.
    client.on(Events.Raw, this.#onRawDispatch);
    this.#detachers.push(() => {
      client.off(Events.ClientReady, onReady);
      client.off(Events.MessageReactionAdd, this.#onReactionAdd);
      client.off(Events.MessageReactionRemove, this.#onReactionRemove);
      client.off(Events.MessageReactionRemoveAll, this.#onReactionRemoveAll);
      client.off(Events.MessageReactionRemoveEmoji, this.#onReactionRemoveEmoji);
      client.off(Events.MessageCreate, this.#onMessageCreate);
      client.off(Events.MessageUpdate, this.#onMessageUpdate);
      client.off(Events.Raw, this.#onRawDispatch);
    });
  }

  async track(publication: Publication): Promise<void> {
    await this.#ensureSettings(publication.guildId);
    const known = this.#posts.get(publication.messageId);
    if (known) this.#updatePublication(known, publication);
    else await this.#ensurePost(publication);
    const post = this.#posts.get(publication.messageId);
    if (post && (post.tally.count > 0 || post.responses.size > 0)) this.#postCountsChanged(post);
  }

  refresh(messageId: string): void {
    const post = this.#posts.get(messageId);
    if (!post) return;
    this.#deps.store.publications.byMessage(messageId).then(
      (publication) => {
        if (publication) this.#updatePublication(post, publication);
        this.#postCountsChanged(post);
      },
      (error: unknown) => {
        this.#deps.logger.error({ err: error, messageId }, 'publication not reloaded; refreshing its footer as known');
        this.#postCountsChanged(post);
      },
    );
  }

  async settingsChanged(guildId: string): Promise<void> {
    await this.#loadSettings(guildId);
    const settings = this.#settings.get(guildId);
    if (!settings) return;
    for (const post of this.#postsByGuild.get(guildId) ?? []) {
      const likesChanged = this.#applySettings(post, settings);
      for (const response of post.responses.values()) this.#applySettings(response, settings);
      if (likesChanged) this.#postCountsChanged(post);
    }
  }

  countsFor(messageId: string): PostCounts {
    const post = this.#posts.get(messageId);
    if (!post || post.deleted) return noCounts;
    return { likes: post.tally.count, responses: post.threadDeleted ? 0 : post.responses.size };
  }

  countsByGuild(guildId: string): ReadonlyMap<string, PostCounts> {
    const cached = this.#guildCounts.get(guildId);
    if (cached) return cached;
    const bySlug = new Map<string, PostCounts>();
    for (const post of this.#postsByGuild.get(guildId) ?? []) {
      if (post.deleted) continue;
      const counts = this.countsFor(post.messageId);
      const sum = bySlug.get(post.publication.slug);
      if (sum) {
        sum.likes += counts.likes;
        sum.responses += counts.responses;
      } else {
        bySlug.set(post.publication.slug, { ...counts });
      }
    }
    this.#guildCounts.set(guildId, bySlug);
    return bySlug;
  }

  responses(threadId: string): ResponseView[] {
    const post = this.#postsByThread.get(threadId);
    if (!post || post.threadDeleted) return [];
    const views: ResponseView[] = [];
    for (const response of post.responses.values()) views.push({ ...response.stored, likes: response.tally.count });
    return views.sort(newestFirst);
  }

  async flush(): Promise<void> {
    await this.#writer.flush();
  }

  async stop(): Promise<void> {
    await this.loaded.catch(() => undefined);
    for (const detach of this.#detachers) detach();
    this.#detachers = [];
    this.#writer.stopTimer();
    await this.#refresher.stop();
    await this.flush();
  }

  // ---- reactions: the hot path (synchronous, O(1), no fetch) ----

  readonly #onReactionAdd = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): void => {
    if (this.#queuedWhileLoading && this.#deferWhileLoading(() => this.#onReactionAdd(reaction, user))) return;
    const target = this.#targets.get(reaction.message.id);
    if (!target || target.post.deleted) return;
    const rules = this.#rulesFor(target.post.publication.guildId);
    const emojiKey = reactionEmojiKey(reaction.emoji);
    const facts = { emojiKey, reactorId: user.id, reactorIsBot: user.partial ? null : user.bot, authorId: target.authorId() };
    if (emojiKey === null || !countsAsLike(facts, rules)) return;
    const before = target.tally.count;
    if (!target.tally.add(user.id, emojiKey)) return;
    this.#likesChanged(target, before);
  };

  readonly #onReactionRemove = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): void => {
    if (this.#queuedWhileLoading && this.#deferWhileLoading(() => this.#onReactionRemove(reaction, user))) return;
    const target = this.#targets.get(reaction.message.id);
    if (!target || target.post.deleted) return;
    const emojiKey = reactionEmojiKey(reaction.emoji);
    if (emojiKey === null || !this.#rulesFor(target.post.publication.guildId).likeKeys.has(emojiKey)) return;
    const before = target.tally.count;
    if (!target.tally.remove(user.id, emojiKey)) return;
    this.#likesChanged(target, before);
  };

  readonly #onReactionRemoveAll = (message: Message | PartialMessage): void => {
    if (this.#queuedWhileLoading && this.#deferWhileLoading(() => this.#onReactionRemoveAll(message))) return;
    const target = this.#targets.get(message.id);
    if (!target || target.post.deleted) return;
    const before = target.tally.count;
    if (target.tally.clear()) this.#likesChanged(target, before);
  };

  readonly #onReactionRemoveEmoji = (reaction: MessageReaction | PartialMessageReaction): void => {
    if (this.#queuedWhileLoading && this.#deferWhileLoading(() => this.#onReactionRemoveEmoji(reaction))) return;
    const target = this.#targets.get(reaction.message.id);
    if (!target || target.post.deleted) return;
    const emojiKey = reactionEmojiKey(reaction.emoji);
    if (emojiKey === null) return;
    const before = target.tally.count;
    if (target.tally.removeEmoji(emojiKey)) this.#likesChanged(target, before);
  };

  #likesChanged(target: LikeTarget, countBefore: number): void {
    this.#writer.markDirty(target);
    if (target === target.post && target.tally.count !== countBefore) this.#postCountsChanged(target.post);
  }

  // ---- responses ----

  readonly #onMessageCreate = (message: Message): void => {
    if (this.#queuedWhileLoading && this.#deferWhileLoading(() => this.#onMessageCreate(message))) return;
    const post = this.#postsByThread.get(message.channelId);
    if (!post || post.deleted || message.id === post.messageId || !this.#isResponse(message)) return;
    this.#saveResponse(post, responseFrom(message));
  };

  readonly #onMessageUpdate = (old: Message | PartialMessage, updated: Message): void => {
    if (this.#queuedWhileLoading && this.#deferWhileLoading(() => this.#onMessageUpdate(old, updated))) return;
    const post = this.#postsByThread.get(updated.channelId);
    if (!post || post.deleted || updated.id === post.messageId) return;
    const known = post.responses.get(updated.id);
    if (known) {
      if (updated.partial) return;
      const editedAt = updated.editedAt?.toISOString() ?? known.stored.editedAt;
      if (updated.content === known.stored.content && editedAt === known.stored.editedAt) return;
      this.#saveResponse(post, { ...known.stored, content: updated.content, editedAt });
    } else if (!updated.partial && this.#isResponse(updated)) {
      // Written while the bot was away: it counts from now on.
      this.#saveResponse(post, responseFrom(updated));
    }
  };

  readonly #onRawDispatch = (packet: unknown): void => {
    if (!isRecord(packet) || typeof packet.t !== 'string' || !deletionDispatches.has(packet.t) || !isRecord(packet.d)) return;
    if (this.#queuedWhileLoading && this.#deferWhileLoading(() => this.#onRawDispatch(packet))) return;
    const data = packet.d;
    switch (packet.t) {
      case GatewayDispatchEvents.MessageDelete:
        if (typeof data.id === 'string') this.#messageDeleted(data.id);
        break;
      case GatewayDispatchEvents.MessageDeleteBulk:
        if (Array.isArray(data.ids)) for (const id of data.ids) if (typeof id === 'string') this.#messageDeleted(id);
        break;
      case GatewayDispatchEvents.ThreadDelete:
        if (typeof data.id === 'string') this.#threadDeleted(data.id);
        break;
      case GatewayDispatchEvents.ChannelDelete:
        if (typeof data.id === 'string') this.#channelDeleted(data.id);
        break;
      default:
        break;
    }
  };

  #isResponse(message: Message): boolean {
    return (
      (message.type === MessageType.Default || message.type === MessageType.Reply) &&
      !message.author.bot &&
      message.author.id !== this.#botUserId &&
      message.webhookId === null
    );
  }

  #saveResponse(post: PostState, stored: StoredResponse): void {
    const known = post.responses.get(stored.messageId);
    if (known) {
      known.stored = stored;
    } else {
      const response = createResponseState(post, stored);
      post.responses.set(stored.messageId, response);
      this.#targets.set(stored.messageId, response);
      this.#postCountsChanged(post);
    }
    this.#writer.markResponseChanged(stored.messageId, { kind: 'upsert', response: stored });
  }

  #messageDeleted(messageId: string): void {
    const target = this.#targets.get(messageId);
    if (!target) return;
    const post = target.post;
    if (target === post) {
      this.#postDeleted(post);
      return;
    }
    const threadId = post.publication.threadId;
    post.responses.delete(messageId);
    this.#targets.delete(messageId);
    if (threadId) this.#writer.markResponseChanged(messageId, { kind: 'remove', threadId, messageId });
    this.#postCountsChanged(post);
  }

  #threadDeleted(threadId: string): void {
    const post = this.#postsByThread.get(threadId);
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
    for (const post of this.#posts.values()) {
      if (post.publication.channelId === channelId) this.#postDeleted(post);
    }
    const post = this.#postsByThread.get(channelId);
    if (post) this.#threadDeleted(channelId);
  }

  #postDeleted(post: PostState): void {
    if (post.deleted) return;
    post.deleted = true;
    this.#guildCounts.delete(post.publication.guildId);
    this.#deletedIds.add(deletedEntry.post(post.messageId));
    this.#writer.markDeletedIdsDirty();
    this.#refresher.forget(post.messageId);
    this.#deps.logger.info({ guildId: post.publication.guildId, slug: post.publication.slug, messageId: post.messageId }, 'review post deleted; its tally is kept');
  }

  // ---- footer ----

  /** A post's like or response count changed: its guild's counts are stale and its footer is due. */
  #postCountsChanged(post: PostState): void {
    this.#guildCounts.delete(post.publication.guildId);
    if (post.deleted) return;
    this.#refresher.markDirty(post.messageId, post.publication.channelId);
  }

  async #editPost(messageId: string): Promise<'done' | 'gone'> {
    const post = this.#posts.get(messageId);
    if (!post || post.deleted) return 'gone';
    const client = this.#client;
    if (!client) throw new Error('engagement is not attached to a client yet');
    const body = await this.#deps.renderPost(post.publication, this.countsFor(messageId));
    if (!body) return 'done';
    try {
      await client.rest.patch(Routes.channelMessage(post.publication.channelId, messageId), { body });
      return 'done';
    } catch (error) {
      if (!(error instanceof DiscordAPIError) || error.status === 429 || error.status >= 500) throw error;
      if (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownChannel) {
        this.#postDeleted(post);
        return 'gone';
      }
      // Other 4xx (missing access, invalid body …) will not heal by retrying; the next change tries again.
      this.#deps.logger.error({ err: error, messageId, guildId: post.publication.guildId }, 'footer edit refused');
      return 'done';
    }
  }

  // ---- settings and loading ----

  #rulesFor(guildId: string): LikeRules {
    let rules = this.#rules.get(guildId);
    if (!rules) {
      const settings = this.#settings.get(guildId) ?? guildLikeSettings(defaultGuildSettings);
      rules = { likeKeys: settings.likeKeys, countOwnLikes: settings.countOwnLikes, botUserId: this.#botUserId };
      this.#rules.set(guildId, rules);
    }
    return rules;
  }

  #setBotUser(botUserId: string | undefined): void {
    if (!botUserId || botUserId === this.#botUserId) return;
    this.#botUserId = botUserId;
    this.#rules.clear();
  }

  async #ensureSettings(guildId: string): Promise<void> {
    if (!this.#settings.has(guildId)) await this.#loadSettings(guildId);
  }

  async #loadSettings(guildId: string): Promise<void> {
    const settings = await this.#deps.store.settings.get(guildId);
    this.#settings.set(guildId, guildLikeSettings(settings));
    this.#rules.delete(guildId);
  }

  /** Drops likes the guild's settings no longer accept. Returns true when the like count changed. */
  #applySettings(target: LikeTarget, settings: GuildLikeSettings): boolean {
    const before = target.tally.count;
    let changed = target.tally.retainEmoji(settings.likeKeys);
    if (!settings.countOwnLikes && target.tally.removeUser(target.authorId())) changed = true;
    if (changed) this.#writer.markDirty(target);
    return target.tally.count !== before;
  }

  /** Loads a post once: concurrent calls share the load, so no event lands on a state that is then replaced. */
  async #ensurePost(publication: Publication): Promise<void> {
    if (this.#posts.has(publication.messageId)) return;
    let loading = this.#loading.get(publication.messageId);
    if (!loading) {
      loading = this.#loadPost(publication).finally(() => this.#loading.delete(publication.messageId));
      this.#loading.set(publication.messageId, loading);
    }
    await loading;
  }

  async #loadPost(publication: Publication): Promise<void> {
    const { store } = this.#deps;
    const post = createPostState(publication);
    post.deleted = this.#deletedIds.has(deletedEntry.post(publication.messageId));
    post.threadDeleted = publication.threadId !== null && this.#deletedIds.has(deletedEntry.thread(publication.threadId));
    const likeKeys = this.#rulesFor(publication.guildId).likeKeys;
    const [, storedResponses] = await Promise.all([
      loadTally(store, post, likeKeys, this.#userIds),
      publication.threadId ? store.responses.list(publication.threadId) : Promise.resolve([]),
    ]);
    const responses = storedResponses
      .filter((stored) => stored.messageId !== publication.messageId)
      .map((stored) => createResponseState(post, stored));
    await Promise.all(responses.map((response) => loadTally(store, response, likeKeys, this.#userIds)));
    for (const response of responses) post.responses.set(response.messageId, response);
    this.#index(post);
  }

  #index(post: PostState): void {
    this.#posts.set(post.messageId, post);
    this.#targets.set(post.messageId, post);
    if (post.publication.threadId) this.#postsByThread.set(post.publication.threadId, post);
    for (const response of post.responses.values()) this.#targets.set(response.messageId, response);
    let guildPosts = this.#postsByGuild.get(post.publication.guildId);
    if (!guildPosts) {
      guildPosts = new Set();
      this.#postsByGuild.set(post.publication.guildId, guildPosts);
    }
    guildPosts.add(post);
    this.#guildCounts.delete(post.publication.guildId);
  }

  #updatePublication(post: PostState, publication: Publication): void {
    const previousThread = post.publication.threadId;
    post.publication = publication;
    if (previousThread !== publication.threadId) {
      if (previousThread && this.#postsByThread.get(previousThread) === post) this.#postsByThread.delete(previousThread);
      if (publication.threadId) this.#postsByThread.set(publication.threadId, post);
    }
  }
}

function responseFrom(message: Message): StoredResponse {
  return {
    messageId: message.id,
    threadId: message.channelId,
    authorId: message.author.id,
    authorName: message.member?.displayName ?? message.author.globalName ?? message.author.username,
    content: message.content,
    createdAt: message.createdAt.toISOString(),
    editedAt: message.editedAt?.toISOString() ?? null,
  };
}

function newestFirst(a: ResponseView, b: ResponseView): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return compareSnowflakes(b.messageId, a.messageId);
}

function compareSnowflakes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
