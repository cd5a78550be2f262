import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ChildRequest, ChildRequestBody } from './protocol.js';

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const projectDir = join(benchDir, '..');

export type ChildKind = 'bot' | 'bare' | 'raw';

export interface ChildOptions {
  env: Record<string, string>;
  /** Write a V8 CPU profile of the child into this folder (node --cpu-prof). */
  cpuProfileDir?: string;
  /** How long to wait for 'ready' (ms). */
  readyTimeoutMs?: number;
}

export interface BenchChild {
  readonly kind: ChildKind;
  readonly pid: number;
  /** Milliseconds from spawn to the child's 'ready' message. */
  readonly startupMs: number;
  request<T extends ChildReply['type']>(body: ChildRequestBody, expect: T, timeoutMs?: number): Promise<Extract<ChildReply, { type: T }>>;
  /** Resolves with the next 'counted' message (sent when the child has seen the expected number of events). */
  counted(timeoutMs: number): Promise<Extract<ChildReply, { type: 'counted' }>>;
  stop(): Promise<void>;
  stderrTail(): string;
}

let compiled = false;

/** Compiles the project into dist/ once per bench run, as `npm start` does before it starts the bot. */
function compileOnce(): void {
  if (compiled) return;
  execFileSync(process.execPath, [join(projectDir, 'bin', 'build.js')], { cwd: projectDir, stdio: 'inherit' });
  compiled = true;
}

/**
 * Starts bench/children/<kind>.ts, compiled into dist/, in its own Node process started the way `npm start`
 * starts the bot, with an IPC channel for the bench's requests, and resolves once it says it is ready (logged
 * in and seen its guild). The bot and the bare client start the same way, so neither pays for a compiler.
 */
export async function startChild(kind: ChildKind, options: ChildOptions): Promise<BenchChild> {
  compileOnce();
  const nodeArgs = ['--expose-gc', '--enable-source-maps'];
  if (options.cpuProfileDir) {
    mkdirSync(options.cpuProfileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir);
  }
  const startedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(projectDir, 'dist', 'bench', 'children', `${kind}.js`)], {
    cwd: projectDir,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });

  const waiters = new Map<number, { resolve: (reply: ChildReply) => void; reject: (error: Error) => void }>();
  const countedWaiters: ((reply: Extract<ChildReply, { type: 'counted' }>) => void)[] = [];
  let exited: Error | null = null;
  let nextId = 1;
  let readyResolve: ((at: number) => void) | undefined;
  let readyReject: ((error: Error) => void) | undefined;
  const ready = new Promise<number>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });

  child.on('message', (message: ChildReply) => {
    if (message.type === 'ready') readyResolve?.(performance.now());
    else if (message.type === 'counted') countedWaiters.shift()?.(message);
    else if (message.type === 'failed') {
      const error = new Error(`${kind} child failed: ${message.message}`);
      readyReject?.(error);
      for (const waiter of waiters.values()) waiter.reject(error);
      waiters.clear();
    } else {
      const waiter = waiters.get(message.id);
      waiters.delete(message.id);
      waiter?.resolve(message);
    }
  });
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = new Error(`${kind} child exited (code ${code}, signal ${signal}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
      readyReject?.(exited);
      for (const waiter of waiters.values()) waiter.reject(exited);
      waiters.clear();
      resolve();
    });
  });

  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const timeout = setTimeout(() => readyReject?.(new Error(`${kind} child not ready after ${readyTimeoutMs} ms: ${stderr.slice(-500)}`)), readyTimeoutMs);
  let readyAt: number;
  try {
    readyAt = await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timeout);
  }

  const handle: BenchChild = {
    kind,
    pid: child.pid ?? -1,
    startupMs: readyAt - startedAt,
    request(body, expect, timeoutMs = 60_000) {
      if (exited) return Promise.reject(exited);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(id);
          reject(new Error(`${kind} child did not answer ${body.cmd} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(id, {
          resolve: (reply) => {
            clearTimeout(timer);
            if (reply.type !== expect) reject(new Error(`${kind} child answered ${body.cmd} with ${reply.type}`));
            else resolve(reply as Extract<ChildReply, { type: typeof expect }>);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        const request: ChildRequest = { ...body, id };
        child.send(request);
      });
    },
    counted(timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${kind} child did not count its events within ${timeoutMs} ms`)), timeoutMs);
        countedWaiters.push((reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
      });
    },
    async stop() {
      if (exited) return;
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      try {
        child.send({ cmd: 'stop', id: nextId++ } satisfies ChildRequest);
      } catch {
        child.kill('SIGKILL');
      }
      await exitedPromise;
      clearTimeout(killTimer);
    },
    stderrTail: () => stderr,
  };
  return handle;
}
