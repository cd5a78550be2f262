import { runSandbox } from './run.js';

/** `npm run sandbox [-- --port N] [-- --data-dir DIR]`: the sandbox, whatever .env says. */
runSandbox(process.argv.slice(2), 'explicit').catch((error: unknown) => {
  console.error(`Liner Notes sandbox stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
