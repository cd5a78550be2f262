import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-part.do-not-print-me';
const valid = { DISCORD_TOKEN: token, DISCORD_CLIENT_ID: '123456789012345678' };

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
