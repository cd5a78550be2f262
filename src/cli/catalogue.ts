import type { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { CatalogueError, reviewsDir } from '../catalogue/index.js';
import { pullCatalogue } from '../catalogue/pull-catalogue.js';
import { InvalidReviewFilesError, pushCatalogue } from '../catalogue/push-catalogue.js';
import type { CatalogueSyncReport } from '../catalogue/review-texts.js';
import { errorMessage } from '../errors.js';
import { redactSecrets } from '../redact.js';
import { isServerStoreUrl, openStore, StoreUrlError, type CatalogueRepository, type Store } from '../store/index.js';
import { dataDirOption, shown } from './paths.js';
import { CliError } from './subcommand.js';

interface SyncOptions {
  data?: string;
  dryRun?: boolean;
}

/** The store STORE_URL names (the environment, then .env, as the bot reads it), which must be a server store. */
async function openServerStore(): Promise<Store> {
  loadDotenv({ quiet: true });
  const url = process.env.STORE_URL?.trim() ?? '';
  if (url.length === 0) {
    throw new CliError(
      'STORE_URL is not set: push and pull copy the catalogue to and from a PostgreSQL or Redis store (with the default SQLite store, data/reviews is the catalogue itself)',
    );
  }
  if (!isServerStoreUrl(url)) {
    throw new CliError(
      'STORE_URL does not name a PostgreSQL or Redis store: with any other store, data/reviews is the catalogue itself and there is nothing to push or pull',
    );
  }
  try {
    return await openStore(url);
  } catch (error) {
    if (error instanceof StoreUrlError) throw new CliError(redactSecrets(error.message));
    throw new CliError(`cannot open the store: ${redactSecrets(errorMessage(error))}`);
  }
}

function describe(report: CatalogueSyncReport): string {
  const counts = `${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed, ${report.unchanged.length} unchanged`;
  const lines = [counts];
  for (const [what, slugs] of [
    ['added', report.added],
    ['changed', report.changed],
    ['removed', report.removed],
  ] as const) {
    for (const slug of slugs) lines.push(`  ${what.padEnd(8)} ${slug}`);
  }
  return `${lines.join('\n')}\n`;
}

async function sync(
  verb: 'push' | 'pull',
  options: SyncOptions,
  run: (folder: string, repository: CatalogueRepository, dryRun: boolean) => Promise<CatalogueSyncReport>,
): Promise<void> {
  const folder = reviewsDir(dataDirOption(options.data));
  const store = await openServerStore();
  try {
    const report = await run(folder, store.catalogue, options.dryRun === true);
    for (const problem of report.problems) process.stderr.write(`skipped ${shown(problem.file)}: ${problem.message}\n`);
    const direction = verb === 'push' ? `${shown(folder)} → ${store.location}` : `${store.location} → ${shown(folder)}`;
    const head = options.dryRun ? `${verb} ${direction} (dry run, nothing written): ` : `${verb} ${direction}: `;
    process.stdout.write(head + describe(report));
  } catch (error) {
    if (error instanceof InvalidReviewFilesError) {
      for (const problem of error.problems) process.stderr.write(`${shown(problem.file)}: ${problem.message}\n`);
    }
    if (error instanceof CatalogueError) throw new CliError(error.message);
    throw new CliError(`${verb} failed: ${redactSecrets(errorMessage(error))}`);
  } finally {
    await store.close().catch(() => undefined);
  }
}

export function register(program: Command): void {
  const catalogue = program
    .command('catalogue')
    .description('copy the review files to and from a PostgreSQL or Redis store (STORE_URL), where every bot process reads the catalogue');
  catalogue
    .command('push')
    .description("make the store's catalogue what data/reviews says: add, change and remove reviews in the store")
    .option('--data <dir>', "the data folder (default: the project's data/)")
    .option('--dry-run', 'report what would change without writing')
    .action((options: SyncOptions) => sync('push', options, (folder, repository, dryRun) => pushCatalogue(folder, repository, { dryRun })));
  catalogue
    .command('pull')
    .description("make data/reviews what the store's catalogue says: write, rewrite and remove review files")
    .option('--data <dir>', "the data folder (default: the project's data/)")
    .option('--dry-run', 'report what would change without writing')
    .action((options: SyncOptions) => sync('pull', options, (folder, repository, dryRun) => pullCatalogue(folder, repository, { dryRun })));
}
