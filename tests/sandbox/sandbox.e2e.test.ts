import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/start-sandbox.js';

interface ViewMessage {
  id: string;
  content: string;
  embeds: { title?: string; footer?: { text: string } }[];
  components?: { components: { custom_id?: string; label?: string }[] }[];
  reactions: { key: string; count: number; me: boolean }[];
}
interface View {
  viewer: string;
  commands: { name: string }[];
  bot: { connected: boolean };
  channels: Record<string, ViewMessage[]>;
  threads: { id: string; name: string; parentId: string | null; messages: ViewMessage[] }[];
  private: { channelId: string; message: ViewMessage }[];
  modal: { customId: string; title: string } | null;
}

const patient = { timeout: 20_000, interval: 100 };
const dirs: string[] = [];
let dataDir: string;
let sandbox: Sandbox | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'liner-notes-sandbox-'));
  dirs.push(dataDir);
});
afterAll(async () => {
  await sandbox?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function start(): Promise<Sandbox> {
  return startSandbox({ port: 0, dataDir, logger: createLogger('silent') });
}

async function call(s: Sandbox, action: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(`api/${action}`, s.url), { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  const parsed: unknown = await response.json();
  return { status: response.status, body: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {} };
}

async function view(s: Sandbox, userId: string): Promise<View> {
  const response = await fetch(new URL(`api/view?as=${userId}`, s.url));
  expect(response.status).toBe(200);
  return (await response.json()) as View;
}

function ids(s: Sandbox) {
  const id = (username: string): string => {
    const found = s.roster.people.find((p) => p.username === username);
    if (!found) throw new Error(`no ${username}`);
    return found.id;
  };
  const reviews = s.roster.channels.find((c) => c.name === 'reviews')?.id ?? '';
  const forum = s.roster.channels.find((c) => c.type === 'forum')?.id ?? '';
  return { admin: id('adrian'), apollo: id('apollo'), ivan: id('ivan'), mickey: id('mickey'), reviews, forum };
}

const footerOf = (message: ViewMessage | undefined): string | undefined => message?.embeds.at(-1)?.footer?.text;

describe('the sandbox', () => {
  it('keeps posts, likes and responses across a clean stop and a new start', async () => {
    sandbox = await start();
    expect(sandbox.restored).toBe(false);
    const who = ids(sandbox);
    const found = await call(sandbox, 'autocomplete', {
      as: who.admin,
      channelId: who.reviews,
      name: 'review',
      subcommand: 'post',
      options: { review: 'burning heart' },
      focused: 'review',
    });
    expect(found.status).toBe(200);
    const choices = found.body.choices as { name: string; value: string }[];
    const rocky = choices.find((c) => c.name.includes('Rocky IV'));
    expect(rocky).toBeDefined();
    expect(
      (await call(sandbox, 'command', { as: who.admin, channelId: who.reviews, name: 'review', subcommand: 'post', options: { review: rocky?.value } })).status,
    ).toBe(200);

    const current = sandbox;
    const post = async (): Promise<ViewMessage | undefined> =>
      (await view(current, who.apollo)).channels[who.reviews]?.find((m) => m.embeds[0]?.title?.includes('Rocky IV'));
    await expect.poll(post, patient).toBeDefined();
    const postId = (await post())?.id ?? '';
    // The admin's "Posted …" answer is ephemeral: the admin sees it, a member does not.
    await expect.poll(async () => (await view(current, who.admin)).private.some((p) => p.message.content.startsWith('Posted')), patient).toBe(true);
    expect((await view(current, who.apollo)).private).toEqual([]);

    for (const member of [who.apollo, who.ivan]) {
      expect((await call(sandbox, 'reaction', { as: member, channelId: who.reviews, messageId: postId, emoji: '👍', add: true })).status).toBe(200);
    }
    const thread = (await view(sandbox, who.apollo)).threads.find((t) => t.id === postId);
    expect(thread?.name).toBe('Responses: Rocky IV');
    expect((await call(sandbox, 'message', { as: who.apollo, channelId: thread?.id, content: 'Hearts on Fire, every time.' })).status).toBe(200);
    await expect.poll(async () => footerOf(await post()), patient).toBe('Liked by 2 people · 1 Response');

    await sandbox.stop();
    sandbox = await start();
    expect(sandbox.restored).toBe(true);
    const again = ids(sandbox);
    expect(again).toEqual(who);
    const after = await view(sandbox, who.apollo);
    const restoredPost = after.channels[who.reviews]?.find((m) => m.id === postId);
    expect(footerOf(restoredPost)).toBe('Liked by 2 people · 1 Response');
    expect(restoredPost?.reactions.find((r) => r.key === '👍')).toMatchObject({ count: 3, me: true });
    expect(after.threads.find((t) => t.id === postId)?.messages.map((m) => m.content)).toEqual(['Hearts on Fire, every time.']);
    const restarted = sandbox;
    await expect.poll(() => restarted.bot.engagement.countsFor(postId), patient).toEqual({ likes: 2, responses: 1 });

    // The restarted bot still owns the old post: a new like reaches its footer.
    expect((await call(sandbox, 'reaction', { as: who.mickey, channelId: who.reviews, messageId: postId, emoji: '👍', add: true })).status).toBe(200);
    const latest = async (): Promise<string | undefined> => footerOf((await view(restarted, who.apollo)).channels[who.reviews]?.find((m) => m.id === postId));
    await expect.poll(latest, patient).toBe('Liked by 3 people · 1 Response');
  }, 60_000);

  it("lists in each person's view the commands their / picker offers: /setup (Manage Server) for the admin only", async () => {
    sandbox ??= await start();
    const s = sandbox;
    const who = ids(s);
    const names = async (userId: string): Promise<string[]> => (await view(s, userId)).commands.map((c) => c.name);
    expect(await names(who.admin)).toContain('setup');
    for (const member of [who.apollo, who.mickey]) {
      expect(await names(member)).toContain('tracks');
      expect(await names(member)).not.toContain('setup');
    }
  }, 30_000);

  it('shows a modal to whoever ran the command, takes its fields, and answers with buttons only they see', async () => {
    sandbox ??= await start();
    const s = sandbox;
    const who = ids(s);
    expect((await call(s, 'command', { as: who.admin, channelId: who.reviews, name: 'review', subcommand: 'new' })).status).toBe(200);
    await expect.poll(async () => (await view(s, who.admin)).modal?.title, patient).toBeDefined();
    expect((await view(s, who.apollo)).modal).toBeNull();
    const modal = (await view(s, who.admin)).modal;
    const fields = {
      title: 'Great Soundtracks of 1985: Vision Quest',
      year: '1985',
      text: 'Lunatic Fringe opens it.',
      tracks: '1. Red Rider – Lunatic Fringe',
      nextPost: '',
    };
    expect((await call(s, 'modal', { as: who.admin, channelId: who.reviews, customId: modal?.customId, fields })).status).toBe(200);
    const preview = async () =>
      (await view(s, who.admin)).private.find((p) => p.message.components?.some((row) => row.components.some((c) => c.label === 'Cancel')));
    await expect.poll(preview, patient).toBeDefined();
    expect((await view(s, who.admin)).modal).toBeNull();
    const previewMessage = (await preview())?.message;
    const cancel = previewMessage?.components?.flatMap((row) => row.components).find((c) => c.label === 'Cancel');
    // Someone else cannot press a button on a message only the admin sees.
    const foreign = await call(s, 'button', { as: who.apollo, channelId: who.reviews, messageId: previewMessage?.id, customId: cancel?.custom_id });
    expect(foreign).toMatchObject({ status: 400, body: { error: expect.stringContaining('ephemeral') as string } });
    expect((await call(s, 'button', { as: who.admin, channelId: who.reviews, messageId: previewMessage?.id, customId: cancel?.custom_id })).status).toBe(200);
    await expect.poll(async () => (await preview()) === undefined, patient).toBe(true);
  }, 30_000);

  it('answers bad input with 400 and a message naming the problem, and keeps running', async () => {
    sandbox ??= await start();
    const s = sandbox;
    const who = ids(s);
    const cases: [string, unknown, RegExp][] = [
      ['command', '{not json', /not valid JSON/],
      ['command', { as: '123', channelId: who.reviews, name: 'help' }, /as: must be an id/],
      ['command', { as: '12345678901234567890', channelId: who.reviews, name: 'help' }, /not one of the sandbox's people/],
      ['command', { as: who.apollo, channelId: '12345678901234567890', name: 'help' }, /not a channel or thread/],
      ['command', { as: who.apollo, channelId: who.reviews, name: 'nope' }, /\/nope is not a command/],
      ['command', { as: who.apollo, channelId: who.reviews, name: 'review' }, /needs a subcommand: post, read/],
      ['command', { as: who.apollo, channelId: who.reviews, name: 'tracks', options: {} }, /missing required option: review/],
      ['command', { as: who.apollo, channelId: who.reviews, name: 'tracks', options: { colour: 'red' } }, /no option "colour"/],
      ['command', { as: who.apollo, channelId: who.reviews, name: 'top', options: { limit: 'lots' } }, /limit must be a whole number/],
      ['autocomplete', { as: who.apollo, channelId: who.reviews, name: 'top', options: {}, focused: 'limit' }, /does not offer suggestions/],
      ['reaction', { as: who.apollo, channelId: who.reviews, messageId: '12345678901234567890', emoji: '👍', add: true }, /Unknown Message/],
      ['reaction', { as: who.apollo, channelId: who.reviews, messageId: '12345678901234567890', emoji: '👍', add: 'yes' }, /add: /],
      ['message', { as: who.apollo, channelId: who.reviews, content: '   ' }, /needs some text/],
      ['message', { as: who.apollo, channelId: who.reviews, content: 'x'.repeat(2001) }, /at most 2000 characters/],
      ['modal', { as: who.apollo, channelId: who.reviews, customId: 'never-shown', fields: {} }, /No modal/],
      [
        'command',
        { as: who.apollo, channelId: who.reviews, name: 'setup' },
        /^\/setup is not in Apollo's \/ list: Discord shows it only to members with the permissions it asks for$/,
      ],
      [
        'message',
        { as: who.apollo, channelId: who.forum, content: 'Hello forum' },
        /^#review-forum is a forum: it holds posts, not messages\. Open a post to reply or run a command in it\.$/,
      ],
      ['command', { as: who.apollo, channelId: who.forum, name: 'help' }, /^#review-forum is a forum: it holds posts, not messages/],
      [
        'command',
        { as: who.admin, channelId: who.reviews, name: 'setup', options: { reviews_channel: ' ' } },
        /^option reviews_channel has no value: pick a channel, or leave the option out$/,
      ],
      [
        'command',
        { as: who.admin, channelId: who.reviews, name: 'setup', options: { reviews_channel: '#Responses: Rocky IV' } },
        /no channel named "Responses: Rocky IV" \(known: reviews, general, review-forum\)/,
      ],
    ];
    for (const [action, body, message] of cases) {
      const answer = await call(s, action, body);
      expect({ action, body, status: answer.status, error: answer.body.error }).toMatchObject({ status: 400, error: expect.stringMatching(message) as string });
    }
    for (const action of ['launch-missiles', 'constructor', '__proto__', 'toString']) expect((await call(s, action, {})).status, action).toBe(404);
    for (const path of [
      'vendor/lit/../../package.json',
      'vendor/lit/%2e%2e/%2e%2e/package.json',
      'vendor/lit/%E0%A4%A.js',
      'vendor/left-pad/index.js',
      'vendor/lit/package.json',
      'secrets.txt',
    ]) {
      expect((await fetch(new URL(path, s.url))).status, path).toBe(404);
    }
    expect((await fetch(new URL('vendor/@skyra/discord-components-core/dist/index.js', s.url))).status).toBe(200);
    for (const module of ['app.js', 'connection.js', 'forum.js', 'app.css']) expect((await fetch(new URL(module, s.url))).status, module).toBe(200);
    expect((await fetch(new URL('api/view?as=nobody', s.url))).status).toBe(400);
    const status = (await (await fetch(new URL('api/status', s.url))).json()) as { bot: { connected: boolean } };
    expect(status.bot.connected).toBe(true);
  }, 30_000);
});
