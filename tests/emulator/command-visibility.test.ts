import { REST } from '@discordjs/rest';
import { ApplicationCommandType, PermissionFlagsBits, Routes, type RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memberMayUse } from '../../src/emulator/commands.js';
import { startWorld, type World } from './setup.js';

const guildCommands: RESTPostAPIApplicationCommandsJSONBody[] = [
  { name: 'tracks', description: 'For everyone' },
  { name: 'setup', description: 'Manage Server only', default_member_permissions: String(PermissionFlagsBits.ManageGuild) },
  {
    name: 'purge',
    description: 'Manage Messages and Manage Threads',
    default_member_permissions: String(PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ManageThreads),
  },
  { name: 'lockdown', description: 'Admins only', default_member_permissions: '0' },
  { name: 'inspect', type: ApplicationCommandType.User },
];
const globalCommands: RESTPostAPIApplicationCommandsJSONBody[] = [
  { name: 'about', description: 'Global, for everyone' },
  { name: 'config', description: 'Global, Manage Server only', default_member_permissions: String(PermissionFlagsBits.ManageGuild) },
];

let world: World;
const names = (userId: string): string[] => world.emulator.driver.commandsVisibleTo(world.guild.id, userId).map((c) => c.name);

beforeEach(async () => {
  world = await startWorld();
  const rest = new REST({ api: world.emulator.restUrl }).setToken(world.emulator.application.token);
  const appId = world.emulator.application.id;
  await rest.put(Routes.applicationGuildCommands(appId, world.guild.id), { body: guildCommands });
  await rest.put(Routes.applicationCommands(appId), { body: globalCommands });
});

afterEach(async () => {
  await world.emulator.stop();
});

describe("a member's / picker follows default_member_permissions", () => {
  it('shows a plain member only the commands without a permission requirement', () => {
    expect(names(world.member.id)).toEqual(['tracks', 'about']);
  });

  it('shows the owner every chat-input command, "0" included (the owner has every permission)', () => {
    expect(names(world.admin.id)).toEqual(['tracks', 'setup', 'purge', 'lockdown', 'about', 'config']);
  });

  it('shows a command once the member holds every permission it names, through a role', () => {
    const { driver } = world.emulator;
    const moderator = driver.createUser({ username: 'moderator' });
    const role = driver.createRole(world.guild.id, { name: 'Moderators', permissions: PermissionFlagsBits.ManageMessages });
    driver.addMember(world.guild.id, moderator.id, [role.id]);
    expect(names(moderator.id)).toEqual(['tracks', 'about']);

    const managers = driver.createRole(world.guild.id, { name: 'Managers', permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageThreads });
    const manager = driver.createUser({ username: 'manager' });
    driver.addMember(world.guild.id, manager.id, [role.id, managers.id]);
    expect(names(manager.id)).toEqual(['tracks', 'setup', 'purge', 'about', 'config']);
  });

  it('shows a member with Administrator everything, as Discord does', () => {
    const { driver } = world.emulator;
    const admins = driver.createRole(world.guild.id, { name: 'Admins', permissions: PermissionFlagsBits.Administrator });
    const user = driver.createUser({ username: 'second-admin' });
    driver.addMember(world.guild.id, user.id, [admins.id]);
    expect(names(user.id)).toEqual(['tracks', 'setup', 'purge', 'lockdown', 'about', 'config']);
  });

  it('refuses someone who is not a member of the guild, naming them', () => {
    const stranger = world.emulator.driver.createUser({ username: 'stranger' });
    expect(() => names(stranger.id)).toThrow(`User ${stranger.id} is not a member of guild ${world.guild.id}`);
  });

  it('leaves the bot-token listing unchanged: an app sees all of its commands', () => {
    expect(world.emulator.driver.commands(world.guild.id).map((c) => c.name)).toEqual(['tracks', 'setup', 'purge', 'lockdown', 'inspect']);
  });
});

describe('memberMayUse', () => {
  const everyone = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
  it('lets everyone use a command without default_member_permissions', () => {
    expect(memberMayUse({ default_member_permissions: null }, 0n)).toBe(true);
  });
  it('needs every permission in the set', () => {
    const both = String(PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles);
    expect(memberMayUse({ default_member_permissions: both }, everyone | PermissionFlagsBits.ManageGuild)).toBe(false);
    expect(memberMayUse({ default_member_permissions: both }, everyone | PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles)).toBe(true);
  });
  it('keeps "0" for Administrator', () => {
    expect(memberMayUse({ default_member_permissions: '0' }, everyone | PermissionFlagsBits.ManageGuild)).toBe(false);
    expect(memberMayUse({ default_member_permissions: '0' }, PermissionFlagsBits.Administrator)).toBe(true);
  });
});
