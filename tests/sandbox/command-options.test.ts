import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, ChannelType } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { allowedChannels, CommandInputError, convertOptions, declaredOptions } from '../../src/sandbox/command-options.js';

function command(name: string, options: APIApplicationCommandOption[]): APIApplicationCommand {
  return {
    id: '100000000000000001',
    type: ApplicationCommandType.ChatInput,
    application_id: '100000000000000000',
    name,
    description: name,
    default_member_permissions: null,
    version: '1',
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: null,
    options,
  };
}

const review: APIApplicationCommandOption = { type: ApplicationCommandOptionType.String, name: 'review', description: 'r', required: true, autocomplete: true };
const commands = [
  command('review', [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'post',
      description: 'p',
      options: [review, { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'c' }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'import',
      description: 'i',
      options: [{ type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'f', required: true }],
    },
  ]),
  command('setup', [
    { type: ApplicationCommandOptionType.Channel, name: 'reviews_channel', description: 'c', channel_types: [ChannelType.GuildText, ChannelType.GuildForum] },
    { type: ApplicationCommandOptionType.Role, name: 'admin_role', description: 'r' },
    { type: ApplicationCommandOptionType.String, name: 'like_emoji', description: 'e' },
  ]),
  command('top', [
    { type: ApplicationCommandOptionType.Integer, name: 'limit', description: 'l' },
    { type: ApplicationCommandOptionType.Boolean, name: 'mine', description: 'm' },
    { type: ApplicationCommandOptionType.Number, name: 'weight', description: 'w' },
    { type: ApplicationCommandOptionType.User, name: 'by', description: 'b' },
  ]),
];
const lookups = {
  channels: [
    { id: '200000000000000001', name: 'reviews', type: ChannelType.GuildText },
    { id: '200000000000000002', name: 'review-forum', type: ChannelType.GuildForum },
    { id: '200000000000000003', name: 'Responses: Rocky IV', type: ChannelType.PublicThread },
  ],
  users: [{ id: '300000000000000001', name: 'apollo' }],
  roles: [{ id: '400000000000000001', name: 'Moderators' }],
};

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CommandInputError) return error.message;
    throw error;
  }
  throw new Error('expected a CommandInputError');
}

describe('declaredOptions', () => {
  it('finds the options of a command or of its subcommand', () => {
    expect(declaredOptions(commands, 'review', 'post').map((o) => o.name)).toEqual(['review', 'channel']);
    expect(declaredOptions(commands, 'top', undefined).map((o) => o.name)).toEqual(['limit', 'mine', 'weight', 'by']);
  });

  it('names what is wrong: unknown command, missing or unknown subcommand, a subcommand where there are none', () => {
    expect(errorOf(() => declaredOptions(commands, 'nope', undefined))).toBe('/nope is not a command of this server (known: /review, /setup, /top)');
    expect(errorOf(() => declaredOptions(commands, 'review', undefined))).toBe('/review needs a subcommand: post, import');
    expect(errorOf(() => declaredOptions(commands, 'review', 'delete'))).toBe('/review has no subcommand "delete" (it has post, import)');
    expect(errorOf(() => declaredOptions(commands, 'top', 'post'))).toBe('/top has no subcommands');
  });
});

describe('convertOptions', () => {
  it('turns typed text into the values Discord sends, channels and members by name', () => {
    expect(convertOptions(declaredOptions(commands, 'review', 'post'), { review: ' rocky-iv ', channel: '#reviews' }, lookups)).toEqual({
      review: 'rocky-iv',
      channel: '200000000000000001',
    });
    expect(convertOptions(declaredOptions(commands, 'top', undefined), { limit: '5', mine: 'yes', weight: '0.5', by: '@Apollo' }, lookups)).toEqual({
      limit: 5,
      mine: true,
      weight: 0.5,
      by: '300000000000000001',
    });
  });

  it('refuses an option named but left empty, saying what to pick, instead of sending the command without it', () => {
    const setup = declaredOptions(commands, 'setup', undefined);
    expect(errorOf(() => convertOptions(setup, { reviews_channel: ' ', like_emoji: '🔥' }, lookups))).toBe(
      'option reviews_channel has no value: pick a channel, or leave the option out',
    );
    expect(errorOf(() => convertOptions(setup, { admin_role: '' }, lookups))).toBe('option admin_role has no value: pick a role, or leave the option out');
    expect(errorOf(() => convertOptions(setup, { like_emoji: '' }, lookups))).toBe(
      'option like_emoji has no value: type a value after the colon, or leave the option out',
    );
  });

  it('keeps the focused option as typed for autocomplete and skips the others still empty', () => {
    const post = declaredOptions(commands, 'review', 'post');
    expect(convertOptions(post, { review: '' }, lookups, 'review')).toEqual({ review: '' });
    expect(convertOptions(post, { review: 'roc', channel: '' }, lookups, 'review')).toEqual({ review: 'roc' });
  });

  it("takes a channel only of the option's channel_types and lists only those when the name is unknown", () => {
    const setup = declaredOptions(commands, 'setup', undefined);
    expect(convertOptions(setup, { reviews_channel: '#review-forum', admin_role: '@moderators' }, lookups)).toEqual({
      reviews_channel: '200000000000000002',
      admin_role: '400000000000000001',
    });
    expect(errorOf(() => convertOptions(setup, { reviews_channel: '#nope' }, lookups))).toBe(
      'option reviews_channel: no channel named "nope" (known: reviews, review-forum)',
    );
    expect(errorOf(() => convertOptions(setup, { reviews_channel: '#Responses: Rocky IV' }, lookups))).toBe(
      'option reviews_channel: no channel named "Responses: Rocky IV" (known: reviews, review-forum)',
    );
    // Without channel_types, Discord offers every channel, threads included.
    const channelOption = declaredOptions(commands, 'review', 'post')[1];
    if (!channelOption) throw new Error('/review post declares no second option');
    expect(allowedChannels(channelOption, lookups.channels).map((c) => c.name)).toEqual(['reviews', 'review-forum', 'Responses: Rocky IV']);
  });

  it('refuses each kind of bad value with a message naming the option', () => {
    const top = declaredOptions(commands, 'top', undefined);
    expect(errorOf(() => convertOptions(top, { limit: '2.5' }, lookups))).toBe('option limit must be a whole number, got "2.5"');
    expect(errorOf(() => convertOptions(top, { mine: 'maybe' }, lookups))).toBe('option mine must be true or false, got "maybe"');
    expect(errorOf(() => convertOptions(top, { weight: 'heavy' }, lookups))).toBe('option weight must be a number, got "heavy"');
    expect(errorOf(() => convertOptions(top, { by: '@drago' }, lookups))).toBe('option by: no member named "drago" (known: apollo)');
    expect(errorOf(() => convertOptions(top, { colour: 'red' }, lookups))).toBe('this command has no option "colour" (it has limit, mine, weight, by)');
    expect(errorOf(() => convertOptions(declaredOptions(commands, 'review', 'post'), {}, lookups))).toBe('missing required option: review');
    expect(errorOf(() => convertOptions(declaredOptions(commands, 'review', 'import'), { file: 'post.txt' }, lookups))).toContain('takes a file');
  });
});
