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

const realDiscordHelp = 'To run on real Discord instead, set DISCORD_TOKEN and DISCORD_CLIENT_ID in .env (see .env.example), run `npm run deploy`, then `npm start`.';

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
  const level = process.env.LOG_LEVEL?.trim() || 'info';
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
      `  Server "${sandbox.roster.guildName}" with ${sandbox.roster.channels.map((c) => `#${c.name}`).join(', ')}; you can act as ${sandbox.roster.people.map((p) => `${p.name}`).join(', ')}.`,
      `  ${sandbox.restored ? 'Continuing the sandbox saved in' : 'A fresh sandbox; it is saved in'} ${shown(sandbox.worldFile)} (delete it to start over). Logs: ${shown(logFile)}.`,
      '  Ctrl+C stops it.',
    ].join('\n'),
  );

  await new Promise<void>((resolveSignal) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveSignal();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  try {
    await sandbox.stop();
    console.log(`Sandbox stopped and saved to ${shown(sandbox.worldFile)}.`);
  } catch (error) {
    console.error(`Sandbox stopped with an error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
  // Everything is closed and saved; a stray keep-alive socket must not keep the terminal waiting.
  process.exit(process.exitCode ?? 0);
}
