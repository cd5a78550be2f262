// Shared by the page's modules: what the page knows (the server, the person acting, what they see) and DOM helpers.

export const state = {
  /** The server: guild, bot, people, channels (with a forum's tags) and roles. */
  world: null,
  /** The id of the person picked in "You are". */
  me: null,
  channelId: null,
  /** The thread or forum post open in the side panel. */
  threadId: null,
  /** What the person sees: channels, threads, their own ephemeral messages and modal, their `/` commands. */
  view: null,
  /** A message a link pointed at: drawn highlighted and scrolled to once. */
  focus: null,
  shownModal: null,
  /** 'connecting', 'online' (the event stream answers) or 'offline' (the page is trying to reconnect). */
  connection: 'connecting',
};

export const $ = (id) => document.getElementById(id);

export function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

export function htmlSpan(html, attributes = {}) {
  const span = element('span', attributes);
  span.innerHTML = html;
  return span;
}

export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * The enums of discord-api-types (ApplicationCommandOptionType, ChannelType, ButtonStyle, ComponentType,
 * TextInputStyle) as the server sends them in its description: `types().channel.GuildForum` is 15.
 */
export function types() {
  return state.world.types;
}

/** Every channel a person can name: text channels and forums from the server, threads and posts from the view. */
export function knownChannels() {
  if (!state.world) return [];
  const { channel } = types();
  const top = state.world.channels.map((c) => ({ id: c.id, name: c.name, type: c.type === 'forum' ? channel.GuildForum : channel.GuildText, parentId: null }));
  const threads = (state.view?.threads ?? []).map((t) => ({ id: t.id, name: t.name, type: channel.PublicThread, parentId: t.parentId }));
  return [...top, ...threads];
}
