import { MessageType, type APIMessage, type APIReaction } from 'discord-api-types/v10';
import { countsAsLike, LikeTally, reactionEmojiKey, type LikeRules } from '../domain/likes.js';
import type { Publication } from '../domain/publication.js';
import type { StoredResponse } from '../domain/response.js';
import { GoneError, pageSize, type DiscordReads } from './read-discord.js';

/** A post as Discord has it now: who likes it and its responses, or that it is gone. */
export interface PostSnapshot {
  /** The post's message (or, in a forum, its thread) no longer exists. */
  postGone: boolean;
  /** Its thread no longer exists (the post itself still does). */
  threadGone: boolean;
  /** The footer the post shows now; null when it shows none, undefined when the post was not read. */
  shownFooter: string | null | undefined;
  likes: LikeTally;
  /** Oldest first; null when the post has no thread or its thread is gone. */
  responses: { stored: StoredResponse; likes: LikeTally }[] | null;
}

/** Which messages count as responses: a person's plain message or reply, never a bot's or a webhook's. */
export function isResponseMessage(message: Pick<APIMessage, 'type' | 'author' | 'webhook_id'>, botUserId: string): boolean {
  return (
    (message.type === MessageType.Default || message.type === MessageType.Reply) &&
    message.author.bot !== true &&
    message.author.id !== botUserId &&
    message.webhook_id === undefined
  );
}

export function storedResponseOf(message: APIMessage, threadId: string): StoredResponse {
  return {
    messageId: message.id,
    threadId,
    authorId: message.author.id,
    authorName: message.author.global_name ?? message.author.username,
    content: message.content,
    createdAt: new Date(message.timestamp).toISOString(),
    editedAt: message.edited_timestamp ? new Date(message.edited_timestamp).toISOString() : null,
  };
}

/** The footer a post's message shows: its last embed's footer text. */
export function shownFooterOf(message: APIMessage): string | null {
  return message.embeds.at(-1)?.footer?.text ?? null;
}

/**
 * Reads one post from Discord with the fewest requests: the post's message (in a forum, the thread's listing
 * holds it), every page of its thread, and the reaction users of each like emoji a message carries. A like emoji
 * missing from a message's reaction summary has no reactors, so it is never listed.
 */
export async function readPost(reads: DiscordReads, publication: Publication, rules: LikeRules, addedSince: AddedSince): Promise<PostSnapshot> {
  const snapshot: PostSnapshot = { postGone: false, threadGone: false, shownFooter: undefined, likes: new LikeTally(), responses: null };
  const inForum = publication.threadId !== null && publication.threadId === publication.channelId;
  let postMessage: APIMessage | undefined;
  if (!inForum) {
    try {
      postMessage = await reads.message(publication.channelId, publication.messageId);
    } catch (error) {
      if (!(error instanceof GoneError)) throw error;
      snapshot.postGone = true;
      return snapshot;
    }
  }
  if (publication.threadId) {
    let messages: APIMessage[];
    try {
      messages = await readThread(reads, publication.threadId);
    } catch (error) {
      if (!(error instanceof GoneError)) throw error;
      if (inForum) snapshot.postGone = true;
      else snapshot.threadGone = true;
      messages = [];
    }
    if (inForum) postMessage = messages.find((message) => message.id === publication.messageId);
    if (!snapshot.postGone && !snapshot.threadGone) {
      const responses: NonNullable<PostSnapshot['responses']> = [];
      for (const message of messages) {
        if (message.id === publication.messageId || !isResponseMessage(message, rules.botUserId)) continue;
        const likes = await readLikes(reads, publication.threadId, message, message.author.id, rules, addedSince);
        responses.push({ stored: storedResponseOf(message, publication.threadId), likes });
      }
      snapshot.responses = responses;
    }
  }
  if (snapshot.postGone) return snapshot;
  if (!postMessage) {
    // A forum post whose starter message was deleted while its thread lives on: the post is gone.
    snapshot.postGone = true;
    return snapshot;
  }
  snapshot.shownFooter = shownFooterOf(postMessage);
  snapshot.likes = await readLikes(reads, postMessage.channel_id, postMessage, publication.postedBy, rules, addedSince);
  return snapshot;
}

/** Every message of a thread, oldest first. */
async function readThread(reads: DiscordReads, threadId: string): Promise<APIMessage[]> {
  const pages: APIMessage[][] = [];
  let before: string | null = null;
  for (;;) {
    const page = await reads.channelMessages(threadId, before);
    pages.push(page);
    if (page.length < pageSize) break;
    before = (page.at(-1) as APIMessage).id;
  }
  return pages.flat().reverse();
}

/** How many reactions of an emoji were added to a message since the read began (the caller's journal knows). */
export type AddedSince = (messageId: string, emojiKey: string) => number;

async function readLikes(
  reads: DiscordReads,
  channelId: string,
  message: APIMessage,
  authorId: string,
  rules: LikeRules,
  addedSince: AddedSince,
): Promise<LikeTally> {
  const tally = new LikeTally();
  for (const reaction of message.reactions ?? []) {
    const emojiKey = reactionEmojiKey(reaction.emoji);
    const count = reactionCount(reaction);
    if (emojiKey === null || !rules.likeKeys.has(emojiKey) || count === 0) continue;
    let after: string | null = null;
    let seen = 0;
    for (;;) {
      const users = await reads.reactionUsers(channelId, message.id, reaction.emoji, after);
      seen += users.length;
      for (const user of users) {
        if (countsAsLike({ emojiKey, reactorId: user.id, reactorIsBot: user.bot === true, authorId }, rules)) tally.add(user.id, emojiKey);
      }
      // A full page may be the last one: the summary's count, plus the reactions added since it was read (they
      // may have taken a place on the pages), says whether another page can exist.
      if (users.length < pageSize || seen >= count + addedSince(message.id, emojiKey)) break;
      after = (users.at(-1) as (typeof users)[number]).id;
    }
  }
  return tally;
}

/** Normal reactions only: the reaction users listing returns normal ones unless asked for burst ones. */
function reactionCount(reaction: APIReaction): number {
  return reaction.count_details.normal;
}
