import { PermissionFlagsBits, type GuildMember } from 'discord.js';
import type { GuildSettings } from '../domain/guild-settings.js';
import type { Access } from './command-kit.js';

/** Admins: Manage Server, or the admin role chosen with /setup. */
export function hasAccess(member: GuildMember, memberPermissions: Readonly<{ has(bit: bigint): boolean }>, settings: GuildSettings, access: Access): boolean {
  if (access === 'everyone') return true;
  const managesGuild = memberPermissions.has(PermissionFlagsBits.ManageGuild);
  if (access === 'manage-guild') return managesGuild;
  return managesGuild || (settings.adminRoleId !== null && member.roles.cache.has(settings.adminRoleId));
}

export function accessDeniedMessage(access: Access): string {
  return access === 'manage-guild'
    ? 'Only members with the Manage Server permission can do that.'
    : 'Only review admins can do that: members with Manage Server or the admin role set with `/setup`.';
}
