import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { projectDataDir } from '../catalogue/data-dir.js';
import { createLogger } from '../logger.js';
import { SandboxStartError, startSandbox } from './start-sandbox.js';
import { SavedWorldError } from './world-snapshot.js';

export interface SandboxArgs {
  port?: number;
  dataDir?: string;
}

export class SandboxArgsError extends Error {}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `--port N` and `--data-dir DIR`, the only arguments the sandbox takes. */
export function parseSandboxArgs(argv: readonly string[]): SandboxArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { port: { type: 'string' }, 'data-dir': { type: 'string' } }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new SandboxArgsError(`${error instanceof Error ? error.message : String(error)} (the sandbox takes --port N and --data-dir DIR)`);
  }
  const args: SandboxArgs = {};
  const port = parsed.values.port;
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) > 65535) throw new SandboxArgsError(`--port must be a port number (0-65535; 0 picks a free one), got "${port}"`);
    args.port = Number(port);
  }
  const dataDir = parsed.values['data-dir'];
  if (dataDir !== undefined) args.dataDir = resolve(dataDir);
  return args;
}

/** Writes and waits until it is flushed: a pipe is written asynchronously, and process.exit would cut it short. */
function written(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolveWrite) => stream.write(text, () => resolveWrite()));
}

const realDiscordHelp =
  'To run on real Discord instead, set DISCORD_TOKEN and DISCORD_CLIENT_ID in .env (see .env.example), run `npm run deploy`, then `npm start`.';

/**
 * Runs the sandbox until SIGINT/SIGTERM. The first line printed says what this is and where to open it; the
 * bot's logs go to a file so the terminal stays readable.
 */
export async function runSandbox(argv: readonly string[], reason: 'no-token' | 'explicit'): Promise<void> {
  let args: SandboxArgs;
  try {
    args = parseSandboxArgs(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
    return;
  }
  const dataDir = args.dataDir ?? projectDataDir;
  const logFile = join(dataDir, 'sandbox.log');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    console.error(`Liner Notes sandbox can't create its folder ${dataDir}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  // Listening before anything starts: a Ctrl+C during start-up still ends in a clean, saved stop. A second
  // Ctrl+C finds no handler and ends the process at once, as a terminal user expects.
  let requestStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolveSignal) => (requestStop = resolveSignal));
  process.once('SIGINT', () => requestStop());
  process.once('SIGTERM', () => requestStop());
  const level = process.env.LOG_LEVEL?.trim() || 'info';
  if (!logLevels.includes(level)) {
    console.error(`LOG_LEVEL must be one of ${logLevels.join(', ')}`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(level, pino.destination({ dest: logFile, append: true, mkdir: true, sync: true }));

  let sandbox;
  try {
    sandbox = await startSandbox({ logger, dataDir, ...(args.port === undefined ? {} : { port: args.port }) });
  } catch (error) {
    const known = error instanceof SandboxStartError || error instanceof SavedWorldError;
    console.error(`Liner Notes sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
    if (!known) logger.error({ err: error }, 'sandbox start failed');
    process.exitCode = 1;
    return;
  }
  const shown = (path: string): string => {
    const near = relative(process.cwd(), path);
    return near === '' || near.startsWith('..') ? path : near;
  };
  const why = reason === 'no-token' ? 'No DISCORD_TOKEN set, so Liner Notes runs in its sandbox' : 'Liner Notes sandbox';
  console.log(`${why}: open ${sandbox.url} to use the bot in a local Discord. ${realDiscordHelp}`);
  console.log(
    [
      `  Server "${sandbox.roster.guildName}" with ${sandbox.roster.channels.map((c) => `#${c.name}`).join(', ')}; you can act as ${sandbox.roster.people.map((p) => p.name).join(', ')}.`,
      `  ${sandbox.restored ? 'Continuing the sandbox saved in' : 'A fresh sandbox; it is saved in'} ${shown(sandbox.worldFile)} (delete it to start over). Logs: ${shown(logFile)}.`,
      '  Ctrl+C stops it.',
    ].join('\n'),
  );

  await stopRequested;
  try {
    await sandbox.stop();
    await written(process.stdout, `Sandbox stopped and saved to ${shown(sandbox.worldFile)}.\n`);
  } catch (error) {
    process.exitCode = 1;
    await written(process.stderr, `Sandbox stopped with an error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  // Everything is closed and saved; a stray keep-alive socket must not keep the terminal waiting.
  process.exit(process.exitCode ?? 0);
}
