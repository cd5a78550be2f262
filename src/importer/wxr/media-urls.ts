/**
 * Embedded media in a WordPress post, reduced to the URL Discord previews when it stands alone in a message.
 * WordPress embeds a video from a URL (its oEmbed providers: wp-includes/class-wp-oembed.php), so the URL is what
 * the post meant; the player markup around it is WordPress's rendering, not the review.
 */

/** A Gutenberg embed block's opening comment: `wp:embed {"url":…}`, or the older `wp:core-embed/youtube {…}`. */
const embedBlock = /^\s*wp:(?:embed|core-embed\/[a-z0-9-]+)\s+(\{.*\})\s*\/?\s*$/s;
const embedBlockEnd = /^\s*\/wp:(?:embed|core-embed\/[a-z0-9-]+)\s*$/;

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The URL of a Gutenberg embed block's opening comment, or null for any other comment. */
export function embedBlockUrl(comment: string): string | null {
  const match = embedBlock.exec(comment);
  if (!match) return null;
  try {
    const attributes: unknown = JSON.parse(match[1] ?? '');
    if (typeof attributes === 'object' && attributes !== null && 'url' in attributes && typeof attributes.url === 'string') {
      return httpUrl(attributes.url);
    }
  } catch {
    // Attributes that are not JSON leave the block's own markup to speak for it.
  }
  return null;
}

export function isEmbedBlockEnd(comment: string): boolean {
  return embedBlockEnd.test(comment);
}

/**
 * The page a player `<iframe>` shows: YouTube's and Vimeo's embed addresses become the video's own page, which
 * Discord previews; any other http(s) frame keeps its address.
 */
export function iframeUrl(src: string): string | null {
  const url = httpUrl(src.startsWith('//') ? `https:${src}` : src);
  if (url === null) return null;
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^www\./, '');
  const youtube = /^\/embed\/([\w-]{6,})/.exec(parsed.pathname);
  if ((host === 'youtube.com' || host === 'youtube-nocookie.com') && youtube) {
    return `https://www.youtube.com/watch?v=${youtube[1]}`;
  }
  const vimeo = /^\/video\/(\d+)/.exec(parsed.pathname);
  if (host === 'player.vimeo.com' && vimeo) return `https://vimeo.com/${vimeo[1]}`;
  return url;
}

/** `[embed]URL[/embed]` and `[embed width="…"]URL[/embed]`, WordPress's embed shortcode (wp-includes/class-wp-embed.php). */
const embedShortcode = /\[embed(?:\s[^\]]{0,500})?\]\s*(\S{1,2048}?)\s*\[\/embed\]/gi;

/** Replaces each embed shortcode in a run of text with its URL between the two markers given. */
export function replaceEmbedShortcodes(text: string, before: string, after: string): string {
  if (!text.includes('[')) return text;
  return text.replace(embedShortcode, (whole, url: string) => {
    const href = httpUrl(url);
    return href === null ? whole : `${before}${href}${after}`;
  });
}

/** A line that is only an http(s) address: WordPress embeds it when it is a provider's (its autoembed). */
export function isBareUrl(line: string): boolean {
  return /^https?:\/\/\S+$/.test(line) && httpUrl(line) !== null;
}

export { httpUrl };
