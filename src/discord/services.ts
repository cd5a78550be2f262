import type { Catalogue } from '../catalogue/index.js';
import type { KeyedSerializer } from '../keyed-serializer.js';
import type { Engagement } from '../engagement/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import type { DraftBox, RefusedFormBox } from './drafts.js';
import type { PublicationIndex } from '../reviews/publication-index.js';

/** What handlers work with, passed explicitly by the dispatcher (no globals hung on the client). */
export interface BotServices {
  catalogue: Catalogue;
  store: Store;
  engagement: Engagement;
  logger: Logger;
  publications: PublicationIndex;
  drafts: DraftBox;
  /** Review forms refused with an error, reopened filled by the error's "Edit" button. */
  refusedForms: RefusedFormBox;
  /** Serialises posting per guild + review so a double click or two admins make one post. */
  postLock: KeyedSerializer;
  now(): number;
  /** How long paging and confirmation buttons keep working. */
  buttonTtlMs: number;
}
