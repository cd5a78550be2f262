/**
 * The blog's own furniture around a post: sharing buttons, the comment form, like widgets. Exported as
 * plain text it lands between the paragraphs; none of it is the review.
 */

/** Lines after which nothing up to the next section belongs to the post (sharing blocks, the comment form). */
const blockStarters: readonly RegExp[] = [/^share this:?$/i, /^like this:?$/i, /^related$/i, /^leave a (reply|comment)$/i, /^post navigation$/i];

/** Single lines of furniture, skipped wherever they appear. */
const singleLines: readonly RegExp[] = [
  /^to download\b.*\bgo to:?$/i,
  /^advertisements?$/i,
  /^report this ad$/i,
  /^loading\.{0,3}…?$/i,
  /^like loading\.{0,3}…?$/i,
  /^reply$/i,
  /^like$/i,
  /^reblog$/i,
  /^subscribe$/i,
  /^share$/i,
  /^click to (share|email|print)\b.*$/i,
  /^(share on|tweet|pin it|email this)\b.*$/i,
  /^(twitter|facebook|tumblr|pinterest|reddit|linkedin|email|print|more)$/i,
  /^fill in your details below\b.*$/i,
  /^you are commenting using your\b.*$/i,
  /^(facebook|twitter|google|wordpress\.com) (photo|picture)$/i,
  /^connecting to %s$/i,
  /^this site uses akismet\b.*$/i,
  /^%d bloggers like this:?$/i,
  /^notify me of (new|follow-up) (comments|posts)\b.*$/i,
  /^(cancel reply|post comment|post reply)$/i,
  /^(email|name|website)( \(required\))?( \(address never made public\))?$/i,
  /^(posted|filed) (in|under)\b.*$/i,
  /^tagged\b.*$/i,
  /^categories:.*$/i,
  /^(previous|older|newer) post:?.*$/i,
  /^be the first to like this\.?$/i,
  /^(one|\d+) bloggers? likes? this\.?$/i,
];

export function startsBoilerplateBlock(line: string): boolean {
  const trimmed = line.trim();
  return blockStarters.some((pattern) => pattern.test(trimmed));
}

export function isBoilerplateLine(line: string): boolean {
  const trimmed = line.trim();
  return singleLines.some((pattern) => pattern.test(trimmed)) || startsBoilerplateBlock(trimmed);
}
