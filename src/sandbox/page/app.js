// The sandbox page. Every action goes to the sandbox server's small API, which performs it through the
// emulator's Driver as the person picked in "You are"; what that person sees arrives over server-sent events.
import '@skyra/discord-components-core';

const $ = (id) => document.getElementById(id);
const OPTION = { SUB_COMMAND: 1, SUB_COMMAND_GROUP: 2, STRING: 3, INTEGER: 4, BOOLEAN: 5, USER: 6, CHANNEL: 7, ROLE: 8, MENTIONABLE: 9, NUMBER: 10, ATTACHMENT: 11 };
const BUTTON_TYPES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'destructive', 5: 'secondary' };
const QUICK_REACTIONS = ['👍', '❤️', '😂', '🔥'];

const state = {
  world: null,
  me: null,
  channelId: null,
  threadId: null,
  view: null,
  events: null,
  shownModal: null,
};

async function post(action, body) {
  const response = await fetch(`/api/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: state.me, ...body }) });
  const answer = await response.json().catch(() => ({ error: `the sandbox answered ${response.status}` }));
  if (!response.ok) throw new Error(answer.error ?? `the sandbox answered ${response.status}`);
  return answer;
}

// ---- text ---------------------------------------------------------------------------------------------

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function nameOfChannel(id) {
  const channel = state.world?.channels.find((c) => c.id === id);
  if (channel) return `#${channel.name}`;
  const thread = state.view?.threads.find((t) => t.id === id);
  return thread ? `#${thread.name}` : '#unknown';
}

function nameOfUser(id) {
  if (state.world?.bot.id === id) return `@${state.world.bot.name}`;
  const person = state.world?.people.find((p) => p.id === id);
  return person ? `@${person.name}` : '@unknown';
}

/** The subset of Discord markdown the bot writes: bold, italics, code, links, mentions, line breaks. */
function markdown(text) {
  let html = escapeHtml(text ?? '');
  html = html.replace(/`([^`]+)`/g, '<span class="md-code">$1</span>');
  html = html.replace(/\*\*(.+?)\*\*/gs, '<strong>$1</strong>');
  html = html.replace(/__(.+?)__/gs, '<u>$1</u>');
  html = html.replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/gs, '$1<em>$2</em>');
  html = html.replace(/(^|[^\w])_(?!\s)(.+?)_(?!\w)/gs, '$1<em>$2</em>');
  html = html.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noreferrer">$1</a>');
  html = html.replace(/&lt;#(\d+)&gt;/g, (_, id) => `<span class="mention">${escapeHtml(nameOfChannel(id))}</span>`);
  html = html.replace(/&lt;@!?(\d+)&gt;/g, (_, id) => `<span class="mention">${escapeHtml(nameOfUser(id))}</span>`);
  html = html.replace(/^&gt; (.*)$/gm, '<span style="border-left:4px solid #4e5058;padding-left:8px;display:inline-block">$1</span>');
  return html.replace(/\n/g, '<br>');
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function htmlSpan(html, attributes = {}) {
  const span = element('span', attributes);
  span.innerHTML = html;
  return span;
}

// ---- messages -----------------------------------------------------------------------------------------

/** "Today at 14:05" or "26/11/2026 14:05", the way Discord labels messages. */
function discordTime(iso) {
  const date = new Date(iso);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === new Date().toDateString() ? `Today at ${time}` : `${date.toLocaleDateString()} ${time}`;
}

function ago(iso) {
  const minutes = Math.floor((Date.now() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours}h ago` : `${Math.floor(hours / 24)}d ago`;
}

function authorName(user) {
  return user.global_name ?? user.username;
}

function embedElement(embed) {
  const node = element('discord-embed', {
    slot: 'embeds',
    color: embed.color !== undefined ? `#${embed.color.toString(16).padStart(6, '0')}` : undefined,
    'embed-title': embed.title,
    url: embed.url,
    'author-name': embed.author?.name,
  });
  if (embed.description) {
    const description = element('discord-embed-description', { slot: 'description' });
    description.innerHTML = markdown(embed.description);
    node.append(description);
  }
  if (embed.fields?.length) {
    const fields = element('discord-embed-fields', { slot: 'fields' });
    // The component lays inline fields out by their place in a row of up to three, as Discord does.
    let inlineIndex = 0;
    for (const field of embed.fields) {
      inlineIndex = field.inline ? (inlineIndex % 3) + 1 : 0;
      const attributes = { 'field-title': field.name, inline: field.inline === true, 'inline-index': field.inline ? inlineIndex : undefined };
      fields.append(element('discord-embed-field', attributes, [htmlSpan(markdown(field.value))]));
    }
    node.append(fields);
  }
  if (embed.footer?.text) node.append(element('discord-embed-footer', { slot: 'footer' }, [embed.footer.text]));
  return node;
}

function componentsElement(message, channelId) {
  const rows = (message.components ?? []).filter((row) => row.type === 1);
  if (rows.length === 0) return null;
  const container = element('discord-attachments', { slot: 'components' });
  for (const row of rows) {
    const actionRow = element('discord-action-row');
    for (const component of row.components ?? []) {
      if (component.type !== 2) continue;
      const button = element(
        'discord-button',
        { type: BUTTON_TYPES[component.style] ?? 'secondary', url: component.style === 5 ? component.url : undefined, disabled: component.disabled === true, 'data-custom-id': component.custom_id },
        [component.label ?? component.emoji?.name ?? ''],
      );
      if (component.style !== 5 && component.custom_id) {
        button.addEventListener('click', () => act(channelId, () => post('button', { channelId, messageId: message.id, customId: component.custom_id })));
      }
      actionRow.append(button);
    }
    container.append(actionRow);
  }
  return container;
}

function reactionsElement(message, channelId) {
  const reactions = message.reactions ?? [];
  if (reactions.length === 0) return null;
  const container = element('discord-reactions', { slot: 'reactions' });
  for (const reaction of reactions) {
    const node = element('discord-reaction', { name: reaction.key, emoji: reaction.emoji.name, count: reaction.count, reacted: reaction.me, 'data-emoji': reaction.key });
    node.addEventListener('click', () => act(channelId, () => post('reaction', { channelId, messageId: message.id, emoji: reaction.key, add: !reaction.me })));
    container.append(node);
  }
  return container;
}

function reactBar(message, channelId) {
  const bar = element('div', { class: 'react-bar', slot: 'reactions' });
  for (const emoji of QUICK_REACTIONS) {
    const mine = (message.reactions ?? []).some((r) => r.key === emoji && r.me);
    const button = element('button', { type: 'button', 'data-react': emoji, title: mine ? `Remove your ${emoji}` : `React with ${emoji}` }, [emoji]);
    button.addEventListener('click', () => act(channelId, () => post('reaction', { channelId, messageId: message.id, emoji, add: !mine })));
    bar.append(button);
  }
  return bar;
}

function threadElement(message) {
  const thread = state.view.threads.find((t) => t.id === message.id || t.id === message.thread?.id);
  if (!thread) return null;
  const count = thread.messages.length;
  const node = element('discord-thread', { slot: 'thread', name: thread.name, cta: count === 0 ? 'See thread' : `${count} Message${count === 1 ? '' : 's'}`, 'data-thread-id': thread.id });
  const last = thread.messages.at(-1);
  if (last) {
    node.append(
      element('discord-thread-message', { author: authorName(last.author), avatar: `/avatar/${last.author.id}.svg`, bot: last.author.bot === true, 'relative-timestamp': ago(last.timestamp) }, [
        htmlSpan(markdown(last.content.slice(0, 120))),
      ]),
    );
  } else {
    node.append('There are no recent messages in this thread.');
  }
  node.addEventListener('click', () => openThread(thread.id));
  return node;
}

function messageElement(message, channelId, { ephemeral = false, showThread = true } = {}) {
  const node = element('discord-message', {
    author: authorName(message.author),
    avatar: `/avatar/${message.author.id}.svg`,
    bot: message.author.bot === true,
    edited: message.edited_timestamp !== null && message.edited_timestamp !== undefined,
    ephemeral,
    'data-message-id': message.id,
  });
  node.timestamp = discordTime(message.timestamp);
  if (ephemeral) node.dismissMessageClicked = () => post('dismiss', { messageId: message.id }).catch(() => undefined);
  const invoked = message.interaction_metadata;
  if (invoked?.user && message.commandLabel) {
    node.append(element('discord-command', { slot: 'reply', author: authorName(invoked.user), avatar: `/avatar/${invoked.user.id}.svg`, command: message.commandLabel, type: 'slash_command' }));
  }
  if (message.content) node.append(htmlSpan(markdown(message.content)));
  for (const embed of message.embeds ?? []) node.append(embedElement(embed));
  const components = componentsElement(message, channelId);
  if (components) node.append(components);
  const reactions = reactionsElement(message, channelId);
  if (reactions) node.append(reactions);
  if (!ephemeral && !String(message.id).startsWith('timeout')) node.append(reactBar(message, channelId));
  if (showThread) {
    const thread = threadElement(message);
    if (thread) node.append(thread);
  }
  return node;
}

function renderMessages(container, scroller, channelId, messages, options) {
  const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  const privateOnes = state.view.private.filter((p) => p.channelId === channelId).map((p) => ({ ...p.message, __ephemeral: true }));
  const all = [...messages, ...privateOnes].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  container.replaceChildren(...all.map((m) => messageElement(m, channelId, { ...options, ephemeral: m.__ephemeral === true })));
  if (all.length === 0 && !options.quiet) {
    const admin = state.world.people.find((p) => p.role === 'admin');
    container.append(
      htmlSpan(
        `<h2 style="margin:16px 16px 4px">Welcome to ${escapeHtml(nameOfChannel(channelId))}</h2><p style="margin:0 16px 16px;color:#949ba4">Type <b>/</b> in the box below to run a command: as ${escapeHtml(admin?.name ?? 'the admin')}, try <b>/review post</b> and pick a review; then switch "You are" to a member to like it with 👍 or reply in its thread.</p>`,
        { class: 'empty-channel' },
      ),
    );
  }
  if (nearBottom) requestAnimationFrame(() => (scroller.scrollTop = scroller.scrollHeight));
}

// ---- layout -------------------------------------------------------------------------------------------

function renderChannels() {
  const list = $('channels');
  list.replaceChildren(
    ...state.world.channels.map((channel) => {
      const item = element('li', { 'data-channel-id': channel.id, 'aria-current': channel.id === state.channelId ? 'true' : 'false' }, [`${channel.type === 'forum' ? '🗂 ' : '# '}${channel.name}`]);
      item.addEventListener('click', () => {
        state.channelId = channel.id;
        renderChannels();
        render();
      });
      return item;
    }),
  );
}

function render() {
  if (!state.view || !state.world) return;
  const channel = state.world.channels.find((c) => c.id === state.channelId);
  $('channel-name').textContent = channel?.name ?? '';
  const status = $('bot-status');
  status.dataset.connected = String(state.view.bot.connected);
  status.textContent = state.view.bot.connected ? `bot: ${state.view.bot.user} online` : 'bot: offline';
  if (channel?.type === 'forum') {
    // A forum shows its posts; each opens as a thread.
    const posts = state.view.threads.filter((t) => t.parentId === channel.id);
    const starters = posts.map((t) => t.messages[0]).filter(Boolean);
    renderMessages($('channel-messages'), $('channel-scroller'), channel.id, [], { quiet: posts.length > 0 });
    $('channel-messages').append(
      ...starters.map((m) => {
        const thread = posts.find((t) => t.id === m.channel_id);
        const node = messageElement(m, m.channel_id, { showThread: false });
        const replies = (thread?.messages.length ?? 1) - 1;
        const open = element('discord-thread', { slot: 'thread', name: thread?.name ?? '', cta: `${replies} Message${replies === 1 ? '' : 's'}`, 'data-thread-id': m.channel_id }, ['Open the post to read and reply.']);
        open.addEventListener('click', () => openThread(m.channel_id));
        node.append(open);
        return node;
      }),
    );
  } else {
    renderMessages($('channel-messages'), $('channel-scroller'), state.channelId, state.view.channels[state.channelId] ?? [], {});
  }
  const thread = state.view.threads.find((t) => t.id === state.threadId);
  $('thread-panel').hidden = !thread;
  if (thread) {
    $('thread-name').textContent = thread.name;
    renderMessages($('thread-messages'), $('thread-scroller'), thread.id, thread.messages, { showThread: false });
  }
  showModal(state.view.modal);
  document.body.dataset.viewer = state.view.viewer;
}

function openThread(threadId) {
  state.threadId = threadId;
  render();
  $('thread-composer').focus();
}

async function act(channelId, action) {
  const errorBox = channelId === state.threadId ? $('thread-error') : $('channel-error');
  errorBox.textContent = '';
  try {
    await action();
  } catch (error) {
    errorBox.textContent = error.message;
  }
}

// ---- modals -------------------------------------------------------------------------------------------

function textInputs(components) {
  const inputs = [];
  for (const component of components) {
    if (component.type === 1) for (const inner of component.components ?? []) if (inner.type === 4) inputs.push({ label: inner.label, input: inner });
    if (component.type === 18 && component.component?.type === 4) inputs.push({ label: component.label, input: component.component });
  }
  return inputs;
}

function showModal(modal) {
  const dialog = $('modal');
  if (!modal) {
    if (dialog.open) dialog.close();
    state.shownModal = null;
    return;
  }
  if (state.shownModal === modal.customId && dialog.open) return;
  state.shownModal = modal.customId;
  $('modal-title').textContent = modal.title;
  $('modal-error').textContent = '';
  $('modal-fields').replaceChildren(
    ...textInputs(modal.components).flatMap(({ label, input }) => {
      const id = `field-${input.custom_id}`;
      const attributes = { id, name: input.custom_id, placeholder: input.placeholder, required: input.required !== false, maxlength: input.max_length, minlength: input.min_length };
      const field = input.style === 2 ? element('textarea', attributes) : element('input', attributes);
      field.value = input.value ?? '';
      return [element('label', { for: id }, [label ?? input.custom_id]), field];
    }),
  );
  dialog.dataset.customId = modal.customId;
  dialog.dataset.channelId = modal.channelId;
  if (!dialog.open) dialog.showModal();
}

$('modal-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const dialog = $('modal');
  const fields = {};
  for (const field of $('modal-fields').querySelectorAll('input, textarea')) fields[field.name] = field.value;
  try {
    await post('modal', { channelId: dialog.dataset.channelId, customId: dialog.dataset.customId, fields });
    dialog.close();
  } catch (error) {
    $('modal-error').textContent = error.message;
  }
});
async function cancelModal() {
  const dialog = $('modal');
  if (dialog.open) dialog.close();
  await post('close-modal', { customId: dialog.dataset.customId }).catch(() => undefined);
}
$('modal-cancel').addEventListener('click', cancelModal);
// Escape closes a dialog by itself; the server must forget the modal too, or the next update reopens it.
$('modal').addEventListener('cancel', cancelModal);

// ---- the message box: slash commands with suggestions -------------------------------------------------

/** "/review post review:Rocky IV channel:#reviews" → { name, subcommand, options, last } (options in typing order). */
function parseCommand(text) {
  const head = /^\/([\w-]+)(?:\s+([\w-]+))?/.exec(text);
  if (!head) return null;
  const command = state.world.commands.find((c) => c.name === head[1]);
  const subcommands = (command?.options ?? []).filter((o) => o.type === OPTION.SUB_COMMAND);
  let subcommand;
  let rest = text.slice(head[1].length + 1);
  if (subcommands.length > 0 && head[2] && subcommands.some((s) => s.name === head[2])) {
    subcommand = head[2];
    rest = text.slice(text.indexOf(head[2], head[1].length + 1) + head[2].length);
  }
  const options = [];
  const pattern = /\s([\w-]+):/g;
  const starts = [];
  let match;
  while ((match = pattern.exec(rest))) starts.push({ name: match[1], index: match.index, valueStart: match.index + match[0].length });
  starts.forEach((start, i) => options.push({ name: start.name, value: rest.slice(start.valueStart, starts[i + 1]?.index ?? rest.length) }));
  const declared = subcommand ? (subcommands.find((s) => s.name === subcommand)?.options ?? []) : subcommands.length > 0 ? [] : (command?.options ?? []);
  return { command, name: head[1], subcommand, needsSubcommand: subcommands.length > 0 && !subcommand, subcommands, declared, options, tail: starts.length === 0 ? rest : '' };
}

class Composer {
  constructor(input, list, errorBox, channelId) {
    this.input = input;
    this.list = list;
    this.errorBox = errorBox;
    this.channelId = channelId;
    this.items = [];
    this.selected = 0;
    this.chosen = {};
    this.requestSerial = 0;
    input.addEventListener('input', () => this.suggest());
    input.addEventListener('focus', () => this.suggest());
    input.addEventListener('keydown', (event) => this.onKey(event));
    input.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
  }

  onKey(event) {
    if (this.items.length > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      this.selected = (this.selected + (event.key === 'ArrowDown' ? 1 : this.items.length - 1)) % this.items.length;
      this.show();
    } else if (this.items.length > 0 && (event.key === 'Tab' || event.key === 'Enter')) {
      const item = this.items[this.selected];
      // Enter sends a command whose remaining options are optional, as Discord does.
      const optionalOnly = this.items.every((i) => i.heading || (i.insertOption && !i.required));
      if (event.key === 'Enter' && (optionalOnly || item?.heading)) return;
      event.preventDefault();
      this.pick(item);
    } else if (event.key === 'Escape') {
      this.items = [];
      this.show();
    }
  }

  async suggest() {
    const text = this.input.value;
    const serial = ++this.requestSerial;
    const parsed = text.startsWith('/') ? parseCommand(text) : null;
    let items = [];
    if (text.startsWith('/') && (!parsed || !parsed.command || (parsed.needsSubcommand && !/\s[\w-]*\s/.test(text.slice(1))))) {
      const typed = text.slice(1).toLowerCase();
      for (const command of state.world.commands) {
        const subs = command.options.filter((o) => o.type === OPTION.SUB_COMMAND);
        const entries = subs.length > 0 ? subs.map((s) => ({ label: `/${command.name} ${s.name}`, detail: s.description })) : [{ label: `/${command.name}`, detail: command.description }];
        for (const entry of entries) if (entry.label.slice(1).startsWith(typed) || typed === '') items.push({ ...entry, insert: `${entry.label} ` });
      }
    } else if (parsed?.command) {
      const last = parsed.options.at(-1);
      const option = last && parsed.declared.find((o) => o.name === last.name);
      // Typing a value: right after "name:", or while the text does not end in a space.
      const endsInsideValue = Boolean(last) && (!/\s$/.test(text) || last.value.trim() === '');
      if (option && endsInsideValue && option.autocomplete) {
        const typed = Object.fromEntries(parsed.options.map((o) => [o.name, this.valueFor(o)]));
        try {
          const answer = await post('autocomplete', { channelId: this.channelId(), name: parsed.name, subcommand: parsed.subcommand, options: typed, focused: option.name });
          items = answer.choices.map((choice) => ({ label: choice.name, detail: '', choice, option: option.name }));
          if (items.length === 0) items = [{ heading: `No ${option.name} matches "${last.value.trim()}"` }];
        } catch (error) {
          items = [{ heading: error.message }];
        }
      } else if (option?.choices && endsInsideValue) {
        items = option.choices.filter((c) => c.name.toLowerCase().startsWith(last.value.trim().toLowerCase())).map((choice) => ({ label: choice.name, detail: '', choice, option: option.name }));
      } else {
        const used = new Set(parsed.options.map((o) => o.name));
        const partialMatch = /\s([\w-]*)$/.exec(text);
        const partial = partialMatch?.[1] ?? '';
        const base = partialMatch ? text.slice(0, text.length - partial.length) : `${text} `;
        items = parsed.declared
          .filter((o) => !used.has(o.name) && o.name.startsWith(partial))
          .map((o) => ({ label: `${o.name}:`, detail: `${o.required ? 'required · ' : ''}${o.description}`, insertOption: o.name, base, required: o.required === true }));
      }
    }
    if (serial !== this.requestSerial) return;
    this.items = items;
    this.selected = Math.max(0, items.findIndex((i) => !i.heading));
    this.show();
  }

  valueFor(option) {
    const chosen = this.chosen[option.name];
    return chosen && chosen.name === option.value.trim() ? String(chosen.value) : option.value.trim();
  }

  show() {
    this.list.replaceChildren(
      ...this.items.map((item, index) => {
        if (item.heading) return element('li', { class: 'heading' }, [item.heading]);
        const node = element('li', { class: 'suggestion', role: 'option', 'aria-selected': index === this.selected ? 'true' : 'false' }, [
          element('span', { class: 'label' }, [item.label]),
          item.detail ? element('span', { class: 'detail' }, [item.detail]) : null,
        ]);
        node.addEventListener('mousedown', (event) => {
          event.preventDefault();
          this.pick(item);
        });
        return node;
      }),
    );
  }

  pick(item) {
    if (!item || item.heading) return;
    const text = this.input.value;
    if (item.insert) {
      this.input.value = item.insert;
    } else if (item.insertOption) {
      this.input.value = `${item.base}${item.insertOption}:`;
    } else if (item.choice) {
      const at = text.lastIndexOf(`${item.option}:`);
      this.input.value = `${text.slice(0, at)}${item.option}:${item.choice.name} `;
      this.chosen[item.option] = item.choice;
    }
    this.items = [];
    this.show();
    this.input.focus();
    this.suggest();
  }

  async send() {
    const text = this.input.value.trim();
    if (!text) return;
    this.errorBox.textContent = '';
    try {
      if (text.startsWith('/')) {
        const parsed = parseCommand(text);
        if (!parsed?.command) throw new Error(`${text.split(/\s/)[0]} is not a command here; type / to see them`);
        if (parsed.needsSubcommand) throw new Error(`/${parsed.name} needs one of: ${parsed.subcommands.map((s) => s.name).join(', ')}`);
        if (parsed.tail.trim()) throw new Error(`write options as name:value (e.g. ${parsed.declared[0]?.name ?? 'option'}:…), not "${parsed.tail.trim()}"`);
        const options = Object.fromEntries(parsed.options.map((o) => [o.name, this.valueFor(o)]));
        await post('command', { channelId: this.channelId(), name: parsed.name, subcommand: parsed.subcommand, options });
      } else {
        await post('message', { channelId: this.channelId(), content: text });
      }
      this.input.value = '';
      this.chosen = {};
      this.items = [];
      this.show();
    } catch (error) {
      this.errorBox.textContent = error.message;
    }
  }
}

// ---- start --------------------------------------------------------------------------------------------

function listen() {
  state.events?.close();
  state.events = new EventSource(`/api/events?as=${encodeURIComponent(state.me)}`);
  state.events.onmessage = (event) => {
    state.view = JSON.parse(event.data);
    render();
  };
}

async function start() {
  state.world = await (await fetch('/api/world')).json();
  document.title = `${state.world.guild.name} · Liner Notes sandbox`;
  $('guild-name').textContent = state.world.guild.name;
  const asked = new URLSearchParams(location.search).get('as');
  const remembered = localStorage.getItem('liner-notes-sandbox-as');
  const known = (id) => state.world.people.some((p) => p.id === id || p.username === id);
  const pick = [asked, remembered].find((id) => id && known(id));
  state.me = pick ? state.world.people.find((p) => p.id === pick || p.username === pick).id : state.world.people[0].id;
  const who = $('who');
  who.replaceChildren(...state.world.people.map((p) => element('option', { value: p.id, selected: p.id === state.me }, [`${p.name}${p.role === 'admin' ? '' : ' (member)'}`])));
  who.addEventListener('change', () => {
    state.me = who.value;
    localStorage.setItem('liner-notes-sandbox-as', state.me);
    state.shownModal = null;
    listen();
  });
  state.channelId = (state.world.channels.find((c) => c.name === 'reviews') ?? state.world.channels[0]).id;
  renderChannels();
  new Composer($('composer'), $('channel-suggestions'), $('channel-error'), () => state.channelId);
  new Composer($('thread-composer'), $('thread-suggestions'), $('thread-error'), () => state.threadId);
  $('thread-close').addEventListener('click', () => {
    state.threadId = null;
    render();
  });
  document.body.dataset.ready = 'true';
  listen();
}

start().catch((error) => {
  document.body.textContent = `The sandbox page could not start: ${error.message}`;
});
