import { loadCatalogue, reviewsDir } from '../catalogue/index.js';
import type { Review } from '../domain/review.js';
import { ImportError } from '../importer/index.js';
import { importWxr, type ImportedPost, type SkippedItem } from '../importer/wxr/index.js';
import { dataDirOption, shown } from './paths.js';
import { progressBar } from './progress-bar.js';
import { SaveError, saveReviews, type SaveReport } from './save-reviews.js';
import { CliError } from './subcommand.js';

/** `liner-notes import EXPORT.xml`: a whole WordPress export, in one run. */

export interface WxrImportOptions {
  json?: boolean;
  save?: boolean;
  replace?: boolean;
  data?: string;
  addedAt?: string;
}

/** Smaller exports read in well under a second: a bar would only flicker. */
export const progressFromBytes = 1024 * 1024;

/** The --json shape of a review: the plain-text importer's fields, plus the slug, the post's date and the responses. */
function reviewJson({ review, postedAt, responses, warnings }: ImportedPost) {
  return {
    slug: review.slug,
    title: review.title,
    series: review.series,
    subject: review.subject,
    year: review.year,
    postedAt,
    body: review.body,
    tracks: review.tracks.map(({ position, artist, title }) => ({ position, artist, title })),
    nextPost: review.nextPost,
    responseCount: responses.length,
    responses: responses.map(({ author, date, text, likes, replyTo }) => ({ author, date, text, likes, replyTo })),
    warnings,
  };
}

interface ReviewLine {
  title: string;
  tracks: number;
  responses: number;
  warnings: string[];
}

const kindNames: Record<string, [string, string]> = {
  page: ['page', 'pages'],
  attachment: ['attachment', 'attachments'],
  nav_menu_item: ['menu item', 'menu items'],
};

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(channelTitle: string, reviews: readonly ReviewLine[], skipped: readonly SkippedItem[]): string {
  const posts = skipped.filter((s) => s.postType === 'post');
  const others = new Map<string, number>();
  for (const item of skipped) if (item.postType !== 'post') others.set(item.postType, (others.get(item.postType) ?? 0) + 1);
  const lines = [`${channelTitle || 'WordPress export'}: ${count(reviews.length, 'review', 'reviews')}, ${count(posts.length, 'post', 'posts')} skipped`];
  for (const review of reviews) {
    lines.push(`  ${review.title}: ${count(review.tracks, 'track', 'tracks')}, ${count(review.responses, 'response', 'responses')}`);
  }
  if (posts.length > 0) {
    lines.push('Skipped:');
    for (const post of posts) lines.push(`  ${post.title || '(no title)'}: ${post.reason}`);
  }
  if (others.size > 0) {
    const parts = [...others].map(([type, n]) => {
      const [one, many] = kindNames[type] ?? [`"${type || 'untyped'}" item`, `"${type || 'untyped'}" items`];
      return count(n, one, many);
    });
    lines.push(`Not posts, so not reviews: ${parts.join(', ')}`);
  }
  const warned = reviews.filter((r) => r.warnings.length > 0);
  if (warned.length > 0) {
    lines.push('Warnings:');
    for (const review of warned) for (const warning of review.warnings) lines.push(`  ${review.title}: ${warning}`);
  }
  return `${lines.join('\n')}\n`;
}

function saveSummary(report: SaveReport, folder: string): string {
  const lines = [
    `saved ${count(report.saved.length, 'review', 'reviews')} to ${folder}` +
      (report.replaced.length > 0 ? `, replaced ${report.replaced.length}` : '') +
      (report.kept.length > 0 ? `, left ${report.kept.length} alone` : ''),
  ];
  for (const slug of report.kept) lines.push(`  left alone ${slug}: already in the catalogue (--replace overwrites it)`);
  for (const { slug, problem } of report.blocked) lines.push(`  left alone ${slug}: its file is there but unusable (${problem})`);
  return `${lines.join('\n')}\n`;
}

export async function importExport(file: string, options: WxrImportOptions): Promise<void> {
  // --json and --save need every review; the summary needs only a line for each.
  const keepWhole = options.json === true || options.save === true;
  const whole: ImportedPost[] = [];
  const lines: ReviewLine[] = [];
  const skipped: SkippedItem[] = [];
  const bar = progressBar(`reading ${shown(file)}`);
  let channelTitle: string;
  try {
    const channel = await importWxr(file, {
      ...(options.addedAt === undefined ? {} : { addedAt: options.addedAt }),
      onReview(post) {
        if (keepWhole) whole.push(post);
        lines.push({ title: post.review.title, tracks: post.review.tracks.length, responses: post.responses.length, warnings: post.warnings });
      },
      onSkipped(item) {
        skipped.push(item);
      },
      onProgress(done, total) {
        if (total >= progressFromBytes) bar.update(done, total);
      },
    });
    channelTitle = channel.title.trim();
  } catch (error) {
    bar.finish();
    if (error instanceof ImportError) throw new CliError(`cannot import ${file}: ${error.message}`);
    throw error;
  }
  bar.finish();

  let saved: string | null = null;
  if (options.save) {
    const dataDir = dataDirOption(options.data);
    const { catalogue, problems } = await loadCatalogue(dataDir);
    const reviews: Review[] = whole.map((post) => post.review);
    try {
      const report = await saveReviews(catalogue, reviews, { replace: options.replace === true, problems });
      saved = saveSummary(report, `${shown(reviewsDir(dataDir))}/`);
    } catch (error) {
      if (error instanceof SaveError) throw new CliError(`cannot import ${file}: ${error.message}`);
      throw error;
    }
  }
  if (options.json) {
    const json = { reviews: whole.map(reviewJson), skipped: skipped.map(({ title, reason }) => ({ title, reason })) };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    if (saved) process.stderr.write(saved);
  } else {
    process.stdout.write(summary(channelTitle, lines, skipped));
    if (saved) process.stdout.write(saved);
  }
}
