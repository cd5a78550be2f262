import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxArgsError, parseSandboxArgs } from '../../src/sandbox/run.js';

describe('parseSandboxArgs', () => {
  it('reads --port and --data-dir, both optional', () => {
    expect(parseSandboxArgs([])).toEqual({});
    expect(parseSandboxArgs(['--port', '0'])).toEqual({ port: 0 });
    expect(parseSandboxArgs(['--port=9000', '--data-dir', 'tmp/sandbox'])).toEqual({ port: 9000, dataDir: resolve('tmp/sandbox') });
  });

  it('refuses anything else with a message saying what it takes', () => {
    for (const [args, message] of [
      [['--port', 'abc'], '--port must be a port number (0-65535; 0 picks a free one), got "abc"'],
      [['--port', '70000'], '--port must be a port number (0-65535; 0 picks a free one), got "70000"'],
      [['--token', 'x'], 'the sandbox takes --port N and --data-dir DIR'],
      [['extra'], 'the sandbox takes --port N and --data-dir DIR'],
    ] as const) {
      expect(() => parseSandboxArgs(args)).toThrow(SandboxArgsError);
      expect(() => parseSandboxArgs(args)).toThrow(message);
    }
  });
});
