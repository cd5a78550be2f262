import { InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand, type CommandModule } from '../src/discord/command-kit.js';
import { responsesReply } from '../src/discord/render-lists.js';
import { requireReview, reviewAutocomplete, reviewOption, wholeReview } from '../src/discord/review-lookup.js';

export const definition = {
  name: 'responses',
  description: 'The latest responses to a review, and its responses from the old blog',
  contexts: [InteractionContextType.Guild],
  options: [reviewOption],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(definition, {
  handlers: {
    run: {
      access: 'everyone',
      defer: 'none',
      async run({ interaction, services, respond }, args) {
        const review = await wholeReview(services.catalogue, requireReview(services.catalogue, args.review));
        const posts = services.publications.ofReview(review.slug).filter((p) => p.guildId === interaction.guildId && p.threadId !== null);
        const responses = posts.flatMap((post) => services.engagement.responses(post.threadId ?? '')).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        await respond(responsesReply(review, interaction.guildId, posts, responses));
      },
    },
  },
  autocomplete: reviewAutocomplete,
}) satisfies CommandModule;
