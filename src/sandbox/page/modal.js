// A modal the bot opened for this person, drawn as a dialog; Submit sends its fields, Cancel and Escape close it.
import { post, showError } from './connection.js';
import { $, element, state, types } from './dom.js';

function textInputs(components) {
  const { ActionRow, Label, TextInput } = types().component;
  const inputs = [];
  for (const component of components) {
    // A text input sits in an action row (with its own label) or in a Label component.
    if (component.type === ActionRow)
      for (const inner of component.components ?? []) if (inner.type === TextInput) inputs.push({ label: inner.label, input: inner });
    if (component.type === Label && component.component?.type === TextInput) inputs.push({ label: component.label, input: component.component });
  }
  return inputs;
}

export function showModal(modal) {
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
      const attributes = {
        id,
        name: input.custom_id,
        placeholder: input.placeholder,
        required: input.required !== false,
        maxlength: input.max_length,
        minlength: input.min_length,
      };
      const field = input.style === types().textInput.Paragraph ? element('textarea', attributes) : element('input', attributes);
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
    showError($('modal-error'), error);
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
