import type { LikeRules } from '../domain/likes.js';
import { defaultGuildSettings } from '../domain/guild-settings.js';
import type { GuildSettingsRepository } from '../store/ports.js';
import { guildLikeSettings, type GuildLikeSettings } from './view.js';

/** Each guild's like settings, loaded once, and the rules they make with this bot's user id. */
export class GuildRules {
  readonly #settings = new Map<string, GuildLikeSettings>();
  readonly #rules = new Map<string, LikeRules>();
  #botUserId = '';

  constructor(private readonly repository: GuildSettingsRepository) {}

  get botUserId(): string {
    return this.#botUserId;
  }

  setBotUser(botUserId: string | undefined): void {
    if (!botUserId || botUserId === this.#botUserId) return;
    this.#botUserId = botUserId;
    this.#rules.clear();
  }

  settings(guildId: string): GuildLikeSettings | undefined {
    return this.#settings.get(guildId);
  }

  rulesFor(guildId: string): LikeRules {
    let rules = this.#rules.get(guildId);
    if (!rules) {
      const settings = this.#settings.get(guildId) ?? guildLikeSettings(defaultGuildSettings);
      rules = { likeKeys: settings.likeKeys, countOwnLikes: settings.countOwnLikes, botUserId: this.#botUserId };
      this.#rules.set(guildId, rules);
    }
    return rules;
  }

  async ensure(guildId: string): Promise<void> {
    if (!this.#settings.has(guildId)) await this.load(guildId);
  }

  async load(guildId: string): Promise<void> {
    const settings = await this.repository.get(guildId);
    this.#settings.set(guildId, guildLikeSettings(settings));
    this.#rules.delete(guildId);
  }
}
