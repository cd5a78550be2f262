// Probes of reactions on the first message, and of threads on a message, without one, and in a forum.
import { ChannelType, RESTJSONErrorCodes, Routes } from 'discord-api-types/v10';
import type { Probe } from './check.js';
import { created, errorTreeRule, invalidFormBody, noContent, ok, unknownChannel, unknownMessage, userListRule } from './probe-rules.js';
import { stringField } from './probe-session.js';
import { errorMessage } from '../../errors.js';
import { FIRE, NO_POST, THUMBS_UP, noMentions, type ProbeWorld } from './probe-world.js';

/** Reactions on the first message. */
export async function probeReactions(world: ProbeWorld, postId: string | undefined): Promise<void> {
  const { session, driver, member, text, setupProblems } = world;
  const reactionProbes: Probe[] = [
    {
      label: 'react with a unicode emoji',
      method: 'PUT',
      path: Routes.channelMessageOwnReaction(text.id, postId ?? '0', THUMBS_UP),
      auth: 'bot',
      expect: noContent,
    },
  ];
  for (const probe of reactionProbes) await session.sendWhen(postId, probe, NO_POST);
  if (postId) {
    try {
      await driver.react(member.id, text.id, postId, '👍');
    } catch (error) {
      setupProblems.push(`driver.react: ${errorMessage(error)}`);
    }
  }
  const afterReaction: Probe[] = [
    {
      label: 'users who reacted',
      method: 'GET',
      path: `${Routes.channelMessageReaction(text.id, postId ?? '0', THUMBS_UP)}?limit=100`,
      auth: 'bot',
      expect: ok,
      bodyRule: userListRule('the bot and the member who reacted', (ids) =>
        [world.botUserId, member.id].every((id) => ids.includes(BigInt(id))) ? undefined : `users ${ids.join(', ')}`,
      ),
    },
    {
      label: 'users who reacted, after an id',
      method: 'GET',
      path: `${Routes.channelMessageReaction(text.id, postId ?? '0', THUMBS_UP)}?limit=1&after=${member.id}`,
      auth: 'bot',
      expect: ok,
      bodyRule: userListRule('at most 1 user, every id after the given one', (ids) =>
        ids.length > 1 || ids.some((id) => id <= BigInt(member.id)) ? `users ${ids.join(', ')} after ${member.id}` : undefined,
      ),
    },
    {
      label: 'users who reacted, limit 101',
      method: 'GET',
      path: `${Routes.channelMessageReaction(text.id, postId ?? '0', THUMBS_UP)}?limit=101`,
      auth: 'bot',
      expect: invalidFormBody,
    },
    {
      label: 'react with an unknown custom emoji answers 10014',
      method: 'PUT',
      path: Routes.channelMessageOwnReaction(text.id, postId ?? '0', encodeURIComponent('ghost:1')),
      auth: 'bot',
      expect: [{ status: 400, code: RESTJSONErrorCodes.UnknownEmoji }],
    },
    {
      label: 'remove own reaction',
      method: 'DELETE',
      path: Routes.channelMessageOwnReaction(text.id, postId ?? '0', THUMBS_UP),
      auth: 'bot',
      expect: noContent,
    },
    {
      label: "remove a member's reaction",
      method: 'DELETE',
      path: Routes.channelMessageUserReaction(text.id, postId ?? '0', THUMBS_UP, member.id),
      auth: 'bot',
      expect: noContent,
    },
    { label: 'react again', method: 'PUT', path: Routes.channelMessageOwnReaction(text.id, postId ?? '0', FIRE), auth: 'bot', expect: noContent },
    {
      label: 'remove all reactions of one emoji',
      method: 'DELETE',
      path: Routes.channelMessageReaction(text.id, postId ?? '0', FIRE),
      auth: 'bot',
      expect: noContent,
    },
    { label: 'react once more', method: 'PUT', path: Routes.channelMessageOwnReaction(text.id, postId ?? '0', THUMBS_UP), auth: 'bot', expect: noContent },
    { label: 'remove all reactions', method: 'DELETE', path: Routes.channelMessageAllReactions(text.id, postId ?? '0'), auth: 'bot', expect: noContent },
  ];
  for (const probe of afterReaction) await session.sendWhen(postId, probe, NO_POST);
  await session.send({
    label: 'react on an unknown message',
    method: 'PUT',
    path: Routes.channelMessageOwnReaction(text.id, '1', THUMBS_UP),
    auth: 'bot',
    expect: unknownMessage,
  });
}

/** Threads on a message, without one, and forum posts. */
export async function probeThreads(world: ProbeWorld, postId: string | undefined): Promise<{ standaloneThreadId: string | undefined }> {
  const { session, text, forum, forumTagId } = world;
  const threadFromMessage: Probe = {
    label: 'start a thread on a message',
    method: 'POST',
    path: Routes.threads(text.id, postId ?? '0'),
    auth: 'bot',
    body: { name: 'Rocky IV — responses', auto_archive_duration: 10080 },
    expect: created,
    bodyRule: {
      description: 'the thread has the id of its source message (channel.mdx, Start Thread from Message)',
      violation: (body) => (stringField(body, 'id') === postId ? undefined : `thread id ${stringField(body, 'id') ?? '(none)'} for message ${postId ?? ''}`),
    },
  };
  const threadId = stringField((await session.sendWhen(postId, threadFromMessage, NO_POST))?.body, 'id');
  const secondThread: Probe = {
    label: 'a second thread on the same message answers 160004',
    method: 'POST',
    path: Routes.threads(text.id, postId ?? '0'),
    auth: 'bot',
    body: { name: 'again' },
    expect: [{ status: 400, code: RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage }],
  };
  await session.sendWhen(postId, secondThread, NO_POST);
  const standalone = await session.send({
    label: 'start a thread without a message',
    method: 'POST',
    path: Routes.threads(text.id),
    auth: 'bot',
    body: { name: 'Listening party', type: ChannelType.PublicThread },
    expect: created,
  });
  const standaloneThreadId = stringField(standalone?.body, 'id');
  await session.send({
    label: 'empty thread name',
    method: 'POST',
    path: Routes.threads(text.id),
    auth: 'bot',
    body: { name: '', type: ChannelType.PublicThread },
    expect: invalidFormBody,
  });
  await session.send({
    label: 'thread name over 100 characters',
    method: 'POST',
    path: Routes.threads(text.id),
    auth: 'bot',
    body: { name: 'n'.repeat(101), type: ChannelType.PublicThread },
    expect: invalidFormBody,
    bodyRule: errorTreeRule('name'),
  });
  const forumPost = await session.send({
    label: 'forum post with a starter message and a tag',
    method: 'POST',
    path: Routes.threads(forum.id),
    auth: 'bot',
    body: {
      name: 'Rocky IV',
      message: { content: 'Responses to the Rocky IV review', allowed_mentions: noMentions },
      applied_tags: forumTagId ? [forumTagId] : [],
    },
    expect: created,
  });
  await session.send({
    label: 'thread in an unknown channel',
    method: 'POST',
    path: Routes.threads('1'),
    auth: 'bot',
    body: { name: 'x', type: ChannelType.PublicThread },
    expect: unknownChannel,
  });
  // discord.js ThreadChannel.fetchStarterMessage(): the starter of a thread has the thread's id, in the
  // parent channel for a thread on a message and in the thread itself for a forum post.
  const forumPostId = stringField(forumPost?.body, 'id');
  const forumStarter: Probe = {
    label: "a forum post's starter message",
    method: 'GET',
    path: Routes.channelMessage(forumPostId ?? '0', forumPostId ?? '0'),
    auth: 'bot',
    expect: ok,
  };
  await session.sendWhen(forumPostId, forumStarter, 'creating the forum post failed');
  const threadProbes: Probe[] = [
    {
      label: "a thread's starter message, in the parent channel",
      method: 'GET',
      path: Routes.channelMessage(text.id, threadId ?? '0'),
      auth: 'bot',
      expect: ok,
    },
    { label: 'get a thread', method: 'GET', path: Routes.channel(threadId ?? '0'), auth: 'bot', expect: ok },
    {
      label: 'post in a thread',
      method: 'POST',
      path: Routes.channelMessages(threadId ?? '0'),
      auth: 'bot',
      body: { content: 'Thanks for listening!', allowed_mentions: noMentions },
      expect: ok,
    },
    { label: 'list thread messages', method: 'GET', path: `${Routes.channelMessages(threadId ?? '0')}?limit=10`, auth: 'bot', expect: ok },
  ];
  for (const probe of threadProbes) {
    await session.sendWhen(threadId, probe, 'starting the thread failed');
  }
  return { standaloneThreadId };
}
