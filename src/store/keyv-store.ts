import type Keyv from 'keyv';
import { CachedGuildSettings } from './cached-guild-settings.js';
import { KeyedSerializer } from '../keyed-serializer.js';
import { assertOwnsGuild, ownsEveryGuild, type OwnsGuild } from './guild-ownership.js';
import { catalogueKeys, KeyvCatalogueRepository } from './keyv-catalogue-repository.js';
import { likeSetEngagementRecords } from './keyv-engagement-records.js';
import { keyvSharedSet, type SharedSet } from './shared-set.js';
import {
  defaultGuildSettings,
  type GuildSettings,
  type GuildSettingsRepository,
  type LikeRepository,
  type Publication,
  type PublicationRepository,
  type ResponseRepository,
  type Store,
  type StoredResponse,
} from './ports.js';

/**
 * Key layout (one keyv namespace, values are JSON):
 *   settings:<guildId>              GuildSettings
 *   publication:<messageId>         Publication
 *   publication-thread:<threadId>   messageId
 *   publications-of:<guildId>       messageId[] in the order they were first saved
 *   publication-guilds              guildId[] (a server store keeps this set in its own atomic structure instead)
 *   likes:<targetId>                userId[] (a set)
 *   responses:<threadId>            StoredResponse[] oldest first
 */
const keys = {
  settings: (guildId: string) => `settings:${guildId}`,
  publication: (messageId: string) => `publication:${messageId}`,
  publicationThread: (threadId: string) => `publication-thread:${threadId}`,
  publicationsOf: (guildId: string) => `publications-of:${guildId}`,
  publicationGuilds: 'publication-guilds',
  likes: (targetId: string) => `likes:${targetId}`,
  responses: (threadId: string) => `responses:${threadId}`,
};

async function getList(keyv: Keyv, key: string): Promise<string[]> {
  const value: unknown = await keyv.get(key);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The live connection; a reopen swaps it, and every repository reads it at each call. */
interface KeyvHolder {
  keyv: Keyv;
  /** The set of guilds with publications: written by every process, so atomic on a server store. */
  publicationGuilds: SharedSet;
  /** The slugs of the shared catalogue (keyv-catalogue-repository.ts): every process adds to it. */
  catalogueSlugs: SharedSet;
}

export interface KeyvConnection {
  keyv: Keyv;
  close(): Promise<void>;
  /**
   * A set several processes may add to at once, added to atomically by the server. Without it (SQLite, memory: one
   * writing process) the set is a keyv list behind the process's keyed queue.
   */
  sharedSet?(name: string): SharedSet;
}

/** What opens (and reopens) the keyv a store works on. */
export interface KeyvConnector {
  /** Names the store in log lines and errors: a file, or a URL without its password. */
  location: string;
  open(): Promise<KeyvConnection>;
}

export interface KeyvStoreOptions {
  /** The guilds this process writes (default: all); a write to another guild is refused. See guild-ownership.ts. */
  ownsGuild?: OwnsGuild;
}

class KeyvSettings implements GuildSettingsRepository {
  constructor(
    private readonly db: KeyvHolder,
    private readonly ownsGuild: OwnsGuild,
  ) {}

  async get(guildId: string): Promise<GuildSettings> {
    const stored: unknown = await this.db.keyv.get(keys.settings(guildId));
    const defaults = { ...defaultGuildSettings, likeEmojis: [...defaultGuildSettings.likeEmojis] };
    if (stored === null || typeof stored !== 'object') return defaults;
    // Stored before a setting existed: the missing ones take their defaults.
    return { ...defaults, ...stored };
  }

  async set(guildId: string, settings: GuildSettings): Promise<void> {
    assertOwnsGuild(this.ownsGuild, guildId, 'the settings');
    await this.db.keyv.set(keys.settings(guildId), { ...settings, likeEmojis: [...settings.likeEmojis] });
  }
}

class KeyvPublications implements PublicationRepository {
  constructor(
    private readonly db: KeyvHolder,
    private readonly queue: KeyedSerializer,
    private readonly ownsGuild: OwnsGuild,
  ) {}

  async save(publication: Publication): Promise<void> {
    // Every key below but the guild set belongs to this guild (or its messages), so its owner is its only writer.
    assertOwnsGuild(this.ownsGuild, publication.guildId, 'a publication');
    // Index updates touch shared lists; one saver at a time keeps them consistent.
    await this.queue.run('publications', async () => {
      const previous = await this.byMessage(publication.messageId);
      if (previous?.threadId && previous.threadId !== publication.threadId) {
        await this.db.keyv.delete(keys.publicationThread(previous.threadId));
      }
      await this.db.keyv.set(keys.publication(publication.messageId), { ...publication });
      if (publication.threadId) await this.db.keyv.set(keys.publicationThread(publication.threadId), publication.messageId);
      if (previous && previous.guildId !== publication.guildId) {
        const old = await getList(this.db.keyv, keys.publicationsOf(previous.guildId));
        await this.db.keyv.set(
          keys.publicationsOf(previous.guildId),
          old.filter((id) => id !== publication.messageId),
        );
      }
      const ofGuild = await getList(this.db.keyv, keys.publicationsOf(publication.guildId));
      if (!ofGuild.includes(publication.messageId)) {
        await this.db.keyv.set(keys.publicationsOf(publication.guildId), [...ofGuild, publication.messageId]);
      }
      await this.db.publicationGuilds.add(publication.guildId);
    });
  }

  async byMessage(messageId: string): Promise<Publication | undefined> {
    const value: unknown = await this.db.keyv.get(keys.publication(messageId));
    return isPublication(value) ? value : undefined;
  }

  async byThread(threadId: string): Promise<Publication | undefined> {
    const messageId: unknown = await this.db.keyv.get(keys.publicationThread(threadId));
    return typeof messageId === 'string' ? this.byMessage(messageId) : undefined;
  }

  async byGuildAndSlug(guildId: string, slug: string): Promise<Publication[]> {
    return (await this.listGuild(guildId)).filter((p) => p.slug === slug);
  }

  async listGuild(guildId: string): Promise<Publication[]> {
    const ids = await getList(this.db.keyv, keys.publicationsOf(guildId));
    if (ids.length === 0) return [];
    const values: unknown[] = await this.db.keyv.getMany(ids.map(keys.publication));
    return values.filter(isPublication);
  }

  async listAll(): Promise<Publication[]> {
    const guilds = await this.db.publicationGuilds.members();
    const lists = await Promise.all(guilds.map((guildId) => this.listGuild(guildId)));
    return lists.flat();
  }
}

function isPublication(value: unknown): value is Publication {
  return (
    value !== null &&
    typeof value === 'object' &&
    'messageId' in value &&
    typeof value.messageId === 'string' &&
    'guildId' in value &&
    typeof value.guildId === 'string'
  );
}

class KeyvLikes implements LikeRepository {
  constructor(
    private readonly db: KeyvHolder,
    private readonly queue: KeyedSerializer,
  ) {}

  add(targetId: string, userId: string): Promise<boolean> {
    const key = keys.likes(targetId);
    return this.queue.run(key, async () => {
      const users = await getList(this.db.keyv, key);
      if (users.includes(userId)) return false;
      await this.db.keyv.set(key, [...users, userId]);
      return true;
    });
  }

  remove(targetId: string, userId: string): Promise<boolean> {
    const key = keys.likes(targetId);
    return this.queue.run(key, async () => {
      const users = await getList(this.db.keyv, key);
      if (!users.includes(userId)) return false;
      const rest = users.filter((id) => id !== userId);
      if (rest.length === 0) await this.db.keyv.delete(key);
      else await this.db.keyv.set(key, rest);
      return true;
    });
  }

  clear(targetId: string): Promise<void> {
    const key = keys.likes(targetId);
    return this.queue.run(key, async () => {
      await this.db.keyv.delete(key);
    });
  }

  async users(targetId: string): Promise<ReadonlySet<string>> {
    const key = keys.likes(targetId);
    // Read behind any queued change, so a caller sees its own earlier add/remove.
    return this.queue.run(key, async () => new Set(await getList(this.db.keyv, key)));
  }

  /**
   * Every key of the batch is held in its queue (after the changes queued before it), then the sets are written
   * in one setMany: one statement on PostgreSQL, one round trip on Redis, instead of one per set. The keys are
   * queued in one synchronous loop, so two batches over the same keys queue in the same order and never wait
   * on each other crosswise.
   */
  async replaceMany(sets: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
    if (sets.size === 0) return;
    let release: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (release = resolve));
    const held: Promise<void>[] = [];
    const queued: Promise<void>[] = [];
    for (const targetId of sets.keys()) {
      held.push(
        new Promise<void>((resolve) => {
          const hold = async (): Promise<void> => {
            resolve();
            await written;
          };
          queued.push(this.queue.run(keys.likes(targetId), hold));
        }),
      );
    }
    try {
      await Promise.all(held);
      const entries = [...sets].filter(([, users]) => users.size > 0).map(([targetId, users]) => ({ key: keys.likes(targetId), value: [...users] }));
      const emptied = [...sets].filter(([, users]) => users.size === 0).map(([targetId]) => keys.likes(targetId));
      await Promise.all([entries.length > 0 ? this.db.keyv.setMany(entries) : undefined, emptied.length > 0 ? this.db.keyv.delete(emptied) : undefined]);
    } finally {
      release();
      await Promise.all(queued);
    }
  }
}

function byCreation(a: StoredResponse, b: StoredResponse): number {
  return a.createdAt.localeCompare(b.createdAt) || a.messageId.localeCompare(b.messageId);
}

function isStoredResponse(value: unknown): value is StoredResponse {
  return value !== null && typeof value === 'object' && 'messageId' in value && typeof value.messageId === 'string';
}

class KeyvResponses implements ResponseRepository {
  constructor(
    private readonly db: KeyvHolder,
    private readonly queue: KeyedSerializer,
  ) {}

  upsert(response: StoredResponse): Promise<void> {
    const key = keys.responses(response.threadId);
    return this.queue.run(key, async () => {
      const existing = await this.read(key);
      const rest = existing.filter((r) => r.messageId !== response.messageId);
      await this.db.keyv.set(key, [...rest, { ...response }].sort(byCreation));
    });
  }

  remove(threadId: string, messageId: string): Promise<boolean> {
    const key = keys.responses(threadId);
    return this.queue.run(key, async () => {
      const existing = await this.read(key);
      const rest = existing.filter((r) => r.messageId !== messageId);
      if (rest.length === existing.length) return false;
      if (rest.length === 0) await this.db.keyv.delete(key);
      else await this.db.keyv.set(key, rest);
      return true;
    });
  }

  /** Oldest first. */
  list(threadId: string): Promise<StoredResponse[]> {
    const key = keys.responses(threadId);
    return this.queue.run(key, () => this.read(key));
  }

  private async read(key: string): Promise<StoredResponse[]> {
    const value: unknown = await this.db.keyv.get(key);
    return Array.isArray(value) ? value.filter(isStoredResponse) : [];
  }
}

/**
 * A Store over any keyv connection: the adapter behind it (Map, SQLite, Redis …) is the connector's choice. Guild
 * settings are cached in memory, so one process must own the settings (writes from elsewhere are not seen).
 */
export async function createKeyvStore(connector: KeyvConnector, options: KeyvStoreOptions = {}): Promise<Store> {
  const queue = new KeyedSerializer();
  const ownsGuild = options.ownsGuild ?? ownsEveryGuild;
  let connection = await connector.open();
  const holderOf = (opened: KeyvConnection): KeyvHolder => ({
    keyv: opened.keyv,
    publicationGuilds: opened.sharedSet?.(keys.publicationGuilds) ?? keyvSharedSet(opened, queue, keys.publicationGuilds),
    catalogueSlugs: opened.sharedSet?.(catalogueKeys.slugs) ?? keyvSharedSet(opened, queue, catalogueKeys.slugs),
  });
  const db = holderOf(connection);
  const likes = new KeyvLikes(db, queue);
  let closed: Promise<void> | null = null;
  let reopening: Promise<void> | null = null;
  return {
    location: connector.location,
    settings: new CachedGuildSettings(new KeyvSettings(db, ownsGuild)),
    publications: new KeyvPublications(db, queue, ownsGuild),
    likes,
    engagementRecords: likeSetEngagementRecords(likes),
    responses: new KeyvResponses(db, queue),
    catalogue: new KeyvCatalogueRepository(db),
    reopen() {
      // A connection that failed may stay broken (a file opened read-only stays read-only): start a new one.
      reopening ??= (async () => {
        const previous = connection;
        connection = await connector.open();
        Object.assign(db, holderOf(connection));
        await previous.close().catch(() => undefined);
      })().finally(() => {
        reopening = null;
      });
      return reopening;
    },
    close() {
      closed ??= queue.idle().then(() => connection.close());
      return closed;
    },
  };
}
