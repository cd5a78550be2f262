import type { Publication } from '../domain/publication.js';

/**
 * Every publication in memory, by guild and slug, so rendering (which must be synchronous for the footer
 * refresher) can link a post to its series neighbours, and an edit can find every post of a review.
 */
export class PublicationIndex {
  private readonly byMessage = new Map<string, Publication>();
  /** Titles of reviews deleted while running, for their withdrawn posts. */
  private readonly removedTitles = new Map<string, string>();

  constructor(publications: readonly Publication[] = []) {
    for (const publication of publications) this.put(publication);
  }

  put(publication: Publication): void {
    this.byMessage.set(publication.messageId, publication);
  }

  get(messageId: string): Publication | undefined {
    return this.byMessage.get(messageId);
  }

  /** Posts of a review in a guild that are not withdrawn, newest first. */
  live(guildId: string, slug: string): Publication[] {
    return [...this.byMessage.values()]
      .filter((p) => p.guildId === guildId && p.slug === slug && !p.withdrawn)
      .sort((a, b) => b.postedAt.localeCompare(a.postedAt));
  }

  /** Every post in a guild, withdrawn or not, oldest first. */
  inGuild(guildId: string): Publication[] {
    return [...this.byMessage.values()].filter((p) => p.guildId === guildId).sort((a, b) => a.postedAt.localeCompare(b.postedAt));
  }

  /** Every post of a review in every guild, withdrawn or not. */
  ofReview(slug: string): Publication[] {
    return [...this.byMessage.values()].filter((p) => p.slug === slug);
  }

  rememberRemovedTitle(slug: string, title: string): void {
    this.removedTitles.set(slug, title);
  }

  removedTitle(slug: string): string | undefined {
    return this.removedTitles.get(slug);
  }
}
