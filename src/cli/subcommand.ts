import type { Command } from 'commander';

/**
 * A subcommand module: src/cli.ts imports it and calls `register(program)`, which adds the subcommand with
 * `program.command(…)`. Actions throw CliError to fail with one line on stderr and an exit code.
 */
export interface SubcommandModule {
  register(program: Command): void;
}

export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
