import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { projectDataDir, readReviewFolder } from '../catalogue/index.js';
import { shown } from './paths.js';
import { CliError } from './subcommand.js';

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Progress on a terminal rewrites one line; in a log it is a line every few hundred files. */
function progressReporter(): (done: number, total: number) => void {
  if (process.stderr.isTTY) {
    return (done, total) => {
      process.stderr.write(`\rchecked ${done}/${total}`);
      if (done === total) process.stderr.write('\n');
    };
  }
  return (done, total) => {
    if (total >= 200 && (done % 100 === 0 || done === total)) process.stderr.write(`checked ${done}/${total}\n`);
  };
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check every review file in the catalogue; exits non-zero naming each bad file and field')
    .argument('[dir]', 'a data folder (with reviews/) or a folder of review files', projectDataDir)
    .action(async (dir: string) => {
      const target = resolve(dir);
      if (!(await isFolder(target))) throw new CliError(`no such folder: ${dir}`);
      const folder = (await isFolder(join(target, 'reviews'))) ? join(target, 'reviews') : target;
      const { reviews, problems, files } = await readReviewFolder(folder, progressReporter());
      if (files === 0) throw new CliError(`no review files (*.md) in ${shown(folder)}`);
      for (const problem of problems) process.stderr.write(`${shown(problem.file)}: ${problem.message}\n`);
      if (problems.length > 0) {
        throw new CliError(`${problems.length} of ${files} review file(s) in ${shown(folder)} are invalid`);
      }
      process.stdout.write(`${reviews.length} review(s) in ${shown(folder)} are valid\n`);
    });
}
