import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { MemberFacingError } from '../../src/domain/member-facing-error.js';
import { ReviewValidationError } from '../../src/domain/validate-review.js';
import { ImportError } from '../../src/importer/index.js';
import { memberMessageOf } from '../../src/discord/dispatcher.js';

describe('memberMessageOf', () => {
  it('passes the member-facing messages through and hides everything else', () => {
    expect(memberMessageOf(new MemberFacingError('Pick a review.'))).toBe('Pick a review.');
    expect(memberMessageOf(new ReviewValidationError([{ field: 'year', message: 'must be at most 2099' }]))).toBe(
      'The review was refused: year must be at most 2099.',
    );
    expect(memberMessageOf(new ImportError('no track listing found', 12))).toBe("That blog post can't be imported: line 12: no track listing found.");
    expect(memberMessageOf(new Error('SQLITE_BUSY'))).toBeNull();
    const forbidden = new DiscordAPIError({ code: 50013, message: 'Missing Permissions' }, 50013, 403, 'POST', '/channels/1/messages', {});
    expect(memberMessageOf(forbidden)).toContain('I am missing a permission in this channel');
  });
});
