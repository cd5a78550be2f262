// The world the conformance probes run in, and the commands, embeds and buttons they send.
import { ApplicationCommandOptionType, ApplicationCommandType, ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { APIChannel, APIGuild, APIUser, RESTPutAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Emulator } from '../types.js';
import { ProbeSession } from './probe-session.js';
import type { GatewayListener } from './gateway-listener.js';

export const THUMBS_UP = encodeURIComponent('👍');
export const FIRE = encodeURIComponent('🔥');
/** Interactions must be answered within this in the probe emulator; the expiry probe waits past it. */
export const PROBE_INTERACTION_TIMEOUT_MS = 2500;

export const reviewCommands: RESTPutAPIApplicationCommandsJSONBody = [
  {
    name: 'review',
    description: 'Soundtrack and album reviews',
    type: ApplicationCommandType.ChatInput,
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        description: 'Show a review',
        options: [{ type: ApplicationCommandOptionType.String, name: 'title', description: 'Album title', required: true, autocomplete: true }],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'submit', description: 'Submit a review' },
    ],
  },
];

export const reviewEmbed = {
  title: 'Rocky IV (Original Motion Picture Soundtrack)',
  description: 'Vince DiCola at full tilt.',
  color: 0xc0392b,
  fields: [
    { name: 'Year', value: '1985', inline: true },
    { name: 'Tracks', value: '10', inline: true },
  ],
  footer: { text: '👍 3 · 💬 1' },
};

export const buttonRow = {
  type: ComponentType.ActionRow,
  components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'review:like', label: 'Like' }],
};

export const noMentions = { parse: [] };

/** The world the probes run in, built with the driver. */
export interface ProbeWorld {
  session: ProbeSession;
  driver: Emulator['driver'];
  appId: string;
  botUserId: string;
  member: APIUser;
  guild: APIGuild;
  text: APIChannel;
  forum: APIChannel;
  forumTagId: string | undefined;
  /** The bot may view and read history only. */
  mutedChannel: APIChannel;
  /** The bot may view and send, not read history. */
  historylessChannel: APIChannel;
  /** The bot may not view it. */
  hiddenChannel: APIChannel;
  gateway: GatewayListener | undefined;
  setupProblems: string[];
}

export const NO_POST = 'posting the first message failed';
