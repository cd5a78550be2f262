import { ComponentType, EmbedType } from 'discord-api-types/v10';
import type {
  APIAllowedMentions,
  APIApplicationCommandOptionChoice,
  APIEmbed,
  APIMessageTopLevelComponent,
  APIModalInteractionResponseCallbackData,
  MessageFlags,
} from 'discord-api-types/v10';
import { invalidFormBody } from './errors.js';
import type { FieldError } from './errors.js';
import { isRecord } from '../validation.js';

/** What a create/edit message body may carry, after validation. */
export interface MessageInput {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  flags?: number;
  allowedMentions?: APIAllowedMentions;
  messageReference?: { message_id: string; channel_id?: string; fail_if_not_exists?: boolean };
  /** Attachments to keep on edit (`attachments: [{ id }]`). */
  keepAttachmentIds?: string[];
  tts?: boolean;
  nonce?: string | number;
}

/** Message Resource › Create Message › limits and Embed Limits. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  threadName: 100,
  choices: 25,
  actionRows: 5,
  rowComponents: 5,
  customId: 100,
  buttonLabel: 80,
  modalTitle: 45,
} as const;

type Path = (string | number)[];

/** Re-exported for the emulator's modules that read it from here. */
export { isRecord };

export class FormErrors {
  readonly list: FieldError[] = [];

  add(path: Path, code: string, message: string): void {
    this.list.push({ path, code, message });
  }

  maxLength(path: Path, max: number): void {
    this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }

  badLength(path: Path, min: number, max: number): void {
    this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }

  required(path: Path): void {
    this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  }

  string(path: Path, value: unknown): void {
    this.add(path, 'STRING_TYPE_CONVERT', `Could not interpret "${String(value)}" as string.`);
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw invalidFormBody(this.list);
  }

  optionalString(value: unknown, path: Path, max: number): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.string(path, value);
      return undefined;
    }
    if (value.length > max) this.maxLength(path, max);
    return value;
  }

  requiredString(value: unknown, path: Path, min: number, max: number): string | undefined {
    if (value === undefined || value === null) {
      this.required(path);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.string(path, value);
      return undefined;
    }
    if (value.length < min || value.length > max) {
      if (min <= 1 && value.length === 0) this.required(path);
      else this.badLength(path, min, max);
    }
    return value;
  }
}

/** Validates a create or edit body; `errors` collects 50035 field errors with Discord's paths. */
export function parseMessageBody(body: unknown, errors: FormErrors, pathPrefix: Path = []): MessageInput {
  const input: MessageInput = {};
  if (body === undefined || body === null) return input;
  if (!isRecord(body)) {
    errors.add(pathPrefix, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return input;
  }
  const content = errors.optionalString(body.content, [...pathPrefix, 'content'], LIMITS.content);
  if (content !== undefined) input.content = content;
  if (body.embeds !== undefined && body.embeds !== null) input.embeds = parseEmbeds(body.embeds, errors, [...pathPrefix, 'embeds']);
  if (body.components !== undefined && body.components !== null) {
    input.components = parseComponents(body.components, errors, [...pathPrefix, 'components'], typeof body.flags === 'number' ? body.flags : 0);
  }
  if (body.flags !== undefined && body.flags !== null) {
    if (typeof body.flags !== 'number' || !Number.isInteger(body.flags))
      errors.add(
        [...pathPrefix, 'flags'],
        'NUMBER_TYPE_COERCE',
        `Value "${typeof body.flags === 'string' ? body.flags : JSON.stringify(body.flags)}" is not int.`,
      );
    else input.flags = body.flags;
  }
  if (isRecord(body.allowed_mentions)) input.allowedMentions = parseAllowedMentions(body.allowed_mentions);
  if (isRecord(body.message_reference) && typeof body.message_reference.message_id === 'string') {
    const reference = body.message_reference;
    input.messageReference = { message_id: String(reference.message_id) };
    if (typeof reference.channel_id === 'string') input.messageReference.channel_id = reference.channel_id;
    if (typeof reference.fail_if_not_exists === 'boolean') input.messageReference.fail_if_not_exists = reference.fail_if_not_exists;
  }
  if (Array.isArray(body.attachments)) {
    input.keepAttachmentIds = body.attachments.filter(isRecord).map((attachment) => String(attachment.id));
  }
  if (typeof body.tts === 'boolean') input.tts = body.tts;
  if (typeof body.nonce === 'string' || typeof body.nonce === 'number') input.nonce = body.nonce;
  return input;
}

function parseAllowedMentions(value: Record<string, unknown>): APIAllowedMentions {
  const mentions: APIAllowedMentions = {};
  if (Array.isArray(value.parse)) {
    mentions.parse = value.parse.filter(
      (entry): entry is NonNullable<APIAllowedMentions['parse']>[number] => entry === 'users' || entry === 'roles' || entry === 'everyone',
    );
  }
  if (Array.isArray(value.users)) mentions.users = value.users.map(String);
  if (Array.isArray(value.roles)) mentions.roles = value.roles.map(String);
  if (typeof value.replied_user === 'boolean') mentions.replied_user = value.replied_user;
  return mentions;
}

function parseEmbeds(value: unknown, errors: FormErrors, path: Path): APIEmbed[] {
  if (!Array.isArray(value)) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return [];
  }
  if (value.length > LIMITS.embeds) errors.maxLength(path, LIMITS.embeds);
  let total = 0;
  const embeds: APIEmbed[] = [];
  value.forEach((raw, index) => {
    const at: Path = [...path, index];
    if (!isRecord(raw)) {
      errors.add(at, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    const embed: APIEmbed = { type: EmbedType.Rich };
    const title = errors.optionalString(raw.title, [...at, 'title'], LIMITS.title);
    if (title !== undefined) {
      embed.title = title;
      total += title.length;
    }
    const description = errors.optionalString(raw.description, [...at, 'description'], LIMITS.description);
    if (description !== undefined) {
      embed.description = description;
      total += description.length;
    }
    const url = errors.optionalString(raw.url, [...at, 'url'], 2048);
    if (url !== undefined) embed.url = url;
    if (typeof raw.color === 'number') embed.color = raw.color;
    if (typeof raw.timestamp === 'string') {
      if (Number.isNaN(Date.parse(raw.timestamp))) errors.add([...at, 'timestamp'], 'DATE_TYPE_CONVERT', 'Could not parse timestamp. Should be ISO8601.');
      else embed.timestamp = new Date(raw.timestamp).toISOString().replace('Z', '+00:00');
    }
    if (isRecord(raw.footer)) {
      const text = errors.requiredString(raw.footer.text, [...at, 'footer', 'text'], 1, LIMITS.footer);
      if (text !== undefined) {
        embed.footer = { text };
        if (typeof raw.footer.icon_url === 'string') embed.footer.icon_url = raw.footer.icon_url;
        total += text.length;
      }
    }
    if (isRecord(raw.author)) {
      const name = errors.requiredString(raw.author.name, [...at, 'author', 'name'], 1, LIMITS.author);
      if (name !== undefined) {
        embed.author = { name };
        if (typeof raw.author.url === 'string') embed.author.url = raw.author.url;
        if (typeof raw.author.icon_url === 'string') embed.author.icon_url = raw.author.icon_url;
        total += name.length;
      }
    }
    for (const media of ['image', 'thumbnail'] as const) {
      const source = raw[media];
      if (isRecord(source) && typeof source.url === 'string') embed[media] = { url: source.url };
    }
    if (raw.fields !== undefined && raw.fields !== null) {
      if (!Array.isArray(raw.fields)) {
        errors.add([...at, 'fields'], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
      } else {
        if (raw.fields.length > LIMITS.fields) errors.maxLength([...at, 'fields'], LIMITS.fields);
        embed.fields = [];
        raw.fields.forEach((field: unknown, fieldIndex) => {
          const fieldPath: Path = [...at, 'fields', fieldIndex];
          if (!isRecord(field)) {
            errors.add(fieldPath, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
            return;
          }
          const name = errors.requiredString(field.name, [...fieldPath, 'name'], 1, LIMITS.fieldName);
          const fieldValue = errors.requiredString(field.value, [...fieldPath, 'value'], 1, LIMITS.fieldValue);
          if (name !== undefined && fieldValue !== undefined) {
            embed.fields?.push(typeof field.inline === 'boolean' ? { name, value: fieldValue, inline: field.inline } : { name, value: fieldValue });
            total += name.length + fieldValue.length;
          }
        });
      }
    }
    embeds.push(embed);
  });
  if (total > LIMITS.embedTotal) errors.add(path, 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  return embeds;
}

const IS_COMPONENTS_V2 = 1 << 15;

/** Components Reference: action rows of up to 5 buttons or one select; custom_id up to 100, labels up to 80. */
export function parseComponents(value: unknown, errors: FormErrors, path: Path, flags: number): APIMessageTopLevelComponent[] {
  if (!Array.isArray(value)) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return [];
  }
  const componentsV2 = (flags & IS_COMPONENTS_V2) !== 0;
  if (!componentsV2 && value.length > LIMITS.actionRows) errors.maxLength(path, LIMITS.actionRows);
  const rows: APIMessageTopLevelComponent[] = [];
  value.forEach((row, index) => {
    const at: Path = [...path, index];
    if (!isTopLevelComponent(row)) {
      errors.add([...at, 'type'], 'BASE_TYPE_REQUIRED', 'This field is required');
      return;
    }
    if (row.type === ComponentType.ActionRow) {
      if (row.components.length < 1 || row.components.length > LIMITS.rowComponents) {
        errors.badLength([...at, 'components'], 1, LIMITS.rowComponents);
      }
      row.components.forEach((component, componentIndex) => {
        const componentPath: Path = [...at, 'components', componentIndex];
        if ('custom_id' in component) errors.requiredString(component.custom_id, [...componentPath, 'custom_id'], 1, LIMITS.customId);
        if (component.type === ComponentType.Button && 'label' in component) {
          errors.optionalString(component.label, [...componentPath, 'label'], LIMITS.buttonLabel);
        }
      });
    } else if (!componentsV2) {
      errors.add([...at, 'type'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'Components V2 components need the IS_COMPONENTS_V2 flag');
    }
    rows.push(row);
  });
  numberComponents(rows);
  return rows;
}

/** Components Reference › Anatomy of a Component: components without an `id` get sequential ones, depth first. */
function numberComponents(components: readonly unknown[]): void {
  const all: Record<string, unknown>[] = [];
  const walk = (list: readonly unknown[]): void => {
    for (const component of list) {
      if (!isRecord(component)) continue;
      all.push(component);
      if (Array.isArray(component.components)) walk(component.components);
      if (isRecord(component.component)) walk([component.component]);
      if (isRecord(component.accessory)) walk([component.accessory]);
    }
  };
  walk(components);
  let next = all.reduce((max, component) => (typeof component.id === 'number' ? Math.max(max, component.id) : max), 0) + 1;
  for (const component of all) if (typeof component.id !== 'number') component.id = next++;
}

function isTopLevelComponent(value: unknown): value is APIMessageTopLevelComponent {
  if (!isRecord(value)) return false;
  const type: unknown = value.type;
  if (type === ComponentType.ActionRow) {
    return Array.isArray(value.components) && value.components.every((component) => isRecord(component) && typeof component.type === 'number');
  }
  return typeof type === 'number';
}

/** Interactions › Modal: custom_id, title (max 45) and 1 to 5 components. */
export function parseModal(value: unknown, errors: FormErrors): APIModalInteractionResponseCallbackData | undefined {
  if (!isRecord(value)) {
    errors.required(['data']);
    return undefined;
  }
  errors.requiredString(value.custom_id, ['data', 'custom_id'], 1, LIMITS.customId);
  errors.requiredString(value.title, ['data', 'title'], 1, LIMITS.modalTitle);
  if (!Array.isArray(value.components) || value.components.length < 1 || value.components.length > 5) {
    errors.badLength(['data', 'components'], 1, 5);
    return undefined;
  }
  if (!isModalData(value)) {
    errors.add(['data', 'components'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  return value;
}

function isModalData(value: Record<string, unknown>): value is Record<string, unknown> & APIModalInteractionResponseCallbackData {
  return (
    typeof value.custom_id === 'string' &&
    typeof value.title === 'string' &&
    Array.isArray(value.components) &&
    value.components.every((component) => isRecord(component) && typeof component.type === 'number')
  );
}

/** Interactions › Autocomplete: up to 25 choices, names 1–100 characters. */
export function parseChoices(value: unknown, errors: FormErrors): APIApplicationCommandOptionChoice[] {
  if (!isRecord(value) || !Array.isArray(value.choices)) {
    errors.required(['data', 'choices']);
    return [];
  }
  if (value.choices.length > LIMITS.choices) errors.maxLength(['data', 'choices'], LIMITS.choices);
  const choices: APIApplicationCommandOptionChoice[] = [];
  value.choices.forEach((choice: unknown, index) => {
    if (!isRecord(choice)) return;
    const name = errors.requiredString(choice.name, ['data', 'choices', index, 'name'], 1, 100);
    const choiceValue = choice.value;
    if (typeof choiceValue === 'string') {
      if (choiceValue.length > 100) errors.maxLength(['data', 'choices', index, 'value'], 100);
      if (name !== undefined) choices.push({ name, value: choiceValue });
    } else if (typeof choiceValue === 'number') {
      if (name !== undefined) choices.push({ name, value: choiceValue });
    } else {
      errors.required(['data', 'choices', index, 'value']);
    }
  });
  return choices;
}

/** `value` when it is one of `members` (the values of an enum a request may carry), else undefined. */
export function oneOf<E extends number>(members: readonly E[], value: unknown): E | undefined {
  return members.find((member) => member === value);
}

export function messageFlags(flags: number): MessageFlags {
  return flags;
}

/** A snowflake query parameter (before/after/around): absent → null; not a snowflake → 50035 as Discord answers. */
export function snowflakeQuery(query: URLSearchParams, name: string): bigint | null {
  const value = query.get(name);
  if (value === null || value === '') return null;
  if (!/^\d{1,20}$/.test(value)) throw invalidFormBody([{ path: [name], code: 'NUMBER_TYPE_COERCE', message: `Value "${value}" is not snowflake.` }]);
  return BigInt(value);
}
