import { randomBytes } from 'node:crypto';
import type { ReviewForm } from '../domain/parse-review-form.js';
import type { Review } from '../domain/review.js';

export interface Draft {
  mode: 'new' | 'edit';
  review: Review;
  warnings: string[];
  /** What the modal showed, to fill it again on "Edit". */
  form: ReviewForm;
  ownerId: string;
  guildId: string;
  createdAt: number;
}

/**
 * Reviews being previewed before they are published. Kept in memory only: a preview is a minute's work, and
 * after a restart its buttons answer that the draft is gone instead of guessing.
 */
export class DraftBox {
  private readonly drafts = new Map<string, Draft>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  put(draft: Omit<Draft, 'createdAt'>, id = randomBytes(6).toString('base64url').replace(/[^a-zA-Z0-9]/g, 'x')): string {
    this.sweep();
    this.drafts.set(id, { ...draft, createdAt: this.now() });
    return id;
  }

  get(id: string): Draft | undefined {
    this.sweep();
    return this.drafts.get(id);
  }

  delete(id: string): void {
    this.drafts.delete(id);
  }

  private sweep(): void {
    const oldest = this.now() - this.ttlMs;
    for (const [id, draft] of this.drafts) if (draft.createdAt < oldest) this.drafts.delete(id);
  }
}
