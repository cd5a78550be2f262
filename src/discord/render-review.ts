import { ButtonStyle, ComponentType, embedLength, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { formatFooter, type FooterCounts } from '../domain/footer.js';
import type { Review, ReviewSummary, Track } from '../domain/review.js';
import { splitText, truncateAtWord } from '../domain/split-text.js';

/** Discord's message limits ("Embed Limits" in the message resource docs). */
export const embedLimits = {
  title: 256,
  description: 4096,
  fieldValue: 1024,
  footer: 2048,
  embedsPerMessage: 10,
  totalCharacters: 6000,
  buttonLabel: 80,
} as const;

export const reviewColour = 0xc0392b;
/** Room kept free for the footer so later counts always fit ("Liked by 999999 people · 999999 Responses"). */
const footerReserve = 64;
/** Characters of a post given to the track listing at most; the rest is the review's text. */
const postTrackBudget = 2500;
/** Characters of review text per /review read page: a screenful. */
export const readPageLength = 1800;

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

export interface MessageView {
  embeds: APIEmbed[];
  components: ButtonRow[];
}

export interface PostLink {
  label: string;
  url: string;
}

export interface PostOptions {
  counts: FooterCounts;
  /** Neighbours in the series that are already posted in this guild. */
  previous?: PostLink | null;
  next?: PostLink | null;
}

export const messageUrl = (guildId: string, channelId: string, messageId: string): string =>
  `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;

export function formatTrack(track: Track): string {
  return `${track.position}. ${track.artist} – ${track.title}`;
}

// A summary is an immutable value and the whole listing depends on it alone: /tracks renders it once per review.
const wholeListings = new WeakMap<ReviewSummary, readonly Readonly<APIEmbed>[]>();

/** The whole track listing of a review (as /tracks shows it), rendered once per summary; never mutate it. */
export function wholeTrackListing(review: ReviewSummary): readonly Readonly<APIEmbed>[] {
  let embeds = wholeListings.get(review);
  if (!embeds) {
    embeds = Object.freeze(trackListingEmbeds(review).map((embed) => Object.freeze(embed)));
    wholeListings.set(review, embeds);
  }
  return embeds;
}

/** "Survivor – Burning Heart" lines, grouped into as few descriptions as Discord allows. */
export function trackListingEmbeds(review: ReviewSummary, characterBudget = Number.POSITIVE_INFINITY): APIEmbed[] {
  const lines: string[] = [];
  let used = 0;
  const tracks = review.tracks;
  for (const [index, track] of tracks.entries()) {
    const line = truncateAtWord(formatTrack(track), 400);
    if (used + line.length + 1 > characterBudget - 80) {
      lines.push(`*… and ${tracks.length - index} more: \`/tracks\` shows the whole listing*`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  const groups: string[] = [];
  let current = '';
  for (const line of lines) {
    const clipped = truncateAtWord(line, 400);
    const joined = current.length === 0 ? clipped : `${current}\n${clipped}`;
    if (joined.length > embedLimits.description) {
      groups.push(current);
      current = clipped;
    } else current = joined;
  }
  if (current.length > 0 || groups.length === 0) groups.push(current || '*(no tracks)*');
  return groups.map((description, index) => ({
    title: index === 0 ? 'Track listing' : 'Track listing (continued)',
    description,
    color: reviewColour,
  }));
}

function headerEmbed(review: ReviewSummary): APIEmbed {
  const fields = [
    ...(review.series ? [{ name: 'Series', value: truncateAtWord(review.series, embedLimits.fieldValue), inline: true }] : []),
    { name: 'Subject', value: truncateAtWord(review.subject, embedLimits.fieldValue), inline: true },
    ...(review.year !== null ? [{ name: 'Year', value: String(review.year), inline: true }] : []),
  ];
  return { title: truncateAtWord(review.title, embedLimits.title), fields, color: reviewColour };
}

const totalLength = (embeds: readonly APIEmbed[]): number => embeds.reduce((sum, e) => sum + embedLength(e), 0);

function withFooter(embeds: APIEmbed[], counts: FooterCounts): APIEmbed[] {
  const text = formatFooter(counts);
  const last = embeds.at(-1);
  if (!text || !last) return embeds;
  return [...embeds.slice(0, -1), { ...last, footer: { text } }];
}

/**
 * The review post: a header (title, series, subject, year), the text across as many embeds as Discord's
 * limits allow, the track listing and the footer with the counts. Text that does not fit one message ends
 * with a visible pointer to `/review read`, at a paragraph or word boundary.
 */
export function renderPostView(review: Review, options: PostOptions): MessageView {
  const header = headerEmbed(review);
  const tracks = trackListingEmbeds(review, postTrackBudget);
  const notice = `\n\n*(continued: read the rest with \`/review read\`)*`;
  const textSlots = embedLimits.embedsPerMessage - 1 - tracks.length;
  let budget = embedLimits.totalCharacters - footerReserve - totalLength([header, ...tracks]);
  const pieces = splitText(review.body, Math.min(embedLimits.description - notice.length, Math.max(200, budget - notice.length)));
  const textEmbeds: APIEmbed[] = [];
  for (const piece of pieces) {
    const reservedForNotice = textEmbeds.length + 1 < pieces.length ? notice.length : 0;
    if (textEmbeds.length >= textSlots || piece.length + reservedForNotice > budget) break;
    textEmbeds.push({ description: piece, color: reviewColour });
    budget -= piece.length;
  }
  const lastText = textEmbeds.at(-1);
  if (textEmbeds.length < pieces.length) {
    if (lastText) lastText.description = `${lastText.description ?? ''}${notice}`;
    else textEmbeds.push({ description: notice.trim(), color: reviewColour });
  }
  const embeds = withFooter([header, ...textEmbeds, ...tracks], options.counts);
  return { embeds, components: seriesLinkRow(options) };
}

function seriesLinkRow(options: PostOptions): ButtonRow[] {
  const buttons: APIButtonComponent[] = [];
  if (options.previous) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: truncateAtWord(`◀ ${options.previous.label}`, embedLimits.buttonLabel),
      url: options.previous.url,
    });
  }
  if (options.next) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: truncateAtWord(`${options.next.label} ▶`, embedLimits.buttonLabel),
      url: options.next.url,
    });
  }
  return buttons.length === 0 ? [] : [{ type: ComponentType.ActionRow, components: buttons }];
}

/** A post whose review was deleted: it keeps its counts, and says so. */
export function renderWithdrawnView(title: string, counts: FooterCounts): MessageView {
  const embeds = withFooter(
    [
      {
        title: truncateAtWord(`${title} (withdrawn)`, embedLimits.title),
        description: 'This review was withdrawn from the catalogue. Its likes and responses are kept.',
        color: 0x7f8c8d,
      },
    ],
    counts,
  );
  return { embeds, components: [] };
}

/** The pages of `/review read`: the text a screenful at a time, then the track listing. */
export function readPages(review: Review): APIEmbed[][] {
  const pieces = splitText(review.body, readPageLength);
  const textPages: APIEmbed[][] = pieces.map((piece, index) => [
    index === 0
      ? { ...headerEmbed(review), description: piece }
      : { title: truncateAtWord(review.title, embedLimits.title), description: piece, color: reviewColour },
  ]);
  if (textPages.length === 0) textPages.push([headerEmbed(review)]);
  return [...textPages, trackListingEmbeds(review)];
}

export function readPageView(review: Review, page: number): { embeds: APIEmbed[]; page: number; pageCount: number } {
  const pages = readPages(review);
  const index = Math.min(Math.max(0, page), pages.length - 1);
  const embeds = (pages[index] ?? []).map((embed) => ({ ...embed }));
  const last = embeds.at(-1);
  if (last) last.footer = { text: `Page ${index + 1} of ${pages.length}` };
  return { embeds, page: index, pageCount: pages.length };
}
