import type { EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import type { RouteDefinition } from './server.js';

/** Application commands (Application Commands › Endpoints), interaction callbacks and interaction webhooks. */
export function interactionRoutes(context: EmulatorContext): RouteDefinition[] {
  const { world, commands, interactions } = context;
  const param = (params: string[], index: number): string => params[index] ?? '';
  const scoped = (params: string[], guildIndex: number | null): string | undefined => {
    if (param(params, 0) !== world.application.id) throw errors.missingAccess();
    if (guildIndex === null) return undefined;
    const guildId = param(params, guildIndex);
    world.requireGuild(guildId);
    return guildId;
  };
  const commandRoutes = (prefix: string, guildIndex: number | null): RouteDefinition[] => [
    {
      method: 'GET',
      path: prefix,
      auth: 'bot',
      handle: ({ params }) => ({ status: 200, body: commands.list(scoped(params, guildIndex)) }),
    },
    {
      method: 'PUT',
      path: prefix,
      auth: 'bot',
      handle: ({ params, body }) => ({ status: 200, body: commands.overwrite(scoped(params, guildIndex), body) }),
    },
    {
      method: 'POST',
      path: prefix,
      auth: 'bot',
      handle: ({ params, body }) => {
        const { command, created } = commands.create(scoped(params, guildIndex), body);
        return { status: created ? 201 : 200, body: command };
      },
    },
    {
      method: 'GET',
      path: `${prefix}/:id`,
      auth: 'bot',
      handle: ({ params }) => ({ status: 200, body: commands.get(scoped(params, guildIndex), param(params, guildIndex === null ? 1 : 2)) }),
    },
    {
      method: 'PATCH',
      path: `${prefix}/:id`,
      auth: 'bot',
      handle: ({ params, body }) => ({
        status: 200,
        body: commands.edit(scoped(params, guildIndex), param(params, guildIndex === null ? 1 : 2), body),
      }),
    },
    {
      method: 'DELETE',
      path: `${prefix}/:id`,
      auth: 'bot',
      handle: ({ params }) => {
        commands.delete(scoped(params, guildIndex), param(params, guildIndex === null ? 1 : 2));
        return { status: 204 };
      },
    },
  ];
  const webhookMessageRoutes = (suffix: string, messageId: (params: string[]) => string): RouteDefinition[] => [
    {
      method: 'GET',
      path: `/webhooks/:id/:token/messages/${suffix}`,
      auth: 'none',
      handle: ({ params }) => ({ status: 200, body: interactions.getMessage(param(params, 0), param(params, 1), messageId(params)) }),
    },
    {
      method: 'PATCH',
      path: `/webhooks/:id/:token/messages/${suffix}`,
      auth: 'none',
      handle: ({ params, body, files }) => ({
        status: 200,
        body: interactions.editMessage(param(params, 0), param(params, 1), messageId(params), body, files),
      }),
    },
    {
      method: 'DELETE',
      path: `/webhooks/:id/:token/messages/${suffix}`,
      auth: 'none',
      handle: ({ params }) => {
        interactions.deleteMessage(param(params, 0), param(params, 1), messageId(params));
        return { status: 204 };
      },
    },
  ];
  return [
    ...webhookMessageRoutes('@original', () => '@original'),
    ...webhookMessageRoutes(':id', (params) => param(params, 2)),
    ...commandRoutes('/applications/:id/commands', null),
    ...commandRoutes('/applications/:id/guilds/:id/commands', 1),
    {
      method: 'POST',
      path: '/interactions/:id/:token/callback',
      auth: 'none',
      handle: ({ params, body, query, files }) => interactions.callback(param(params, 0), param(params, 1), body, query, files),
    },
    {
      method: 'POST',
      path: '/webhooks/:id/:token',
      auth: 'none',
      handle: ({ params, body, files }) => ({ status: 200, body: interactions.followup(param(params, 0), param(params, 1), body, files) }),
    },
  ];
}
