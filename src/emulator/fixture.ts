import { readFile } from 'node:fs/promises';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import * as v from 'valibot';
import { cappedArray, defaultMessage, issueKeys, strictObject } from '../validation.js';
import type { Driver } from './types.js';
import { errorMessage } from '../errors.js';

const PERMISSIONS_BY_NAME = new Map<string, bigint>(Object.entries(PermissionFlagsBits));

function permissionBits(names: readonly string[]): bigint {
  return names.reduce((all, name) => all | (PERMISSIONS_BY_NAME.get(name) ?? 0n), 0n);
}

const permissionName = v.pipe(
  v.string(),
  v.check(
    (name) => PERMISSIONS_BY_NAME.has(name),
    (issue) => `unknown permission "${issue.input}" (use names such as ManageMessages, SendMessages, Administrator)`,
  ),
);

const fixtureSchema = strictObject({
  application: v.optional(
    strictObject({
      id: v.optional(v.pipe(v.string(), v.regex(/^\d{17,20}$/, 'application.id must be 17 to 20 digits'))),
      token: v.optional(v.pipe(v.string(), v.minLength(20, 'application.token must be at least 20 characters'))),
      name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(32))),
    }),
  ),
  users: v.pipe(
    v.array(
      strictObject({
        key: v.pipe(v.string(), v.minLength(1)),
        username: v.pipe(v.string(), v.minLength(2), v.maxLength(32)),
        globalName: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(32))),
        bot: v.optional(v.boolean()),
      }),
    ),
    v.minLength(1, 'users must name at least the guild owner'),
  ),
  guilds: v.pipe(
    v.array(
      strictObject({
        name: v.pipe(v.string(), v.minLength(2), v.maxLength(100)),
        owner: v.string(),
        roles: v.optional(
          v.array(
            strictObject({
              key: v.pipe(v.string(), v.minLength(1)),
              name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
              permissions: v.array(permissionName),
            }),
          ),
        ),
        members: v.optional(v.array(strictObject({ user: v.string(), roles: v.optional(v.array(v.string())) }))),
        channels: v.optional(
          v.array(
            strictObject({
              name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
              type: v.picklist(['text', 'forum']),
              tags: v.optional(cappedArray(v.pipe(v.string(), v.minLength(1), v.maxLength(20)), 20)),
            }),
          ),
        ),
        botPermissions: v.optional(v.array(permissionName)),
      }),
    ),
    v.minLength(1, 'guilds must contain at least one guild'),
  ),
});

export type Fixture = v.InferOutput<typeof fixtureSchema>;

export class FixtureError extends Error {}

export async function loadFixture(path: string): Promise<Fixture> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FixtureError(`cannot read the fixture ${path}: ${errorMessage(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FixtureError(`the fixture ${path} is not valid JSON: ${errorMessage(error)}`);
  }
  return parseFixture(json, path);
}

export function parseFixture(json: unknown, source = 'fixture'): Fixture {
  const result = v.safeParse(fixtureSchema, json, { message: defaultMessage });
  if (!result.success) {
    const problems = result.issues.map((issue) => `${issueKeys(issue).join('.') || '(root)'}: ${issue.message}`);
    throw new FixtureError(`the fixture ${source} is invalid: ${problems.join('; ')}`);
  }
  return result.output;
}

export interface SeededWorld {
  users: { key: string; id: string; username: string }[];
  guilds: { id: string; name: string; channels: { id: string; name: string; type: 'text' | 'forum' }[] }[];
}

/** Builds the fixture's world through the driver; unknown user or role keys are reported by name. */
export function seedFixture(driver: Driver, fixture: Fixture): SeededWorld {
  const userIds = new Map<string, string>();
  const seeded: SeededWorld = { users: [], guilds: [] };
  for (const user of fixture.users) {
    if (userIds.has(user.key)) throw new FixtureError(`users: the key "${user.key}" is used twice`);
    const created = driver.createUser({
      username: user.username,
      ...(user.globalName ? { globalName: user.globalName } : {}),
      ...(user.bot ? { bot: true } : {}),
    });
    userIds.set(user.key, created.id);
    seeded.users.push({ key: user.key, id: created.id, username: created.username });
  }
  const userId = (key: string, where: string): string => {
    const id = userIds.get(key);
    if (!id) throw new FixtureError(`${where}: no user with key "${key}"`);
    return id;
  };
  for (const [index, guildInput] of fixture.guilds.entries()) {
    const guild = driver.createGuild({ name: guildInput.name, ownerId: userId(guildInput.owner, `guilds.${index}.owner`) });
    const roleIds = new Map<string, string>();
    for (const role of guildInput.roles ?? []) {
      roleIds.set(role.key, driver.createRole(guild.id, { name: role.name, permissions: permissionBits(role.permissions) }).id);
    }
    for (const [memberIndex, member] of (guildInput.members ?? []).entries()) {
      const roles = (member.roles ?? []).map((key) => {
        const id = roleIds.get(key);
        if (!id) throw new FixtureError(`guilds.${index}.members.${memberIndex}: no role with key "${key}"`);
        return id;
      });
      driver.addMember(guild.id, userId(member.user, `guilds.${index}.members.${memberIndex}.user`), roles);
    }
    if (guildInput.botPermissions) {
      driver.setBotPermissions(guild.id, permissionBits(guildInput.botPermissions));
    }
    const channels = (guildInput.channels ?? []).map((channel) => {
      const created =
        channel.type === 'forum'
          ? driver.createChannel(guild.id, { name: channel.name, type: ChannelType.GuildForum, availableTags: (channel.tags ?? []).map((name) => ({ name })) })
          : driver.createChannel(guild.id, { name: channel.name, type: ChannelType.GuildText });
      return { id: created.id, name: channel.name, type: channel.type };
    });
    seeded.guilds.push({ id: guild.id, name: guild.name, channels });
  }
  return seeded;
}
