import { describe, expect, it } from 'vitest';
import type { Publication } from '../../src/domain/publication.js';
import { MemberFacingError } from '../../src/domain/member-facing-error.js';
import { editReview } from '../../src/reviews/edit-review.js';
import { PublicationIndex } from '../../src/reviews/publication-index.js';
import { loveAlbum, makeReview, rockyIV, visionQuest } from '../domain/fixtures.js';
import { capturedLogger, memoryCatalogue } from './fake-ports.js';

const post = (slug: string, messageId: string, withdrawn = false): Publication => ({
  guildId: 'g1',
  slug,
  channelId: 'reviews',
  messageId,
  threadId: `t-${messageId}`,
  postedBy: 'admin',
  postedAt: '2025-06-01T12:00:00.000Z',
  withdrawn,
});

const otherOne = makeReview({ slug: 'other-one', title: 'Other: One', series: 'Other', subject: 'One', addedAt: '2023-01-01T00:00:00.000Z' });

function world() {
  const catalogue = memoryCatalogue([visionQuest, rockyIV, loveAlbum, otherOne]);
  const publications = new PublicationIndex([
    post(rockyIV.slug, 'r1'),
    post(rockyIV.slug, 'r0', true),
    post(visionQuest.slug, 'v1'),
    post(loveAlbum.slug, 'l1'),
    post(otherOne.slug, 'o1'),
  ]);
  const refreshed: string[] = [];
  const { logger } = capturedLogger();
  return { ports: { catalogue, publications, engagement: { refresh: (messageId: string) => void refreshed.push(messageId) }, logger }, catalogue, refreshed };
}

describe('editReview', () => {
  it('saves the review and re-renders its live posts and those of its series neighbours', async () => {
    const { ports, catalogue, refreshed } = world();
    const edited = { ...rockyIV, body: ['Rewritten.'] };
    expect(await editReview(ports, edited)).toBe(1);
    expect(await catalogue.read(rockyIV.slug)).toEqual(edited);
    expect(refreshed).toEqual(['r1', 'v1']);
  });

  it('re-renders the neighbours it leaves and the ones it joins when its series changes', async () => {
    const { ports, refreshed } = world();
    // Out of the 1985 soundtracks (Vision Quest loses its next) and into Other, after One.
    const moved = { ...rockyIV, title: 'Other: Rocky IV', series: 'Other' };
    await editReview(ports, moved);
    expect(refreshed.sort()).toEqual(['o1', 'r1', 'v1']);
  });

  it('saves nothing for a review deleted meanwhile', async () => {
    const { ports, catalogue } = world();
    await catalogue.remove(rockyIV.slug);
    await expect(editReview(ports, rockyIV)).rejects.toThrow(new MemberFacingError('That review was deleted meanwhile; nothing was saved.'));
    expect(catalogue.get(rockyIV.slug)).toBeUndefined();
  });
});
