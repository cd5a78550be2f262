import type { EngagementRecordRepository, LikeRepository } from './ports.js';

/**
 * Where the records sit among the like sets: the same keys the view has always used, so a store written before
 * keeps its detail. `<targetId>#emoji` holds "userId emojiKey" pairs; `engagement#deleted` holds the deleted
 * posts ("post:<id>") and threads ("thread:<id>").
 */
export const engagementRecordKeys = {
  emojiDetail: (targetId: string): string => `${targetId}#emoji`,
  deletedIds: 'engagement#deleted',
} as const;

/** The engagement records over the like sets' storage: one batch with the like sets, one per-key queue. */
export function likeSetEngagementRecords(likes: LikeRepository): EngagementRecordRepository {
  return {
    async emojiDetail(targetId) {
      const byUser = new Map<string, string[]>();
      for (const entry of await likes.users(engagementRecordKeys.emojiDetail(targetId))) {
        const space = entry.indexOf(' ');
        if (space <= 0) continue;
        const userId = entry.slice(0, space);
        const keys = byUser.get(userId);
        if (keys) keys.push(entry.slice(space + 1));
        else byUser.set(userId, [entry.slice(space + 1)]);
      }
      return byUser;
    },
    deletedIds: () => likes.users(engagementRecordKeys.deletedIds),
    async write({ emojiDetail, deletedIds }) {
      const sets = new Map<string, ReadonlySet<string>>();
      for (const [targetId, byUser] of emojiDetail) {
        const entries = new Set<string>();
        for (const [userId, keys] of byUser) for (const key of keys) entries.add(`${userId} ${key}`);
        sets.set(engagementRecordKeys.emojiDetail(targetId), entries);
      }
      if (deletedIds) sets.set(engagementRecordKeys.deletedIds, deletedIds);
      await likes.replaceMany(sets);
    },
  };
}
