import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { CommandInputError, convertOptions, declaredOptions } from '../../src/sandbox/command-options.js';

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
    { type: ApplicationCommandOptionType.Subcommand, name: 'post', description: 'p', options: [review, { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'c' }] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'import', description: 'i', options: [{ type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'f', required: true }] },
  ]),
  command('top', [
    { type: ApplicationCommandOptionType.Integer, name: 'limit', description: 'l' },
    { type: ApplicationCommandOptionType.Boolean, name: 'mine', description: 'm' },
    { type: ApplicationCommandOptionType.Number, name: 'weight', description: 'w' },
    { type: ApplicationCommandOptionType.User, name: 'by', description: 'b' },
  ]),
];
const lookups = {
  channels: [{ id: '200000000000000001', name: 'reviews' }],
  users: [{ id: '300000000000000001', name: 'apollo' }],
  roles: [],
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
    expect(errorOf(() => declaredOptions(commands, 'nope', undefined))).toBe('/nope is not a command of this server (known: /review, /top)');
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

  it('leaves empty optional options out and keeps the focused one as typed for autocomplete', () => {
    const post = declaredOptions(commands, 'review', 'post');
    expect(convertOptions(post, { review: 'x', channel: '' }, lookups)).toEqual({ review: 'x' });
    expect(convertOptions(post, { review: '' }, lookups, 'review')).toEqual({ review: '' });
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
