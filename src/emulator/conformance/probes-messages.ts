// Probes of messages, and of their deletion with the threads at the end of the run.
import { RESTJSONErrorCodes, Routes } from 'discord-api-types/v10';
import type { BodyRule, Probe } from './check.js';
import {
  authoredBy,
  contentIs,
  errorTreeRule,
  invalidFormBody,
  messageListRule,
  messageRule,
  missingPermissions,
  noContent,
  ok,
  unauthorized,
  unknownChannel,
  unknownMessage,
} from './probe-rules.js';
import { stringField } from './probe-session.js';
import { errorMessage } from '../../errors.js';
import { NO_POST, buttonRow, noMentions, reviewEmbed, type ProbeWorld } from './probe-world.js';

/** Messages: create, limits, list, get, edit. */
export async function probeMessages(world: ProbeWorld): Promise<{ postId: string | undefined; secondId: string | undefined }> {
  const { session, driver, member, text, mutedChannel, setupProblems } = world;
  const posted = await session.send({
    label: 'post a message with an embed and a button',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    body: { content: 'New review: **Rocky IV**', embeds: [reviewEmbed], components: [buttonRow], allowed_mentions: noMentions },
    expect: ok,
    bodyRule: messageRule(
      'the message as sent, by the bot, in this channel (message.mdx, Create Message)',
      authoredBy(world.botUserId),
      contentIs('New review: **Rocky IV**'),
      (message) => (message['channel_id'] === text.id ? undefined : `channel_id ${String(message['channel_id'])}`),
      (message) => (Array.isArray(message['embeds']) && message['embeds'].length === 1 ? undefined : 'embeds not kept'),
      (message) => (message['edited_timestamp'] === null ? undefined : 'edited_timestamp set on a new message'),
    ),
  });
  const postId = stringField(posted?.body, 'id');
  await session.send({
    label: 'no Authorization header',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'none',
    body: { content: 'x' },
    expect: unauthorized,
  });
  await session.send({
    label: 'content over 2000 characters',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    body: { content: 'a'.repeat(2001) },
    expect: invalidFormBody,
    bodyRule: errorTreeRule('content'),
  });
  await session.send({
    label: 'eleven embeds',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    body: { embeds: Array.from({ length: 11 }, (_, index) => ({ title: `embed ${index}` })) },
    expect: invalidFormBody,
  });
  // Embed limits (message.mdx, Embed Limits); each body is one character or item over the limit.
  const oversizedEmbeds: [string, unknown[], BodyRule | undefined][] = [
    ['embed title over 256 characters', [{ title: 't'.repeat(257) }], errorTreeRule('embeds', '0', 'title')],
    ['embed description over 4096 characters', [{ description: 'd'.repeat(4097) }], errorTreeRule('embeds', '0', 'description')],
    [
      '26 embed fields',
      [{ fields: Array.from({ length: 26 }, (_, index) => ({ name: `field ${index}`, value: 'v' })) }],
      errorTreeRule('embeds', '0', 'fields'),
    ],
    ['embed field name over 256 characters', [{ fields: [{ name: 'n'.repeat(257), value: 'v' }] }], errorTreeRule('embeds', '0', 'fields', '0', 'name')],
    ['embed field value over 1024 characters', [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }], errorTreeRule('embeds', '0', 'fields', '0', 'value')],
    ['embed footer over 2048 characters', [{ footer: { text: 'f'.repeat(2049) } }], errorTreeRule('embeds', '0', 'footer', 'text')],
    ['embed author name over 256 characters', [{ author: { name: 'a'.repeat(257) } }], errorTreeRule('embeds', '0', 'author', 'name')],
    // Where Discord hangs the 6,000-character error is not documented: only the status and code are checked.
    ['embeds over 6000 characters in total', [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }], undefined],
  ];
  for (const [label, embeds, bodyRule] of oversizedEmbeds) {
    const probe: Probe = { label, method: 'POST', path: Routes.channelMessages(text.id), auth: 'bot', body: { embeds }, expect: invalidFormBody };
    await session.send(bodyRule ? { ...probe, bodyRule } : probe);
  }
  await session.send({
    label: 'empty message answers 50006',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    body: {},
    expect: [{ status: 400, code: RESTJSONErrorCodes.CannotSendAnEmptyMessage }],
  });
  await session.send({
    label: 'malformed JSON answers 50109',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    rawRequestBody: '{"content": "unterminated',
    expect: [{ status: 400, code: RESTJSONErrorCodes.RequestBodyContainsInvalidJSON }],
  });
  await session.send({
    label: 'post into an unknown channel',
    method: 'POST',
    path: Routes.channelMessages('1'),
    auth: 'bot',
    body: { content: 'x' },
    expect: unknownChannel,
  });
  await session.send({
    label: 'post without Send Messages answers 50013',
    method: 'POST',
    path: Routes.channelMessages(mutedChannel.id),
    auth: 'bot',
    body: { content: 'x' },
    expect: missingPermissions,
  });

  let memberMessageId: string | undefined;
  try {
    memberMessageId = (await driver.sendMessage(member.id, text.id, 'What a soundtrack')).id;
  } catch (error) {
    setupProblems.push(`driver.sendMessage: ${errorMessage(error)}`);
  }
  const second = await session.send({
    label: 'post a plain message',
    method: 'POST',
    path: Routes.channelMessages(text.id),
    auth: 'bot',
    body: { content: 'second', allowed_mentions: noMentions },
    expect: ok,
  });
  const secondId = stringField(second?.body, 'id');

  await session.send({
    label: 'list messages',
    method: 'GET',
    path: `${Routes.channelMessages(text.id)}?limit=50`,
    auth: 'bot',
    expect: ok,
    bodyRule: messageListRule({
      description: 'including the posted message',
      test: (ids) => (postId && !ids.includes(BigInt(postId)) ? `message ${postId} missing from ${ids.join(', ')}` : undefined),
    }),
  });
  const anchorRules: Record<string, (anchor: bigint, ids: bigint[]) => string | undefined> = {
    before: (anchor, ids) =>
      ids.some((id) => id >= anchor) ? `ids not all before ${anchor}: ${ids.join(', ')}` : ids.length === 0 ? 'no messages' : undefined,
    after: (anchor, ids) => (ids.some((id) => id <= anchor) ? `ids not all after ${anchor}: ${ids.join(', ')}` : ids.length === 0 ? 'no messages' : undefined),
    around: (anchor, ids) => (ids.includes(anchor) ? undefined : `message ${anchor} missing from ${ids.join(', ')}`),
  };
  const anchored: [string, string][] = [
    ['before', secondId ?? ''],
    ['after', postId ?? ''],
    ['around', postId ?? ''],
  ];
  for (const [anchor, id] of anchored) {
    const rule = anchorRules[anchor];
    const probe: Probe = {
      label: `list messages ${anchor} a message`,
      method: 'GET',
      path: `${Routes.channelMessages(text.id)}?limit=5&${anchor}=${id}`,
      auth: 'bot',
      expect: ok,
      bodyRule: messageListRule({
        description: `only messages ${anchor} the given id, at most 5`,
        test: (ids) => (ids.length > 5 ? `${ids.length} messages for limit 5` : id && rule ? rule(BigInt(id), ids) : undefined),
      }),
    };
    await session.sendWhen(id, probe, 'posting the anchor message failed');
  }
  await session.send({
    label: 'list messages with limit 101',
    method: 'GET',
    path: `${Routes.channelMessages(text.id)}?limit=101`,
    auth: 'bot',
    expect: invalidFormBody,
  });
  await session.send({ label: 'list messages of an unknown channel', method: 'GET', path: Routes.channelMessages('1'), auth: 'bot', expect: unknownChannel });

  const getPost: Probe = { label: 'get a message', method: 'GET', path: Routes.channelMessage(text.id, postId ?? '0'), auth: 'bot', expect: ok };
  await session.sendWhen(postId, getPost, NO_POST);
  await session.send({ label: 'unknown message answers 10008', method: 'GET', path: Routes.channelMessage(text.id, '1'), auth: 'bot', expect: unknownMessage });
  const editPost: Probe = {
    label: 'edit a message',
    method: 'PATCH',
    path: Routes.channelMessage(text.id, postId ?? '0'),
    auth: 'bot',
    body: { content: 'New review: **Rocky IV** (edited)', embeds: [{ ...reviewEmbed, footer: { text: '👍 4 · 💬 1' } }], allowed_mentions: noMentions },
    expect: ok,
    bodyRule: messageRule(
      'the edited message with edited_timestamp set (message.mdx, Edit Message)',
      contentIs('New review: **Rocky IV** (edited)'),
      (message) => (typeof message['edited_timestamp'] === 'string' ? undefined : 'edited_timestamp not set'),
      (message) =>
        Array.isArray(message['components']) && message['components'].length === 1
          ? undefined
          : 'components dropped by an edit that did not send them (all Edit Message parameters are optional)',
    ),
  };
  await session.sendWhen(postId, editPost, NO_POST);
  const editTooLong: Probe = {
    label: 'edit with content over 2000 characters',
    method: 'PATCH',
    path: Routes.channelMessage(text.id, postId ?? '0'),
    auth: 'bot',
    body: { content: 'b'.repeat(2001) },
    expect: invalidFormBody,
  };
  await session.sendWhen(postId, editTooLong, NO_POST);
  await session.send({
    label: 'edit an unknown message',
    method: 'PATCH',
    path: Routes.channelMessage(text.id, '1'),
    auth: 'bot',
    body: { content: 'x' },
    expect: unknownMessage,
  });
  const editOthers: Probe = {
    label: "edit another user's message answers 50005",
    method: 'PATCH',
    path: Routes.channelMessage(text.id, memberMessageId ?? '0'),
    auth: 'bot',
    body: { content: 'x' },
    expect: [{ status: 403, code: RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser }],
  };
  await session.sendWhen(memberMessageId, editOthers, "the member's message could not be created");
  return { postId, secondId };
}

/** Thread edits, bulk delete and deletions, last (the messages are referenced before). */
export async function probeDeletions(world: ProbeWorld, ids: { standaloneThreadId: string | undefined; secondId: string | undefined }): Promise<void> {
  const { session, text } = world;
  const threadEdits: Probe[] = [
    {
      label: 'rename a thread',
      method: 'PATCH',
      path: Routes.channel(ids.standaloneThreadId ?? '0'),
      auth: 'bot',
      body: { name: 'Listening party (archived)' },
      expect: ok,
    },
    { label: 'delete a thread', method: 'DELETE', path: Routes.channel(ids.standaloneThreadId ?? '0'), auth: 'bot', expect: ok },
    { label: 'get a deleted thread answers 10003', method: 'GET', path: Routes.channel(ids.standaloneThreadId ?? '0'), auth: 'bot', expect: unknownChannel },
  ];
  for (const probe of threadEdits) {
    await session.sendWhen(ids.standaloneThreadId, probe, 'starting the thread without a message failed');
  }
  const bulkIds: string[] = [];
  for (const content of ['bulk one', 'bulk two']) {
    const sent = await session.send({
      label: 'post a message to bulk-delete',
      method: 'POST',
      path: Routes.channelMessages(text.id),
      auth: 'bot',
      body: { content },
      expect: ok,
    });
    const id = stringField(sent?.body, 'id');
    if (id) bulkIds.push(id);
  }
  const bulkDelete: Probe = {
    label: 'bulk-delete two messages',
    method: 'POST',
    path: Routes.channelBulkDelete(text.id),
    auth: 'bot',
    body: { messages: bulkIds },
    expect: noContent,
  };
  await session.sendWhen(bulkIds.length === 2, bulkDelete, 'posting the messages to delete failed');
  await session.send({
    label: 'bulk-delete one message is refused',
    method: 'POST',
    path: Routes.channelBulkDelete(text.id),
    auth: 'bot',
    body: { messages: [ids.secondId ?? '1'] },
    // Discord answers the array length with 50035 (BASE_TYPE_BAD_LENGTH); its docs also list 50016 for it.
    expect: [...invalidFormBody, { status: 400, code: RESTJSONErrorCodes.ProvidedTooFewOrTooManyMessagesToDelete }],
  });

  const deleteSecond: Probe = {
    label: 'delete a message',
    method: 'DELETE',
    path: Routes.channelMessage(text.id, ids.secondId ?? '0'),
    auth: 'bot',
    expect: noContent,
  };
  await session.sendWhen(ids.secondId, deleteSecond, 'posting the message failed');
  await session.send({ label: 'delete an unknown message', method: 'DELETE', path: Routes.channelMessage(text.id, '1'), auth: 'bot', expect: unknownMessage });
}
