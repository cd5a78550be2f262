import type { Review } from '../../domain/review.js';
import { slugify, slugPattern } from '../../domain/slugify.js';
import { ReviewValidationError, reviewLimits, validateReview } from '../../domain/validate-review.js';
import { importBlogPost } from '../import-blog-post.js';
import { ImportError } from '../import-error.js';
import { htmlToBlocks, htmlToText } from './html-to-blocks.js';
import { isApproved, isOrdinaryComment, orderComments } from './order-comments.js';
import { emailRemoved, ipRemoved, type Redactor } from './redact.js';
import type { WxrItem } from './read-wxr.js';

/**
 * One export item as a review, or the reason it is not one. The post's content is turned into paragraphs
 * (html-to-blocks) and read by the plain-text importer, so the track listing, "Next post:", the title's series,
 * subject and year and the review's validation are exactly those of a pasted post.
 */

export interface ImportedResponse {
  author: string;
  /** ISO 8601: the comment's GMT date, or its local date (no offset) when the export has no GMT date. */
  date: string;
  /** Markdown: paragraphs separated by a blank line. */
  text: string;
  /** An export carries no likes. */
  likes: 0;
  /** 1-based position, in the review's responses, of the response this one answers; null for none. */
  replyTo: number | null;
}

export interface ImportedPost {
  review: Review;
  /** ISO 8601, from wp:post_date_gmt (or wp:post_date without an offset when the GMT date is unset). */
  postedAt: string | null;
  responses: ImportedResponse[];
  warnings: string[];
}

export interface SkippedItem {
  title: string;
  /** The item's wp:post_type: "post", "page", "attachment", "nav_menu_item", … */
  postType: string;
  reason: string;
}

export type ItemOutcome = { imported: ImportedPost } | { skipped: SkippedItem };

const typeNames: Record<string, string> = {
  page: 'a page',
  attachment: 'an attachment',
  nav_menu_item: 'a menu item',
  revision: 'a revision',
  wp_block: 'a reusable block',
  wp_template: 'a template',
  wp_template_part: 'a template part',
  wp_navigation: 'a navigation menu',
  wp_global_styles: 'global styles',
  custom_css: 'custom CSS',
  customize_changeset: 'a customizer changeset',
  oembed_cache: 'an oEmbed cache entry',
  user_request: 'a privacy request',
};
const statusReasons: Record<string, string> = {
  draft: 'a draft, not published',
  'auto-draft': 'an unsaved draft, not published',
  pending: 'pending review, not published',
  private: 'private, not published',
  future: 'scheduled, not published yet',
  trash: 'in the trash, not published',
  inherit: 'a revision, not published',
};

const noDate = /^0000-00-00/;
const wpDate = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/;

/** "2019-06-14 09:00:00" GMT → "2019-06-14T09:00:00Z"; the local date without an offset when GMT is unset. */
export function isoDate(gmt: string, local: string): { date: string | null; local: boolean } {
  const fromGmt = wpDate.exec(gmt.trim());
  if (fromGmt && !noDate.test(gmt.trim())) return { date: `${fromGmt[1]}T${fromGmt[2]}Z`, local: false };
  const fromLocal = wpDate.exec(local.trim());
  if (fromLocal && !noDate.test(local.trim())) return { date: `${fromLocal[1]}T${fromLocal[2]}`, local: true };
  return { date: null, local: false };
}

/** A message of the plain-text importer without its line number, which counts lines of text the export never had. */
function withoutLine(message: string): string {
  return message.replace(/^line \d+: /, '');
}

function responsesOf(item: WxrItem, redactor: Redactor, warnings: string[]): ImportedResponse[] {
  const kept = item.comments.filter((c) => isApproved(c) && isOrdinaryComment(c));
  const usable = kept.filter((comment) => {
    const who = htmlToText(comment.author) || 'Anonymous';
    if (comment.tooLong) {
      warnings.push(`left out a response by ${redactor.redact(who)}: it is longer than any response a review keeps`);
      return false;
    }
    return true;
  });
  const { ordered, orphans } = orderComments(usable);
  const texts = ordered.map(({ comment }) =>
    redactor.redact(
      htmlToBlocks(comment.content, { classic: true })
        .map((b) => b.markdown)
        .join('\n\n'),
    ),
  );
  // A response that cannot be kept is left out; its replies then answer nothing that is listed.
  const positions: (number | null)[] = [];
  const responses: ImportedResponse[] = [];
  ordered.forEach(({ comment, replyTo }, index) => {
    const author = redactor.redact(htmlToText(comment.author));
    // A commenter who signed with an address is no one by name.
    const shownAuthor = author.length === 0 || author.includes(emailRemoved) || author.includes(ipRemoved) ? 'Anonymous' : author;
    const text = texts[index] ?? '';
    if (text.length === 0 || text.length > reviewLimits.responseText || responses.length >= reviewLimits.responses) {
      const why =
        text.length === 0
          ? 'it has no text'
          : text.length > reviewLimits.responseText
            ? `it is over ${reviewLimits.responseText} characters`
            : `a review keeps at most ${reviewLimits.responses} responses`;
      warnings.push(`left out a response by ${shownAuthor}: ${why}`);
      positions.push(null);
      return;
    }
    const date = isoDate(comment.dateGmt, comment.date);
    if (date.local) warnings.push(`the response by ${shownAuthor} has no GMT date: its local date is kept, without an offset`);
    const parent = replyTo === null ? null : (positions[replyTo] ?? null);
    positions.push(responses.length + 1);
    responses.push({ author: shownAuthor, date: date.date ?? '', text, likes: 0, replyTo: parent });
  });
  if (orphans.length > 0) {
    warnings.push(`${orphans.length} response(s) answer a comment that is not imported (pending, spam, trashed or missing): listed as top-level responses`);
  }
  return responses;
}

/** Reads one item; never throws for what is in the item (a bad post is a skipped post). */
export function itemToReview(item: WxrItem, redactor: Redactor, options: { addedAt?: string } = {}): ItemOutcome {
  const title = redactor.redact(htmlToText(item.title));
  const postType = item.postType.trim();
  const skip = (reason: string): ItemOutcome => ({ skipped: { title, postType, reason } });
  if (postType !== 'post') return skip(`${typeNames[postType] ?? `a "${postType || 'untyped'}" item`}, not a post`);
  const status = item.status.trim();
  if (status !== 'publish') return skip(statusReasons[status] ?? `not published (its status is "${status}")`);
  if (item.password.length > 0) return skip('password-protected: its content is not meant for everyone');
  if (title.length === 0) return skip('it has no title');
  if (item.contentTooLong) return skip('its content is larger than 1 MB: not a blog post');

  const blocks = htmlToBlocks(item.content).map((b) => ({ plain: redactor.redact(b.plain), markdown: redactor.redact(b.markdown) }));
  const markdownOf = new Map<string, string[]>();
  for (const block of blocks) {
    const list = markdownOf.get(block.plain) ?? [];
    list.push(block.markdown);
    markdownOf.set(block.plain, list);
  }
  const postedAt = isoDate(item.postDateGmt, item.postDate);
  const addedAt = options.addedAt ?? postedAt.date?.slice(0, 10);

  let result: ReturnType<typeof importBlogPost>;
  try {
    const text = [title, ...blocks.map((b) => b.plain)].join('\n\n');
    result = importBlogPost(text, addedAt === undefined ? {} : { addedAt });
  } catch (error) {
    if (error instanceof ImportError) return skip(withoutLine(error.message));
    throw error;
  }
  const warnings = result.warnings.map(withoutLine);
  if (postedAt.local) warnings.push('the post has no GMT date: postedAt is its local date, without an offset');
  if (postedAt.date === null) warnings.push('the post has no date: postedAt is null');

  const postName = item.postName.trim();
  const slug = postName.length > 0 && postName.length <= reviewLimits.slug && slugPattern.test(postName) ? postName : slugify(title);
  const responses = responsesOf(item, redactor, warnings);
  // The body's paragraphs in Markdown; a paragraph the plain-text importer changed (a boilerplate line dropped) stays plain.
  const body = result.review.body.map((paragraph) => markdownOf.get(paragraph)?.shift() ?? paragraph);
  try {
    const review = validateReview({
      ...result.review,
      slug,
      body,
      blog: { responseCount: responses.length, responses: responses.map((r) => ({ text: r.text, likes: r.likes })) },
    });
    return { imported: { review, postedAt: postedAt.date, responses, warnings } };
  } catch (error) {
    if (error instanceof ReviewValidationError) return skip(`not a valid review: ${error.message}`);
    throw error;
  }
}
