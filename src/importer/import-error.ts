import { MemberFacingError } from '../domain/member-facing-error.js';

/** Why a blog post cannot be imported; `line` is 1-based in the post where one applies. */
export class ImportError extends MemberFacingError {
  override readonly name: string = 'ImportError';
  readonly line: number | null;

  constructor(message: string, line: number | null = null) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.line = line;
  }

  /** The CLI shows `message` after the file's name; a member who pasted a post reads it as a sentence. */
  override get memberMessage(): string {
    return `That blog post can't be imported: ${this.message}.`;
  }
}
