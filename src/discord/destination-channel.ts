import { ChannelType } from 'discord.js';
import type { GuildSettings } from '../domain/guild-settings.js';
import { MemberFacingError } from '../domain/member-facing-error.js';

/** Where a review goes: the channel given, else the guild's reviews channel, else where the command ran. */
export function destinationChannel(
  settings: GuildSettings,
  explicit: { id: string; type: ChannelType } | null,
  here: { id: string; type: ChannelType } | null,
): string {
  const postable = (type: ChannelType): boolean => type === ChannelType.GuildText || type === ChannelType.GuildForum || type === ChannelType.GuildAnnouncement;
  if (explicit) {
    if (!postable(explicit.type)) throw new MemberFacingError(`<#${explicit.id}> is not a text or forum channel; reviews can only be posted in one of those.`);
    return explicit.id;
  }
  if (settings.reviewsChannelId) return settings.reviewsChannelId;
  if (here && postable(here.type)) return here.id;
  throw new MemberFacingError('Reviews go in a text or forum channel: run this in one, give `channel:`, or set the reviews channel with `/setup`.');
}
