import { MemberFacingError } from '../domain/member-facing-error.js';
import type { ButtonRow } from './render-review.js';

/**
 * A member-facing refusal that offers a way on: the dispatcher answers it like any MemberFacingError
 * (ephemerally, without pings) and puts its buttons under the message.
 */
export class RefusalWithButtons extends MemberFacingError {
  constructor(
    message: string,
    readonly components: ButtonRow[],
  ) {
    super(message);
  }
}
