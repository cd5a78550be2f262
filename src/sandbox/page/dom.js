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

/** Channel types as discord-api-types numbers them (Channel › Channel Types). */
export const CHANNEL = { GUILD_TEXT: 0, PUBLIC_THREAD: 11, PRIVATE_THREAD: 12, GUILD_FORUM: 15 };

/** Every channel a person can name: text channels and forums from the server, threads and posts from the view. */
export function knownChannels() {
  const top = (state.world?.channels ?? []).map((c) => ({ id: c.id, name: c.name, type: c.type === 'forum' ? CHANNEL.GUILD_FORUM : CHANNEL.GUILD_TEXT, parentId: null }));
  const threads = (state.view?.threads ?? []).map((t) => ({ id: t.id, name: t.name, type: CHANNEL.PUBLIC_THREAD, parentId: t.parentId }));
  return [...top, ...threads];
}
