/** A store that cannot be opened or written at start: its message is one line an operator can act on. */
export class StoreUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUrlError';
  }
}
