/**
 * The rules of a like: which reactions count, and the per-person tally of a target message.
 * Emoji are compared by key: a custom emoji by its id (its name may change), a unicode emoji by its
 * text without the variation selector U+FE0F (clients send "❤" and "❤️" for the same heart).
 */

const customEmojiPattern = /^<?a?:?[\w~-]*:(\d{17,20})>?$/;

/** The key of a configured like emoji: "👍" → "👍", "name:id" or "<:name:id>" → "id". */
export function likeEmojiKey(emoji: string): string {
  const trimmed = emoji.trim();
  const custom = customEmojiPattern.exec(trimmed);
  if (custom?.[1]) return custom[1];
  return stripVariationSelectors(trimmed);
}

/** The key of a reacted emoji as the gateway describes it ({ id, name }). */
export function reactionEmojiKey(emoji: { id: string | null; name: string | null }): string | null {
  if (emoji.id) return emoji.id;
  return emoji.name ? stripVariationSelectors(emoji.name) : null;
}

function stripVariationSelectors(text: string): string {
  return text.includes('\uFE0F') ? text.replaceAll('\uFE0F', '') : text;
}

export interface LikeRules {
  /** Keys (see likeEmojiKey) of the guild's like emoji. */
  likeKeys: ReadonlySet<string>;
  /** Whether the author of the liked message may like it. */
  countOwnLikes: boolean;
  /** This bot's user id: its own reactions never count. */
  botUserId: string;
}

export interface ReactionFacts {
  emojiKey: string | null;
  reactorId: string;
  /** null when unknown (a partial user): treated as a person. */
  reactorIsBot: boolean | null;
  /** The author of the reacted message (the poster of a review, the writer of a response). */
  authorId: string;
}

/** Whether adding this reaction makes its reactor like the message. */
export function countsAsLike(reaction: ReactionFacts, rules: LikeRules): boolean {
  if (reaction.emojiKey === null || !rules.likeKeys.has(reaction.emojiKey)) return false;
  if (reaction.reactorId === rules.botUserId || reaction.reactorIsBot === true) return false;
  if (reaction.reactorId === reaction.authorId && !rules.countOwnLikes) return false;
  return true;
}

/**
 * The likes of one message: per person, the like emoji they have on it. One like per person
 * whatever the number of like emoji; the like goes when their last like emoji goes.
 * Every operation is idempotent, so a gateway event delivered twice changes nothing the second time.
 * The common case (one emoji per person) is stored as a plain string to keep the hot path allocation-free.
 */
export class LikeTally {
  /** Stands for "some like emoji, which one is not known" (a like restored without its emoji detail). */
  static readonly unknownEmoji = '';

  readonly #emojiByUser = new Map<string, string | Set<string>>();

  /** Puts back a person's like as persisted; no keys means a like whose emoji are not known. */
  restore(userId: string, emojiKeys: readonly string[]): void {
    if (emojiKeys.length === 0) this.#emojiByUser.set(userId, LikeTally.unknownEmoji);
    else if (emojiKeys.length === 1) this.#emojiByUser.set(userId, emojiKeys[0] as string);
    else this.#emojiByUser.set(userId, new Set(emojiKeys));
  }

  get count(): number {
    return this.#emojiByUser.size;
  }

  has(userId: string): boolean {
    return this.#emojiByUser.has(userId);
  }

  /** Returns true when the reaction changed the tally. */
  add(userId: string, emojiKey: string): boolean {
    const current = this.#emojiByUser.get(userId);
    if (current === undefined) {
      this.#emojiByUser.set(userId, emojiKey);
      return true;
    }
    if (typeof current === 'string') {
      if (current === emojiKey) return false;
      if (current === LikeTally.unknownEmoji) this.#emojiByUser.set(userId, emojiKey);
      else this.#emojiByUser.set(userId, new Set([current, emojiKey]));
      return true;
    }
    if (current.has(emojiKey)) return false;
    current.add(emojiKey);
    return true;
  }

  /** Returns true when the reaction changed the tally (the like count may stay the same). */
  remove(userId: string, emojiKey: string): boolean {
    const current = this.#emojiByUser.get(userId);
    if (current === undefined) return false;
    if (typeof current === 'string') {
      // With the emoji unknown, the removal of any like emoji is taken as the removal of the like.
      if (current !== emojiKey && current !== LikeTally.unknownEmoji) return false;
      this.#emojiByUser.delete(userId);
      return true;
    }
    if (!current.delete(emojiKey)) return false;
    if (current.size === 1) this.#emojiByUser.set(userId, current.values().next().value as string);
    else if (current.size === 0) this.#emojiByUser.delete(userId);
    return true;
  }

  /** Removes a person's like whatever emoji they used. Returns true when the tally changed. */
  removeUser(userId: string): boolean {
    return this.#emojiByUser.delete(userId);
  }

  /** Every reaction of one emoji removed at once. Returns true when the tally changed. */
  removeEmoji(emojiKey: string): boolean {
    let changed = false;
    for (const [userId, current] of [...this.#emojiByUser]) {
      // A like of unknown emoji is kept: this emoji may not have been the one.
      if (current === LikeTally.unknownEmoji) continue;
      if (this.remove(userId, emojiKey)) changed = true;
    }
    return changed;
  }

  /** Every reaction removed. Returns true when the tally changed. */
  clear(): boolean {
    const changed = this.#emojiByUser.size > 0;
    this.#emojiByUser.clear();
    return changed;
  }

  /** Keeps only the emoji still accepted (after the guild changed its like emoji). */
  retainEmoji(accepted: ReadonlySet<string>): boolean {
    let changed = false;
    for (const [userId, current] of [...this.#emojiByUser]) {
      const keys = typeof current === 'string' ? [current] : [...current];
      for (const key of keys) {
        if (key !== LikeTally.unknownEmoji && !accepted.has(key) && this.remove(userId, key)) changed = true;
      }
    }
    return changed;
  }

  /** Whether both tallies hold the same people with the same like emoji. */
  equals(other: LikeTally): boolean {
    if (other.#emojiByUser.size !== this.#emojiByUser.size) return false;
    for (const [userId, mine] of this.#emojiByUser) {
      const theirs = other.#emojiByUser.get(userId);
      if (theirs === undefined) return false;
      if (typeof mine === 'string' || typeof theirs === 'string') {
        if (typeof mine !== typeof theirs || mine !== theirs) return false;
        continue;
      }
      if (mine.size !== theirs.size) return false;
      for (const key of mine) if (!theirs.has(key)) return false;
    }
    return true;
  }

  /** Takes over another tally's likes (a reconciliation's result). Returns true when anything changed. */
  replaceWith(other: LikeTally): boolean {
    if (this.equals(other)) return false;
    this.#emojiByUser.clear();
    for (const [userId, keys] of other.#emojiByUser) this.#emojiByUser.set(userId, typeof keys === 'string' ? keys : new Set(keys));
    return true;
  }

  users(): Set<string> {
    return new Set(this.#emojiByUser.keys());
  }

  /** The users holding each emoji: the persisted detail that lets a restart keep the per-emoji rule exact. */
  usersByEmoji(): Map<string, Set<string>> {
    const byEmoji = new Map<string, Set<string>>();
    for (const [userId, current] of this.#emojiByUser) {
      if (typeof current === 'string') addTo(byEmoji, current, userId);
      else for (const key of current) addTo(byEmoji, key, userId);
    }
    return byEmoji;
  }
}

function addTo(byEmoji: Map<string, Set<string>>, key: string, userId: string): void {
  const users = byEmoji.get(key);
  if (users) users.add(userId);
  else byEmoji.set(key, new Set([userId]));
}
