// Links to Discord messages and channels (https://discord.com/channels/<guild>/<channel>[/<message>], as the bot
// writes them for real Discord) open the channel, thread or forum post on this page instead of leaving it.
import { $, state } from './dom.js';

const MESSAGE_LINK = /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d{17,20}|@me)\/(\d{17,20})(?:\/(\d{17,20}))?\/?$/;

/** { guildId, channelId, messageId? } for a Discord channel or message link, else null. */
export function parseDiscordLink(href) {
  const match = MESSAGE_LINK.exec(href ?? '');
  return match ? { guildId: match[1], channelId: match[2], messageId: match[3] } : null;
}

/** The link or channel mention a click landed on, looking through the components' shadow DOM. */
function clickedTarget(event) {
  for (const node of event.composedPath()) {
    if (!(node instanceof Element)) continue;
    if (node.tagName === 'DISCORD-MENTION' && node.dataset.channelId) return { channelId: node.dataset.channelId };
    const href = node.tagName === 'A' ? node.getAttribute('href') : node.tagName === 'DISCORD-BUTTON' ? node.getAttribute('url') : null;
    if (href) return { href };
  }
  return null;
}

function notice(text) {
  const box = $('channel-error');
  box.textContent = text;
  delete box.dataset.offline;
}

/** Where a channel id leads: a channel of the server, or a thread or forum post beside its parent. */
function destination(channelId, messageId) {
  if (state.world.channels.some((c) => c.id === channelId)) return { channelId, messageId };
  const thread = state.view?.threads.find((t) => t.id === channelId);
  if (thread?.parentId) return { channelId: thread.parentId, threadId: thread.id, messageId };
  return null;
}

function messageExists({ channelId, threadId, messageId }) {
  const messages = threadId ? state.view.threads.find((t) => t.id === threadId)?.messages : state.view.channels[channelId];
  return (messages ?? []).some((m) => m.id === messageId);
}

export function followLink(event, navigate) {
  const target = clickedTarget(event);
  if (!target) return;
  const link = target.href ? parseDiscordLink(target.href) : { guildId: state.world.guild.id, channelId: target.channelId };
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  if (link.guildId !== state.world.guild.id) return notice('That link leads to a Discord server outside the sandbox, so it stays closed here.');
  const place = destination(link.channelId, link.messageId);
  if (!place) return notice('That link leads to a channel the sandbox does not have (it may have been deleted).');
  navigate(place);
  if (place.messageId && !messageExists(place)) notice('The message that link points at is no longer there (it may have been deleted); here is its channel.');
}
