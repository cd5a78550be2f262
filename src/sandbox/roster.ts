import { ChannelType } from 'discord-api-types/v10';
import type { SavedWorld } from './world-snapshot.js';

export interface SandboxPerson {
  id: string;
  username: string;
  /** The display name (global name, else username). */
  name: string;
  /** The guild owner is the sandbox's admin; everyone else is a member. */
  role: 'admin' | 'member';
}

export interface SandboxRoster {
  guildId: string;
  guildName: string;
  bot: { id: string; username: string; name: string };
  people: SandboxPerson[];
  /** Text channels and forums, in the server's order; a forum lists the tags its posts may carry. */
  channels: { id: string; name: string; type: 'text' | 'forum'; tags: { id: string; name: string }[] }[];
  /** The server's roles people can hold (not @everyone, not the bot's managed role); color 0 is "no colour". */
  roles: { id: string; name: string; color: number }[];
}

/** Who and what the page offers: the first guild of the world, its people (admin first) and its channels. */
export function rosterOf(world: SavedWorld): SandboxRoster {
  const guild = world.guilds[0];
  if (!guild) throw new Error('the sandbox world has no guild');
  const users = new Map(world.users.map((u) => [u.id, u]));
  const bot = users.get(world.application.id);
  const people: SandboxPerson[] = [];
  for (const member of guild.members) {
    const user = users.get(member.userId);
    if (!user || user.bot) continue;
    people.push({ id: user.id, username: user.username, name: user.global_name ?? user.username, role: user.id === guild.ownerId ? 'admin' : 'member' });
  }
  people.sort((a, b) => (a.role === b.role ? 0 : a.role === 'admin' ? -1 : 1));
  const channels: SandboxRoster['channels'] = [];
  for (const id of guild.channelIds) {
    const channel = world.channels.find((c) => c.channel.id === id)?.channel;
    if (channel?.type === ChannelType.GuildText) channels.push({ id, name: channel.name, type: 'text', tags: [] });
    else if (channel?.type === ChannelType.GuildForum) {
      channels.push({ id, name: channel.name, type: 'forum', tags: channel.available_tags.map((tag) => ({ id: tag.id, name: tag.name })) });
    }
  }
  return {
    guildId: guild.id,
    guildName: guild.name,
    bot: { id: world.application.id, username: bot?.username ?? world.application.name, name: bot?.global_name ?? bot?.username ?? world.application.name },
    people,
    channels,
    roles: guild.roles.filter((r) => r.id !== guild.id && !r.managed).map((r) => ({ id: r.id, name: r.name, color: r.colors.primary_color })),
  };
}
