/** A member's reply in a review's thread, as kept: what /responses shows and the footer counts. */
export interface StoredResponse {
  messageId: string;
  threadId: string;
  authorId: string;
  authorName: string;
  content: string;
  createdAt: string;
  editedAt: string | null;
}
