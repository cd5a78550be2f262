// Probes of what the bot may not do: missing permissions and rate limits.
import { Routes } from 'discord-api-types/v10';
import type { Probe } from './check.js';
import { missingPermissions, noContent, ok } from './probe-rules.js';
import { sleep } from './probe-session.js';
import { errorMessage } from '../../errors.js';
import { THUMBS_UP, type ProbeWorld } from './probe-world.js';

/** What the bot may not do without a permission (message.mdx, channel.mdx: each permission the bot's own calls need). */
export async function probePermissions(world: ProbeWorld): Promise<void> {
  const { session, driver, setupProblems } = world;
  const ids = { memberId: world.member.id, mutedChannelId: world.mutedChannel.id, historylessChannelId: world.historylessChannel.id };
  await session.send({
    label: 'without Read Message History the list is empty',
    method: 'GET',
    path: Routes.channelMessages(ids.historylessChannelId),
    auth: 'bot',
    expect: ok,
    bodyRule: {
      description: 'no messages without READ_MESSAGE_HISTORY (message.mdx, Get Channel Messages)',
      violation: (body) => (Array.isArray(body) && body.length === 0 ? undefined : `${Array.isArray(body) ? body.length : 'no'} messages`),
    },
  });

  let memberMessageId: string | undefined;
  try {
    await driver.sendMessage(ids.memberId, ids.historylessChannelId, 'Anyone here?');
    memberMessageId = (await driver.sendMessage(ids.memberId, ids.mutedChannelId, 'Anyone here?')).id;
  } catch (error) {
    setupProblems.push(`driver.sendMessage in the muted guild: ${errorMessage(error)}`);
  }
  const onMemberMessage: Probe[] = [
    {
      label: 'first reaction without Add Reactions answers 50013',
      method: 'PUT',
      path: Routes.channelMessageOwnReaction(ids.mutedChannelId, memberMessageId ?? '0', THUMBS_UP),
      auth: 'bot',
      expect: missingPermissions,
    },
    {
      label: 'thread on a message without Create Public Threads answers 50013',
      method: 'POST',
      path: Routes.threads(ids.mutedChannelId, memberMessageId ?? '0'),
      auth: 'bot',
      body: { name: 'not allowed' },
      expect: missingPermissions,
    },
  ];
  for (const probe of onMemberMessage) {
    await session.sendWhen(memberMessageId, probe, "the member's message in the muted guild could not be created");
  }
  const afterMemberReacted: Probe[] = [
    // "if nobody else has reacted to the message using this emoji, this endpoint requires ADD_REACTIONS"
    {
      label: 'joining an existing reaction needs no Add Reactions',
      method: 'PUT',
      path: Routes.channelMessageOwnReaction(ids.mutedChannelId, memberMessageId ?? '0', THUMBS_UP),
      auth: 'bot',
      expect: noContent,
    },
    {
      label: "removing a member's reaction without Manage Messages answers 50013",
      method: 'DELETE',
      path: Routes.channelMessageUserReaction(ids.mutedChannelId, memberMessageId ?? '0', THUMBS_UP, ids.memberId),
      auth: 'bot',
      expect: missingPermissions,
    },
  ];
  let memberReacted = false;
  if (memberMessageId) {
    try {
      await driver.react(ids.memberId, ids.mutedChannelId, memberMessageId, '👍');
      memberReacted = true;
    } catch (error) {
      setupProblems.push(`driver.react in the muted guild: ${errorMessage(error)}`);
    }
  }
  for (const probe of afterMemberReacted) {
    await session.sendWhen(memberReacted, probe, 'the member could not react in the muted guild');
  }
}

export async function probeRateLimits(world: ProbeWorld, messageId: string | undefined): Promise<void> {
  const { session, driver } = world;
  const channelId = world.text.id;
  const injected: Probe = {
    label: 'injected 429 (driver.failNext) on message create',
    method: 'POST',
    path: Routes.channelMessages(channelId),
    auth: 'bot',
    body: { content: 'rate limited?' },
    expect: [{ status: 429 }],
  };
  // The driver keys routes like its request log; take the key from the log rather than guessing it.
  const logged = driver.requests().find((entry) => entry.method === 'POST' && entry.path.endsWith(`/channels/${channelId}/messages`));
  if (logged) {
    driver.failNext(logged.route, 1, 429);
    await session.send(injected);
  } else {
    session.notRun(injected, 'the request log has no POST on the channel messages route to take the route key from');
  }

  const burst: Probe[] = ['🎵', '🎸', '🥁', '🎹', '🎺', '🎻', '🎷', '🪕', '🎤', '📀'].map((emoji) => ({
    label: 'burst of reaction writes',
    method: 'PUT',
    path: Routes.channelMessageOwnReaction(channelId, messageId ?? '0', encodeURIComponent(emoji)),
    auth: 'bot',
    expect: [{ status: 204 }, { status: 429 }],
  }));
  if (!messageId) {
    for (const probe of burst) session.notRun(probe, 'posting the message failed');
    return;
  }
  const exchanges = await session.sendAll(burst);
  if (!exchanges.some((exchange) => exchange.status === 429)) {
    // Recorded as an observation of its own so that the missing 429 shows up in the report.
    session.observe(
      {
        label: 'burst of 10 reaction writes gets a 429 (per-channel reaction bucket)',
        method: 'PUT',
        path: burst[0]?.path ?? '',
        auth: 'bot',
        expect: [{ status: 429 }],
      },
      `no 429 among ${exchanges.length} concurrent reaction writes (statuses ${exchanges.map((exchange) => exchange.status).join(', ')})`,
    );
  }
  const retryAfter = Math.max(
    0,
    ...exchanges.map((exchange) => Number(exchange.headers.get('Retry-After') ?? exchange.headers.get('X-RateLimit-Reset-After') ?? '0')),
  );
  await sleep(Math.min(retryAfter * 1000, 5000) + 100);
}
