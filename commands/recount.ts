import { InteractionContextType, PermissionFlagsBits, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand, type CommandModule } from '../src/discord/command-kit.js';
import { recountText } from '../src/discord/recount-text.js';
import { requireReview, reviewAutocomplete, reviewOption } from '../src/discord/review-lookup.js';

export const definition = {
  name: 'recount',
  description: 'Count likes and responses again from Discord (admins)',
  contexts: [InteractionContextType.Guild],
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [{ ...reviewOption, required: false, description: 'Only this review’s posts (default: every post in this server)' }],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** How often the deferred reply shows the progress of a long recount. */
const progressEveryMs = 2000;

export const command = defineCommand(definition, {
  handlers: {
    run: {
      access: 'admin',
      defer: 'ephemeral',
      async run({ interaction, services, respond }, args) {
        const review = args.review === null ? null : requireReview(services.catalogue, args.review);
        const scope = { guildId: interaction.guildId, ...(review ? { slug: review.slug } : {}) };
        const what = review ? `the posts of **${review.title}**` : 'every post in this server';
        let lastShown = Date.now();
        const summary = await services.engagement.reconcile(scope, {
          reason: `/recount by ${interaction.user.id}`,
          onProgress: (progress) => {
            if (Date.now() - lastShown < progressEveryMs) return;
            lastShown = Date.now();
            void respond({ content: recountText(what, progress, false) }).catch(() => undefined);
          },
        });
        await respond({ content: recountText(what, summary, true) });
      },
    },
  },
  autocomplete: reviewAutocomplete,
}) satisfies CommandModule;
