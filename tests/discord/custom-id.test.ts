import { describe, expect, it } from 'vitest';
import {
  customIdMaxLength,
  decodeCustomId,
  encodeCustomId,
  matchesReviewKey,
  reviewKeyOf,
  seriesKeyOf,
  type ComponentState,
} from '../../src/discord/custom-id.js';

const owner = '123456789012345678';
const expiresAt = 1_900_000_000_000;

describe('custom ids', () => {
  const states: ComponentState[] = [
    { kind: 'read', reviewKey: 'great-soundtracks-of-1985-rocky-iv', page: 2, ownerId: owner, expiresAt },
    { kind: 'list', seriesKey: seriesKeyOf('Great Soundtracks of 1985'), page: 0, ownerId: owner, expiresAt },
    { kind: 'list', seriesKey: seriesKeyOf(null), page: 3, ownerId: owner, expiresAt },
    { kind: 'post-confirm', reviewKey: 'rocky', channelId: '998877665544332211', ownerId: owner, expiresAt },
    { kind: 'post-cancel', ownerId: owner },
    { kind: 'draft', action: 'publish', draftId: 'abc123', ownerId: owner },
    { kind: 'delete-confirm', reviewKey: 'rocky', ownerId: owner, expiresAt },
    { kind: 'delete-cancel', reviewKey: reviewKeyOf('a'.repeat(90)), ownerId: owner },
    { kind: 'form-reopen', formId: 'abc123', ownerId: owner },
    { kind: 'modal-new' },
    { kind: 'modal-draft', draftId: 'abc123' },
    { kind: 'modal-edit', reviewKey: 'rocky' },
  ];

  it.each(states)('round-trips $kind within Discord’s 100 characters', (state) => {
    const id = encodeCustomId(state);
    expect(id.length).toBeLessThanOrEqual(customIdMaxLength);
    expect(decodeCustomId(id)).toEqual(state);
  });

  it('fits the longest slug kept whole with two snowflakes and an expiry', () => {
    const slug = 'a'.repeat(40);
    const id = encodeCustomId({
      kind: 'post-confirm',
      reviewKey: reviewKeyOf(slug),
      channelId: '18446744073709551615',
      ownerId: '18446744073709551615',
      expiresAt,
    });
    expect(id.length).toBeLessThanOrEqual(customIdMaxLength);
    expect(decodeCustomId(id)).toMatchObject({ channelId: '18446744073709551615', ownerId: '18446744073709551615' });
  });

  it('returns null for foreign or tampered ids instead of throwing', () => {
    for (const id of [
      '',
      'hello',
      'ln1:read',
      'ln1:read:x:y:z:w',
      'ln1:draft:delete:abc:1',
      'ln1:form-reopen:abc',
      'ln1:delete-confirm:rocky:1',
      'ln2:modal-new',
      'ln1:nope:1',
    ]) {
      expect(decodeCustomId(id)).toBeNull();
    }
  });

  it('hashes long slugs and series names to short keys', () => {
    const long = 'a'.repeat(90);
    expect(reviewKeyOf(long).length).toBeLessThanOrEqual(11);
    expect(matchesReviewKey(long, reviewKeyOf(long))).toBe(true);
    expect(matchesReviewKey('other', reviewKeyOf(long))).toBe(false);
    expect(reviewKeyOf('rocky-iv')).toBe('rocky-iv');
    expect(seriesKeyOf('A')).not.toBe(seriesKeyOf('B'));
  });
});
