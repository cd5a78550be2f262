import { ApplicationCommandOptionType, InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { MemberFacingError } from '../src/domain/member-facing-error.js';
import { invisibleReason, isInvisible } from '../src/domain/visible-text.js';
import { defineCommand, type CommandModule } from '../src/discord/command-kit.js';
import { seriesKeyOf } from '../src/discord/custom-id.js';
import { catalogueListReply } from '../src/discord/render-lists.js';
import { reviewAutocomplete } from '../src/discord/review-lookup.js';

export const definition = {
  name: 'reviews',
  description: 'Browse the reviews, with their likes and responses in this server',
  contexts: [InteractionContextType.Guild],
  options: [{ type: ApplicationCommandOptionType.String, name: 'series', description: 'Only this series, e.g. Great Soundtracks of 1985', autocomplete: true }],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(definition, {
  handlers: {
    run: {
      access: 'everyone',
      defer: 'none',
      async run({ interaction, services, respond }, args) {
        let series: string | null = null;
        if (args.series !== null) {
          if (isInvisible(args.series))
            throw new MemberFacingError(`The series option ${invisibleReason}. Pick a series from the list that appears as you type.`);
          const wanted = args.series.trim().toLowerCase();
          series = services.catalogue.all().find((r) => r.series?.toLowerCase() === wanted)?.series ?? null;
          if (series === null)
            throw new MemberFacingError(`There is no series called “${args.series.slice(0, 80)}”. Pick one from the list that appears as you type.`);
        }
        await respond(catalogueListReply(services, interaction.guildId, series, 0, interaction.user.id));
      },
    },
  },
  autocomplete: reviewAutocomplete,
  buttons: {
    list: {
      access: 'everyone',
      async run({ interaction, services }, state) {
        const series =
          state.seriesKey === '-'
            ? null
            : (services.catalogue.all().find((r) => r.series !== null && seriesKeyOf(r.series) === state.seriesKey)?.series ?? null);
        if (state.seriesKey !== '-' && series === null) throw new MemberFacingError('That series is no longer in the catalogue.');
        const reply = catalogueListReply(services, interaction.guildId, series, state.page, state.ownerId);
        await interaction.update({ embeds: reply.embeds ?? [], components: reply.components ?? [] });
      },
    },
  },
}) satisfies CommandModule;
