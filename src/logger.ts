import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths that may hold a secret; pino replaces them before anything is written. */
const redactedPaths = ['token', '*.token', 'config.discordToken', 'headers.authorization', '*.headers.authorization'];

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}
