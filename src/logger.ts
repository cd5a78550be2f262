import { pino, stdSerializers, type Logger } from 'pino';
import { redactDeep, redactSecrets, redacted } from './redact.js';

export type { Logger };

/** Paths that always hold a secret; pino replaces them before anything is written. */
const redactedPaths = [
  'token',
  '*.token',
  'password',
  '*.password',
  'config.discordToken',
  'headers.authorization',
  '*.headers.authorization',
  'headers.Authorization',
  '*.headers.Authorization',
];

/**
 * Errors keep their type, message, stack and own fields (pino's serializer), with every secret in them masked: an
 * error from the REST client quotes the webhook URL with the interaction token, a store error may quote its URL.
 */
function errorSerializer(error: Error): unknown {
  const serialized = stdSerializers.err(error);
  // pino's serialized errors are not plain objects (nor are the errors nested in them): a JSON copy is, so every
  // field is reached. A value that cannot be copied (a cycle) leaves the copy to its message and stack.
  let plain: unknown;
  try {
    plain = JSON.parse(JSON.stringify(serialized)) as unknown;
  } catch {
    plain = { type: serialized.type, message: serialized.message, stack: serialized.stack };
  }
  return redactDeep(plain);
}

/**
 * pino writes a child logger's bindings without the `bindings` formatter (a child resets it), so they are masked on
 * the way in. Children inherit this `child`, so theirs are masked too.
 */
function maskChildBindings(logger: Logger): Logger {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(this) on whichever logger (a child too) runs it
  const original = logger.child;
  logger.child = function child(this: Logger, bindings, options) {
    return original.call(this, redactDeep(bindings), options);
  } as Logger['child'];
  return logger;
}

/**
 * The project's logger: JSON lines through pino. No secret reaches a line: the known paths above are replaced,
 * every other field (and the fields of errors and of child loggers) is masked by `redactDeep`, and the message by
 * `redactSecrets`, so a token or a password that ends up in free text is caught too.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  const logger = pino(
    {
      level,
      redact: { paths: redactedPaths, censor: redacted },
      serializers: { err: errorSerializer, error: errorSerializer },
      formatters: {
        log: (object) => redactDeep(object),
        bindings: (bindings) => redactDeep(bindings),
      },
      hooks: {
        logMethod(args, method) {
          // The message and any printf-style arguments: strings are masked, objects go through the formatters.
          const masked = args.map((arg: unknown) => (typeof arg === 'string' ? redactSecrets(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
  return maskChildBindings(logger);
}
