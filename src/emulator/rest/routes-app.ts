import { ApplicationFlags, Locale } from 'discord-api-types/v10';
import type { APIApplication, APIGatewayBotInfo, APIUser } from 'discord-api-types/v10';
import type { EmulatorContext } from '../context.js';
import type { RouteDefinition } from './server.js';

export function applicationRoutes(context: EmulatorContext): RouteDefinition[] {
  const { world } = context;
  return [
    {
      method: 'GET',
      path: '/gateway/bot',
      auth: 'bot',
      // Gateway › Get Gateway Bot: url, recommended shards (Gateway › Sharding), session_start_limit (Session Start
      // Limit Object: 1000 IDENTIFYs a day, max_concurrency per 5 seconds).
      handle: () => {
        const { sharding } = context.gateway;
        const body: APIGatewayBotInfo = {
          url: context.gatewayUrl(),
          shards: sharding.recommendedShards(),
          session_start_limit: {
            total: 1000,
            remaining: Math.max(0, 1000 - context.gateway.identifies),
            reset_after: 86_400_000,
            max_concurrency: sharding.maxConcurrency,
          },
        };
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      path: '/gateway',
      auth: 'none',
      handle: () => ({ status: 200, body: { url: context.gatewayUrl() } }),
    },
    {
      method: 'GET',
      path: '/users/@me',
      auth: 'bot',
      handle: () => {
        const body: APIUser = { ...world.botUser, verified: true, mfa_enabled: false, locale: Locale.EnglishUS };
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      path: '/users/:id',
      auth: 'bot',
      handle: ({ params }) => ({ status: 200, body: world.requireUser(params[0] ?? '') }),
    },
    {
      method: 'GET',
      path: '/applications/@me',
      auth: 'bot',
      // PrivateApplicationResponse in Discord's OpenAPI spec carries a few fields discord-api-types does not model.
      handle: () => {
        // `summary` is deprecated and absent from Discord's answers.
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- named only to be left out
        const { summary: _summary, ...application } = applicationView(context);
        const body = {
          ...application,
          type: null,
          owner: world.botUser,
          role_connections_verification_url: null,
          approximate_user_install_count: 0,
          approximate_user_authorization_count: 0,
          explicit_content_filter: 0,
          eligible_oauth2_scopes: [],
        };
        return { status: 200, body };
      },
    },
  ];
}

export function applicationView(context: EmulatorContext): APIApplication {
  const { world } = context;
  const intents = world.privilegedIntents;
  // Application Resource › Application Flags: the *_LIMITED flags say which privileged intents are enabled.
  let flags = 0;
  if (intents.guildMembers) flags |= ApplicationFlags.GatewayGuildMembersLimited;
  if (intents.guildPresences) flags |= ApplicationFlags.GatewayPresenceLimited;
  if (intents.messageContent) flags |= ApplicationFlags.GatewayMessageContentLimited;
  return {
    id: world.application.id,
    name: world.application.name,
    icon: null,
    description: 'Liner Notes on the local Discord emulator',
    bot_public: false,
    bot_require_code_grant: false,
    bot: world.botUser,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- APIApplication still requires it; the route that answers leaves it out
    summary: '',
    verify_key: '0'.repeat(64),
    team: null,
    flags,
    flags_new: String(flags),
    approximate_guild_count: world.guilds.size,
    redirect_uris: [],
    interactions_endpoint_url: null,
  };
}
