import { ChannelType, MessageType, ThreadAutoArchiveDuration } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { World } from '../../src/emulator/world.js';
import { SavedWorldError, decodeWorld, encodeWorld, parseSavedWorld } from '../../src/sandbox/world-snapshot.js';

function populated(): World {
  const world = new World({ applicationId: '100000000000000000', token: 'sandbox-token-sandbox-token', name: 'Liner Notes' });
  world.users.set('100000000000000001', world.newUser('100000000000000001', 'apollo', false, 'Apollo'));
  const guild = world.createGuild('Liner Notes Sandbox', '100000000000000001');
  guild.botPermissions = 3072n;
  world.channels.set('100000000000000009', {
    guildId: guild.id,
    channel: {
      id: '100000000000000009',
      type: ChannelType.GuildText,
      guild_id: guild.id,
      name: 'reviews',
      position: 0,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      default_auto_archive_duration: ThreadAutoArchiveDuration.OneDay,
      default_thread_rate_limit_per_user: 0,
    },
    messages: new Map([
      [
        '100000000000000010',
        {
          message: {
            id: '100000000000000010',
            channel_id: '100000000000000009',
            author: world.botUser,
            content: 'hi',
            timestamp: '2026-11-26T12:00:00.000Z',
            edited_timestamp: null,
            tts: false,
            mention_everyone: false,
            mentions: [],
            mention_roles: [],
            attachments: [],
            embeds: [{ title: 'Rocky IV', footer: { text: 'Liked by 2 people' } }],
            pinned: false,
            type: MessageType.Default,
          },
          ephemeral: false,
          reactions: new Map([['👍', { emoji: { id: null, name: '👍' }, users: new Set(['100000000000000001', '100000000000000000']) }]]),
        },
      ],
    ]),
  });
  guild.channelIds.push('100000000000000009');
  return world;
}

describe('the sandbox world file', () => {
  it('gives back the same guild, channel, message, reactions and bot permissions after a round trip through JSON', () => {
    const before = populated();
    const saved = parseSavedWorld(JSON.parse(JSON.stringify(encodeWorld(before))), 'test');
    const after = new World({ applicationId: saved.application.id, token: saved.application.token, name: saved.application.name });
    decodeWorld(saved, after);
    expect(encodeWorld(after)).toEqual(encodeWorld(before));
    const guild = [...after.guilds.values()][0];
    expect(guild?.botPermissions).toBe(3072n);
    expect(after.permissionsIn(guild ?? after.requireGuild(''), '100000000000000001')).toBe(
      before.permissionsIn([...before.guilds.values()][0] ?? before.requireGuild(''), '100000000000000001'),
    );
    const message = after.findMessage('100000000000000009', '100000000000000010');
    expect(message?.message.embeds[0]?.footer?.text).toBe('Liked by 2 people');
    expect([...(message?.reactions.get('👍')?.users ?? [])]).toEqual(['100000000000000001', '100000000000000000']);
  });

  it('names a file it cannot read and says how to start afresh', () => {
    expect(() => parseSavedWorld({ version: 2 }, 'data/sandbox-world.json')).toThrow(SavedWorldError);
    expect(() => parseSavedWorld({ version: 2 }, 'data/sandbox-world.json')).toThrow(
      /data\/sandbox-world\.json is not one this version can read \(version: .*\); delete it to start a fresh sandbox/,
    );
  });
});
