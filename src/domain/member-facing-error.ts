/**
 * An error a member caused (bad input, missing permission, unknown review). Its message is written for
 * the member and is shown to them as is, ephemerally; anything else is logged and answered with an apology.
 */
export class MemberFacingError extends Error {
  override readonly name = 'MemberFacingError';
}
