import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { displayEmoji, parseLikeEmojis } from '../src/domain/parse-like-emojis.js';
import { defineCommand, type CommandModule } from '../src/discord/command-kit.js';
import { followInviteEmoji } from '../src/discord/follow-invite-emoji.js';
import { likeChangeText } from '../src/discord/like-change-text.js';

export const definition = {
  name: 'setup',
  description: 'Set up Liner Notes in this server (Manage Server)',
  contexts: [InteractionContextType.Guild],
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    {
      type: ApplicationCommandOptionType.Channel,
      name: 'reviews_channel',
      description: 'Where reviews are posted: a text channel or a forum',
      channel_types: [ChannelType.GuildText, ChannelType.GuildForum],
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'like_emoji',
      description: 'Emoji that count as a like, separated by spaces (default 👍)',
      max_length: 400,
    },
    { type: ApplicationCommandOptionType.Role, name: 'admin_role', description: 'Members with this role may post and manage reviews' },
    { type: ApplicationCommandOptionType.Boolean, name: 'count_own_likes', description: 'Whether the admin who posted a review may like it' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(definition, {
  handlers: {
    run: {
      access: 'manage-guild',
      defer: 'ephemeral',
      async run({ interaction, services, settings, respond }, args) {
        const likeEmojis = args.like_emoji === null ? settings.likeEmojis : parseLikeEmojis(args.like_emoji);
        const updated = {
          reviewsChannelId: args.reviews_channel?.id ?? settings.reviewsChannelId,
          likeEmojis,
          adminRoleId: args.admin_role?.id ?? settings.adminRoleId,
          countOwnLikes: args.count_own_likes ?? settings.countOwnLikes,
        };
        const changed = [args.reviews_channel, args.like_emoji, args.admin_role, args.count_own_likes].some((v) => v !== null);
        const notes: string[] = [];
        if (changed) {
          await services.store.settings.set(interaction.guildId, updated);
          const likes = await services.engagement.settingsChanged(interaction.guildId);
          services.logger.info({ guildId: interaction.guildId, settings: updated, likes }, 'guild settings saved');
          const likeText = likeChangeText({ before: settings, after: updated }, likes);
          if (likeText) notes.push(likeText);
          const [from, to] = [settings.likeEmojis[0], updated.likeEmojis[0]];
          const invitations = followInviteEmoji(services, interaction.client, interaction.guildId, { from, to });
          if (invitations > 0 && to !== undefined) {
            notes.push(
              `My own ${from === undefined ? '' : `${displayEmoji(from)} `}reaction on ${invitations === 1 ? 'the post' : `the ${invitations} posts`} here (an invitation to like) becomes ${displayEmoji(to)}.`,
            );
          }
        }
        const lines = [
          changed ? '**Saved.** Liner Notes in this server:' : 'Liner Notes in this server (give options to change them):',
          `• Reviews channel: ${updated.reviewsChannelId ? `<#${updated.reviewsChannelId}>` : 'not set (reviews go where `/review post` runs)'}`,
          `• Like emoji: ${updated.likeEmojis.map(displayEmoji).join(' ')}`,
          `• Admin role: ${updated.adminRoleId ? `<@&${updated.adminRoleId}>` : 'not set (members with Manage Server are admins)'}`,
          `• A reviewer's own like counts: ${updated.countOwnLikes ? 'yes' : 'no'}`,
          ...(notes.length > 0 ? ['', ...notes] : []),
        ];
        await respond({ content: lines.join('\n') });
      },
    },
  },
}) satisfies CommandModule;
