import { describe, expect, it } from 'vitest';
import { OverwriteType, PermissionFlagsBits, RoleFlags } from 'discord-api-types/v10';
import type { APIRole } from 'discord-api-types/v10';
import { parseEmoji } from '../../src/emulator/reactions.js';
import { DiscordApiError, buildErrorTree } from '../../src/emulator/errors.js';
import { ALL_PERMISSIONS, channelPermissions } from '../../src/emulator/permissions.js';
import { RateLimiter } from '../../src/emulator/rate-limits.js';
import { SnowflakeGenerator, compareSnowflakes, snowflakeTimestamp } from '../../src/emulator/snowflake.js';
import { FormErrors, parseMessageBody } from '../../src/emulator/validation.js';

const role = (id: string, permissions: bigint): APIRole => ({
  id,
  name: id,
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- APIRole still has it, and Discord still sends it
  color: 0,
  colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
  hoist: false,
  position: 0,
  permissions: permissions.toString(),
  managed: false,
  mentionable: false,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- a role with no flags: a zero bitfield, which RoleFlags has no member for
  flags: 0 as RoleFlags,
});

describe('emulator units', () => {
  it('generates increasing snowflakes that carry their timestamp', () => {
    const ids = new SnowflakeGenerator();
    const before = Date.now();
    const list = Array.from({ length: 5000 }, () => ids.next());
    expect(new Set(list).size).toBe(5000);
    for (let i = 1; i < list.length; i++) expect(compareSnowflakes(list[i - 1] ?? '', list[i] ?? '')).toBeLessThan(0);
    expect(snowflakeTimestamp(list[0] ?? '')).toBeGreaterThanOrEqual(before);
  });

  it('parses unicode and custom emoji and refuses anything else with 10014', () => {
    expect(parseEmoji('👍')).toEqual({ key: '👍', emoji: { id: null, name: '👍' } });
    expect(parseEmoji('❤️').emoji.name).toBe('❤️');
    expect(parseEmoji('1️⃣').key).toBe('1️⃣');
    expect(parseEmoji('vinyl:123456789012345678')).toEqual({ key: '123456789012345678', emoji: { id: '123456789012345678', name: 'vinyl' } });
    expect(parseEmoji('a:spin:123456789012345678').emoji).toEqual({ id: '123456789012345678', name: 'spin', animated: true });
    for (const bad of ['thumbsup', ':vinyl:', 'vinyl:12', '👍 fire', '']) {
      expect(() => parseEmoji(bad)).toThrow(DiscordApiError);
    }
  });

  it('computes permissions from @everyone, roles, owner, Administrator and channel overwrites', () => {
    const roles = new Map([
      ['g', role('g', PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages)],
      ['mods', role('mods', PermissionFlagsBits.ManageMessages)],
      ['admins', role('admins', PermissionFlagsBits.Administrator)],
    ]);
    const subject = (userId: string, memberRoleIds: string[]) => ({ guildId: 'g', ownerId: 'owner', userId, memberRoleIds, roles });
    expect(channelPermissions(subject('owner', []), [])).toBe(ALL_PERMISSIONS);
    expect(
      channelPermissions(subject('a', ['admins']), [{ id: 'g', type: OverwriteType.Role, allow: '0', deny: String(PermissionFlagsBits.ViewChannel) }]),
    ).toBe(ALL_PERMISSIONS);
    const mod = channelPermissions(subject('m', ['mods']), []);
    expect(mod & PermissionFlagsBits.ManageMessages).toBe(PermissionFlagsBits.ManageMessages);
    const denied = channelPermissions(subject('u', []), [
      { id: 'g', type: OverwriteType.Role, allow: '0', deny: String(PermissionFlagsBits.SendMessages) },
      { id: 'u', type: OverwriteType.Member, allow: String(PermissionFlagsBits.AddReactions), deny: '0' },
    ]);
    expect(denied & PermissionFlagsBits.SendMessages).toBe(0n);
    expect(denied & PermissionFlagsBits.AddReactions).toBe(PermissionFlagsBits.AddReactions);
  });

  it('counts a bucket per route and major parameter and resets it after its window', () => {
    const limiter = new RateLimiter(true, { 'POST /x': { limit: 2, windowMs: 100 } });
    const now = 1_000_000;
    expect(limiter.take('POST /x', 'a', now)?.headers['x-ratelimit-remaining']).toBe('1');
    expect(limiter.take('POST /x', 'a', now)?.headers['x-ratelimit-remaining']).toBe('0');
    expect(limiter.take('POST /x', 'a', now + 10)?.retryAfter).toBeCloseTo(0.09, 3);
    expect(limiter.take('POST /x', 'b', now + 10)?.retryAfter).toBeUndefined();
    expect(limiter.take('POST /x', 'a', now + 100)?.retryAfter).toBeUndefined();
    limiter.enabled = false;
    expect(limiter.take('POST /x', 'a', now + 100)).toBeUndefined();
  });

  it('builds Discord-style error trees and validates message bodies', () => {
    expect(buildErrorTree([{ path: ['embeds', 0, 'title'], code: 'C', message: 'M' }])).toEqual({
      embeds: { 0: { title: { _errors: [{ code: 'C', message: 'M' }] } } },
    });
    const errors = new FormErrors();
    const input = parseMessageBody(
      {
        content: 'hi',
        embeds: [{ title: 'T', fields: [{ name: '', value: 'v' }] }],
        components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'a', label: 'A' }] }],
      },
      errors,
    );
    expect(errors.list).toEqual([{ path: ['embeds', 0, 'fields', 0, 'name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
    expect(input.components).toEqual([{ type: 1, id: 1, components: [{ type: 2, id: 2, style: 1, custom_id: 'a', label: 'A' }] }]);
  });
});
