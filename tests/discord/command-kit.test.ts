import { describe, expect, it } from 'vitest';
import { isCommandModule } from '../../src/discord/command-kit.js';

describe('isCommandModule', () => {
  it('tells junk from a command module', () => {
    for (const junk of [
      null,
      1,
      'x',
      {},
      { definition: { name: 'x', description: 'y' } },
      { definition: { name: 'x', description: 'y' }, handlers: { run: {} } },
    ]) {
      expect(isCommandModule(junk)).toBe(false);
    }
  });
});
