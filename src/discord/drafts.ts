import { randomBytes } from 'node:crypto';
import type { ReviewForm } from '../domain/parse-review-form.js';
import type { Review } from '../domain/review.js';
import type { ModalState } from './custom-id.js';

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

/** A review form Liner Notes refused, kept so "Edit" under the refusal reopens it as it was sent. */
export interface RefusedForm {
  /** The modal it came from: reopened with the same custom id, its submit is handled as the first one was. */
  modal: ModalState;
  title: string;
  form: ReviewForm;
  ownerId: string;
  guildId: string;
  createdAt: number;
}

/**
 * Things between two interactions of one member, by a short id a custom id carries: kept in memory only, for a
 * while. They are a minute's work, and after a restart the buttons naming them answer that they are gone
 * instead of guessing.
 */
export class ExpiringBox<T extends { createdAt: number }> {
  private readonly items = new Map<string, T>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  put(
    item: Omit<T, 'createdAt'>,
    id = randomBytes(6)
      .toString('base64url')
      .replace(/[^a-zA-Z0-9]/g, 'x'),
  ): string {
    this.sweep();
    // Omit<T, 'createdAt'> plus createdAt is T; the compiler cannot see through the generic spread.
    this.items.set(id, { ...item, createdAt: this.now() } as T);
    return id;
  }

  get(id: string): T | undefined {
    this.sweep();
    return this.items.get(id);
  }

  delete(id: string): void {
    this.items.delete(id);
  }

  private sweep(): void {
    const oldest = this.now() - this.ttlMs;
    for (const [id, item] of this.items) if (item.createdAt < oldest) this.items.delete(id);
  }
}

/** Reviews being previewed before they are published. */
export class DraftBox extends ExpiringBox<Draft> {}

/** Review forms refused with an error, for the "Edit" button under it. */
export class RefusedFormBox extends ExpiringBox<RefusedForm> {}
