import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultGuildSettings, type Publication, type Store, type StoredResponse } from '../../src/store/index.js';
import { memoryCase, persistentStoreCases, type StorePlace } from './helpers/store-cases.js';

function publication(overrides: Partial<Publication> = {}): Publication {
  return {
    guildId: 'g1',
    slug: 'great-soundtracks-of-1985-rocky-iv',
    channelId: 'c1',
    messageId: 'm1',
    threadId: 't1',
    postedBy: 'admin',
    postedAt: '2024-05-01T12:00:00.000Z',
    withdrawn: false,
    ...overrides,
  };
}

function response(overrides: Partial<StoredResponse> = {}): StoredResponse {
  return {
    messageId: 'r1',
    threadId: 't1',
    authorId: 'u1',
    authorName: 'Ana',
    content: 'Burning Heart is the best one.',
    createdAt: '2024-05-01T12:01:00.000Z',
    editedAt: null,
    ...overrides,
  };
}

const stores = [...persistentStoreCases('the store'), memoryCase];

describe.each(stores)('the $name store', (storeCase) => {
  let place: StorePlace;
  let store: Store;

  beforeEach(async () => {
    place = storeCase.place();
    store = await place.open();
  });

  afterEach(async () => {
    await store.close();
    place.dispose();
  });

  describe('settings', () => {
    it('gives defaults to a guild never configured, as a copy callers cannot corrupt', async () => {
      const settings = await store.settings.get('new-guild');
      expect(settings).toEqual(defaultGuildSettings);
      settings.likeEmojis.push('🔥');
      expect((await store.settings.get('new-guild')).likeEmojis).toEqual(['👍']);
      expect(defaultGuildSettings.likeEmojis).toEqual(['👍']);
    });

    it('stores settings per guild', async () => {
      await store.settings.set('g1', { reviewsChannelId: 'c9', likeEmojis: ['👍', 'heart:123'], adminRoleId: 'r1', countOwnLikes: false });
      expect(await store.settings.get('g1')).toEqual({
        reviewsChannelId: 'c9',
        likeEmojis: ['👍', 'heart:123'],
        adminRoleId: 'r1',
        countOwnLikes: false,
      });
      expect(await store.settings.get('g2')).toEqual(defaultGuildSettings);
    });
  });

  describe('publications', () => {
    it('finds a publication by message, thread, guild and slug', async () => {
      await store.publications.save(publication());
      await store.publications.save(publication({ messageId: 'm2', threadId: 't2', slug: 'other' }));
      await store.publications.save(publication({ guildId: 'g2', messageId: 'm3', threadId: null }));

      expect(await store.publications.byMessage('m1')).toEqual(publication());
      expect((await store.publications.byThread('t2'))?.messageId).toBe('m2');
      expect(await store.publications.byThread('unknown')).toBeUndefined();
      expect(await store.publications.byMessage('unknown')).toBeUndefined();
      expect((await store.publications.byGuildAndSlug('g1', 'great-soundtracks-of-1985-rocky-iv')).map((p) => p.messageId)).toEqual(['m1']);
      expect((await store.publications.listGuild('g1')).map((p) => p.messageId)).toEqual(['m1', 'm2']);
      expect(await store.publications.listGuild('g3')).toEqual([]);
      expect((await store.publications.listAll()).map((p) => p.messageId).sort()).toEqual(['m1', 'm2', 'm3']);
    });

    it('updates a publication in place (withdrawn, a new thread) without duplicating it in the indexes', async () => {
      await store.publications.save(publication());
      await store.publications.save(publication({ withdrawn: true, threadId: 't9' }));
      expect(await store.publications.listAll()).toEqual([publication({ withdrawn: true, threadId: 't9' })]);
      expect(await store.publications.byThread('t1')).toBeUndefined();
      expect((await store.publications.byThread('t9'))?.withdrawn).toBe(true);
    });

    it('keeps every one of many concurrent saves', async () => {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.publications.save(publication({ messageId: `m${i}`, threadId: `t${i}`, guildId: `g${i % 3}` }))),
      );
      expect(await store.publications.listAll()).toHaveLength(50);
      expect(await store.publications.listGuild('g0')).toHaveLength(17);
    });
  });

  describe('responses', () => {
    it('upserts by message id, lists oldest first, removes', async () => {
      await store.responses.upsert(response({ messageId: 'r2', createdAt: '2024-05-01T12:05:00.000Z', content: 'Second' }));
      await store.responses.upsert(response());
      await store.responses.upsert(response({ messageId: 'r9', threadId: 't2' }));
      await store.responses.upsert(response({ content: 'Edited', editedAt: '2024-05-01T13:00:00.000Z' }));

      const listed = await store.responses.list('t1');
      expect(listed.map((r) => [r.messageId, r.content])).toEqual([
        ['r1', 'Edited'],
        ['r2', 'Second'],
      ]);
      expect(listed[0]?.editedAt).toBe('2024-05-01T13:00:00.000Z');
      expect(await store.responses.remove('t1', 'r1')).toBe(true);
      expect(await store.responses.remove('t1', 'r1')).toBe(false);
      expect(await store.responses.remove('nowhere', 'r1')).toBe(false);
      expect((await store.responses.list('t1')).map((r) => r.messageId)).toEqual(['r2']);
      expect((await store.responses.list('t2')).map((r) => r.messageId)).toEqual(['r9']);
      expect(await store.responses.list('empty')).toEqual([]);
    });

    it('keeps every one of many concurrent upserts in one thread', async () => {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          store.responses.upsert(
            response({ messageId: `r${String(i).padStart(3, '0')}`, createdAt: `2024-05-01T12:00:${String(i % 60).padStart(2, '0')}.000Z` }),
          ),
        ),
      );
      expect(await store.responses.list('t1')).toHaveLength(100);
    });
  });
});
