// Probes of interaction callbacks, the interaction webhook and autocomplete.
import { ComponentType, InteractionResponseType, InteractionType, MessageFlags, RESTJSONErrorCodes, Routes, TextInputStyle } from 'discord-api-types/v10';
import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { InteractionHandle } from '../types.js';
import type { Expectation, Probe } from './check.js';
import {
  authoredBy,
  contentIs,
  flagSet,
  interactionBy,
  invalidFormBody,
  messageRule,
  noContent,
  ok,
  unknownInteraction,
  unknownMessage,
} from './probe-rules.js';
import { sleep, stringField } from './probe-session.js';
import { isRecord } from '../../validation.js';
import type { Sent } from './probe-session.js';
import { errorMessage } from '../../errors.js';
import { PROBE_INTERACTION_TIMEOUT_MS, buttonRow, noMentions, reviewEmbed, type ProbeWorld } from './probe-world.js';

/** Interactions: callbacks and the interaction webhook. */
export async function probeInteractions(world: ProbeWorld, postId: string | undefined): Promise<void> {
  const { session, driver, appId, member, guild, text, setupProblems } = world;
  const command = { userId: member.id, guildId: guild.id, channelId: text.id, name: 'review', subcommand: 'show', options: { title: 'Rocky IV' } };
  const startInteraction = async (what: string, start: () => Promise<InteractionHandle>): Promise<InteractionHandle | undefined> => {
    try {
      return await start();
    } catch (error) {
      setupProblems.push(`${what}: ${errorMessage(error)}`);
      return undefined;
    }
  };
  const callback = (handle: InteractionHandle | undefined, label: string, body: unknown, expect: Expectation[]): Promise<unknown> => {
    const probe: Probe = { label, method: 'POST', path: Routes.interactionCallback(handle?.id ?? '0', handle?.token ?? 'none'), auth: 'none', body, expect };
    if (handle) return session.send(probe);
    session.notRun(probe, 'the driver could not start the interaction');
    return Promise.resolve();
  };
  const webhook = (handle: InteractionHandle | undefined, probe: Omit<Probe, 'auth'>): Promise<Sent | undefined> => {
    const full: Probe = { ...probe, auth: 'none' };
    if (handle) return session.send(full);
    session.notRun(full, 'the driver could not start the interaction');
    return Promise.resolve(undefined);
  };

  const deferred = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  await callback(deferred, 'defer (type 5)', { type: InteractionResponseType.DeferredChannelMessageWithSource }, noContent);
  await callback(deferred, 'second callback answers 40060', { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'again' } }, [
    { status: 400, code: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged },
  ]);
  const originalPath = Routes.webhookMessage(appId, deferred?.token ?? 'none', '@original');
  await webhook(deferred, {
    label: 'edit the deferred reply',
    method: 'PATCH',
    path: originalPath,
    body: { content: '', embeds: [reviewEmbed], allowed_mentions: noMentions },
    expect: ok,
  });
  await webhook(deferred, {
    label: 'get the original reply',
    method: 'GET',
    path: originalPath,
    expect: ok,
    bodyRule: messageRule(
      "the edited reply, no longer loading, tied to the member's command (message.mdx, interaction_metadata; flag LOADING 1<<7)",
      authoredBy(world.botUserId),
      flagSet(MessageFlags.Loading, 'LOADING', false),
      interactionBy(member.id),
      (message) => (Array.isArray(message['embeds']) && message['embeds'].length === 1 ? undefined : 'embeds of the edit missing'),
    ),
  });
  await webhook(deferred, {
    label: 'edit the reply over 2000 characters',
    method: 'PATCH',
    path: originalPath,
    body: { content: 'c'.repeat(2001) },
    expect: invalidFormBody,
  });
  const followUp = await webhook(deferred, {
    label: 'follow-up message',
    method: 'POST',
    path: `${Routes.webhook(appId, deferred?.token ?? 'none')}?wait=true`,
    body: { content: 'Page 2 of the track listing', allowed_mentions: noMentions },
    expect: ok,
  });
  const followUpId = stringField(followUp?.body, 'id');
  const followUpPath = Routes.webhookMessage(appId, deferred?.token ?? 'none', followUpId ?? '0');
  const followUpProbes: Omit<Probe, 'auth'>[] = [
    { label: 'get a follow-up', method: 'GET', path: followUpPath, expect: ok },
    {
      label: 'edit a follow-up',
      method: 'PATCH',
      path: followUpPath,
      body: { content: 'Page 2 of 2' },
      expect: ok,
      bodyRule: messageRule('the edited follow-up', contentIs('Page 2 of 2')),
    },
    { label: 'delete a follow-up', method: 'DELETE', path: followUpPath, expect: noContent },
    { label: 'get a deleted follow-up answers 10008', method: 'GET', path: followUpPath, expect: unknownMessage },
  ];
  for (const probe of followUpProbes) {
    if (followUpId) await webhook(deferred, probe);
    else session.notRun({ ...probe, auth: 'none' }, 'the follow-up returned no id');
  }
  await webhook(deferred, {
    label: 'ephemeral follow-up',
    method: 'POST',
    path: `${Routes.webhook(appId, deferred?.token ?? 'none')}?wait=true`,
    body: { content: 'Only you can see this', flags: MessageFlags.Ephemeral },
    expect: ok,
    bodyRule: messageRule(
      'an ephemeral follow-up (flag EPHEMERAL 1<<6)',
      flagSet(MessageFlags.Ephemeral, 'EPHEMERAL', true),
      contentIs('Only you can see this'),
    ),
  });
  await webhook(deferred, { label: 'delete the original reply', method: 'DELETE', path: originalPath, expect: noContent });
  await session.send({
    label: 'interaction webhook with a wrong token',
    method: 'PATCH',
    path: Routes.webhookMessage(appId, 'not-a-token', '@original'),
    auth: 'none',
    body: { content: 'x' },
    expect: [
      { status: 401, code: RESTJSONErrorCodes.InvalidWebhookToken },
      { status: 404, code: RESTJSONErrorCodes.UnknownWebhook },
    ],
  });

  const replied = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  await callback(
    replied,
    'reply with an embed and a button (type 4)',
    { type: InteractionResponseType.ChannelMessageWithSource, data: { embeds: [reviewEmbed], components: [buttonRow], allowed_mentions: noMentions } },
    noContent,
  );
  await webhook(replied, {
    label: 'get a non-deferred reply',
    method: 'GET',
    path: Routes.webhookMessage(appId, replied?.token ?? 'none', '@original'),
    expect: ok,
    bodyRule: messageRule(
      "the reply, public, tied to the member's command (message.mdx, interaction_metadata)",
      interactionBy(member.id),
      flagSet(MessageFlags.Ephemeral, 'EPHEMERAL', false),
      (message) => (Array.isArray(message['components']) && message['components'].length === 1 ? undefined : 'components missing'),
    ),
  });
  await callback(
    replied,
    'callback on an answered interaction answers 40060',
    { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'x' } },
    [{ status: 400, code: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged }],
  );

  const withResponse = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  const withResponseProbe: Probe = {
    label: 'reply with ?with_response=true',
    method: 'POST',
    path: `${Routes.interactionCallback(withResponse?.id ?? '0', withResponse?.token ?? 'none')}?with_response=true`,
    auth: 'none',
    body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Here is the review' } },
    expect: ok,
  };
  await session.sendWhen(withResponse, withResponseProbe, 'the driver could not start the interaction');

  const ephemeral = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  await callback(
    ephemeral,
    'ephemeral reply',
    { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Only you', flags: MessageFlags.Ephemeral } },
    noContent,
  );

  const tooLong = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  await callback(
    tooLong,
    'reply over 2000 characters',
    { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'd'.repeat(2001) } },
    invalidFormBody,
  );

  const modal = await startInteraction('driver.runCommand', () => driver.runCommand({ ...command, subcommand: 'submit', options: {} }));
  await callback(
    modal,
    'show a modal (type 9)',
    {
      type: InteractionResponseType.Modal,
      data: {
        custom_id: 'review:submit',
        title: 'Submit a review',
        components: [
          {
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.TextInput, custom_id: 'title', label: 'Title', style: TextInputStyle.Short, required: true }],
          },
        ],
      },
    },
    noContent,
  );
  const submitted = modal
    ? await startInteraction('driver.submitModal', () =>
        driver.submitModal({ userId: member.id, guildId: guild.id, channelId: text.id, customId: 'review:submit', fields: { title: 'Rocky IV' } }),
      )
    : undefined;
  await callback(
    submitted,
    'answer a modal submit',
    { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Thanks!', flags: MessageFlags.Ephemeral } },
    noContent,
  );

  const clickOf = (what: string): Promise<InteractionHandle | undefined> =>
    postId
      ? startInteraction(what, () => driver.clickButton({ userId: member.id, channelId: text.id, messageId: postId, customId: 'review:like' }))
      : Promise.resolve(undefined);
  const updated = await clickOf('driver.clickButton');
  await callback(
    updated,
    'update the clicked message (type 7)',
    { type: InteractionResponseType.UpdateMessage, data: { content: 'Liked', components: [buttonRow] } },
    noContent,
  );
  const deferredUpdate = await clickOf('driver.clickButton');
  await callback(deferredUpdate, 'deferred update (type 6)', { type: InteractionResponseType.DeferredMessageUpdate }, noContent);

  await probeAutocomplete(world);

  await session.send({
    label: 'unknown interaction answers 10062',
    method: 'POST',
    path: Routes.interactionCallback('1', 'not-a-token'),
    auth: 'none',
    body: { type: InteractionResponseType.DeferredChannelMessageWithSource },
    expect: unknownInteraction,
  });
  const late = await startInteraction('driver.runCommand', () => driver.runCommand(command));
  if (late) await sleep(PROBE_INTERACTION_TIMEOUT_MS + 500);
  await callback(late, 'callback after the deadline answers 10062', { type: InteractionResponseType.DeferredChannelMessageWithSource }, unknownInteraction);
}

/** Autocomplete: choices answered to an interaction the probes did not start. */
export async function probeAutocomplete(world: ProbeWorld): Promise<void> {
  const { session, driver, gateway, setupProblems } = world;
  const where = { userId: world.member.id, guildId: world.guild.id, channelId: world.text.id };
  const choices: APIApplicationCommandOptionChoice[] = [{ name: 'Rocky IV (1985)', value: 'rocky-iv' }];
  const probe: Probe = {
    label: 'autocomplete result (type 8)',
    method: 'POST',
    path: '',
    auth: 'none',
    body: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } },
    expect: noContent,
  };
  if (!gateway) {
    session.notRun({ ...probe, path: Routes.interactionCallback('0', 'none') }, 'no gateway connection to receive the autocomplete interaction');
    return;
  }
  const pending = driver.autocomplete({ ...where, name: 'review', subcommand: 'show', options: { title: 'Roc' }, focused: 'title' });
  pending.catch(() => undefined);
  try {
    const dispatch = await gateway.waitFor(
      (event) => event.t === 'INTERACTION_CREATE' && isRecord(event.d) && event.d['type'] === InteractionType.ApplicationCommandAutocomplete,
      5000,
      'autocomplete INTERACTION_CREATE',
    );
    const id = stringField(dispatch.d, 'id') ?? '0';
    const token = stringField(dispatch.d, 'token') ?? 'none';
    await session.send({ ...probe, path: Routes.interactionCallback(id, token) });
    await pending;

    const tooMany = driver.autocomplete({ ...where, name: 'review', subcommand: 'show', options: { title: 'R' }, focused: 'title' });
    // Left unanswered after the 400 below: the driver's promise then rejects at the deadline, as it should.
    tooMany.catch(() => undefined);
    const second = await gateway.waitFor(
      (event) =>
        event.t === 'INTERACTION_CREATE' && isRecord(event.d) && event.d['type'] === InteractionType.ApplicationCommandAutocomplete && event.d['id'] !== id,
      5000,
      'second autocomplete INTERACTION_CREATE',
    );
    const tooManyChoices = Array.from({ length: 26 }, (_, index) => ({ name: `Choice ${index}`, value: `choice-${index}` }));
    await session.send({
      label: '26 autocomplete choices',
      method: 'POST',
      path: Routes.interactionCallback(stringField(second.d, 'id') ?? '0', stringField(second.d, 'token') ?? 'none'),
      auth: 'none',
      body: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: tooManyChoices } },
      expect: invalidFormBody,
    });
  } catch (error) {
    setupProblems.push(`autocomplete: ${errorMessage(error)}`);
  }
}
