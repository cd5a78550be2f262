import { describe, expect, it } from 'vitest';
import { CachedGuildSettings } from '../../src/store/cached-guild-settings.js';
import { defaultGuildSettings, type GuildSettings, type GuildSettingsRepository } from '../../src/store/ports.js';

/** An in-memory repository that counts its reads and can hold a read or fail the next one. */
class CountingSettings implements GuildSettingsRepository {
  readonly saved = new Map<string, GuildSettings>();
  reads = 0;
  failNextRead = false;
  heldRead: { release: () => void } | null = null;
  holdNextRead = false;

  async get(guildId: string): Promise<GuildSettings> {
    this.reads++;
    const value = structuredClone(this.saved.get(guildId) ?? defaultGuildSettings);
    if (this.failNextRead) {
      this.failNextRead = false;
      throw new Error('disk I/O error');
    }
    if (this.holdNextRead) {
      this.holdNextRead = false;
      await new Promise<void>((resolve) => {
        this.heldRead = { release: resolve };
      });
    }
    return value;
  }

  set(guildId: string, settings: GuildSettings): Promise<void> {
    this.saved.set(guildId, structuredClone(settings));
    return Promise.resolve();
  }
}

const fire: GuildSettings = { reviewsChannelId: 'c1', likeEmojis: ['🔥'], adminRoleId: null, countOwnLikes: false };

describe('CachedGuildSettings', () => {
  it('reads a guild from the store once, however many interactions ask, also at the same time', async () => {
    const inner = new CountingSettings();
    const cached = new CachedGuildSettings(inner);
    const answers = await Promise.all([cached.get('g1'), cached.get('g1'), cached.get('g1')]);
    expect(await cached.get('g1')).toEqual(defaultGuildSettings);
    expect(answers).toEqual([defaultGuildSettings, defaultGuildSettings, defaultGuildSettings]);
    expect(inner.reads).toBe(1);
    await cached.get('g2');
    expect(inner.reads).toBe(2);
  });

  it('answers with what was last written, and writes it through to the store', async () => {
    const inner = new CountingSettings();
    const cached = new CachedGuildSettings(inner);
    await cached.get('g1');
    await cached.set('g1', fire);
    expect(inner.saved.get('g1')).toEqual(fire);
    expect(await cached.get('g1')).toEqual(fire);
    expect(await cached.get('g2')).toEqual(defaultGuildSettings);
  });

  it('does not keep a read that overlapped a write', async () => {
    const inner = new CountingSettings();
    const cached = new CachedGuildSettings(inner);
    inner.holdNextRead = true;
    const early = cached.get('g1');
    await expect.poll(() => inner.heldRead !== null).toBe(true);
    await cached.set('g1', fire);
    inner.heldRead?.release();
    expect(await early).toEqual(defaultGuildSettings);
    expect(await cached.get('g1')).toEqual(fire);
  });

  it('hands each caller its own copy, so changing one changes nothing stored', async () => {
    const cached = new CachedGuildSettings(new CountingSettings());
    const mine = await cached.get('g1');
    mine.likeEmojis.push('💀');
    mine.countOwnLikes = false;
    expect(await cached.get('g1')).toEqual(defaultGuildSettings);
  });

  it('does not keep a failed read', async () => {
    const inner = new CountingSettings();
    const cached = new CachedGuildSettings(inner);
    inner.failNextRead = true;
    await expect(cached.get('g1')).rejects.toThrow('disk I/O error');
    expect(await cached.get('g1')).toEqual(defaultGuildSettings);
  });
});
