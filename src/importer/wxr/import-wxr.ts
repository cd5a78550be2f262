import { itemToReview, type ImportedPost, type ItemOutcome, type SkippedItem } from './item-to-review.js';
import { readWxr, type WxrChannel } from './read-wxr.js';
import { Redactor } from './redact.js';

export interface ImportWxrOptions {
  /** The date every review enters the catalogue; by default each post's own date. */
  addedAt?: string;
  /** Called for each review as soon as its item is read (in the export's order). */
  onReview(post: ImportedPost): void;
  /** Called for each item that is not imported, with its reason. */
  onSkipped(item: SkippedItem): void;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * Imports a WordPress export as a stream: each item is read, turned into a review or a skip, handed on and
 * dropped, so memory holds one item plus whatever the callbacks keep. Two posts with the same slug cannot both be
 * reviews: the later one is skipped. Throws ImportError for a file that is not a usable export.
 */
export async function importWxr(path: string, options: ImportWxrOptions): Promise<WxrChannel> {
  const redactor = new Redactor();
  const slugs = new Map<string, string>();
  return readWxr(path, {
    onChannel(channel) {
      redactor.learn(channel.privateValues);
    },
    onItem(item) {
      let outcome: ItemOutcome;
      const itemRedactor = redactor.forItem(item.privateValues);
      try {
        outcome = itemToReview(item, itemRedactor, options.addedAt === undefined ? {} : { addedAt: options.addedAt });
      } catch (error) {
        // One post the importer cannot read never stops the others.
        const why = itemRedactor.redact(error instanceof Error ? error.message : String(error));
        outcome = { skipped: { title: itemRedactor.redact(item.title), postType: item.postType, reason: `it could not be read: ${why}` } };
      }
      if ('skipped' in outcome) {
        options.onSkipped(outcome.skipped);
        return;
      }
      const { review } = outcome.imported;
      const earlier = slugs.get(review.slug);
      if (earlier !== undefined) {
        options.onSkipped({
          title: review.title,
          postType: 'post',
          reason: `its slug "${review.slug}" is already taken by "${earlier}" earlier in this export`,
        });
        return;
      }
      slugs.set(review.slug, review.title);
      options.onReview(outcome.imported);
    },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

export interface WxrImport {
  channel: WxrChannel;
  reviews: ImportedPost[];
  skipped: SkippedItem[];
}

/** importWxr, keeping every review and skip. */
export async function importWxrFile(path: string, options: Omit<ImportWxrOptions, 'onReview' | 'onSkipped'> = {}): Promise<WxrImport> {
  const reviews: ImportedPost[] = [];
  const skipped: SkippedItem[] = [];
  const channel = await importWxr(path, { ...options, onReview: (post) => reviews.push(post), onSkipped: (item) => skipped.push(item) });
  return { channel, reviews, skipped };
}
