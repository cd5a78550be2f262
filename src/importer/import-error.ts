/** Why a blog post cannot be imported; `line` is 1-based in the post where one applies. */
export class ImportError extends Error {
  readonly line: number | null;

  constructor(message: string, line: number | null = null) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'ImportError';
    this.line = line;
  }
}
