import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const projectDir = fileURLToPath(new URL('../../', import.meta.url));
/** What a fresh clone has (no .env, no store, no saved sandbox); node_modules is linked rather than installed again. */
const cloneEntries = ['package.json', 'package-lock.json', 'tsconfig.json', 'bin', 'src', 'commands', 'data'];
const localOnly = /(\.sqlite(-.*)?|sandbox-world\.json(\.tmp)?|\.log|^\.env)$/;

let copy: string | undefined;
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (copy) await rm(copy, { recursive: true, force: true });
});

function waitFor(read: () => string, pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const match = pattern.exec(read());
      if (match) {
        clearInterval(timer);
        resolve(match);
      } else if (Date.now() - started > timeoutMs || child?.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`no ${what} (exit code ${String(child?.exitCode)}); output so far:\n${read()}`));
      }
    }, 50);
  });
}

describe('npm start without a token', () => {
  it('reaches a working sandbox on a fresh copy with no .env, and Ctrl+C stops and saves it', async () => {
    copy = await mkdtemp(join(tmpdir(), 'liner-notes-clone-'));
    for (const entry of cloneEntries) {
      await cp(join(projectDir, entry), join(copy, entry), { recursive: true, filter: (source) => !localOnly.test(basename(source)) });
    }
    await symlink(join(projectDir, 'node_modules'), join(copy, 'node_modules'), 'dir');
    expect(existsSync(join(copy, '.env'))).toBe(false);

    let stdout = '';
    let stderr = '';
    // Only what a shell needs: no DISCORD_* variables reach the process.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? copy };
    child = spawn('npm', ['start', '--silent'], { cwd: copy, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const [, url] = await waitFor(() => stdout, /open (http:\/\/127\.0\.0\.1:\d+\/)/, 60_000, 'sandbox address');
    expect(stdout.split('\n')[0]).toMatch(/^No DISCORD_TOKEN set, so Liner Notes runs in its sandbox: open http:/);

    const page = await fetch(url ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<discord-messages id="channel-messages">');
    const status = (await (await fetch(new URL('api/status', url))).json()) as { bot: { connected: boolean; user: string | null }; guild: string };
    expect(status).toEqual({ bot: { connected: true, user: 'Liner Notes (sandbox)' }, guild: 'Liner Notes Sandbox' });
    const world = (await (await fetch(new URL('api/world', url))).json()) as { people: { id: string; role: string }[] };
    const admin = world.people.find((p) => p.role === 'admin')?.id ?? '';
    // The admin's `/` picker: every deployed command (a member's leaves out /setup).
    const view = (await (await fetch(new URL(`api/view?as=${admin}`, url))).json()) as { commands: { name: string }[] };
    expect(view.commands.map((c) => c.name).sort()).toEqual(['help', 'recount', 'responses', 'review', 'reviews', 'setup', 'top', 'tracks']);

    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child?.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // What Ctrl+C in a terminal does: SIGINT to the whole foreground group (npm, tsx, node).
    if (child.pid) process.kill(-child.pid, 'SIGINT');
    await waitFor(() => stdout, /Sandbox stopped and saved/, 20_000, 'clean stop');
    // npm itself ends by re-raising the SIGINT it received; the sandbox inside printed its clean stop above.
    const { code, signal } = await exited;
    expect(code === 0 || signal === 'SIGINT').toBe(true);
    expect(stderr).toBe('');
    expect(existsSync(join(copy, 'data', 'sandbox-world.json'))).toBe(true);
    expect(existsSync(join(copy, 'data', 'sandbox.sqlite'))).toBe(true);
  }, 120_000);
});
