import { ApplicationCommandOptionType, ButtonStyle, ChannelType, ComponentType, TextInputStyle } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIMessage } from 'discord-api-types/v10';
import type { Driver } from '../emulator/index.js';
import type { Lookups } from './command-options.js';
import type { PrivateViews } from './private-views.js';
import type { SandboxRoster } from './roster.js';

export interface PageViewInput {
  driver: Driver;
  roster: SandboxRoster;
  privateViews: PrivateViews;
  /** "/review post" by interaction id: Discord shows the command above its reply, and the message only carries the id. */
  commandLabels: ReadonlyMap<string, string>;
  botStatus: () => { connected: boolean; user: string | null };
}

function emojiKey(emoji: { id?: string | null; name: string | null }): string {
  return emoji.id ? `${emoji.name ?? ''}:${emoji.id}` : (emoji.name ?? '');
}

/** What the `/` picker needs of a command: its name, description and options (with their channel_types). */
function pickerEntry(command: APIApplicationCommand) {
  return { name: command.name, description: command.description, options: command.options ?? [] };
}

/**
 * What the page shows, built from the emulator's state: the server (`world`, the same for everyone) and what one
 * person sees (`view`: the channels, threads and forum posts, their own ephemeral messages and modal, and the
 * commands their `/` picker offers).
 */
export function pageViews(input: PageViewInput) {
  const { driver, roster, privateViews, commandLabels } = input;

  const decorate = (userId: string, channelId: string, message: APIMessage) => ({
    ...message,
    commandLabel: message.interaction_metadata ? (commandLabels.get(message.interaction_metadata.id) ?? null) : null,
    reactions: (message.reactions ?? []).map((reaction) => {
      const key = emojiKey(reaction.emoji);
      return { ...reaction, key, me: driver.reactionUsers(channelId, message.id, key).includes(userId) };
    }),
  });

  const view = (userId: string) => {
    const tagNames = new Map(roster.channels.flatMap((c) => c.tags.map((t) => [t.id, t.name] as const)));
    const threads = driver.threads().map((thread) => ({
      id: thread.id,
      name: thread.name,
      parentId: thread.parent_id ?? null,
      // A forum post's card names its tags and when it started (Channels › Forum: applied_tags, thread_metadata).
      tags: (thread.applied_tags ?? []).map((id) => tagNames.get(id) ?? id),
      createdAt: thread.thread_metadata?.create_timestamp ?? null,
      messages: driver.messages(thread.id).map((m) => decorate(userId, thread.id, m)),
    }));
    return {
      viewer: userId,
      bot: input.botStatus(),
      commands: driver.commandsVisibleTo(roster.guildId, userId).map(pickerEntry),
      channels: Object.fromEntries(roster.channels.map((c) => [c.id, driver.messages(c.id).map((m) => decorate(userId, c.id, m))])),
      threads,
      private: privateViews.messagesFor(userId).map((p) => ({ channelId: p.channelId, message: decorate(userId, p.channelId, p.message) })),
      modal: privateViews.modalFor(userId) ?? null,
    };
  };

  const world = () => ({
    guild: { id: roster.guildId, name: roster.guildName },
    bot: { id: roster.bot.id, name: roster.bot.name },
    people: roster.people,
    channels: roster.channels,
    roles: roster.roles,
    // The numbers Discord's payloads carry, named by discord-api-types, so the page compares against names.
    types: { option: ApplicationCommandOptionType, channel: ChannelType, button: ButtonStyle, component: ComponentType, textInput: TextInputStyle },
  });

  /** The server's channels (threads included, with their types) and people and roles, for options typed by name. */
  const lookups = (): Lookups => ({
    channels: [
      ...roster.channels.map((c) => ({ id: c.id, name: c.name, type: c.type === 'forum' ? ChannelType.GuildForum : ChannelType.GuildText })),
      ...driver.threads().map((t) => ({ id: t.id, name: t.name, type: t.type })),
    ],
    users: roster.people.map((p) => ({ id: p.id, name: p.username })),
    roles: roster.roles,
  });

  return { view, world, lookups };
}
