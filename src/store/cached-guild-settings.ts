import type { GuildSettings, GuildSettingsRepository } from './ports.js';

function copyOf(settings: GuildSettings): GuildSettings {
  return { ...settings, likeEmojis: [...settings.likeEmojis] };
}

/**
 * Guild settings kept in memory after the first read: every interaction needs them and they change only through
 * /setup, whose writes go through here, so within one process the cache is exact. A read that overlaps a write is
 * not kept, so the next read after the write sees what was written. Each caller gets its own copy.
 */
export class CachedGuildSettings implements GuildSettingsRepository {
  readonly #byGuild = new Map<string, Promise<GuildSettings>>();

  constructor(private readonly inner: GuildSettingsRepository) {}

  async get(guildId: string): Promise<GuildSettings> {
    let pending = this.#byGuild.get(guildId);
    if (!pending) {
      const read = this.inner.get(guildId);
      pending = read;
      this.#byGuild.set(guildId, read);
      read.catch(() => {
        if (this.#byGuild.get(guildId) === read) this.#byGuild.delete(guildId);
      });
    }
    return copyOf(await pending);
  }

  async set(guildId: string, settings: GuildSettings): Promise<void> {
    this.#byGuild.delete(guildId);
    try {
      await this.inner.set(guildId, settings);
    } finally {
      this.#byGuild.delete(guildId);
    }
  }
}
