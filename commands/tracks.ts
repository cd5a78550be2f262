import { InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand, type CommandModule } from '../src/discord/command-kit.js';
import { wholeTrackListing } from '../src/discord/render-review.js';
import { requireReview, reviewAutocomplete, reviewOption } from '../src/discord/review-lookup.js';

export const definition = {
  name: 'tracks',
  description: 'Show the track listing of a review',
  contexts: [InteractionContextType.Guild],
  options: [reviewOption],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(definition, {
  handlers: {
    run: {
      access: 'everyone',
      defer: 'none',
      async run({ services, respond }, args) {
        const review = requireReview(services.catalogue, args.review);
        const [first, ...rest] = wholeTrackListing(review);
        const title = `Track listing: ${review.subject}`.slice(0, 256);
        await respond({ embeds: first ? [{ ...first, title }, ...rest] : [] });
      },
    },
  },
  autocomplete: reviewAutocomplete,
}) satisfies CommandModule;
