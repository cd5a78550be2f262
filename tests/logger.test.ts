import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

// Shaped like a Discord bot token, not a real one.
const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab';

function capture(): { lines: () => Record<string, unknown>[]; raw: () => string; logger: ReturnType<typeof createLogger> } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const raw = (): string => chunks.join('');
  return {
    logger,
    raw,
    lines: () =>
      raw()
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('replaces the fields that always hold a secret', () => {
    const { logger, lines } = capture();
    logger.info({ token: 'abc', config: { discordToken: 'def' }, request: { headers: { authorization: 'Bot ghi' } }, password: 'p' }, 'start');
    expect(lines()[0]).toMatchObject({
      token: '[redacted]',
      config: { discordToken: '[redacted]' },
      request: { headers: { authorization: '[redacted]' } },
      password: '[redacted]',
    });
  });

  it('masks a token or URL credentials anywhere in the message and the fields', () => {
    const { logger, lines, raw } = capture();
    logger.warn(
      { storeUrl: 'postgres://liner:hunter2@db:5432/x', detail: { note: `pasted ${token}` } },
      `could not connect to http://u:pw@127.0.0.1:1/api with ${token}`,
    );
    const [line] = lines();
    expect(line).toMatchObject({
      storeUrl: 'postgres://[redacted]@db:5432/x',
      detail: { note: 'pasted [redacted]' },
      msg: 'could not connect to http://[redacted]@127.0.0.1:1/api with [redacted]',
    });
    expect(raw()).not.toContain('hunter2');
    expect(raw()).not.toContain(token);
    expect(raw()).not.toContain(':pw@');
  });

  it('masks secrets in an error: its message, stack, own fields and cause', () => {
    const { logger, lines, raw } = capture();
    const cause = new Error('open postgres://liner:hunter2@db/x failed');
    const error = Object.assign(
      new Error(`Unknown interaction at https://discord.com/api/v10/webhooks/123/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original`, { cause }),
      {
        url: 'https://discord.com/api/v10/interactions/456/c2VjcmV0LXRva2Vu/callback',
        code: 10062,
      },
    );
    logger.error({ err: error, command: 'review' }, 'interaction failed');
    const [line] = lines();
    expect(line).toMatchObject({
      command: 'review',
      msg: 'interaction failed',
      err: {
        type: 'Error',
        // pino appends the cause's message.
        message: 'Unknown interaction at https://discord.com/api/v10/webhooks/123/[redacted]/messages/@original: open postgres://[redacted]@db/x failed',
        url: 'https://discord.com/api/v10/interactions/456/[redacted]/callback',
        code: 10062,
      },
    });
    expect(raw()).not.toContain('aW50ZXJhY3Rpb24tdG9rZW4');
    expect(raw()).not.toContain('c2VjcmV0LXRva2Vu');
    expect(raw()).not.toContain('hunter2');
  });

  it('masks the bindings of a child logger and printf-style arguments', () => {
    const { logger, raw } = capture();
    logger.child({ apiUrl: 'http://admin:pw@127.0.0.1:9/api' }).info('token is %s', token);
    expect(raw()).toContain('http://[redacted]@127.0.0.1:9/api');
    expect(raw()).toContain('token is [redacted]');
    expect(raw()).not.toContain(token);
  });

  it('leaves ordinary lines as they are', () => {
    const { logger, lines } = capture();
    logger.info({ slug: 'great-soundtracks-of-1985-rocky-iv', posts: 2, reviewKey: 'rocky', authorId: '123456789012345678' }, 'review edited');
    expect(lines()[0]).toMatchObject({
      slug: 'great-soundtracks-of-1985-rocky-iv',
      posts: 2,
      reviewKey: 'rocky',
      authorId: '123456789012345678',
      msg: 'review edited',
    });
  });
});
