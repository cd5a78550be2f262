// The sandbox page. Every action goes to the sandbox server's small API, which performs it through the
// emulator's Driver as the person picked in "You are"; what that person sees arrives over server-sent events.
import '@skyra/discord-components-core';
import { Composer } from './composer.js';
import { listen, loadWorld, onConnection, renderStatus } from './connection.js';
import { $, element, htmlSpan, escapeHtml, state } from './dom.js';
import { renderForum } from './forum.js';
import { followLink } from './links.js';
import { messageElement } from './messages.js';
import { showModal } from './modal.js';

function currentChannel() {
  return state.world.channels.find((c) => c.id === state.channelId);
}

function renderChannels() {
  $('channels').replaceChildren(
    ...state.world.channels.map((channel) => {
      const item = element(
        'li',
        { 'data-channel-id': channel.id, 'data-type': channel.type, 'aria-current': channel.id === state.channelId ? 'true' : 'false' },
        [element('span', { class: 'channel-icon', 'aria-hidden': 'true' }, [channel.type === 'forum' ? '🗨' : '#']), channel.name],
      );
      item.addEventListener('click', () => openChannel(channel.id));
      return item;
    }),
  );
}

function renderMessages(container, scroller, channelId, messages, options) {
  const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  const privateOnes = state.view.private.filter((p) => p.channelId === channelId).map((p) => ({ ...p.message, __ephemeral: true }));
  const all = [...messages, ...privateOnes].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  container.replaceChildren(...all.map((m) => messageElement(m, channelId, { ...options, openThread, ephemeral: m.__ephemeral === true })));
  if (all.length === 0 && !options.quiet) {
    const admin = state.world.people.find((p) => p.role === 'admin');
    const channel = state.world.channels.find((c) => c.id === channelId);
    container.append(
      htmlSpan(
        `<h2>Welcome to #${escapeHtml(channel?.name ?? 'this channel')}</h2><p>Type <b>/</b> in the box below to run a command: as ${escapeHtml(admin?.name ?? 'the admin')}, try <b>/review post</b> and pick a review; then switch "You are" to a member to like it with 👍 or reply in its thread.</p>`,
        { class: 'empty-channel' },
      ),
    );
  }
  const focused = state.focus && !state.focus.scrolled ? container.querySelector(`discord-message[data-message-id="${state.focus.messageId}"]`) : null;
  if (focused) {
    state.focus.scrolled = true;
    requestAnimationFrame(() => focused.scrollIntoView({ block: 'center' }));
  } else if (nearBottom) requestAnimationFrame(() => (scroller.scrollTop = scroller.scrollHeight));
}

function render() {
  renderStatus();
  if (!state.view || !state.world) return;
  const channel = currentChannel();
  const forum = channel?.type === 'forum';
  $('channel-name').textContent = channel?.name ?? '';
  $('channel-icon').textContent = forum ? '🗨' : '#';
  $('channel-hint').hidden = forum;
  $('forum-hint').hidden = !forum;
  // Discord gives a forum no message box: messages and commands go inside its posts.
  $('composer').disabled = forum;
  $('composer').placeholder = forum ? forumNote(channel) : `Message #${channel?.name ?? ''}, or / for commands`;
  $('channel-messages').hidden = forum;
  $('forum-posts').hidden = !forum;
  if (forum) renderForum($('forum-posts'), channel, openThread);
  else renderMessages($('channel-messages'), $('channel-scroller'), state.channelId, state.view.channels[state.channelId] ?? [], {});
  const thread = state.view.threads.find((t) => t.id === state.threadId);
  $('thread-panel').hidden = !thread;
  if (thread) {
    const post = state.world.channels.some((c) => c.id === thread.parentId && c.type === 'forum');
    $('thread-icon').textContent = post ? '🗨' : '🧵';
    $('thread-name').textContent = thread.name;
    $('thread-panel').dataset.kind = post ? 'post' : 'thread';
    $('thread-composer').placeholder = post ? `Reply to "${thread.name}"` : 'Reply in the thread';
    renderMessages($('thread-messages'), $('thread-scroller'), thread.id, thread.messages, { showThread: false });
  }
  showModal(state.view.modal);
  document.body.dataset.viewer = state.view.viewer;
}

/** A message box's error belongs to what the person was doing there: it goes when they move on. */
function clearErrors() {
  for (const id of ['channel-error', 'thread-error']) $(id).textContent = '';
}

function showChannel(channelId) {
  if (channelId !== state.channelId) clearErrors();
  state.channelId = channelId;
  renderChannels();
  render();
}

function openChannel(channelId) {
  state.focus = null;
  showChannel(channelId);
}

function openThread(threadId) {
  state.focus = null;
  state.threadId = threadId;
  render();
  $('thread-composer').focus();
}

/** Where a link leads on the page: a channel, a thread or forum post (opened beside its channel), a message in either. */
function navigate({ channelId, threadId, messageId }) {
  state.focus = messageId ? { messageId, scrolled: false } : null;
  state.threadId = threadId ?? null;
  showChannel(channelId);
}

function forumNote(forum) {
  return `#${forum.name} is a forum: it holds posts, not messages. Open a post to reply in it.`;
}

async function start() {
  await loadWorld();
  const asked = new URLSearchParams(location.search).get('as');
  const remembered = localStorage.getItem('liner-notes-sandbox-as');
  const known = (id) => state.world.people.some((p) => p.id === id || p.username === id);
  const pick = [asked, remembered].find((id) => id && known(id));
  state.me = pick ? state.world.people.find((p) => p.id === pick || p.username === pick).id : state.world.people[0].id;
  const who = $('who');
  who.addEventListener('change', () => {
    state.me = who.value;
    localStorage.setItem('liner-notes-sandbox-as', state.me);
    state.shownModal = null;
    clearErrors();
    listen();
  });
  const showWorld = () => {
    document.title = `${state.world.guild.name} · Liner Notes sandbox`;
    $('guild-name').textContent = state.world.guild.name;
    who.replaceChildren(...state.world.people.map((p) => element('option', { value: p.id, selected: p.id === state.me }, [`${p.name} (${p.role})`])));
    if (!state.world.channels.some((c) => c.id === state.channelId))
      state.channelId = (state.world.channels.find((c) => c.name === 'reviews') ?? state.world.channels[0]).id;
    renderChannels();
  };
  showWorld();
  onConnection({ view: render, world: showWorld, status: render });
  new Composer($('composer'), $('channel-suggestions'), $('channel-error'), () => state.channelId);
  new Composer($('thread-composer'), $('thread-suggestions'), $('thread-error'), () => state.threadId);
  $('thread-close').addEventListener('click', () => {
    state.threadId = null;
    render();
  });
  // Links to https://discord.com/channels/… open here: in the sandbox they point at its own channels and posts.
  document.addEventListener('click', (event) => followLink(event, navigate), true);
  document.addEventListener('auxclick', (event) => followLink(event, navigate), true);
  document.body.dataset.ready = 'true';
  listen();
}

start().catch((error) => {
  document.body.textContent = `The sandbox page could not start: ${error.message === 'Failed to fetch' ? 'the sandbox is not answering; start it with npm start, then reload' : error.message}`;
});
