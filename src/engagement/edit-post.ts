import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST, type RESTPatchAPIChannelMessageJSONBody } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Publication } from '../domain/publication.js';

/**
 * Edits a post into its new rendering. 'gone' when Discord no longer has it (10008, 10003); a rate limit or a
 * server error throws, so the refresher retries; any other refusal (missing access, invalid body) will not heal
 * by retrying: it is logged and the next change tries again.
 */
export async function editPostMessage(
  rest: REST,
  publication: Publication,
  body: RESTPatchAPIChannelMessageJSONBody,
  logger: Logger,
): Promise<'done' | 'gone'> {
  try {
    await rest.patch(Routes.channelMessage(publication.channelId, publication.messageId), { body });
    return 'done';
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || error.status === 429 || error.status >= 500) throw error;
    if (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownChannel) return 'gone';
    logger.error({ err: error, messageId: publication.messageId, guildId: publication.guildId }, 'footer edit refused');
    return 'done';
  }
}
