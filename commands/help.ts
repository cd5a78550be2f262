import { InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { defineCommand, type CommandModule } from '../src/discord/command-kit.js';

export const definition = {
  name: 'help',
  description: 'What each Liner Notes command does',
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const text = [
  '**Liner Notes**: the community’s soundtrack and album reviews. React to a review post with the like emoji to like it; reply in its thread to respond.',
  '',
  '`/review read review:` read a review page by page (◀ ▶), with its series neighbours',
  '`/tracks review:` its track listing',
  '`/reviews [series]` browse the reviews with their likes and responses here',
  '`/top [by: likes|responses] [limit]` the most liked or most discussed reviews here',
  '`/responses review:` the latest responses, and those from the old blog',
  '',
  '**Admins** (Manage Server or the admin role):',
  '`/review post review: [channel]` post a review in the reviews channel, with a thread for responses',
  '`/review new` write a review in a form, preview it, publish it',
  '`/review import file:` import a blog post exported as text (≤ 1 MB), preview it, publish it',
  '`/review edit review:` edit a review; every post of it is updated',
  '`/review delete review:` remove a review; its posts are marked withdrawn, likes and responses kept',
  '`/setup` reviews channel, like emoji, admin role, whether a reviewer’s own like counts (Manage Server)',
  '`/recount [review]` count likes and responses again from Discord (the bot also does this at every start)',
].join('\n');

export const command = defineCommand(definition, {
  handlers: {
    run: {
      access: 'everyone',
      defer: 'none',
      async run({ respond }) {
        await respond({ content: text, ephemeral: true });
      },
    },
  },
}) satisfies CommandModule;
