import { PermissionFlagsBits } from 'discord.js';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/ports.js';
import { buttonId, rockySlug, startStand, type Stand } from './harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

let stand: Stand;
const logLines: string[] = [];
let failSaves = 0;

/** The real store, except that the next `failSaves` publication saves fail as a broken disk would. */
function flakyStore(store: Store): Store {
  return {
    ...store,
    publications: {
      ...store.publications,
      byMessage: (id) => store.publications.byMessage(id),
      byThread: (id) => store.publications.byThread(id),
      byGuildAndSlug: (g, s) => store.publications.byGuildAndSlug(g, s),
      listGuild: (g) => store.publications.listGuild(g),
      listAll: () => store.publications.listAll(),
      async save(publication) {
        if (failSaves > 0) {
          failSaves--;
          throw new Error('disk I/O error');
        }
        await store.publications.save(publication);
      },
    },
  };
}

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((l) => l.length > 0),
      );
      done();
    },
  });
  stand = await startStand({ wrapStore: flakyStore, logger: createLogger('debug', sink) });
}, 60_000);
afterAll(() => stopStarted(stand));

const channelPosts = () => stand.emulator.driver.messages(stand.channelId).filter((m) => !m.interaction_metadata && m.embeds.length > 0);

describe('errors', () => {
  it('answers an unexpected failure with a short apology, logs it with context and leaves no orphan post', async () => {
    failSaves = 1;
    const reply = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } })).reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe('Sorry, something went wrong on my side. It has been logged; please try again in a moment.');
    expect(reply.content).not.toContain('disk I/O error');
    await stand.emulator.driver.waitFor(() => channelPosts().length === 0, 5000, 'the unsaved post removed');
    const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'interaction failed');
    expect(logged).toMatchObject({ command: 'review', subcommand: 'post', guildId: stand.guildId, userId: stand.owner.id, err: { message: 'disk I/O error' } });

    const retry = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug } })).reply();
    expect(retry.content).toContain('Posted');
    expect(channelPosts()).toHaveLength(1);
  });

  it('tells the admin which permissions the bot lacks in the channel', async () => {
    const { driver } = stand.emulator;
    const forum = stand.forumId;
    driver.setBotPermissions(stand.guildId, PermissionFlagsBits.ViewChannel);
    const question = await (await stand.run(stand.owner.id, 'review', { subcommand: 'post', options: { review: rockySlug, channel: forum } })).reply();
    expect(question.content).toContain('is already posted in this server');
    const click = await driver.clickButton({
      userId: stand.owner.id,
      channelId: stand.channelId,
      messageId: question.id,
      customId: buttonId(question, 'Post again'),
    });
    await driver.waitFor(() => click.followups().length > 0, 5000, 'the error follow-up');
    const [reply] = click.followups();
    expect(reply?.ephemeral).toBe(true);
    expect(reply?.content).toBe(
      `I can't post in <#${forum}>: I need View Channel, Send Messages, Send Messages in Threads, Create Public Threads, Embed Links, Add Reactions and Read Message History there.`,
    );
  });

  it('never writes the token into the logs', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(stand.emulator.application.token);
  });
});
