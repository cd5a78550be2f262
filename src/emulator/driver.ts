import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIAttachment,
  APIChatInputApplicationCommandInteraction,
  APIApplicationCommandAutocompleteInteraction,
  APIInteractionDataResolved,
  APIInteractionDataResolvedChannel,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIModalSubmitInteraction,
  APIThreadChannel,
  APIModalSubmissionComponent,
  ModalSubmitActionRowComponent,
  ModalSubmitLabelComponent,
} from 'discord-api-types/v10';
import type { EmulatorContext } from './context.js';
import type { Driver, InteractionHandle } from './types.js';
import type { InteractionRecord, InteractionResponse } from './interactions.js';
import { parseEmoji } from './channels.js';
import { PreparedDispatches } from './frames.js';
import { isRecord } from './validation.js';
import type { ChannelRecord, MessageRecord } from './world.js';

type OptionValue = string | number | boolean;

export function createDriver(context: EmulatorContext): Driver {
  const { world, channels, commands, interactions, gateway, rateLimiter } = context;

  const requireText = (channelId: string): ChannelRecord => {
    const channel = world.channels.get(channelId);
    if (!channel) throw new Error(`Unknown channel ${channelId}`);
    return channel;
  };

  const ephemeralView = (record: MessageRecord): APIMessage & { ephemeral: boolean } => ({
    ...world.messageView(record),
    ephemeral: record.ephemeral,
  });

  /**
   * Resolves once `condition` holds. `wake` (an interaction's listeners) re-checks at once when the interaction
   * changes, so answers are seen without polling delay; a light poll catches every other change.
   */
  const waitUntil = (condition: () => boolean, timeoutMs: number, description: string, wake?: Set<() => void>): Promise<void> =>
    new Promise((resolve, reject) => {
      const finish = (error?: Error): void => {
        clearInterval(poll);
        clearTimeout(deadline);
        wake?.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        try {
          if (condition()) finish();
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
        }
      };
      const poll = setInterval(check, wake ? 20 : 5);
      const deadline = setTimeout(() => finish(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`)), timeoutMs);
      wake?.add(check);
      check();
    });

  const handleFor = (record: InteractionRecord): InteractionHandle => ({
    id: record.id,
    token: record.token,
    async response(timeoutMs = 5000): Promise<InteractionResponse> {
      await waitUntil(() => record.response !== undefined, timeoutMs, `the first callback to interaction ${record.id}`, record.listeners);
      const response = record.response;
      if (!response) throw new Error(`Interaction ${record.id} lost its response`);
      return response;
    },
    async reply(timeoutMs = 5000): Promise<APIMessage & { ephemeral: boolean }> {
      const original = (): MessageRecord | undefined =>
        record.originalMessageId ? world.findMessage(record.channelId, record.originalMessageId) : undefined;
      await waitUntil(
        () => {
          const message = original();
          if (message === undefined || ((message.message.flags ?? 0) & MessageFlags.Loading) !== 0) return false;
          // After a deferred update the message shows the answer only once the bot edits it.
          return record.response?.type !== InteractionResponseType.DeferredMessageUpdate || record.originalEdits > 0;
        },
        timeoutMs,
        `a visible reply to interaction ${record.id}`,
        record.listeners,
      );
      const message = original();
      if (!message) throw new Error(`The reply to interaction ${record.id} was deleted`);
      return ephemeralView(message);
    },
    followups(): (APIMessage & { ephemeral: boolean })[] {
      return record.followupIds
        .map((id) => world.findMessage(record.channelId, id))
        .filter((message): message is MessageRecord => message !== undefined)
        .map(ephemeralView);
    },
  });

  /** The options of the command or of the named subcommand ("sub" or "group sub"), and the data wrapper they go in. */
  const resolveCommand = (guildId: string, name: string, subcommand: string | undefined) => {
    const command = commands.find(guildId, name);
    if (!command) {
      const known = [...commands.list(guildId), ...commands.list(undefined)].map((c) => `/${c.name}`).join(', ') || 'none';
      throw new Error(`Command /${name} is not registered for guild ${guildId} (registered: ${known})`);
    }
    const topOptions = command.options ?? [];
    const hasSubcommands = topOptions.some(
      (o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (!subcommand) {
      if (hasSubcommands) throw new Error(`Command /${name} needs a subcommand (one of: ${topOptions.map((o) => o.name).join(', ')})`);
      return { command, declared: topOptions, wrap: (options: APIApplicationCommandInteractionDataOption[]) => options };
    }
    const parts = subcommand.trim().split(/\s+/);
    if (parts.length === 2) {
      const [groupName, subName] = parts;
      const group = topOptions.find((o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === groupName);
      const sub = group && 'options' in group ? group.options?.find((o) => o.name === subName) : undefined;
      if (!group || !sub) throw new Error(`Command /${name} has no subcommand "${subcommand}"`);
      return {
        command,
        declared: 'options' in sub ? (sub.options ?? []) : [],
        wrap: (options: APIApplicationCommandInteractionDataOption[]): APIApplicationCommandInteractionDataOption[] => [
          {
            type: ApplicationCommandOptionType.SubcommandGroup,
            name: group.name,
            options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub.name, options: options.filter(isBasicOption) }],
          },
        ],
      };
    }
    const sub = topOptions.find((o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === subcommand);
    if (!sub) throw new Error(`Command /${name} has no subcommand "${subcommand}" (has: ${topOptions.map((o) => o.name).join(', ')})`);
    return {
      command,
      declared: 'options' in sub ? (sub.options ?? []) : [],
      wrap: (options: APIApplicationCommandInteractionDataOption[]): APIApplicationCommandInteractionDataOption[] => [
        { type: ApplicationCommandOptionType.Subcommand, name: sub.name, options: options.filter(isBasicOption) },
      ],
    };
  };

  /** Turns the driver's plain values into typed options plus their resolved data, as Discord's client would. */
  const buildOptions = (
    label: string,
    declared: APIApplicationCommandOption[],
    given: Record<string, OptionValue>,
    guildId: string,
    channel: ChannelRecord,
    attachments: Record<string, { filename: string; contentType: string; content: string | Buffer }>,
    focused?: string,
  ): { options: APIApplicationCommandInteractionDataBasicOption[]; resolved: APIInteractionDataResolved } => {
    const guild = world.requireGuild(guildId);
    const resolved: APIInteractionDataResolved = {};
    const options: APIApplicationCommandInteractionDataBasicOption[] = [];
    for (const [name, value] of Object.entries(given)) {
      const definition = declared.find((o) => o.name === name);
      if (!definition) {
        throw new Error(`Option "${name}" is not declared by ${label} (declared: ${declared.map((o) => o.name).join(', ') || 'none'})`);
      }
      const isFocused = focused === name;
      if (isFocused) {
        if (!('autocomplete' in definition) || definition.autocomplete !== true) throw new Error(`Option "${name}" of ${label} has no autocomplete`);
        if (definition.type === ApplicationCommandOptionType.String) {
          options.push({ type: definition.type, name, value: String(value), focused: true });
        } else if (definition.type === ApplicationCommandOptionType.Integer || definition.type === ApplicationCommandOptionType.Number) {
          // While typing, Discord sends the partial input as it stands.
          options.push({ type: definition.type, name, value: typeof value === 'number' ? value : Number(value), focused: true });
        }
        continue;
      }
      options.push(convertOption(label, definition, value, guild.id, channel, resolved, attachments));
    }
    for (const definition of declared) {
      if ('required' in definition && definition.required && !(definition.name in given) && focused === undefined) {
        throw new Error(`Required option "${definition.name}" of ${label} is missing`);
      }
    }
    return { options, resolved };
  };

  const convertOption = (
    label: string,
    definition: APIApplicationCommandOption,
    value: OptionValue,
    guildId: string,
    channel: ChannelRecord,
    resolved: APIInteractionDataResolved,
    attachments: Record<string, { filename: string; contentType: string; content: string | Buffer }>,
  ): APIApplicationCommandInteractionDataBasicOption => {
    const name = definition.name;
    const wrongType = (expected: string): Error => new Error(`Option "${name}" of ${label} takes ${expected}, got ${JSON.stringify(value)}`);
    const guild = world.requireGuild(guildId);
    const checkChoices = (choices: { value: string | number }[] | undefined): void => {
      if (choices && choices.length > 0 && !choices.some((choice) => choice.value === value)) {
        throw new Error(`Option "${name}" of ${label} must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
      }
    };
    switch (definition.type) {
      case ApplicationCommandOptionType.String: {
        if (typeof value !== 'string') throw wrongType('a string');
        checkChoices(definition.choices);
        if (definition.min_length !== undefined && value.length < definition.min_length) throw new Error(`Option "${name}" of ${label} needs at least ${definition.min_length} characters`);
        if (definition.max_length !== undefined && value.length > definition.max_length) throw new Error(`Option "${name}" of ${label} takes at most ${definition.max_length} characters`);
        return { type: definition.type, name, value };
      }
      case ApplicationCommandOptionType.Integer:
      case ApplicationCommandOptionType.Number: {
        if (typeof value !== 'number' || (definition.type === ApplicationCommandOptionType.Integer && !Number.isInteger(value))) {
          throw wrongType(definition.type === ApplicationCommandOptionType.Integer ? 'an integer' : 'a number');
        }
        checkChoices(definition.choices);
        if (definition.min_value !== undefined && value < definition.min_value) throw new Error(`Option "${name}" of ${label} must be at least ${definition.min_value}`);
        if (definition.max_value !== undefined && value > definition.max_value) throw new Error(`Option "${name}" of ${label} must be at most ${definition.max_value}`);
        return { type: definition.type, name, value };
      }
      case ApplicationCommandOptionType.Boolean:
        if (typeof value !== 'boolean') throw wrongType('a boolean');
        return { type: definition.type, name, value };
      case ApplicationCommandOptionType.User:
      case ApplicationCommandOptionType.Mentionable: {
        const id = String(value);
        const user = world.users.get(id);
        const role = guild.roles.get(id);
        if (user) {
          resolved.users = { ...resolved.users, [id]: user };
          const member = guild.members.get(id);
          if (member) {
            const { user: _user, ...rest } = world.memberView(member);
            resolved.members = { ...resolved.members, [id]: { ...rest, permissions: world.permissionsIn(guild, id, channel).toString() } };
          }
        } else if (role && definition.type === ApplicationCommandOptionType.Mentionable) {
          resolved.roles = { ...resolved.roles, [id]: role };
        } else {
          throw new Error(`Option "${name}" of ${label} names unknown ${definition.type === ApplicationCommandOptionType.User ? 'user' : 'user or role'} ${id}`);
        }
        return { type: definition.type, name, value: id };
      }
      case ApplicationCommandOptionType.Role: {
        const id = String(value);
        const role = guild.roles.get(id);
        if (!role) throw new Error(`Option "${name}" of ${label} names unknown role ${id}`);
        resolved.roles = { ...resolved.roles, [id]: role };
        return { type: definition.type, name, value: id };
      }
      case ApplicationCommandOptionType.Channel: {
        const id = String(value);
        const target = world.channels.get(id);
        if (!target || target.guildId !== guild.id) throw new Error(`Option "${name}" of ${label} names unknown channel ${id}`);
        if (definition.channel_types && !definition.channel_types.some((type) => type === target.channel.type)) {
          throw new Error(`Option "${name}" of ${label} does not accept channels of type ${target.channel.type}`);
        }
        resolved.channels = { ...resolved.channels, [id]: resolvedChannel(target, world.permissionsIn(guild, world.application.botUserId, target).toString()) };
        return { type: definition.type, name, value: id };
      }
      case ApplicationCommandOptionType.Attachment: {
        const key = String(value);
        const file = attachments[key];
        if (!file) throw new Error(`Option "${name}" of ${label} names attachment "${key}", which is not in attachments`);
        const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
        const attachment: APIAttachment = channels.storeAttachment(channel.channel.id, file.filename, file.contentType, content);
        attachment.ephemeral = true;
        resolved.attachments = { ...resolved.attachments, [attachment.id]: attachment };
        return { type: definition.type, name, value: attachment.id };
      }
      default:
        throw new Error(`Option "${name}" of ${label} is a subcommand, pass it as subcommand`);
    }
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
      world.dispatch(GatewayDispatchEvents.GuildMemberRemove, { guild_id: guild.id, user: world.requireUser(userId) }, { intent: GatewayIntentBits.GuildMembers });
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
      const record = type === ChannelType.GuildForum ? channels.createForumChannel(guild, name, availableTags ?? []) : channels.createTextChannel(guild, name);
      return world.channelView(record);
    },

    async runCommand({ userId, guildId, channelId, name, subcommand, options = {}, attachments = {} }) {
      const channel = requireCommandChannel(userId, guildId, channelId);
      const { command, declared, wrap } = resolveCommand(guildId, name, subcommand);
      const label = `/${name}${subcommand ? ` ${subcommand}` : ''}`;
      const built = buildOptions(label, declared, options, guildId, channel, attachments);
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
      return handleFor(record);
    },

    async autocomplete({ userId, guildId, channelId, name, subcommand, options = {}, focused }) {
      const channel = requireCommandChannel(userId, guildId, channelId);
      const { command, declared, wrap } = resolveCommand(guildId, name, subcommand);
      const label = `/${name}${subcommand ? ` ${subcommand}` : ''}`;
      if (!(focused in options)) options = { ...options, [focused]: '' };
      const built = buildOptions(label, declared, options, guildId, channel, {}, focused);
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
      await handleFor(record).response();
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
      return handleFor(record);
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
      return handleFor(record);
    },

    async react(userId, channelId, messageId, emoji) {
      channels.addReaction(userId, channelId, messageId, emoji);
    },
    async unreact(userId, channelId, messageId, emoji) {
      channels.removeReaction(userId, userId, channelId, messageId, emoji);
    },
    async removeAllReactions(channelId, messageId) {
      channels.removeAllReactions(null, channelId, messageId);
    },
    async removeEmojiReactions(channelId, messageId, emoji) {
      channels.removeEmojiReactions(null, channelId, messageId, emoji);
    },
    async sendMessage(userId, channelId, content) {
      return world.messageView(channels.createMessage(userId, channelId, { content }));
    },
    async editMessage(userId, channelId, messageId, content) {
      return world.messageView(channels.editMessage(userId, channelId, messageId, { content }));
    },
    async deleteMessage(userId, channelId, messageId) {
      channels.deleteMessage(userId, channelId, messageId);
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

function isBasicOption(option: APIApplicationCommandInteractionDataOption): option is APIApplicationCommandInteractionDataBasicOption {
  return option.type !== ApplicationCommandOptionType.Subcommand && option.type !== ApplicationCommandOptionType.SubcommandGroup;
}

function resolvedChannel(record: ChannelRecord, permissions: string): APIInteractionDataResolvedChannel {
  const channel = record.channel;
  if (channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread || channel.type === ChannelType.AnnouncementThread) {
    return {
      id: channel.id,
      name: channel.name ?? '',
      type: channel.type,
      permissions,
      ...(channel.parent_id ? { parent_id: channel.parent_id } : {}),
      thread_metadata: channel.thread_metadata ?? { archived: false, auto_archive_duration: 4320, archive_timestamp: new Date().toISOString(), locked: false },
    };
  }
  return { id: channel.id, name: channel.name, type: channel.type, permissions };
}

interface ButtonLike {
  custom_id?: string;
  disabled?: boolean;
}

/** Finds a button by custom_id in action rows and in Components V2 sections/containers. */
function findButton(components: unknown[], customId: string): ButtonLike | undefined {
  for (const component of components) {
    if (!isRecord(component)) continue;
    if (component.type === ComponentType.Button && component.custom_id === customId) {
      return { custom_id: customId, disabled: component.disabled === true };
    }
    const nested = [
      ...(Array.isArray(component.components) ? component.components : []),
      ...(isRecord(component.accessory) ? [component.accessory] : []),
    ];
    const found = findButton(nested, customId);
    if (found) return found;
  }
  return undefined;
}

/** Mirrors the shown modal's layout (action rows or labels) with the submitted text values. */
function modalSubmission(
  shown: readonly unknown[],
  fields: Record<string, string>,
  modalId: string,
): APIModalSubmissionComponent[] {
  const inputs = new Map<string, { required: boolean; maxLength?: number; minLength?: number }>();
  const result: (ModalSubmitActionRowComponent | ModalSubmitLabelComponent)[] = [];
  const textInput = (component: Record<string, unknown>) => {
    const customId = String(component.custom_id);
    const entry: { required: boolean; maxLength?: number; minLength?: number } = { required: component.required !== false };
    if (typeof component.max_length === 'number') entry.maxLength = component.max_length;
    if (typeof component.min_length === 'number') entry.minLength = component.min_length;
    inputs.set(customId, entry);
    return { type: ComponentType.TextInput as const, custom_id: customId, value: fields[customId] ?? '' };
  };
  for (const row of shown) {
    if (!isRecord(row)) continue;
    if (row.type === ComponentType.ActionRow && Array.isArray(row.components)) {
      const texts = row.components.filter(isRecord).filter((c) => c.type === ComponentType.TextInput).map(textInput);
      result.push({ type: ComponentType.ActionRow, components: texts });
    } else if (row.type === ComponentType.Label && isRecord(row.component) && row.component.type === ComponentType.TextInput) {
      result.push({ type: ComponentType.Label, component: textInput(row.component) });
    }
  }
  for (const name of Object.keys(fields)) {
    if (!inputs.has(name)) throw new Error(`Modal "${modalId}" has no text input "${name}" (has: ${[...inputs.keys()].join(', ')})`);
  }
  for (const [name, rule] of inputs) {
    const value = fields[name] ?? '';
    if (rule.required && value.length === 0) throw new Error(`Modal "${modalId}" requires a value for "${name}"`);
    if (rule.maxLength !== undefined && value.length > rule.maxLength) throw new Error(`Modal "${modalId}" field "${name}" takes at most ${rule.maxLength} characters`);
    if (rule.minLength !== undefined && value.length > 0 && value.length < rule.minLength) throw new Error(`Modal "${modalId}" field "${name}" needs at least ${rule.minLength} characters`);
  }
  return result;
}
