import type { Command } from 'commander';
import { CatalogueError, loadCatalogue, reviewsDir } from '../catalogue/index.js';
import type { Review } from '../domain/review.js';
import { ReviewValidationError } from '../domain/validate-review.js';
import { ImportError, importBlogPost, readBlogPostFile, type ImportResult } from '../importer/index.js';
import { looksLikeXml } from '../importer/wxr/sniff.js';
import { dataDirOption, shown } from './paths.js';
import { CliError } from './subcommand.js';

interface ImportOptions {
  json?: boolean;
  save?: boolean;
  replace?: boolean;
  data?: string;
  addedAt?: string;
}

/** The --json shape: the review's content, the blog archive flattened, and what the importer guessed. */
function toJson({ review, warnings }: ImportResult) {
  return {
    title: review.title,
    series: review.series,
    subject: review.subject,
    year: review.year,
    body: review.body,
    tracks: review.tracks,
    nextPost: review.nextPost,
    responseCount: review.blog?.responseCount ?? 0,
    responses: review.blog?.responses ?? [],
    warnings,
  };
}

function summary({ review, warnings }: ImportResult): string {
  const lines = [
    review.title,
    `  series: ${review.series ?? '(none)'}   subject: ${review.subject}   year: ${review.year ?? '(none)'}`,
    `  ${review.body.length} paragraph(s), ${review.tracks.length} track(s), next post: ${review.nextPost ?? '(none)'}`,
    `  blog: ${review.blog?.responseCount ?? 0} response(s), ${review.blog?.responses.length ?? 0} archived`,
    `  slug: ${review.slug}`,
  ];
  for (const track of review.tracks) lines.push(`    ${String(track.position).padStart(2)}. ${track.artist} - ${track.title}`);
  if (warnings.length > 0) {
    lines.push(`  ${warnings.length} warning(s):`);
    for (const warning of warnings) lines.push(`    ${warning}`);
  }
  return `${lines.join('\n')}\n`;
}

async function save(review: Review, options: ImportOptions): Promise<string> {
  const dataDir = dataDirOption(options.data);
  const { catalogue } = await loadCatalogue(dataDir);
  const file = shown(`${reviewsDir(dataDir)}/${review.slug}.md`);
  try {
    if (catalogue.get(review.slug) && options.replace) {
      await catalogue.update(review);
      return `replaced ${file}`;
    }
    await catalogue.add(review);
    return `saved ${file}`;
  } catch (error) {
    if (error instanceof CatalogueError) throw new CliError(`${error.message}; pass --replace to overwrite it`);
    if (error instanceof ReviewValidationError) throw new CliError(`not saved: ${error.message}`);
    throw error;
  }
}

export function register(program: Command): void {
  program
    .command('import')
    .description('turn a blog post exported as plain text, or a whole WordPress export (WXR, from Tools → Export), into reviews')
    .argument('<file>', 'a post as plain text (UTF-8, at most 1 MB) or a WordPress export (XML, at most 256 MB), told apart by content')
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--save', 'add the review(s) to the catalogue (data/reviews/<slug>.md); an export is saved all or nothing')
    .option('--replace', 'with --save: overwrite a review with the same slug')
    .option('--data <dir>', "the data folder for --save (default: the project's data/)")
    .option('--added-at <date>', 'the date the review enters the catalogue (default: today)')
    .action(async (file: string, options: ImportOptions) => {
      // A post starts with its title; an export is XML. The name says nothing: exports are renamed, posts pasted.
      if (await looksLikeXml(file)) {
        // Loaded only for an export: a pasted post needs neither XML nor HTML parser.
        const { importExport } = await import('./import-wxr.js');
        await importExport(file, options);
        return;
      }
      let result: ImportResult;
      try {
        result = importBlogPost(await readBlogPostFile(file), options.addedAt ? { addedAt: options.addedAt } : {});
      } catch (error) {
        if (error instanceof ImportError) throw new CliError(`cannot import ${file}: ${error.message}`);
        throw error;
      }
      const saved = options.save ? await save(result.review, options) : null;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
        if (saved) process.stderr.write(`${saved}\n`);
      } else {
        process.stdout.write(summary(result));
        if (saved) process.stdout.write(`${saved}\n`);
      }
    });
}
