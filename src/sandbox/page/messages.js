// Messages drawn with @skyra/discord-components-core, the way Discord draws them: author, "(edited)" after the
// text, embeds, buttons, reactions, the thread under a message, and the command a reply answers.
import { post, showError } from './connection.js';
import { $, element, htmlSpan, state, types } from './dom.js';
import { markdown } from './text.js';

/** The component's look for each ButtonStyle; a link button looks secondary, with its launch icon. */
const BUTTON_LOOKS = { Primary: 'primary', Secondary: 'secondary', Success: 'success', Danger: 'destructive', Link: 'secondary' };
const QUICK_REACTIONS = ['👍', '❤️', '😂', '🔥'];

/** "Today at 14:05" or "26/11/2026 14:05", the way Discord labels messages. */
function discordTime(iso) {
  const date = new Date(iso);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === new Date().toDateString() ? `Today at ${time}` : `${date.toLocaleDateString()} ${time}`;
}

export function ago(iso) {
  const minutes = Math.floor((Date.now() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours}h ago` : `${Math.floor(hours / 24)}d ago`;
}

export function authorName(user) {
  return user.global_name ?? user.username;
}

/** Runs an action for a message in a channel or thread and shows what went wrong under that pane's message box. */
export async function act(channelId, action) {
  const errorBox = channelId === state.threadId ? $('thread-error') : $('channel-error');
  errorBox.textContent = '';
  try {
    await action();
  } catch (error) {
    showError(errorBox, error);
  }
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
  // Discord draws an embed footer as plain text: no markdown, no mentions.
  if (embed.footer?.text) node.append(element('discord-embed-footer', { slot: 'footer' }, [embed.footer.text]));
  return node;
}

function componentsElement(message, channelId) {
  const { component: kinds, button: styles } = types();
  const rows = (message.components ?? []).filter((row) => row.type === kinds.ActionRow);
  if (rows.length === 0) return null;
  const container = element('discord-attachments', { slot: 'components' });
  for (const row of rows) {
    const actionRow = element('discord-action-row');
    for (const component of row.components ?? []) {
      if (component.type !== kinds.Button) continue;
      const link = component.style === styles.Link;
      const button = element(
        'discord-button',
        {
          type: BUTTON_LOOKS[styles[component.style]] ?? 'secondary',
          url: link ? component.url : undefined,
          disabled: component.disabled === true,
          'data-custom-id': component.custom_id,
        },
        [component.label ?? component.emoji?.name ?? ''],
      );
      if (!link && component.custom_id) {
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
    const node = element('discord-reaction', {
      name: reaction.key,
      emoji: reaction.emoji.name,
      count: reaction.count,
      reacted: reaction.me,
      'data-emoji': reaction.key,
    });
    node.addEventListener('click', () => act(channelId, () => post('reaction', { channelId, messageId: message.id, emoji: reaction.key, add: !reaction.me })));
    container.append(node);
  }
  return container;
}

/** Discord's hover toolbar: it floats over the message's top right corner and takes no room in the message. */
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

function threadElement(message, openThread) {
  const thread = state.view.threads.find((t) => t.id === message.id || t.id === message.thread?.id);
  if (!thread) return null;
  const count = thread.messages.length;
  const node = element('discord-thread', {
    slot: 'thread',
    name: thread.name,
    cta: count === 0 ? 'See thread' : `${count} Message${count === 1 ? '' : 's'}`,
    'data-thread-id': thread.id,
  });
  const last = thread.messages.at(-1);
  if (last) {
    node.append(
      element(
        'discord-thread-message',
        { author: authorName(last.author), avatar: `/avatar/${last.author.id}.svg`, bot: last.author.bot === true, 'relative-timestamp': ago(last.timestamp) },
        [htmlSpan(markdown(last.content.replace(/\s*\n\s*/g, ' ')), { class: 'one-line' })],
      ),
    );
  } else {
    node.append('There are no recent messages in this thread.');
  }
  node.addEventListener('click', () => openThread(thread.id));
  return node;
}

export function messageElement(message, channelId, { ephemeral = false, showThread = true, openThread } = {}) {
  const node = element('discord-message', {
    author: authorName(message.author),
    avatar: `/avatar/${message.author.id}.svg`,
    bot: message.author.bot === true,
    // Discord writes "(edited)" after a message's text; a message of embeds alone shows none.
    edited: Boolean(message.content) && message.edited_timestamp !== null && message.edited_timestamp !== undefined,
    ephemeral,
    'data-message-id': message.id,
    'data-focused': state.focus?.messageId === message.id ? 'true' : undefined,
  });
  node.timestamp = discordTime(message.timestamp);
  if (ephemeral) node.dismissMessageClicked = () => post('dismiss', { messageId: message.id }).catch(() => undefined);
  const invoked = message.interaction_metadata;
  if (invoked?.user && message.commandLabel) {
    // "Adrian used /help": the display name only, as Discord shows it.
    node.append(
      element('discord-command', {
        slot: 'reply',
        author: authorName(invoked.user),
        avatar: `/avatar/${invoked.user.id}.svg`,
        command: message.commandLabel,
        type: 'slash_command',
      }),
    );
  }
  if (message.content) node.append(htmlSpan(markdown(message.content)));
  for (const embed of message.embeds ?? []) node.append(embedElement(embed));
  const components = componentsElement(message, channelId);
  if (components) node.append(components);
  const reactions = reactionsElement(message, channelId);
  if (reactions) node.append(reactions);
  if (!ephemeral && !String(message.id).startsWith('timeout')) node.append(reactBar(message, channelId));
  if (showThread) {
    const thread = threadElement(message, openThread);
    if (thread) node.append(thread);
  }
  return node;
}
