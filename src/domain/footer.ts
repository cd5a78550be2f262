/** What the footer of a review post says, in the old blog's words. */
export interface FooterCounts {
  likes: number;
  responses: number;
}

/**
 * "Liked by 1 person" / "Liked by N people" and "1 Response" / "N Responses", joined by " · ".
 * A zero part is left out (the blog never wrote "Liked by 0 people"); null when both are zero.
 */
export function formatFooter(counts: FooterCounts): string | null {
  const parts: string[] = [];
  if (counts.likes > 0) parts.push(counts.likes === 1 ? 'Liked by 1 person' : `Liked by ${counts.likes} people`);
  if (counts.responses > 0) parts.push(counts.responses === 1 ? '1 Response' : `${counts.responses} Responses`);
  return parts.length === 0 ? null : parts.join(' · ');
}
