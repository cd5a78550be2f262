// The message box: plain messages, and slash commands with Discord's `/` picker, option names, suggestions from the
// bot (autocomplete), fixed choices, and pickers for options that take a channel, a member or a role.
import { post, showError } from './connection.js';
import { element, knownChannels, state, types } from './dom.js';

const CHANNEL_KIND = { GuildText: 'text channel', GuildForum: 'forum', PublicThread: 'thread', PrivateThread: 'private thread' };
const PICKS = { Channel: 'a channel', User: 'a member', Role: 'a role', Mentionable: 'a member or a role' };

/** What a picker offers for an option type ("a channel"), or undefined when the option takes typed text. */
function pickOf(optionType) {
  return PICKS[types().option[optionType]];
}

const isSubcommand = (option) => option.type === types().option.Subcommand;

/** The commands this person's `/` picker offers: Discord leaves out those their permissions do not allow. */
function commands() {
  return state.view?.commands ?? [];
}

/** "/review post review:Rocky IV channel:#reviews" → { name, subcommand, options, last } (options in typing order). */
export function parseCommand(text) {
  const head = /^\/([\w-]+)(?:\s+([\w-]+))?/.exec(text);
  if (!head) return null;
  const command = commands().find((c) => c.name === head[1]);
  const subcommands = (command?.options ?? []).filter(isSubcommand);
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
  return {
    command,
    name: head[1],
    subcommand,
    needsSubcommand: subcommands.length > 0 && !subcommand,
    subcommands,
    declared,
    options,
    tail: starts.length === 0 ? rest : '',
  };
}

/**
 * What a channel, member or role option offers, as Discord's picker does: channels only of the option's
 * channel_types (Application Commands › Application Command Option Structure), filtered by what is typed.
 */
function pickerItems(option, typed) {
  const query = typed.trim().replace(/^[#@]/, '').toLowerCase();
  const matches = (name) => name.toLowerCase().includes(query);
  const items = [];
  const { option: kinds, channel: channelTypes } = types();
  if (option.type === kinds.Channel) {
    const types = option.channel_types?.length ? option.channel_types : null;
    for (const channel of knownChannels()) {
      if (types && !types.includes(channel.type)) continue;
      if (!matches(channel.name)) continue;
      const parent = channel.parentId ? knownChannels().find((c) => c.id === channel.parentId) : null;
      items.push({
        label: `#${channel.name}`,
        detail: `${CHANNEL_KIND[channelTypes[channel.type]] ?? 'channel'}${parent ? ` in #${parent.name}` : ''}`,
        value: `#${channel.name}`,
      });
    }
  }
  if (option.type === kinds.User || option.type === kinds.Mentionable) {
    for (const person of state.world.people) {
      if (matches(person.name) || matches(person.username)) items.push({ label: `@${person.name}`, detail: person.username, value: `@${person.username}` });
    }
  }
  if (option.type === kinds.Role || option.type === kinds.Mentionable) {
    for (const role of state.world.roles) if (matches(role.name)) items.push({ label: `@${role.name}`, detail: 'role', value: `@${role.name}` });
  }
  if (items.length === 0) return [{ heading: `No ${pickOf(option.type).replace(/^an? /, '')} matches "${typed.trim()}"` }];
  return [{ heading: `Pick ${pickOf(option.type)} for ${option.name}` }, ...items.map((item) => ({ ...item, picked: item, option: option.name }))];
}

export class Composer {
  /** channelId() is where this box sends. */
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
      const step = event.key === 'ArrowDown' ? 1 : this.items.length - 1;
      do this.selected = (this.selected + step) % this.items.length;
      while (this.items[this.selected]?.heading && this.items.some((i) => !i.heading));
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
      for (const command of commands()) {
        const subs = command.options.filter(isSubcommand);
        const entries =
          subs.length > 0
            ? subs.map((s) => ({ label: `/${command.name} ${s.name}`, detail: s.description }))
            : [{ label: `/${command.name}`, detail: command.description }];
        for (const entry of entries) if (entry.label.slice(1).startsWith(typed) || typed === '') items.push({ ...entry, insert: `${entry.label} ` });
      }
      if (items.length === 0) items = [{ heading: `No command starts with "${text}"` }];
    } else if (parsed?.command) {
      const last = parsed.options.at(-1);
      const option = last && parsed.declared.find((o) => o.name === last.name);
      // Typing a value: right after "name:", or while the text does not end in a space.
      const endsInsideValue = Boolean(last) && (!/\s$/.test(text) || last.value.trim() === '');
      if (option && endsInsideValue && option.autocomplete) {
        const typed = Object.fromEntries(parsed.options.map((o) => [o.name, this.valueFor(o)]));
        try {
          const answer = await post('autocomplete', {
            channelId: this.channelId(),
            name: parsed.name,
            subcommand: parsed.subcommand,
            options: typed,
            focused: option.name,
          });
          items = answer.choices.map((choice) => ({ label: choice.name, detail: '', choice, option: option.name }));
          if (items.length === 0) items = [{ heading: `No ${option.name} matches "${last.value.trim()}"` }];
        } catch (error) {
          items = [{ heading: error.message }];
        }
      } else if (option?.choices && endsInsideValue) {
        items = option.choices
          .filter((c) => c.name.toLowerCase().startsWith(last.value.trim().toLowerCase()))
          .map((choice) => ({ label: choice.name, detail: '', choice, option: option.name }));
      } else if (option && endsInsideValue && pickOf(option.type)) {
        items = pickerItems(option, last.value);
      } else {
        const used = new Set(parsed.options.map((o) => o.name));
        const partialMatch = /\s([\w-]*)$/.exec(text);
        const partial = partialMatch?.[1] ?? '';
        const base = partialMatch ? text.slice(0, text.length - partial.length) : `${text} `;
        items = parsed.declared
          .filter((o) => !used.has(o.name) && o.name.startsWith(partial))
          .map((o) => ({
            label: `${o.name}:`,
            detail: `${o.required ? 'required · ' : ''}${o.description}`,
            insertOption: o.name,
            base,
            required: o.required === true,
          }));
      }
    }
    if (serial !== this.requestSerial) return;
    this.items = items;
    this.selected = Math.max(
      0,
      items.findIndex((i) => !i.heading),
    );
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
    } else if (item.choice || item.picked) {
      const at = text.lastIndexOf(`${item.option}:`);
      this.input.value = `${text.slice(0, at)}${item.option}:${item.choice ? item.choice.name : item.picked.value} `;
      if (item.choice) this.chosen[item.option] = item.choice;
    }
    this.items = [];
    this.show();
    this.input.focus();
    this.suggest();
  }

  /** The command as the page sends it, or an Error saying what to fix before it can go. */
  commandRequest(text) {
    const parsed = parseCommand(text);
    if (!parsed?.command) return new Error(`${text.split(/\s/)[0]} is not a command you can use here; type / to see yours`);
    if (parsed.needsSubcommand) return new Error(`/${parsed.name} needs one of: ${parsed.subcommands.map((s) => s.name).join(', ')}`);
    if (parsed.tail.trim()) return new Error(`write options as name:value (e.g. ${parsed.declared[0]?.name ?? 'option'}:…), not "${parsed.tail.trim()}"`);
    // Discord's client does not send an option left empty: it asks for a value first.
    const empty = parsed.options.find((o) => o.value.trim() === '');
    if (empty) {
      const option = parsed.declared.find((o) => o.name === empty.name);
      const pick = option ? pickOf(option.type) : undefined;
      return new Error(`option ${empty.name} has no value: ${pick ? `pick ${pick}` : 'type a value after the colon'}, or leave the option out`);
    }
    const options = Object.fromEntries(parsed.options.map((o) => [o.name, this.valueFor(o)]));
    return { channelId: this.channelId(), name: parsed.name, subcommand: parsed.subcommand, options };
  }

  async send() {
    const text = this.input.value.trim();
    if (!text) return;
    this.errorBox.textContent = '';
    try {
      if (text.startsWith('/')) {
        const request = this.commandRequest(text);
        if (request instanceof Error) throw request;
        await post('command', request);
      } else {
        await post('message', { channelId: this.channelId(), content: text });
      }
      this.input.value = '';
      this.chosen = {};
      this.items = [];
      this.show();
    } catch (error) {
      showError(this.errorBox, error);
    }
  }
}
