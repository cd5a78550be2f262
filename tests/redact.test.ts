import { describe, expect, it } from 'vitest';
import { isSecretName, redactDeep, redactSecrets, redactUrl } from '../src/redact.js';

// Shaped like a Discord bot token (base64 id, timestamp, HMAC), not a real one.
const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab';

describe('redactUrl', () => {
  it.each([
    ['postgres://user:pass@db.example:5432/liner', 'postgres://[redacted]@db.example:5432/liner'],
    ['redis://:s3cret@cache:6379/0', 'redis://[redacted]@cache:6379/0'],
    ['http://admin@127.0.0.1:8787/api', 'http://[redacted]@127.0.0.1:8787/api'],
    ['mysql://user:p@ss@host/db', 'mysql://[redacted]@host/db'],
    ['redis://:pa/ss@cache:6379', 'redis://[redacted]@cache:6379'],
    ['https://api.example/v1?token=abc123&page=2', 'https://api.example/v1?token=[redacted]&page=2'],
    [
      'https://x.example/?api_key=k&Key=k2&sig=s&password=p&user=ann',
      'https://x.example/?api_key=[redacted]&Key=[redacted]&sig=[redacted]&password=[redacted]&user=ann',
    ],
    ['https://x.example/cb#access_token=abc&state=1', 'https://x.example/cb#access_token=[redacted]&state=1'],
    [
      'https://discord.com/api/v10/webhooks/1234567890/aW50ZXJhY3Rpb246MTIz/messages/@original',
      'https://discord.com/api/v10/webhooks/1234567890/[redacted]/messages/@original',
    ],
    ['https://discord.com/api/v10/interactions/99887766/aW50ZXJhY3Rpb24/callback', 'https://discord.com/api/v10/interactions/99887766/[redacted]/callback'],
    [`http://127.0.0.1:8787/${token}`, 'http://127.0.0.1:8787/[redacted]'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('keeps a URL without secrets exactly as written, port and path included', () => {
    for (const url of [
      'http://127.0.0.1:8787/api',
      'sqlite://data/liner-notes.sqlite',
      'https://discord.com/channels/1/2/3',
      'memory:',
      'https://example.com/?page=2&q=a@b',
    ]) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('masks a token pasted where a URL belongs', () => {
    expect(redactUrl(token)).toBe('[redacted]');
  });
});

describe('redactSecrets', () => {
  it('masks a Discord bot token inside a sentence', () => {
    expect(redactSecrets(`login failed for ${token}: 401`)).toBe('login failed for [redacted]: 401');
  });

  it('masks URL credentials and secret parameters inside free text', () => {
    expect(redactSecrets('could not open postgres://liner:hunter2@db:5432/x (ECONNREFUSED)')).toBe(
      'could not open postgres://[redacted]@db:5432/x (ECONNREFUSED)',
    );
    expect(redactSecrets('GET "https://h.example/a?token=t0k3n" failed')).toBe('GET "https://h.example/a?token=[redacted]" failed');
  });

  it('masks Authorization credentials and NAME=value pairs named like a secret', () => {
    expect(redactSecrets('authorization: Bot abcdefghijklmnopqrstuvwxyz')).toBe('authorization: Bot [redacted]');
    expect(redactSecrets('header Bearer abcdefghijklmnopqrstuvwxyz0123')).toBe('header Bearer [redacted]');
    expect(redactSecrets('DISCORD_TOKEN=short-but-secret STORE_URL=memory:')).toBe('DISCORD_TOKEN=[redacted] STORE_URL=memory:');
    expect(redactSecrets('{"password": "hunter2", "user": "ann"}')).toBe('{"password": [redacted], "user": "ann"}');
  });

  it('leaves ordinary text alone', () => {
    for (const text of [
      'DISCORD_TOKEN is not set: the bot token from the Developer Portal (your application → Bot → Reset Token)',
      'Great Soundtracks of 1985: Rocky IV',
      'review posted in 123456789012345678',
      'version 1.2.3 of node_modules/discord.js/src/client.js',
      'The review was refused: title is made only of invisible characters',
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});

describe('redactDeep', () => {
  it('masks strings at any depth and fields named like a secret, leaving other fields and non-plain objects', () => {
    const error = new Error(`bad ${token}`);
    const input = { url: 'redis://:pw@h:1', nested: { list: [`x ${token}`], apiKey: 'k', reviewKey: 'rocky-iv', authorId: '1' }, count: 3, error };
    const output = redactDeep(input);
    expect(output).toEqual({
      url: 'redis://[redacted]@h:1',
      nested: { list: ['x [redacted]'], apiKey: '[redacted]', reviewKey: 'rocky-iv', authorId: '1' },
      count: 3,
      error,
    });
    expect(output.error).toBe(error);
    expect(input.nested.apiKey).toBe('k');
  });
});

describe('isSecretName', () => {
  it('knows secret field names and leaves look-alikes', () => {
    expect(['token', 'DISCORD_TOKEN', 'interactionToken', 'password', 'client_secret', 'api_key', 'authorization'].every(isSecretName)).toBe(true);
    expect(['reviewKey', 'seriesKey', 'authorId', 'author', 'count'].some(isSecretName)).toBe(false);
  });
});
