import { runCli, type SubcommandLoader } from './cli/run.js';

/** `liner-notes <subcommand>`: one line per subcommand module (each exports `register(program)`). */
const subcommands: SubcommandLoader[] = [
  () => import('./cli/import.js'),
  () => import('./cli/validate.js'),
  () => import('./cli/list.js'),
  () => import('./cli/catalogue.js'),
  () => import('./cli/discord-emulator.js'),
];

process.exitCode = await runCli(process.argv, subcommands);
