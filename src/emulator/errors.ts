import { RESTJSONErrorCodes } from 'discord-api-types/v10';

/** A field error as Discord reports it inside a 50035 `errors` tree (Reference › Error Messages). */
export interface FieldError {
  path: (string | number)[];
  code: string;
  message: string;
}

export interface ErrorTree {
  [key: string]: ErrorTree | { code: string; message: string }[];
}

/** An error answered with Discord's JSON error body: `{ code, message, errors? }`. */
export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: ErrorTree,
  ) {
    super(message);
  }

  body(): { code: number; message: string; errors?: ErrorTree } {
    return this.errors ? { code: this.code, message: this.message, errors: this.errors } : { code: this.code, message: this.message };
  }
}

export function buildErrorTree(fieldErrors: FieldError[]): ErrorTree {
  const root: ErrorTree = {};
  for (const fieldError of fieldErrors) {
    let node: ErrorTree = root;
    for (const segment of fieldError.path) {
      const key = String(segment);
      const next = node[key];
      if (next === undefined || Array.isArray(next)) {
        const child: ErrorTree = {};
        node[key] = child;
        node = child;
      } else {
        node = next;
      }
    }
    const existing = node._errors;
    const entry = { code: fieldError.code, message: fieldError.message };
    if (Array.isArray(existing)) existing.push(entry);
    else node._errors = [entry];
  }
  return root;
}

export function invalidFormBody(fieldErrors: FieldError[]): DiscordApiError {
  return new DiscordApiError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', buildErrorTree(fieldErrors));
}

export const errors = {
  unauthorized: () => new DiscordApiError(401, 0, '401: Unauthorized'),
  notFound: () => new DiscordApiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new DiscordApiError(405, 0, '405: Method Not Allowed'),
  unknownChannel: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel'),
  unknownGuild: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild'),
  unknownMember: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownMember, 'Unknown Member'),
  unknownUser: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownUser, 'Unknown User'),
  unknownMessage: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'),
  unknownEmoji: () => new DiscordApiError(400, RESTJSONErrorCodes.UnknownEmoji, 'Unknown Emoji'),
  unknownWebhook: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook'),
  unknownInteraction: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction'),
  unknownCommand: () => new DiscordApiError(404, RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command'),
  missingAccess: () => new DiscordApiError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access'),
  missingPermissions: () => new DiscordApiError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions'),
  alreadyAcknowledged: () => new DiscordApiError(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.'),
  emptyMessage: () => new DiscordApiError(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message'),
  otherUsersMessage: () =>
    new DiscordApiError(403, RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser, 'Cannot edit a message authored by another user'),
  threadAlreadyCreated: () => new DiscordApiError(400, RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage, 'A thread has already been created for this message'),
  threadLocked: () => new DiscordApiError(400, RESTJSONErrorCodes.ThreadLocked, 'Thread is locked'),
  wrongChannelType: () => new DiscordApiError(400, RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType, 'Cannot execute action on this channel type'),
  invalidWebhookToken: () => new DiscordApiError(401, RESTJSONErrorCodes.InvalidWebhookToken, 'Invalid Webhook Token'),
};
