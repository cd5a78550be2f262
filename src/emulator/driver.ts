import { ChannelType, ComponentType, GatewayDispatchEvents, GatewayIntentBits, InteractionType, MessageType, PermissionFlagsBits } from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIMessageComponentButtonInteraction,
  APIModalSubmitInteraction,
  APIThreadChannel,
} from 'discord-api-types/v10';
import { ApplicationCommandType } from 'discord-api-types/v10';
import { buildOptions, resolveCommand } from './command-options.js';
import { findButton, modalSubmission } from './component-input.js';
import type { EmulatorContext } from './context.js';
import { PreparedDispatches } from './frames.js';
import { interactionHandle } from './interaction-handle.js';
import { parseEmoji } from './reactions.js';
import type { Driver } from './types.js';
import { waitUntil } from './wait-until.js';
import type { ChannelRecord } from './world.js';

/**
 * The driver: people acting on the local Discord (through the same code paths as REST calls and gateway
 * dispatches), the world built for a test, what the channels show, and faults to inject.
 */
export function createDriver(context: EmulatorContext): Driver {
  const { world, guildChannels, messages, reactions, commands, interactions, gateway, rateLimiter } = context;

  const requireText = (channelId: string): ChannelRecord => {
    const channel = world.channels.get(channelId);
    if (!channel) throw new Error(`Unknown channel ${channelId}`);
    return channel;
  };

  /** Discord only lets a member who sees the channel and may use application commands start an interaction there. */
  const requireInteractionChannel = (userId: string, guildId: string, channelId: string, permissions: bigint): ChannelRecord => {
    const channel = requireText(channelId);
    if (channel.guildId !== guildId) throw new Error(`Channel ${channelId} is not in guild ${guildId}`);
    const guild = world.requireGuild(guildId);
    if (!guild.members.has(userId)) throw new Error(`User ${userId} is not a member of guild ${guildId}`);
    const granted = world.permissionsIn(guild, userId, channel);
    if ((granted & permissions) !== permissions) {
      throw new Error(`User ${userId} cannot interact in channel ${channelId}: missing View Channel or Use Application Commands`);
    }
    return channel;
  };
  const requireCommandChannel = (userId: string, guildId: string, channelId: string): ChannelRecord =>
    requireInteractionChannel(userId, guildId, channelId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.UseApplicationCommands);

  const driver: Driver = {
    createUser({ username, bot, globalName }) {
      const user = world.newUser(world.ids.next(), username, bot ?? false, globalName ?? null);
      world.users.set(user.id, user);
      return user;
    },

    createGuild({ name, ownerId }) {
      const guild = world.createGuild(name, ownerId);
      // The bot "joins": connected sessions with GUILDS get a GUILD_CREATE (Gateway Events › Guild Create).
      world.dispatch(GatewayDispatchEvents.GuildCreate, gateway.guildCreate(guild), { intent: GatewayIntentBits.Guilds });
      return world.guildView(guild);
    },

    createRole(guildId, { name, permissions }) {
      const guild = world.requireGuild(guildId);
      const role = world.newRole(world.ids.next(), name, permissions, guild.roles.size);
      guild.roles.set(role.id, role);
      world.dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guild.id, role }, { intent: GatewayIntentBits.Guilds });
      return role;
    },

    addMember(guildId, userId, roleIds = []) {
      const guild = world.requireGuild(guildId);
      world.requireUser(userId);
      for (const roleId of roleIds) if (!guild.roles.has(roleId)) throw new Error(`Unknown role ${roleId} in guild ${guildId}`);
      const existing = guild.members.get(userId);
      if (existing) {
        existing.roles = [...new Set([...existing.roles, ...roleIds])];
        const view = world.memberView(existing);
        world.dispatch(
          GatewayDispatchEvents.GuildMemberUpdate,
          { ...view, avatar: null, banner: null, guild_id: guild.id, user: world.requireUser(userId), joined_at: existing.joinedAt },
          { intent: GatewayIntentBits.GuildMembers },
        );
        return view;
      }
      const member = { userId, roles: [...roleIds], joinedAt: new Date().toISOString() };
      guild.members.set(userId, member);
      const view = world.memberView(member);
      world.dispatch(GatewayDispatchEvents.GuildMemberAdd, { ...view, guild_id: guild.id }, { intent: GatewayIntentBits.GuildMembers });
      return view;
    },

    removeMember(guildId, userId) {
      const guild = world.requireGuild(guildId);
      if (userId === world.application.botUserId || userId === guild.ownerId) throw new Error('The bot and the guild owner cannot leave through the driver');
      if (!guild.members.delete(userId)) throw new Error(`User ${userId} is not a member of guild ${guildId}`);
      world.dispatch(
        GatewayDispatchEvents.GuildMemberRemove,
        { guild_id: guild.id, user: world.requireUser(userId) },
        { intent: GatewayIntentBits.GuildMembers },
      );
    },

    setBotPermissions(guildId, permissions) {
      const guild = world.requireGuild(guildId);
      const role = guild.roles.get(guild.botRoleId);
      if (!role) throw new Error(`The bot's role is missing in guild ${guildId}`);
      role.permissions = permissions.toString();
      guild.botPermissions = permissions;
      world.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guild.id, role: { ...role } }, { intent: GatewayIntentBits.Guilds });
      for (const channelId of guild.channelIds) {
        const channel = world.channels.get(channelId)?.channel;
        if (!channel || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildForum)) continue;
        if (world.applyBotOverwrite(guild, channel)) {
          world.dispatch(GatewayDispatchEvents.ChannelUpdate, { ...channel }, { intent: GatewayIntentBits.Guilds });
        }
      }
    },

    createChannel(guildId, { name, type, availableTags }) {
      const guild = world.requireGuild(guildId);
      const record =
        type === ChannelType.GuildForum ? guildChannels.createForumChannel(guild, name, availableTags ?? []) : guildChannels.createTextChannel(guild, name);
      return world.channelView(record);
    },

    async runCommand({ userId, guildId, channelId, name, subcommand, options = {}, attachments = {} }) {
      const channel = requireCommandChannel(userId, guildId, channelId);
      const { command, declared, wrap } = resolveCommand(commands, guildId, name, subcommand);
      const label = `/${name}${subcommand ? ` ${subcommand}` : ''}`;
      const built = buildOptions(context, label, declared, options, guildId, channel, attachments);
      const dataOptions = wrap(built.options);
      const base = interactions.base(userId, guildId, channel);
      const payload: APIChatInputApplicationCommandInteraction = {
        ...base,
        type: InteractionType.ApplicationCommand,
        data: {
          id: command.id,
          name: command.name,
          type: ApplicationCommandType.ChatInput,
          ...(command.guild_id ? { guild_id: command.guild_id } : {}),
          ...(dataOptions.length > 0 ? { options: dataOptions } : {}),
          ...(Object.keys(built.resolved).length > 0 ? { resolved: built.resolved } : {}),
        },
      };
      const record = interactions.open(payload, {
        userId,
        guildId,
        channelId,
        metadata: interactions.commandMetadata(base.id, userId, guildId),
        messageType: MessageType.ChatInputCommand,
      });
      return interactionHandle(world, record);
    },

    async autocomplete({ userId, guildId, channelId, name, subcommand, options = {}, focused }) {
      const channel = requireCommandChannel(userId, guildId, channelId);
      const { command, declared, wrap } = resolveCommand(commands, guildId, name, subcommand);
      const label = `/${name}${subcommand ? ` ${subcommand}` : ''}`;
      if (!(focused in options)) options = { ...options, [focused]: '' };
      const built = buildOptions(context, label, declared, options, guildId, channel, {}, focused);
      const base = interactions.base(userId, guildId, channel);
      const payload: APIApplicationCommandAutocompleteInteraction = {
        ...base,
        type: InteractionType.ApplicationCommandAutocomplete,
        data: {
          id: command.id,
          name: command.name,
          type: ApplicationCommandType.ChatInput,
          ...(command.guild_id ? { guild_id: command.guild_id } : {}),
          options: wrap(built.options),
        },
      };
      const record = interactions.open(payload, {
        userId,
        guildId,
        channelId,
        metadata: interactions.commandMetadata(base.id, userId, guildId),
        messageType: MessageType.ChatInputCommand,
      });
      await interactionHandle(world, record).response();
      return record.choices ?? [];
    },

    async clickButton({ userId, channelId, messageId, customId }) {
      const channel = requireInteractionChannel(userId, requireText(channelId).guildId, channelId, PermissionFlagsBits.ViewChannel);
      const message = world.findMessage(channelId, messageId);
      if (!message) throw new Error(`Unknown message ${messageId} in channel ${channelId}`);
      if (message.ephemeral && message.interactionId && interactions.get(message.interactionId)?.userId !== userId) {
        throw new Error(`Message ${messageId} is ephemeral and not visible to user ${userId}`);
      }
      const button = findButton(message.message.components ?? [], customId);
      if (!button) throw new Error(`Message ${messageId} has no button with custom_id "${customId}"`);
      if (button.disabled) throw new Error(`The button "${customId}" on message ${messageId} is disabled`);
      const base = interactions.base(userId, channel.guildId, channel);
      const payload: APIMessageComponentButtonInteraction = {
        ...base,
        type: InteractionType.MessageComponent,
        data: { custom_id: customId, component_type: ComponentType.Button },
        message: world.messageView(message),
      };
      const record = interactions.open(payload, {
        userId,
        guildId: channel.guildId,
        channelId,
        sourceMessageId: messageId,
        metadata: interactions.componentMetadata(base.id, userId, channel.guildId, messageId),
        messageType: MessageType.Default,
      });
      return interactionHandle(world, record);
    },

    async submitModal({ userId, guildId, channelId, customId, fields }) {
      const channel = requireCommandChannel(userId, guildId, channelId);
      const shown = interactions.shownModal(userId, customId);
      if (!shown?.modal) throw new Error(`No modal with custom_id "${customId}" was shown to user ${userId}`);
      const components = modalSubmission(shown.modal.components, fields, customId);
      const base = interactions.base(userId, guildId, channel);
      const payload: APIModalSubmitInteraction = {
        ...base,
        type: InteractionType.ModalSubmit,
        data: { custom_id: customId, components },
      };
      const source = shown.sourceMessageId ? world.findMessage(shown.channelId, shown.sourceMessageId) : undefined;
      if (source) payload.message = world.messageView(source);
      const triggering = shown.metadata.type === InteractionType.ModalSubmit ? interactions.commandMetadata(shown.id, userId, guildId) : shown.metadata;
      const record = interactions.open(payload, {
        userId,
        guildId,
        channelId,
        ...(shown.sourceMessageId ? { sourceMessageId: shown.sourceMessageId } : {}),
        metadata: {
          id: base.id,
          type: InteractionType.ModalSubmit,
          user: world.requireUser(userId),
          authorizing_integration_owners: base.authorizing_integration_owners,
          triggering_interaction_metadata: triggering,
        },
        messageType: MessageType.Default,
      });
      return interactionHandle(world, record);
    },

    async react(userId, channelId, messageId, emoji) {
      reactions.addReaction(userId, channelId, messageId, emoji);
    },
    async unreact(userId, channelId, messageId, emoji) {
      reactions.removeReaction(userId, userId, channelId, messageId, emoji);
    },
    async removeAllReactions(channelId, messageId) {
      reactions.removeAllReactions(null, channelId, messageId);
    },
    async removeEmojiReactions(channelId, messageId, emoji) {
      reactions.removeEmojiReactions(null, channelId, messageId, emoji);
    },
    async sendMessage(userId, channelId, content) {
      return world.messageView(messages.createMessage(userId, channelId, { content }));
    },
    async editMessage(userId, channelId, messageId, content) {
      return world.messageView(messages.editMessage(userId, channelId, messageId, { content }));
    },
    async deleteMessage(userId, channelId, messageId) {
      messages.deleteMessage(userId, channelId, messageId);
    },

    messages(channelId) {
      const channel = world.channels.get(channelId);
      if (!channel) return [];
      return [...channel.messages.values()].map((record) => world.messageView(record));
    },
    message(channelId, messageId) {
      const record = world.findMessage(channelId, messageId);
      return record ? world.messageView(record) : undefined;
    },
    reactionUsers(channelId, messageId, emoji) {
      const record = world.findMessage(channelId, messageId);
      if (!record) return [];
      return [...(record.reactions.get(parseEmoji(emoji).key)?.users ?? [])];
    },
    threads(parentChannelId) {
      const threads: APIThreadChannel[] = [];
      for (const record of world.channels.values()) {
        const channel = record.channel;
        if (channel.type !== ChannelType.PublicThread && channel.type !== ChannelType.PrivateThread) continue;
        if (parentChannelId !== undefined && channel.parent_id !== parentChannelId) continue;
        threads.push({ ...channel });
      }
      return threads;
    },
    commands(guildId) {
      return commands.list(guildId).map((command): APIApplicationCommand => ({ ...command }));
    },
    commandsVisibleTo(guildId, userId) {
      const guild = world.requireGuild(guildId);
      if (!guild.members.has(userId)) throw new Error(`User ${userId} is not a member of guild ${guildId}`);
      return commands.visibleTo(guildId, world.permissionsIn(guild, userId)).map((command): APIApplicationCommand => ({ ...command }));
    },
    requests() {
      return [...context.requestLog()];
    },
    waitFor(condition, timeoutMs = 5000, description = 'a condition') {
      return waitUntil(condition, timeoutMs, description);
    },

    failNext(route, count, status) {
      context.failNext(route, count, status);
    },
    gatewaySessions() {
      return gateway.sessionViews();
    },
    closeGateway(code) {
      gateway.closeAll(code);
    },
    silenceGateway(ms) {
      gateway.silence(ms);
    },
    pushDispatches(events) {
      return gateway.push(events);
    },
    prepareDispatches(events) {
      return PreparedDispatches.from(events);
    },
    setRateLimits(enabled) {
      rateLimiter.enabled = enabled;
    },
  };
  return driver;
}
