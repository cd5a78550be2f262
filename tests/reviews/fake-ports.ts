import { Writable } from 'node:stream';
import type { Catalogue } from '../../src/catalogue/index.js';
import type { Publication } from '../../src/domain/publication.js';
import type { Review } from '../../src/domain/review.js';
import { KeyedSerializer } from '../../src/keyed-serializer.js';
import { createLogger } from '../../src/logger.js';
import type { PostChannel, PostedReview, ReviewPoster } from '../../src/reviews/ports.js';
import { PublicationIndex } from '../../src/reviews/publication-index.js';
import type { PublishPorts } from '../../src/reviews/publish-review.js';

/** The log lines written, parsed. */
export function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('debug', destination), lines };
}

/** A catalogue in memory holding the given reviews, in the order given. */
export function memoryCatalogue(reviews: Review[]): Catalogue {
  const bySlug = new Map(reviews.map((r) => [r.slug, r]));
  return {
    all: () => [...bySlug.values()],
    get: (slug) => bySlug.get(slug),
    read: (slug) => Promise.resolve(bySlug.get(slug)),
    add: (review) => {
      if (bySlug.has(review.slug)) return Promise.reject(new Error(`duplicate ${review.slug}`));
      bySlug.set(review.slug, review);
      return Promise.resolve();
    },
    update: (review) => {
      bySlug.set(review.slug, review);
      return Promise.resolve();
    },
    remove: (slug) => Promise.resolve(bySlug.delete(slug)),
    settled: () => Promise.resolve(),
  };
}

/** What the fake Discord was asked to do, in order. */
export type PosterCall =
  | { call: 'forum-post'; channelId: string; slug: string; name: string; tagIds: string[] }
  | { call: 'text-post'; channelId: string; slug: string; threadName: string }
  | { call: 'react'; messageId: string; emoji: string }
  | { call: 'take-down'; messageId: string };

/** A Discord of plain data: channels by id, and the ids of messages that are still there. */
export function fakePoster(channels: Record<string, { kind: 'forum'; tags: { id: string; name: string }[] } | { kind: 'text' } | { kind: 'other' }>) {
  const calls: PosterCall[] = [];
  const existing = new Set<string>();
  let nextId = 1;
  const posted = (channelId: string, forum: boolean): PostedReview => {
    const messageId = `m${nextId++}`;
    existing.add(messageId);
    const threadId = `t-${messageId}`;
    return {
      messageId,
      url: `https://discord.test/${channelId}/${messageId}`,
      channelId: forum ? threadId : channelId,
      threadId,
      react: (emoji) => {
        calls.push({ call: 'react', messageId, emoji });
        return Promise.resolve();
      },
      takeDown: () => {
        calls.push({ call: 'take-down', messageId });
        existing.delete(messageId);
        return Promise.resolve();
      },
    };
  };
  const poster: ReviewPoster = {
    channel(channelId) {
      return Promise.resolve(postChannel(channelId));
    },
    exists: (publication: Publication) => Promise.resolve(existing.has(publication.messageId)),
  };
  function postChannel(channelId: string): PostChannel | null {
    const channel = channels[channelId];
    if (!channel) return null;
    if (channel.kind === 'forum') {
      return {
        kind: 'forum',
        tags: channel.tags,
        post: (review, post) => {
          calls.push({ call: 'forum-post', channelId, slug: review.slug, ...post });
          return Promise.resolve(posted(channelId, true));
        },
      };
    }
    if (channel.kind === 'text') {
      return {
        kind: 'text',
        post: (review, post) => {
          calls.push({ call: 'text-post', channelId, slug: review.slug, ...post });
          return Promise.resolve(posted(channelId, false));
        },
      };
    }
    return { kind: 'other' };
  }
  return { poster, calls, existing };
}

/** Every port publishing uses, over memory, with what was saved, tracked and refreshed. */
export function publishPorts(reviews: Review[], poster: ReviewPoster, options: { saveFails?: boolean } = {}) {
  const saved: Publication[] = [];
  const tracked: Publication[] = [];
  const refreshed: string[] = [];
  const { logger, lines } = capturedLogger();
  const publications = new PublicationIndex();
  const ports: PublishPorts = {
    catalogue: memoryCatalogue(reviews),
    publications,
    store: {
      publications: {
        save: (publication) => {
          if (options.saveFails) return Promise.reject(new Error('SQLITE_BUSY: database is locked'));
          saved.push(publication);
          return Promise.resolve();
        },
      },
    },
    engagement: {
      track: (publication) => {
        tracked.push(publication);
        return Promise.resolve();
      },
      refresh: (messageId) => {
        refreshed.push(messageId);
      },
    },
    logger,
    postLock: new KeyedSerializer(),
    now: () => Date.parse('2025-06-01T12:00:00.000Z'),
    poster,
  };
  return { ports, saved, tracked, refreshed, publications, lines };
}
