import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandModule } from '../../src/discord/command-kit.js';
import { createLogger } from '../../src/logger.js';
import { startStand, type Stand } from './harness.js';
import { stopStarted } from '../e2e/helpers/stop-started.js';

// The emulator refuses callbacks this long after the interaction (Discord: 3 s, then 10062 Unknown interaction).
const deadlineMs = 150;
let stand: Stand;
const logLines: string[] = [];
let releaseAnswer: () => void = () => undefined;
let answerHeld = false;

/** The /review command, except that its autocomplete waits until the test releases it. */
function holdReviewAutocomplete(modules: CommandModule[]): CommandModule[] {
  return modules.map((module) => {
    const original = module.autocomplete;
    if (module.definition.name !== 'review' || !original) return module;
    return {
      ...module,
      async autocomplete(context, focused) {
        answerHeld = true;
        await new Promise<void>((resolve) => {
          releaseAnswer = resolve;
        });
        return original(context, focused);
      },
    };
  });
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
  stand = await startStand({ interactionTimeoutMs: deadlineMs, wrapCommands: holdReviewAutocomplete, logger: createLogger('debug', sink) });
}, 60_000);
afterAll(() => stopStarted(stand));

describe('an autocomplete answered after the deadline', () => {
  it('gets one callback, refused by Discord and logged, and no second one', async () => {
    const { driver } = stand.emulator;
    const asked = driver
      .autocomplete({
        userId: stand.member.id,
        guildId: stand.guildId,
        channelId: stand.channelId,
        name: 'review',
        subcommand: 'read',
        options: { review: 'rocky' },
        focused: 'review',
      })
      .catch((error: unknown) => error);
    await driver.waitFor(() => answerHeld, 10_000, 'the autocomplete handler to start');
    const requestsBefore = driver.requests().length;
    const heldSince = Date.now();
    await driver.waitFor(() => Date.now() - heldSince > deadlineMs * 2, 10_000, 'the deadline to pass');
    releaseAnswer();
    await driver.waitFor(() => logLines.some((line) => line.includes('autocomplete answer failed')), 10_000, 'the failed answer to be logged');

    const callbacks = driver
      .requests()
      .slice(requestsBefore)
      .filter((entry) => entry.route === 'POST /interactions/:id/:token/callback');
    expect(callbacks.map((entry) => entry.status)).toEqual([404]);
    const logged = logLines.find((line) => line.includes('autocomplete answer failed')) ?? '';
    expect(JSON.parse(logged)).toMatchObject({ command: 'review', guildId: stand.guildId, answerSent: true });
    expect(logLines.some((line) => line.includes('could not answer the autocomplete'))).toBe(false);
    expect(await asked).toBeInstanceOf(Error);
  }, 30_000);
});
