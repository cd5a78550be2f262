import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIGuildMember } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import { errors, invalidFormBody } from '../errors.js';
import { isRecord, snowflakeQuery } from '../validation.js';
import type { RouteDefinition } from './server.js';

/** Channel, message, reaction and thread routes (Channel Resource, Message Resource, Topics › Threads). */
export function channelRoutes(context: EmulatorContext): RouteDefinition[] {
  const { world, guildChannels, messages, reactions, threads } = context;
  const bot = (): string => world.application.botUserId;
  const param = (params: string[], index: number): string => params[index] ?? '';
  return [
    {
      method: 'GET',
      path: '/channels/:id',
      auth: 'bot',
      handle: ({ params }) => {
        const channel = world.requireChannel(param(params, 0));
        world.requirePermissions(channel, bot(), PermissionFlagsBits.ViewChannel);
        return { status: 200, body: world.channelView(channel) };
      },
    },
    {
      method: 'GET',
      path: '/channels/:id/messages',
      auth: 'bot',
      handle: ({ params, query }) => ({ status: 200, body: messages.listMessages(bot(), param(params, 0), query) }),
    },
    {
      method: 'GET',
      path: '/channels/:id/messages/:id',
      auth: 'bot',
      handle: ({ params }) => ({ status: 200, body: messages.getMessage(bot(), param(params, 0), param(params, 1)) }),
    },
    {
      method: 'POST',
      path: '/channels/:id/messages',
      auth: 'bot',
      handle: ({ params, body, files }) => {
        const record = messages.createMessage(bot(), param(params, 0), body, {
          files,
          attachmentMeta: isRecord(body) ? body.attachments : undefined,
        });
        return { status: 200, body: world.messageView(record) };
      },
    },
    {
      method: 'PATCH',
      path: '/channels/:id/messages/:id',
      auth: 'bot',
      handle: ({ params, body, files }) => {
        const record = messages.editMessage(bot(), param(params, 0), param(params, 1), body, { files });
        return { status: 200, body: world.messageView(record) };
      },
    },
    {
      method: 'DELETE',
      path: '/channels/:id/messages/:id',
      auth: 'bot',
      handle: ({ params }) => {
        messages.deleteMessage(bot(), param(params, 0), param(params, 1));
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/channels/:id/messages/bulk-delete',
      auth: 'bot',
      handle: ({ params, body }) => {
        const ids = isRecord(body) && Array.isArray(body.messages) ? body.messages.map(String) : [];
        if (ids.length < 2 || ids.length > 100) {
          throw invalidFormBody([{ path: ['messages'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 2 and 100 in length.' }]);
        }
        messages.bulkDelete(bot(), param(params, 0), ids);
        return { status: 204 };
      },
    },
    {
      method: 'PUT',
      path: '/channels/:id/messages/:id/reactions/:emoji/@me',
      auth: 'bot',
      handle: ({ params }) => {
        reactions.addReaction(bot(), param(params, 0), param(params, 1), param(params, 2));
        return { status: 204 };
      },
    },
    {
      method: 'DELETE',
      path: '/channels/:id/messages/:id/reactions/:emoji/@me',
      auth: 'bot',
      handle: ({ params }) => {
        reactions.removeReaction(bot(), bot(), param(params, 0), param(params, 1), param(params, 2));
        return { status: 204 };
      },
    },
    {
      method: 'DELETE',
      path: '/channels/:id/messages/:id/reactions/:emoji/:id',
      auth: 'bot',
      handle: ({ params }) => {
        world.requireUser(param(params, 3));
        reactions.removeReaction(bot(), param(params, 3), param(params, 0), param(params, 1), param(params, 2));
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      path: '/channels/:id/messages/:id/reactions/:emoji',
      auth: 'bot',
      handle: ({ params, query }) => ({
        status: 200,
        body: reactions.reactionUsers(bot(), param(params, 0), param(params, 1), param(params, 2), query),
      }),
    },
    {
      method: 'DELETE',
      path: '/channels/:id/messages/:id/reactions',
      auth: 'bot',
      handle: ({ params }) => {
        reactions.removeAllReactions(bot(), param(params, 0), param(params, 1));
        return { status: 204 };
      },
    },
    {
      method: 'DELETE',
      path: '/channels/:id/messages/:id/reactions/:emoji',
      auth: 'bot',
      handle: ({ params }) => {
        reactions.removeEmojiReactions(bot(), param(params, 0), param(params, 1), param(params, 2));
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/channels/:id/messages/:id/threads',
      auth: 'bot',
      handle: ({ params, body }) => ({ status: 201, body: threads.startThreadFromMessage(bot(), param(params, 0), param(params, 1), body) }),
    },
    {
      method: 'POST',
      path: '/channels/:id/threads',
      auth: 'bot',
      handle: ({ params, body, files }) => ({ status: 201, body: threads.startThread(bot(), param(params, 0), body, files) }),
    },
    {
      method: 'PATCH',
      path: '/channels/:id',
      auth: 'bot',
      handle: ({ params, body }) => ({ status: 200, body: guildChannels.modifyChannel(bot(), param(params, 0), body) }),
    },
    {
      method: 'DELETE',
      path: '/channels/:id',
      auth: 'bot',
      handle: ({ params }) => ({ status: 200, body: guildChannels.deleteChannel(bot(), param(params, 0)) }),
    },
    {
      method: 'GET',
      path: '/guilds/:id',
      auth: 'bot',
      handle: ({ params, query }) => {
        const guild = world.requireGuild(param(params, 0));
        // The REST guild object has home_header and nsfw and no hub_type (Discord's OpenAPI GuildWithCountsResponse).
        const { hub_type: _hubType, ...guildView } = world.guildView(guild);
        const body = { ...guildView, home_header: null, nsfw: false };
        if (query.get('with_counts') === 'true') {
          body.approximate_member_count = guild.members.size;
          body.approximate_presence_count = 0;
        }
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      path: '/guilds/:id/channels',
      auth: 'bot',
      handle: ({ params }) => {
        const guild = world.requireGuild(param(params, 0));
        const list = guild.channelIds
          .map((id) => world.channels.get(id))
          .filter((record) => record !== undefined && !world.isThread(record))
          .map((record) => (record ? world.channelView(record) : undefined));
        return { status: 200, body: list };
      },
    },
    {
      method: 'GET',
      path: '/guilds/:id/threads/active',
      auth: 'bot',
      handle: ({ params }) => {
        const guild = world.requireGuild(param(params, 0));
        const threads = guild.channelIds
          .map((id) => world.channels.get(id))
          .filter((record) => record !== undefined && world.isThread(record) && !record.channel.thread_metadata?.archived)
          .map((record) => (record ? world.channelView(record) : undefined));
        return { status: 200, body: { threads, members: [], has_more: false } };
      },
    },
    {
      method: 'GET',
      path: '/guilds/:id/members/:id',
      auth: 'bot',
      handle: ({ params }) => {
        const guild = world.requireGuild(param(params, 0));
        const member = world.requireMember(guild, param(params, 1));
        return { status: 200, body: world.memberView(member) };
      },
    },
    {
      method: 'GET',
      path: '/guilds/:id/members',
      auth: 'bot',
      // Guild Resource › List Guild Members: needs the GUILD_MEMBERS privileged intent; limit 1–1000, after a user id.
      handle: ({ params, query }) => {
        if (!world.privilegedIntents.guildMembers) throw errors.missingAccess();
        const guild = world.requireGuild(param(params, 0));
        const limit = Number(query.get('limit') ?? '1');
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
          throw invalidFormBody([{ path: ['limit'], code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 1000.' }]);
        }
        const after = snowflakeQuery(query, 'after') ?? 0n;
        const members: APIGuildMember[] = [...guild.members.values()]
          .filter((member) => BigInt(member.userId) > after)
          .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
          .slice(0, limit)
          .map((member) => world.memberView(member));
        return { status: 200, body: members };
      },
    },
    {
      method: 'GET',
      path: '/guilds/:id/roles',
      auth: 'bot',
      handle: ({ params }) => ({ status: 200, body: [...world.requireGuild(param(params, 0)).roles.values()] }),
    },
  ];
}
