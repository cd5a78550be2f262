import { ApplicationCommandOptionType, InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { rankReviews } from '../src/domain/rank-reviews.js';
import { defineCommand, type CommandModule } from '../src/discord/command-kit.js';
import { topReply } from '../src/discord/render-lists.js';

export const definition = {
  name: 'top',
  description: 'The most liked (or most responded) reviews in this server',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'by',
      description: 'Rank by likes (default) or responses',
      choices: [
        { name: 'likes', value: 'likes' },
        { name: 'responses', value: 'responses' },
      ],
    },
    { type: ApplicationCommandOptionType.Integer, name: 'limit', description: 'How many (1–25, default 10)', min_value: 1, max_value: 25 },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(definition, {
  handlers: {
    run: {
      access: 'everyone',
      defer: 'none',
      async run({ interaction, services, settings, respond }, args) {
        const by = args.by ?? 'likes';
        const limit = Math.min(25, Math.max(1, args.limit ?? 10));
        const ranked = rankReviews(services.catalogue.all(), services.engagement.countsByGuild(interaction.guildId), by, limit);
        await respond(topReply(ranked, by, settings.likeEmojis[0] ?? '👍'));
      },
    },
  },
}) satisfies CommandModule;
