// Discord's markdown, as much of it as the bot writes: bold, italics, underline, code, quotes, links (masked,
// angle-bracketed and bare) and mentions. Mentions are drawn as Discord draws them, by name, with the message
// components' <discord-mention>; links are <discord-link>, which the page opens in place when they point at the sandbox.
import { escapeHtml, knownChannels, state, types } from './dom.js';

/** Reference › Message Formatting: <@id> (or the legacy <@!id>), <@&id>, <#id>; here as they read once escaped. */
const MENTION = /&lt;(@!?|@&amp;|#)(\d{17,20})&gt;/g;
const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)|&lt;(https?:\/\/[^\s]+?)&gt;|(https?:\/\/[^\s]+?)(?=[.,:;!?)]*(?:\s|$))/g;

function roleColor(color) {
  return color ? `#${color.toString(16).padStart(6, '0')}` : undefined;
}

/** { type, name, color?, channelId? } for a mention: what Discord shows for it, "deleted" ones included. */
export function mentionOf(kind, id) {
  if (kind === '#') {
    const channel = knownChannels().find((c) => c.id === id);
    if (!channel) return { type: 'channel', name: 'unknown' };
    const kinds = types().channel;
    const type = channel.type === kinds.GuildForum ? 'forum' : channel.type === kinds.GuildText ? 'channel' : 'thread';
    return { type, name: channel.name, channelId: id };
  }
  if (kind === '@&amp;') {
    if (id === state.world?.guild.id) return { type: 'role', name: 'everyone' };
    const role = state.world?.roles.find((r) => r.id === id);
    return role ? { type: 'role', name: role.name, color: roleColor(role.color) } : { type: 'role', name: 'deleted-role' };
  }
  if (state.world?.bot.id === id) return { type: 'user', name: state.world.bot.name };
  const person = state.world?.people.find((p) => p.id === id);
  return { type: 'user', name: person ? person.name : 'unknown-user' };
}

function mentionHtml(kind, id) {
  const mention = mentionOf(kind, id);
  const color = mention.color ? ` color="${mention.color}"` : '';
  const target = mention.channelId ? ` data-channel-id="${mention.channelId}"` : '';
  return `<discord-mention type="${mention.type}"${color}${target}>${escapeHtml(mention.name)}</discord-mention>`;
}

/** Mentions as the names Discord would show ("@Moderators", "#reviews"), for text that is not drawn as HTML. */
export function plainMentions(text) {
  return (text ?? '').replace(/<(@!?|@&|#)(\d{17,20})>/g, (_, kind, id) => {
    const mention = mentionOf(kind === '@&' ? '@&amp;' : kind, id);
    return `${mention.type === 'user' || mention.type === 'role' ? '@' : '#'}${mention.name}`;
  });
}

/**
 * An error's bare ids as the names a person knows ("channel #general", "user @Apollo"): the emulator's messages
 * name things by id, which nobody on the page has seen. Ids the page does not know stay as they are.
 */
export function namedIds(text) {
  return (text ?? '').replace(/(?<![\d<@#&])\d{17,20}(?!\d)/g, (id) => {
    const channel = knownChannels().find((c) => c.id === id);
    if (channel) return `#${channel.name}`;
    if (state.world?.guild.id === id) return state.world.guild.name;
    const person = state.world?.people.find((p) => p.id === id);
    if (person) return `@${person.name}`;
    if (state.world?.bot.id === id) return `@${state.world.bot.name}`;
    const role = state.world?.roles.find((r) => r.id === id);
    return role ? `@${role.name}` : id;
  });
}

export function markdown(text) {
  const kept = [];
  const keep = (html) => `\u0000${kept.push(html) - 1}\u0000`;
  let html = escapeHtml(text ?? '');
  html = html.replace(/`([^`\n]+)`/g, (_, code) => keep(`<span class="md-code">${code}</span>`));
  html = html.replace(LINK, (_, label, masked, angled, bare) => {
    const href = masked ?? angled ?? bare;
    return keep(`<discord-link href="${href}" target="_blank" rel="noreferrer">${label ?? href}</discord-link>`);
  });
  html = html.replace(MENTION, (_, kind, id) => keep(mentionHtml(kind, id)));
  html = html.replace(/\*\*(.+?)\*\*/gs, '<strong>$1</strong>');
  html = html.replace(/__(.+?)__/gs, '<u>$1</u>');
  html = html.replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/gs, '$1<em>$2</em>');
  html = html.replace(/(^|[^\w])_(?!\s)(.+?)_(?!\w)/gs, '$1<em>$2</em>');
  html = html.replace(/^&gt; (.*)$/gm, '<span class="md-quote">$1</span>');
  // A link's label may hold kept code or a mention: restore until none is left.
  while (/\u0000\d+\u0000/.test(html)) html = html.replace(/\u0000(\d+)\u0000/g, (_, index) => kept[Number(index)]);
  return html.replace(/\n/g, '<br>');
}
