import { Command, CommanderError } from 'commander';
import { CliError, type SubcommandModule } from './subcommand.js';
import { errorMessage } from '../errors.js';

export type SubcommandLoader = () => Promise<SubcommandModule>;

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Builds the program from its subcommand modules, runs it and returns the exit code (nothing here calls process.exit). */
export async function runCli(argv: readonly string[], subcommands: readonly SubcommandLoader[]): Promise<number> {
  // `liner-notes list | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const program = new Command('liner-notes')
    .description('Liner Notes: the review catalogue, the blog-post importer and developer tools')
    .showHelpAfterError('(run "liner-notes --help" for the commands)')
    .exitOverride();
  for (const load of subcommands) (await load()).register(program);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // Commander has already printed its own usage errors and help.
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      process.stderr.write(`liner-notes: ${oneLine(error.message)}\n`);
      return error.exitCode;
    }
    const message = errorMessage(error);
    process.stderr.write(`liner-notes: unexpected error: ${oneLine(message)}\n`);
    return 1;
  }
}
