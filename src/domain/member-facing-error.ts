/**
 * An error a member caused (bad input, missing permission, unknown review). Its message is written for
 * the member and is shown to them as is, ephemerally; anything else is logged and answered with an apology.
 * Every error meant for a member extends it, so the dispatcher recognises them all with one `instanceof`.
 */
export class MemberFacingError extends Error {
  override readonly name: string = 'MemberFacingError';

  /**
   * What the member reads. The message itself, unless a subclass also serves readers other than members (the
   * CLI, the WordPress importer's report) and words it for a member here.
   */
  get memberMessage(): string {
    return this.message;
  }
}
