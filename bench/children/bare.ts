/**
 * The bare discord.js client the bot is measured against: the bot's intents and partials, default caches,
 * a reaction handler that only counts, and interactions answered with a plain reply (autocomplete: one choice).
 */
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { childSide, requireEnv } from '../lib/child-side.js';

let client: Client | undefined;
const side = childSide({
  stop: async () => {
    await client?.destroy();
  },
});

try {
  client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.MessageContent],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    rest: { api: requireEnv('DISCORD_API_URL') },
  });
  const count = (): void => side.count();
  client.on(Events.MessageReactionAdd, count);
  client.on(Events.MessageReactionRemove, count);
  client.on(Events.InteractionCreate, (interaction) => {
    const answer = interaction.isAutocomplete()
      ? interaction.respond([{ name: 'ok', value: 'ok' }])
      : interaction.isChatInputCommand()
        ? interaction.reply({ content: 'ok', allowedMentions: { parse: [] } })
        : Promise.resolve();
    answer.catch((error: unknown) => process.stderr.write(`bare client: ${String(error)}\n`));
  });
  const ready = new Promise<void>((resolve) => client?.once(Events.ClientReady, () => resolve()));
  await client.login(requireEnv('DISCORD_TOKEN'));
  await ready;
  const guildId = requireEnv('BENCH_GUILD_ID');
  if (!client.guilds.cache.has(guildId)) throw new Error(`the bare client is ready but does not see guild ${guildId}`);
  side.ready();
} catch (error) {
  side.fail(error);
}
