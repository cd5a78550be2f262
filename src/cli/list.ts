import type { Command } from 'commander';
import { CatalogueError, loadCatalogue } from '../catalogue/index.js';
import { dataDirOption, shown } from './paths.js';
import { CliError } from './subcommand.js';

export function register(program: Command): void {
  program
    .command('list')
    .description('print the catalogue in catalogue order (series, then reading order)')
    .option('--json', 'print the reviews as one JSON array')
    .option('--data <dir>', "the data folder (default: the project's data/)")
    .action(async (options: { json?: boolean; data?: string }) => {
      const { catalogue, problems } = await loadCatalogue(dataDirOption(options.data));
      for (const problem of problems) {
        process.stderr.write(`skipped ${shown(problem.file)}: ${problem.message} (see "liner-notes validate")\n`);
      }
      const reviews = catalogue.all();
      if (options.json) {
        // The whole reviews, as in their files: the catalogue holds only their summaries.
        const whole = [];
        try {
          for (const { slug } of reviews) whole.push(await catalogue.read(slug));
        } catch (error) {
          if (error instanceof CatalogueError) throw new CliError(error.message);
          throw error;
        }
        process.stdout.write(`${JSON.stringify(whole, null, 2)}\n`);
        return;
      }
      if (reviews.length === 0) {
        process.stdout.write('the catalogue is empty\n');
        return;
      }
      const slugWidth = Math.max(...reviews.map((r) => r.slug.length));
      for (const review of reviews) {
        const year = review.year === null ? '    ' : String(review.year);
        process.stdout.write(`${review.slug.padEnd(slugWidth)}  ${year}  ${String(review.tracks.length).padStart(3)} tracks  ${review.title}\n`);
      }
      process.stdout.write(`${reviews.length} review(s)\n`);
    });
}
