import { describe, expect, it } from 'vitest';
import type { Publication } from '../../src/domain/publication.js';
import { deleteReview } from '../../src/reviews/delete-review.js';
import { PublicationIndex } from '../../src/reviews/publication-index.js';
import { loveAlbum, rockyIV, visionQuest } from '../domain/fixtures.js';
import { capturedLogger, memoryCatalogue } from './fake-ports.js';

const post = (slug: string, messageId: string, guildId = 'g1'): Publication => ({
  guildId,
  slug,
  channelId: 'reviews',
  messageId,
  threadId: `t-${messageId}`,
  postedBy: 'admin',
  postedAt: '2025-06-01T12:00:00.000Z',
  withdrawn: false,
});

describe('deleteReview', () => {
  it('removes the review, keeps its posts marked withdrawn in every guild, and re-renders them and its series neighbours', async () => {
    const catalogue = memoryCatalogue([visionQuest, rockyIV, loveAlbum]);
    const publications = new PublicationIndex([
      post(rockyIV.slug, 'r1'),
      post(rockyIV.slug, 'r2', 'g2'),
      post(visionQuest.slug, 'v1'),
      post(loveAlbum.slug, 'l1'),
    ]);
    const saved: Publication[] = [];
    const refreshed: string[] = [];
    const { logger, lines } = capturedLogger();
    const ports = {
      catalogue,
      publications,
      store: {
        publications: {
          save: (p: Publication) => {
            saved.push(p);
            return Promise.resolve();
          },
        },
      },
      engagement: { refresh: (messageId: string) => void refreshed.push(messageId) },
      logger,
    };

    expect(await deleteReview(ports, rockyIV)).toBe(2);
    expect(catalogue.get(rockyIV.slug)).toBeUndefined();
    expect(saved.map((p) => [p.messageId, p.withdrawn])).toEqual([
      ['r1', true],
      ['r2', true],
    ]);
    expect(publications.ofReview(rockyIV.slug).every((p) => p.withdrawn)).toBe(true);
    // Its withdrawn posts keep the title they showed.
    expect(publications.removedTitle(rockyIV.slug)).toBe(rockyIV.title);
    expect(refreshed).toEqual(['r1', 'r2', 'v1']);
    expect(lines.find((l) => l.msg === 'review deleted')).toMatchObject({ slug: rockyIV.slug, posts: 2 });
  });
});
