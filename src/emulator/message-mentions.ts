// Who a message mentions, and who may see its content: the parts of a message Discord derives from its text.
import { AllowedMentionsTypes } from 'discord-api-types/v10';
import type { APIUser } from 'discord-api-types/v10';
import type { MessageInput } from './validation.js';
import type { GuildRecord, MessageRecord, World } from './world.js';

const MENTION = /<@!?(\d{15,21})>/g;
const ROLE_MENTION = /<@&(\d{15,21})>/g;

export function mentionedUsers(world: World, content: string, input: MessageInput): APIUser[] {
  const allowed = input.allowedMentions;
  const users: APIUser[] = [];
  for (const match of content.matchAll(MENTION)) {
    const id = match[1] ?? '';
    const user = world.users.get(id);
    if (!user || users.some((existing) => existing.id === id)) continue;
    // Message Resource › Allowed Mentions: only allowed user mentions count as mentions.
    if (allowed && !(allowed.parse?.includes(AllowedMentionsTypes.User) ?? false) && !(allowed.users?.includes(id) ?? false)) continue;
    users.push(user);
  }
  return users;
}

export function mentionedRoles(content: string, guild: GuildRecord): string[] {
  const roles: string[] = [];
  for (const match of content.matchAll(ROLE_MENTION)) {
    const id = match[1] ?? '';
    if (guild.roles.has(id) && !roles.includes(id)) roles.push(id);
  }
  return roles;
}

export function contentRule(world: World, record: MessageRecord): { authorId: string; mentionsBot: boolean; isDirect: boolean } {
  const botId = world.application.botUserId;
  return {
    authorId: record.message.author.id,
    mentionsBot: record.message.mentions.some((user) => user.id === botId),
    isDirect: false,
  };
}
