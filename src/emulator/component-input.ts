// What a person can press or fill in on a message or a modal, found the way Discord's client finds it.
import { ComponentType } from 'discord-api-types/v10';
import type { APIModalSubmissionComponent, ModalSubmitActionRowComponent, ModalSubmitLabelComponent } from 'discord-api-types/v10';
import { isRecord } from '../validation.js';

interface ButtonLike {
  custom_id?: string;
  disabled?: boolean;
}

/** Finds a button by custom_id in action rows and in Components V2 sections/containers. */
export function findButton(components: unknown[], customId: string): ButtonLike | undefined {
  for (const component of components) {
    if (!isRecord(component)) continue;
    if (component.type === ComponentType.Button && component.custom_id === customId) {
      return { custom_id: customId, disabled: component.disabled === true };
    }
    const nested = [
      ...(Array.isArray(component.components) ? (component.components as unknown[]) : []),
      ...(isRecord(component.accessory) ? [component.accessory] : []),
    ];
    const found = findButton(nested, customId);
    if (found) return found;
  }
  return undefined;
}

/** Mirrors the shown modal's layout (action rows or labels) with the submitted text values. */
export function modalSubmission(shown: readonly unknown[], fields: Record<string, string>, modalId: string): APIModalSubmissionComponent[] {
  const inputs = new Map<string, { required: boolean; maxLength?: number; minLength?: number }>();
  const result: (ModalSubmitActionRowComponent | ModalSubmitLabelComponent)[] = [];
  const textInput = (component: Record<string, unknown>) => {
    const customId = String(component.custom_id);
    const entry: { required: boolean; maxLength?: number; minLength?: number } = { required: component.required !== false };
    if (typeof component.max_length === 'number') entry.maxLength = component.max_length;
    if (typeof component.min_length === 'number') entry.minLength = component.min_length;
    inputs.set(customId, entry);
    return { type: ComponentType.TextInput as const, custom_id: customId, value: fields[customId] ?? '' };
  };
  for (const row of shown) {
    if (!isRecord(row)) continue;
    if (row.type === ComponentType.ActionRow && Array.isArray(row.components)) {
      const texts = row.components
        .filter(isRecord)
        .filter((c) => c.type === ComponentType.TextInput)
        .map(textInput);
      result.push({ type: ComponentType.ActionRow, components: texts });
    } else if (row.type === ComponentType.Label && isRecord(row.component) && row.component.type === ComponentType.TextInput) {
      result.push({ type: ComponentType.Label, component: textInput(row.component) });
    }
  }
  for (const name of Object.keys(fields)) {
    if (!inputs.has(name)) throw new Error(`Modal "${modalId}" has no text input "${name}" (has: ${[...inputs.keys()].join(', ')})`);
  }
  for (const [name, rule] of inputs) {
    const value = fields[name] ?? '';
    if (rule.required && value.length === 0) throw new Error(`Modal "${modalId}" requires a value for "${name}"`);
    if (rule.maxLength !== undefined && value.length > rule.maxLength)
      throw new Error(`Modal "${modalId}" field "${name}" takes at most ${rule.maxLength} characters`);
    if (rule.minLength !== undefined && value.length > 0 && value.length < rule.minLength)
      throw new Error(`Modal "${modalId}" field "${name}" needs at least ${rule.minLength} characters`);
  }
  return result;
}
