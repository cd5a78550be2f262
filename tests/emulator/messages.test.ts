import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelType, Client, GatewayIntentBits, Partials, PermissionFlagsBits, Routes, type APIUser } from 'discord.js';
import type { ForumChannel, Message, MessageReaction, PartialMessage, PartialMessageReaction, PartialUser, TextChannel, User } from 'discord.js';
import { login, startWorld } from './setup.js';
import type { World } from './setup.js';

function nextEvent<T extends unknown[]>(client: Client, event: string, filter: (...args: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const listener = (...args: T): void => {
      if (!filter(...args)) return;
      client.off(event, listener);
      resolve(args);
    };
    client.on(event, listener);
  });
}

describe('emulator: messages, threads and reactions with discord.js', () => {
  let world: World;
  let client: Client<true>;
  let extraClient: Client | undefined;

  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await extraClient?.destroy();
    extraClient = undefined;
    await client.destroy();
    await world.emulator.stop();
  });

  const reviewsChannel = (): TextChannel => {
    const channel = client.channels.cache.get(world.reviews.id);
    if (!channel || channel.type !== ChannelType.GuildText) throw new Error('no #reviews');
    return channel;
  };

  it('posts a message, echoes it back, starts a thread on it and reacts', async () => {
    client = await login(world.emulator);
    const echoed = nextEvent<[Message]>(client, 'messageCreate');
    const sent = await reviewsChannel().send({ content: 'Rocky IV — the soundtrack', allowedMentions: { parse: [] } });
    const [echo] = await echoed;
    expect(echo.id).toBe(sent.id);
    expect(echo.author.id).toBe(world.emulator.application.botUserId);
    expect(world.emulator.driver.messages(world.reviews.id).map((m) => m.content)).toEqual(['Rocky IV — the soundtrack']);

    const thread = await sent.startThread({ name: 'Responses: Rocky IV' });
    expect(thread.id).toBe(sent.id);
    expect(thread.isThread()).toBe(true);
    expect(world.emulator.driver.threads(world.reviews.id).map((t) => t.name)).toEqual(['Responses: Rocky IV']);

    const ownReaction = nextEvent<[MessageReaction | PartialMessageReaction, User | PartialUser]>(client, 'messageReactionAdd');
    await sent.react('👍');
    const [reaction, reactor] = await ownReaction;
    expect(reaction.emoji.name).toBe('👍');
    expect(reactor.id).toBe(world.emulator.application.botUserId);

    const memberReaction = nextEvent<[MessageReaction | PartialMessageReaction, User | PartialUser]>(
      client,
      'messageReactionAdd',
      (_r, user) => user.id === world.member.id,
    );
    await world.emulator.driver.react(world.member.id, world.reviews.id, sent.id, '👍');
    const [memberReacted] = await memberReaction;
    expect(memberReacted.count).toBe(2);
    expect(world.emulator.driver.reactionUsers(world.reviews.id, sent.id, '👍')).toEqual([world.emulator.application.botUserId, world.member.id]);
    expect(world.emulator.driver.message(world.reviews.id, sent.id)?.reactions?.[0]).toMatchObject({ count: 2, me: true });

    const removed = nextEvent<[MessageReaction | PartialMessageReaction, User | PartialUser]>(client, 'messageReactionRemove');
    await world.emulator.driver.unreact(world.member.id, world.reviews.id, sent.id, '👍');
    const [, remover] = await removed;
    expect(remover.id).toBe(world.member.id);
  });

  it('delivers reactions on an uncached message as partials', async () => {
    const old = await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, 'posted before the bot connected');
    client = await login(world.emulator);
    const added = nextEvent<[MessageReaction | PartialMessageReaction, User | PartialUser]>(client, 'messageReactionAdd');
    await world.emulator.driver.react(world.member.id, world.reviews.id, old.id, 'liner:123456789012345678');
    const [reaction, user] = await added;
    expect(reaction.message.partial).toBe(true);
    expect(reaction.message.id).toBe(old.id);
    expect(reaction.emoji.id).toBe('123456789012345678');
    expect(user.id).toBe(world.member.id);
    const fetched = await reaction.message.fetch();
    expect(fetched.content).toBe('posted before the bot connected');
    expect(fetched.reactions.cache.get('123456789012345678')?.count).toBe(1);
  });

  it('delivers a member message in a thread with isThread() true and supports a custom emoji from the bot', async () => {
    client = await login(world.emulator);
    const sent = await reviewsChannel().send({ content: 'Top Gun', allowedMentions: { parse: [] } });
    const thread = await sent.startThread({ name: 'Responses: Top Gun' });
    const created = nextEvent<[Message]>(client, 'messageCreate', (m) => m.author.id === world.member.id);
    await world.emulator.driver.sendMessage(world.member.id, thread.id, 'Danger Zone forever');
    const [message] = await created;
    expect(message.channel.isThread()).toBe(true);
    expect(message.channelId).toBe(thread.id);
    expect(message.content).toBe('Danger Zone forever');

    await message.react('<:liner:123456789012345678>');
    expect(world.emulator.driver.reactionUsers(thread.id, message.id, 'liner:123456789012345678')).toEqual([world.emulator.application.botUserId]);
    const users = await message.reactions.cache.get('123456789012345678')?.users.fetch();
    expect(users?.map((u) => u.id)).toEqual([world.emulator.application.botUserId]);
  });

  it('pages the users of a reaction by ascending id with limit and after, as Get Reactions does', async () => {
    client = await login(world.emulator);
    const post = await reviewsChannel().send({ content: 'a popular post', allowedMentions: { parse: [] } });
    const reactors: string[] = [];
    for (let i = 0; i < 230; i++) {
      const user = world.emulator.driver.createUser({ username: `listener${i}` });
      world.emulator.driver.addMember(world.guild.id, user.id);
      reactors.push(user.id);
    }
    // Reacting newest id first: the listing's order is the ids', not the reactions'.
    for (const userId of [...reactors].reverse()) await world.emulator.driver.react(userId, world.reviews.id, post.id, '👍');
    const pages: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ limit: '100', ...(after ? { after } : {}) });
      const page = (await client.rest.get(Routes.channelMessageReaction(world.reviews.id, post.id, encodeURIComponent('👍')), { query })) as APIUser[];
      const ids = page.map((user) => user.id);
      if (ids.length === 0) break;
      pages.push(ids);
      after = ids.at(-1);
    }
    expect(pages.map((page) => page.length)).toEqual([100, 100, 30]);
    const expected = [...reactors].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(pages.flat()).toEqual(expected);
  });

  it('edits and deletes messages with MESSAGE_UPDATE and MESSAGE_DELETE', async () => {
    client = await login(world.emulator);
    const sent = await reviewsChannel().send({ content: 'draft', allowedMentions: { parse: [] } });
    const updated = nextEvent<[Message | PartialMessage, Message]>(client, 'messageUpdate');
    await sent.edit({ content: 'final' });
    const [, after] = await updated;
    expect(after.content).toBe('final');
    expect(after.editedTimestamp).not.toBeNull();

    const deleted = nextEvent<[Message | PartialMessage]>(client, 'messageDelete');
    await world.emulator.driver.deleteMessage(world.admin.id, world.reviews.id, sent.id);
    const [gone] = await deleted;
    expect(gone.id).toBe(sent.id);
    expect(world.emulator.driver.messages(world.reviews.id)).toEqual([]);
  });

  it('creates a forum post with its starter message and applied tags', async () => {
    const forum = world.emulator.driver.createChannel(world.guild.id, {
      name: 'review-forum',
      type: ChannelType.GuildForum,
      availableTags: [{ name: 'soundtrack' }],
    });
    client = await login(world.emulator);
    const channel = client.channels.cache.get(forum.id) as ForumChannel | undefined;
    const tag = channel?.availableTags[0];
    expect(tag?.name).toBe('soundtrack');
    const post = await channel?.threads.create({ name: 'Rocky IV', message: { content: 'Review body' }, appliedTags: tag ? [tag.id] : [] });
    expect(post?.appliedTags).toEqual(tag ? [tag.id] : []);
    expect(world.emulator.driver.threads(forum.id).map((t) => t.name)).toEqual(['Rocky IV']);
    expect(world.emulator.driver.messages(post?.id ?? '').map((m) => [m.id, m.content])).toEqual([[post?.id, 'Review body']]);
    expect(world.emulator.driver.threads(forum.id)[0]).toMatchObject({ message_count: 0, total_message_sent: 0, applied_tags: tag ? [tag.id] : [] });
    await world.emulator.driver.sendMessage(world.member.id, post?.id ?? '', 'Agreed');
    expect(world.emulator.driver.threads(forum.id)[0]).toMatchObject({ message_count: 1, total_message_sent: 1 });
  });

  it('lists messages newest first with limit, before and after', async () => {
    client = await login(world.emulator);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, `m${i}`)).id);
    const latest = await reviewsChannel().messages.fetch({ limit: 3 });
    expect([...latest.values()].map((m) => m.content)).toEqual(['m4', 'm3', 'm2']);
    const before = await reviewsChannel().messages.fetch({ before: ids[2] ?? '' });
    expect([...before.values()].map((m) => m.content)).toEqual(['m1', 'm0']);
    const after = await reviewsChannel().messages.fetch({ after: ids[2] ?? '' });
    expect([...after.values()].map((m) => m.content)).toEqual(['m4', 'm3']);
  });

  it('blanks message content without the Message Content intent unless the bot is mentioned', async () => {
    client = await login(world.emulator);
    extraClient = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      partials: [Partials.Channel],
      rest: { api: world.emulator.restUrl },
    });
    await login(world.emulator, extraClient);
    const seen: string[] = [];
    extraClient.on('messageCreate', (m) => seen.push(m.content));
    await world.emulator.driver.sendMessage(world.member.id, world.reviews.id, 'plain words');
    await world.emulator.driver.sendMessage(world.member.id, world.reviews.id, `<@${world.emulator.application.botUserId}> hello bot`);
    await world.emulator.driver.waitFor(() => seen.length === 2, 3000, 'two messages on the client without MessageContent');
    expect(seen).toEqual(['', `<@${world.emulator.application.botUserId}> hello bot`]);
  });

  it('checks member permissions when members act through the driver', async () => {
    client = await login(world.emulator);
    const outsider = world.emulator.driver.createUser({ username: 'outsider' });
    await expect(world.emulator.driver.sendMessage(outsider.id, world.reviews.id, 'hi')).rejects.toMatchObject({ code: 50001 });
    const sent = await world.emulator.driver.sendMessage(world.admin.id, world.reviews.id, 'admin post');
    await expect(world.emulator.driver.deleteMessage(world.member.id, world.reviews.id, sent.id)).rejects.toMatchObject({ code: 50013 });
    await expect(world.emulator.driver.editMessage(world.member.id, world.reviews.id, sent.id, 'hijack')).rejects.toMatchObject({ code: 50005 });
  });

  it('archives a thread through REST and unarchives it when a member writes in it', async () => {
    client = await login(world.emulator);
    const sent = await reviewsChannel().send({ content: 'Rocky III', allowedMentions: { parse: [] } });
    const thread = await sent.startThread({ name: 'Responses: Rocky III' });
    await thread.setArchived(true);
    expect(world.emulator.driver.threads(world.reviews.id)[0]?.thread_metadata?.archived).toBe(true);
    const unarchived = nextEvent<[unknown, { archived: boolean | null }]>(client, 'threadUpdate', (_old, updated) => updated.archived === false);
    await world.emulator.driver.sendMessage(world.member.id, thread.id, 'Eye of the Tiger');
    await unarchived;
    expect(world.emulator.driver.threads(world.reviews.id)[0]?.thread_metadata?.archived).toBe(false);
  });

  it('sends GUILD_MEMBER_ADD and GUILD_MEMBER_REMOVE to a client with the GuildMembers intent', async () => {
    client = await login(world.emulator);
    extraClient = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers], rest: { api: world.emulator.restUrl } });
    await login(world.emulator, extraClient);
    const joined: string[] = [];
    const left: string[] = [];
    extraClient.on('guildMemberAdd', (member) => joined.push(member.user.username));
    extraClient.on('guildMemberRemove', (member) => left.push(member.user.username));
    const newcomer = world.emulator.driver.createUser({ username: 'newcomer' });
    world.emulator.driver.addMember(world.guild.id, newcomer.id);
    world.emulator.driver.removeMember(world.guild.id, newcomer.id);
    await world.emulator.driver.waitFor(() => left.length === 1, 3000, 'the member to leave');
    expect(joined).toEqual(['newcomer']);
    expect(left).toEqual(['newcomer']);
  });

  it('accepts file uploads from discord.js and serves them back', async () => {
    client = await login(world.emulator);
    const sent = await reviewsChannel().send({ content: 'liner notes attached', files: [{ attachment: Buffer.from('track 1\ntrack 2'), name: 'tracks.txt' }] });
    const attachment = sent.attachments.first();
    expect(attachment?.name).toBe('tracks.txt');
    expect(attachment?.size).toBe(15);
    expect(await (await fetch(attachment?.url ?? '')).text()).toBe('track 1\ntrack 2');
    const edited = await sent.edit({ content: 'no files', attachments: [] });
    expect(edited.attachments.size).toBe(0);
  });

  it('keeps discord.js permission checks in agreement with the emulator after setBotPermissions', async () => {
    client = await login(world.emulator);
    const me = client.user;
    const updated = nextEvent<unknown[]>(client, 'channelUpdate');
    world.emulator.driver.setBotPermissions(world.guild.id, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
    await updated;
    const permissions = reviewsChannel().permissionsFor(me);
    expect(permissions?.has(PermissionFlagsBits.ViewChannel)).toBe(true);
    expect(permissions?.has(PermissionFlagsBits.SendMessages)).toBe(false);
    await expect(reviewsChannel().send({ content: 'nope', allowedMentions: { parse: [] } })).rejects.toMatchObject({ code: 50013 });

    const restored = nextEvent<unknown[]>(client, 'channelUpdate');
    world.emulator.driver.setBotPermissions(world.guild.id, PermissionFlagsBits.Administrator);
    await restored;
    expect(reviewsChannel().permissionsFor(me)?.has(PermissionFlagsBits.SendMessages)).toBe(true);
    await reviewsChannel().send({ content: 'yes', allowedMentions: { parse: [] } });
    const later = world.emulator.driver.createChannel(world.guild.id, { name: 'later', type: ChannelType.GuildText });
    expect(later).toMatchObject({ permission_overwrites: [] });
  });

  it('dispatches reaction clean-ups, bulk deletes and thread deletion', async () => {
    client = await login(world.emulator);
    const events: string[] = [];
    client.on('messageReactionRemoveEmoji', (reaction) => events.push(`remove-emoji ${reaction.emoji.name ?? ''}`));
    client.on('messageReactionRemoveAll', (message) => events.push(`remove-all ${message.id}`));
    client.on('messageDeleteBulk', (messages) => events.push(`bulk ${messages.size}`));
    client.on('threadDelete', (thread) => events.push(`thread-delete ${thread.name}`));
    const post = await reviewsChannel().send({ content: 'react to me', allowedMentions: { parse: [] } });
    await world.emulator.driver.react(world.member.id, world.reviews.id, post.id, '👍');
    await world.emulator.driver.react(world.member.id, world.reviews.id, post.id, '🔥');
    await world.emulator.driver.removeEmojiReactions(world.reviews.id, post.id, '🔥');
    await world.emulator.driver.removeAllReactions(world.reviews.id, post.id);
    expect(world.emulator.driver.message(world.reviews.id, post.id)?.reactions).toBeUndefined();
    const extra = await Promise.all(['a', 'b'].map((text) => reviewsChannel().send({ content: text, allowedMentions: { parse: [] } })));
    await reviewsChannel().bulkDelete(extra.map((m) => m.id));
    const thread = await post.startThread({ name: 'to be deleted' });
    await thread.delete();
    await world.emulator.driver.waitFor(() => events.length === 4, 3000, 'four events');
    expect(events).toEqual([`remove-emoji 🔥`, `remove-all ${post.id}`, 'bulk 2', 'thread-delete to be deleted']);
    expect(world.emulator.driver.threads(world.reviews.id)).toEqual([]);
  });
});
