import { describe, expect, it } from 'vitest';
import { MemberFacingError } from '../../src/domain/member-facing-error.js';
import { ReviewValidationError } from '../../src/domain/validate-review.js';
import { ImportError } from '../../src/importer/import-error.js';

describe('MemberFacingError and the errors meant for a member', () => {
  it('shows its message to the member as it is', () => {
    const error = new MemberFacingError('Pick a review.');
    expect(error.memberMessage).toBe('Pick a review.');
    expect(error.name).toBe('MemberFacingError');
  });

  it('is the base of a refused review, which keeps its plain message for the CLI and words one for the member', () => {
    const error = new ReviewValidationError([{ field: 'year', message: 'must be at most 2099' }]);
    expect(error).toBeInstanceOf(MemberFacingError);
    expect(error.name).toBe('ReviewValidationError');
    expect(error.message).toBe('year: must be at most 2099');
    expect(error.memberMessage).toBe('The review was refused: year must be at most 2099.');
  });

  it('is the base of an import refusal, which keeps its line in both wordings', () => {
    const error = new ImportError('no track listing found', 12);
    expect(error).toBeInstanceOf(MemberFacingError);
    expect(error.name).toBe('ImportError');
    expect(error.line).toBe(12);
    expect(error.message).toBe('line 12: no track listing found');
    expect(error.memberMessage).toBe("That blog post can't be imported: line 12: no track listing found.");
  });
});
