/** One review published as one message (or forum post) in one guild. */
export interface Publication {
  guildId: string;
  slug: string;
  channelId: string;
  /** The message holding the review's embeds: the like target. */
  messageId: string;
  /** The thread (or forum post) whose messages are the review's responses. */
  threadId: string | null;
  postedBy: string;
  postedAt: string;
  withdrawn: boolean;
}
