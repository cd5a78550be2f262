/** How one server runs the bot: set with /setup, read by every command and by engagement. */
export interface GuildSettings {
  reviewsChannelId: string | null;
  /** Reaction emoji that count as a like: unicode ("👍") or custom ("name:id"). */
  likeEmojis: string[];
  adminRoleId: string | null;
  /** Whether the admin who posted a review may like it. */
  countOwnLikes: boolean;
}

/** A server that never ran /setup: no reviews channel, 👍 is the like, and an admin's own like counts. */
export const defaultGuildSettings: GuildSettings = {
  reviewsChannelId: null,
  likeEmojis: ['👍'],
  adminRoleId: null,
  countOwnLikes: true,
};
