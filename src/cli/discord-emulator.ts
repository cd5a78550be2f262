import { join } from 'node:path';
import type { Command } from 'commander';
import { CliError } from './subcommand.js';
import { projectRoot } from '../project-root.js';
import { FixtureError, loadFixture, seedFixture } from '../emulator/fixture.js';
import { startEmulator } from '../emulator/index.js';

const DEFAULT_FIXTURE = join(projectRoot, 'src', 'emulator', 'fixtures', 'sandbox.json');

interface EmulatorCliOptions {
  port: string;
  fixture?: string;
  rateLimits: boolean;
  interactionTimeout: string;
}

/** `liner-notes discord-emulator`: the local Discord as its own process, seeded from a JSON fixture. */
export function register(program: Command): void {
  program
    .command('discord-emulator')
    .description('run the local Discord emulator (REST API v10 + gateway) so a bot process can connect to it')
    .option('--port <n>', 'port on 127.0.0.1 (0: a free one)', '8787')
    .option('--fixture <file>', 'JSON fixture with users, guilds, roles, members and channels (default: the sandbox fixture)')
    .option('--no-rate-limits', 'answer every request without Discord-like rate limits')
    .option('--interaction-timeout <ms>', 'first-callback deadline for interactions', '3000')
    .action(async (options: EmulatorCliOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number (0-65535), got "${options.port}"`);
      const interactionTimeoutMs = Number(options.interactionTimeout);
      if (!Number.isInteger(interactionTimeoutMs) || interactionTimeoutMs < 1) {
        throw new CliError(`--interaction-timeout must be a positive number of milliseconds, got "${options.interactionTimeout}"`);
      }
      const fixturePath = options.fixture ?? DEFAULT_FIXTURE;
      let fixture;
      try {
        fixture = await loadFixture(fixturePath);
      } catch (error) {
        if (error instanceof FixtureError) throw new CliError(error.message);
        throw error;
      }
      let emulator;
      try {
        emulator = await startEmulator({
          port,
          rateLimits: options.rateLimits,
          interactionTimeoutMs,
          ...(fixture.application ? { application: fixture.application } : {}),
        });
      } catch (error) {
        const code = error instanceof Error && 'code' in error ? String(error.code) : '';
        if (code === 'EADDRINUSE') throw new CliError(`port ${port} is already in use; pick another with --port`);
        throw error;
      }
      let seeded;
      try {
        seeded = seedFixture(emulator.driver, fixture);
      } catch (error) {
        await emulator.stop();
        if (error instanceof FixtureError) throw new CliError(error.message);
        throw error;
      }
      const firstGuild = seeded.guilds[0];
      const lines = [
        'Local Discord emulator running (Ctrl+C to stop)',
        `  REST API:        ${emulator.restUrl}`,
        `  Gateway:         ${emulator.gatewayUrl}`,
        `  Application id:  ${emulator.application.id}`,
        `  Bot token:       ${emulator.application.token}`,
        '',
        'Environment for the bot (.env):',
        `  DISCORD_API_URL=${emulator.restUrl}`,
        `  DISCORD_TOKEN=${emulator.application.token}`,
        `  DISCORD_CLIENT_ID=${emulator.application.id}`,
        ...(firstGuild ? [`  DISCORD_GUILD_ID=${firstGuild.id}`] : []),
        '',
        'Users:',
        ...seeded.users.map((user) => `  ${user.key.padEnd(12)} ${user.id}  @${user.username}`),
        ...seeded.guilds.flatMap((guild) => [
          `Guild "${guild.name}" ${guild.id}:`,
          ...guild.channels.map((channel) => `  #${channel.name.padEnd(16)} ${channel.id}  (${channel.type})`),
        ]),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await emulator.stop();
      process.stdout.write('emulator stopped\n');
    });
}
