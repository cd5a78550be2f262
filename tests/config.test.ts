import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

// Shaped like a Discord bot token, not a real one.
const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab';
const valid = { DISCORD_TOKEN: token, DISCORD_CLIENT_ID: '123456789012345678' };

function messageOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads a complete environment with defaults for the optional values', () => {
    expect(loadConfig(valid)).toEqual({
      discordToken: token,
      discordClientId: '123456789012345678',
      discordGuildId: null,
      discordApiUrl: null,
      storeUrl: undefined,
      logLevel: 'info',
      health: null,
      shards: null,
    });
    expect(
      loadConfig({ ...valid, DISCORD_GUILD_ID: '223456789012345678', DISCORD_API_URL: 'http://127.0.0.1:8787/api', STORE_URL: 'memory:', LOG_LEVEL: 'debug' }),
    ).toMatchObject({ discordGuildId: '223456789012345678', discordApiUrl: 'http://127.0.0.1:8787/api', storeUrl: 'memory:', logLevel: 'debug' });
  });

  it('says what to set when nothing is set, treating empty values as unset', () => {
    const error = errorOf({ DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '  ' });
    expect(error.missingToken).toBe(true);
    expect(error.message.split('\n')).toEqual([
      'DISCORD_TOKEN is not set: the bot token from the Developer Portal (your application → Bot → Reset Token)',
      'DISCORD_CLIENT_ID is not set: the application id (Developer Portal → General Information → Application ID)',
    ]);
  });

  it('names each malformed value without ever echoing the token', () => {
    const error = errorOf({ DISCORD_TOKEN: 'short secret', DISCORD_CLIENT_ID: 'abc', DISCORD_GUILD_ID: '12', DISCORD_API_URL: 'ftp://x', LOG_LEVEL: 'loud' });
    expect(error.missingToken).toBe(false);
    expect(error.message.split('\n')).toEqual([
      'DISCORD_TOKEN does not look like a bot token (too short or contains spaces)',
      'DISCORD_CLIENT_ID must be the application id: 17 to 20 digits',
      'DISCORD_GUILD_ID must be a server id: 17 to 20 digits',
      'DISCORD_API_URL must be an http(s) URL such as http://127.0.0.1:8787/api',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
    expect(error.message).not.toContain('secret');
    const withBadId = errorOf({ ...valid, DISCORD_CLIENT_ID: 'x' });
    expect(withBadId.message).not.toContain(token);
  });
});

describe('loadConfig and secrets', () => {
  it('refuses a DISCORD_API_URL with a user or password, without echoing them', () => {
    const message = messageOf({ ...valid, DISCORD_API_URL: `http://bot:${token}@127.0.0.1:8787/api` });
    expect(message).toBe('DISCORD_API_URL must not hold a user name or password (the bot authenticates with DISCORD_TOKEN); remove the part before "@"');
    expect(message).not.toContain(token);
  });

  it('never echoes a token pasted into the wrong setting', () => {
    for (const env of [
      { ...valid, DISCORD_API_URL: token },
      { ...valid, DISCORD_CLIENT_ID: token },
      { ...valid, DISCORD_GUILD_ID: token },
      { ...valid, LOG_LEVEL: token },
      { DISCORD_TOKEN: `${token} extra`, DISCORD_CLIENT_ID: '123456789012345678' },
    ]) {
      expect(messageOf(env)).not.toContain(token.slice(0, 20));
    }
  });
});

describe('loadConfig: health and metrics', () => {
  it('is off without HEALTH_PORT, and on 127.0.0.1 unless HEALTH_HOST says otherwise', () => {
    expect(loadConfig(valid).health).toBeNull();
    expect(loadConfig({ ...valid, HEALTH_PORT: '9464' }).health).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ ...valid, HEALTH_PORT: '9464', HEALTH_HOST: '0.0.0.0' }).health).toEqual({ host: '0.0.0.0', port: 9464 });
  });

  it('refuses a port that is not one, and a host with spaces or a scheme', () => {
    for (const port of ['0', '65536', 'http', '94.64', '-1']) {
      expect(messageOf({ ...valid, HEALTH_PORT: port })).toBe('HEALTH_PORT must be a port number from 1 to 65535 (unset turns health and metrics off)');
    }
    expect(messageOf({ ...valid, HEALTH_PORT: '9464', HEALTH_HOST: 'http://0.0.0.0' })).toMatch(/^HEALTH_HOST must be an IP address or a host name/);
  });
});
