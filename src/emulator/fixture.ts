import { readFile } from 'node:fs/promises';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { z } from 'zod';
import type { Driver } from './index.js';

const PERMISSIONS_BY_NAME = new Map<string, bigint>(Object.entries(PermissionFlagsBits));

function permissionBits(names: readonly string[]): bigint {
  return names.reduce((all, name) => all | (PERMISSIONS_BY_NAME.get(name) ?? 0n), 0n);
}

const permissionName = z.string().refine((name) => PERMISSIONS_BY_NAME.has(name), {
  error: (issue) => `unknown permission "${String(issue.input)}" (use names such as ManageMessages, SendMessages, Administrator)`,
});

const fixtureSchema = z
  .object({
    application: z
      .object({
        id: z.string().regex(/^\d{17,20}$/, { error: 'application.id must be 17 to 20 digits' }).optional(),
        token: z.string().min(20, { error: 'application.token must be at least 20 characters' }).optional(),
        name: z.string().min(1).max(32).optional(),
      })
      .strict()
      .optional(),
    users: z
      .array(
        z
          .object({
            key: z.string().min(1),
            username: z.string().min(2).max(32),
            globalName: z.string().min(1).max(32).optional(),
            bot: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1, { error: 'users must name at least the guild owner' }),
    guilds: z
      .array(
        z
          .object({
            name: z.string().min(2).max(100),
            owner: z.string(),
            roles: z
              .array(z.object({ key: z.string().min(1), name: z.string().min(1).max(100), permissions: z.array(permissionName) }).strict())
              .optional(),
            members: z.array(z.object({ user: z.string(), roles: z.array(z.string()).optional() }).strict()).optional(),
            channels: z
              .array(
                z
                  .object({
                    name: z.string().min(1).max(100),
                    type: z.enum(['text', 'forum']),
                    tags: z.array(z.string().min(1).max(20)).max(20).optional(),
                  })
                  .strict(),
              )
              .optional(),
            botPermissions: z.array(permissionName).optional(),
          })
          .strict(),
      )
      .min(1, { error: 'guilds must contain at least one guild' }),
  })
  .strict();

export type Fixture = z.infer<typeof fixtureSchema>;

export class FixtureError extends Error {}

export async function loadFixture(path: string): Promise<Fixture> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FixtureError(`cannot read the fixture ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FixtureError(`the fixture ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseFixture(json, path);
}

export function parseFixture(json: unknown, source = 'fixture'): Fixture {
  const result = fixtureSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new FixtureError(`the fixture ${source} is invalid: ${problems.join('; ')}`);
  }
  return result.data;
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
    const created = driver.createUser({ username: user.username, ...(user.globalName ? { globalName: user.globalName } : {}), ...(user.bot ? { bot: true } : {}) });
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
