import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REST } from '@discordjs/rest';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  MessageFlags,
  ModalBuilder,
  SlashCommandBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { Client, Interaction } from 'discord.js';
import { InteractionResponseType, Routes } from 'discord-api-types/v10';
import { login, startWorld } from './setup.js';
import type { World } from './setup.js';

const definitions = [
  new SlashCommandBuilder().setName('hello').setDescription('Says hello with an embed'),
  new SlashCommandBuilder().setName('slow').setDescription('Defers, then edits'),
  new SlashCommandBuilder().setName('multi').setDescription('Replies and follows up'),
  new SlashCommandBuilder().setName('secret').setDescription('Replies ephemerally'),
  new SlashCommandBuilder()
    .setName('search')
    .setDescription('Searches reviews')
    .addStringOption((o) => o.setName('query').setDescription('Title').setRequired(true).setAutocomplete(true)),
  new SlashCommandBuilder().setName('vote').setDescription('Shows a button'),
  new SlashCommandBuilder().setName('feedback').setDescription('Opens a modal'),
  new SlashCommandBuilder().setName('receipt').setDescription('Replies with the created message'),
  new SlashCommandBuilder()
    .setName('review')
    .setDescription('Reviews')
    .addSubcommand((s) =>
      s
        .setName('rate')
        .setDescription('Rates')
        .addIntegerOption((o) => o.setName('stars').setDescription('1-5').setRequired(true).setMinValue(1).setMaxValue(5))
        .addAttachmentOption((o) => o.setName('cover').setDescription('Cover art')),
    ),
].map((builder) => builder.toJSON());

async function handle(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused();
    const titles = ['Rocky IV', 'Rocky III', 'Top Gun', 'Rocky Balboa'];
    await interaction.respond(titles.filter((t) => t.toLowerCase().includes(typed.toLowerCase())).map((t) => ({ name: t, value: t })));
    return;
  }
  if (interaction.isButton()) {
    if (interaction.customId === 'vote:later') {
      await interaction.deferUpdate();
      await new Promise((resolve) => setTimeout(resolve, 30));
      await interaction.editReply({ content: 'Counted later', components: [] });
      return;
    }
    await interaction.update({ content: `Voted by ${interaction.user.username}`, components: [] });
    return;
  }
  if (interaction.isModalSubmit()) {
    await interaction.reply({ content: `Thanks: ${interaction.fields.getTextInputValue('opinion')}`, allowedMentions: { parse: [] } });
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.commandName) {
    case 'hello':
      await interaction.reply({ embeds: [new EmbedBuilder().setTitle('Hello').setDescription(`Hi ${interaction.user.username}`)] });
      break;
    case 'slow':
      await interaction.deferReply();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await interaction.editReply({ content: 'Done thinking' });
      break;
    case 'multi':
      await interaction.reply({ content: 'First' });
      await interaction.followUp({ content: 'Second' });
      break;
    case 'receipt': {
      const response = await interaction.reply({ content: 'Receipt', withResponse: true });
      const message = response.resource?.message;
      await interaction.followUp({ content: `Reply ${message?.id ?? 'missing'} by ${message?.author.id ?? 'nobody'}` });
      break;
    }
    case 'secret':
      await interaction.reply({ content: 'Only you', flags: MessageFlags.Ephemeral });
      break;
    case 'vote':
      await interaction.reply({
        content: 'Vote?',
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId('vote:yes').setLabel('Yes').setStyle(ButtonStyle.Primary),
            new ButtonBuilder().setCustomId('vote:later').setLabel('Later').setStyle(ButtonStyle.Secondary),
          ),
        ],
      });
      break;
    case 'feedback':
      await interaction.showModal(
        new ModalBuilder()
          .setCustomId('feedback-modal')
          .setTitle('Feedback')
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- the action-row layout is the one this test shows the emulator still takes
          .addComponents(
            new ActionRowBuilder<TextInputBuilder>().addComponents(
              // eslint-disable-next-line @typescript-eslint/no-deprecated -- a text input's own label belongs to that layout
              new TextInputBuilder().setCustomId('opinion').setLabel('Opinion').setStyle(TextInputStyle.Paragraph),
            ),
          ),
      );
      break;
    case 'review': {
      const stars = interaction.options.getInteger('stars', true);
      const cover = interaction.options.getAttachment('cover');
      const body = cover ? await (await fetch(cover.url)).text() : '';
      await interaction.reply({ content: `${stars} stars; cover ${cover?.name ?? 'none'} (${body})` });
      break;
    }
  }
}

describe('emulator: application commands and interactions with discord.js', () => {
  let world: World;
  let client: Client<true>;

  beforeEach(async () => {
    world = await startWorld();
    const rest = new REST({ api: world.emulator.restUrl }).setToken(world.emulator.application.token);
    await rest.put(Routes.applicationGuildCommands(world.emulator.application.id, world.guild.id), { body: definitions });
    client = await login(world.emulator);
    client.on('interactionCreate', (interaction) => {
      void handle(interaction);
    });
  });
  afterEach(async () => {
    await client.destroy();
    await world.emulator.stop();
  });

  const run = (
    name: string,
    extra: {
      subcommand?: string;
      options?: Record<string, string | number | boolean>;
      attachments?: Record<string, { filename: string; contentType: string; content: string }>;
    } = {},
  ) => world.emulator.driver.runCommand({ userId: world.member.id, guildId: world.guild.id, channelId: world.reviews.id, name, ...extra });

  it('registers guild commands through REST.put and lists them', () => {
    const names = world.emulator.driver.commands(world.guild.id).map((c) => c.name);
    expect(names).toEqual(['hello', 'slow', 'multi', 'secret', 'search', 'vote', 'feedback', 'receipt', 'review']);
    expect(world.emulator.driver.commands()).toEqual([]);
  });

  it('answers a command with an embed reply that appears in the channel with interaction metadata', async () => {
    const handle = await run('hello');
    const response = await handle.response();
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const reply = await handle.reply();
    expect(reply.embeds[0]?.title).toBe('Hello');
    expect(reply.embeds[0]?.description).toBe('Hi listener');
    expect(reply.ephemeral).toBe(false);
    expect(reply.interaction_metadata?.user.id).toBe(world.member.id);
    expect(world.emulator.driver.messages(world.reviews.id).map((m) => m.id)).toEqual([reply.id]);
  });

  it('shows a deferred reply once it is edited', async () => {
    const handle = await run('slow');
    expect((await handle.response()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const reply = await handle.reply();
    expect(reply.content).toBe('Done thinking');
    expect(world.emulator.driver.messages(world.reviews.id)).toHaveLength(1);
  });

  it('sends a follow-up after the reply', async () => {
    const handle = await run('multi');
    expect((await handle.reply()).content).toBe('First');
    await world.emulator.driver.waitFor(() => handle.followups().length === 1, 3000, 'the follow-up');
    expect(handle.followups()[0]?.content).toBe('Second');
    expect(world.emulator.driver.messages(world.reviews.id).map((m) => m.content)).toEqual(['First', 'Second']);
  });

  it('answers with_response=true with the created message', async () => {
    const handle = await run('receipt');
    const reply = await handle.reply();
    await world.emulator.driver.waitFor(() => handle.followups().length === 1, 3000, 'the follow-up');
    expect(handle.followups()[0]?.content).toBe(`Reply ${reply.id} by ${world.emulator.application.botUserId}`);
  });

  it('keeps an ephemeral reply out of the channel', async () => {
    const handle = await run('secret');
    const reply = await handle.reply();
    expect(reply.content).toBe('Only you');
    expect(reply.ephemeral).toBe(true);
    expect(world.emulator.driver.messages(world.reviews.id)).toEqual([]);
  });

  it('returns autocomplete choices for the focused option', async () => {
    const choices = await world.emulator.driver.autocomplete({
      userId: world.member.id,
      guildId: world.guild.id,
      channelId: world.reviews.id,
      name: 'search',
      options: { query: 'rock' },
      focused: 'query',
    });
    expect(choices.map((c) => c.name)).toEqual(['Rocky IV', 'Rocky III', 'Rocky Balboa']);
  });

  it('updates the message when a button is clicked', async () => {
    const handle = await run('vote');
    const reply = await handle.reply();
    const click = await world.emulator.driver.clickButton({ userId: world.member.id, channelId: world.reviews.id, messageId: reply.id, customId: 'vote:yes' });
    expect((await click.response()).type).toBe(InteractionResponseType.UpdateMessage);
    await world.emulator.driver.waitFor(() => world.emulator.driver.message(world.reviews.id, reply.id)?.content === 'Voted by listener');
    expect(world.emulator.driver.message(world.reviews.id, reply.id)?.components).toEqual([]);
  });

  it('shows the edited message after a deferred update, and refuses clicks on buttons that are not there', async () => {
    const handle = await run('vote');
    const reply = await handle.reply();
    const click = await world.emulator.driver.clickButton({
      userId: world.member.id,
      channelId: world.reviews.id,
      messageId: reply.id,
      customId: 'vote:later',
    });
    expect((await click.response()).type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const updated = await click.reply();
    expect(updated.id).toBe(reply.id);
    expect(updated.content).toBe('Counted later');
    await expect(
      world.emulator.driver.clickButton({ userId: world.member.id, channelId: world.reviews.id, messageId: reply.id, customId: 'vote:yes' }),
    ).rejects.toThrow(/has no button with custom_id "vote:yes"/);
  });

  it('shows a modal and handles its submission', async () => {
    const handle = await run('feedback');
    const response = await handle.response();
    expect(response.type).toBe(InteractionResponseType.Modal);
    const submitted = await world.emulator.driver.submitModal({
      userId: world.member.id,
      guildId: world.guild.id,
      channelId: world.reviews.id,
      customId: 'feedback-modal',
      fields: { opinion: 'Great score' },
    });
    expect((await submitted.reply()).content).toBe('Thanks: Great score');
  });

  it('passes subcommand options and an attachment that discord.js can download', async () => {
    const handle = await run('review', {
      subcommand: 'rate',
      options: { stars: 5, cover: 'cover' },
      attachments: { cover: { filename: 'cover.txt', contentType: 'text/plain', content: 'artwork' } },
    });
    expect((await handle.reply()).content).toBe('5 stars; cover cover.txt (artwork)');
  });

  it('rejects undeclared options, wrong types and unknown commands with clear errors', async () => {
    await expect(run('hello', { options: { loud: true } })).rejects.toThrow(/Option "loud" is not declared by \/hello/);
    await expect(run('review', { subcommand: 'rate', options: { stars: 'five' } })).rejects.toThrow(/takes an integer/);
    await expect(run('review', { subcommand: 'rate', options: { stars: 9 } })).rejects.toThrow(/at most 5/);
    await expect(run('review', { subcommand: 'rate' })).rejects.toThrow(/Required option "stars"/);
    await expect(run('nope')).rejects.toThrow(/Command \/nope is not registered/);
  });
});
