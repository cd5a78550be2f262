// Sends probes with plain fetch and keeps every exchange, in order, for the checks.
import type { Exchange, Probe } from './check.js';
import { errorMessage } from '../../errors.js';
import { isRecord } from '../../validation.js';

export interface Sent {
  status: number;
  body: unknown;
}

export function stringField(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function numberField(value: unknown, key: string): number | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'number' ? field : undefined;
}

/** Sends probes and keeps every exchange, in order. */
export class ProbeSession {
  readonly exchanges: Exchange[] = [];

  constructor(
    private readonly apiBase: string,
    private readonly token: string,
  ) {}

  /**
   * Sends one probe. A 429 the probe did not ask for is recorded (it is a legitimate answer and gets
   * checked like any other), then waited out and the request repeated, as a client would.
   */
  async send(probe: Probe): Promise<Sent | undefined> {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const exchange = await this.exchange(probe);
      const expectsRateLimit = probe.expect.some((item) => item.status === 429);
      if (exchange.status === 429 && !expectsRateLimit && attempt < 3) {
        const { bodyRule: _ruleForTheRealAnswer, ...rateLimited } = probe;
        this.exchanges.push({ ...exchange, probe: { ...rateLimited, label: `${probe.label} (rate limited, retried)`, expect: [{ status: 429 }] } });
        const retryAfter = Number(exchange.headers.get('Retry-After') ?? '1');
        await sleep(Math.min(Number.isFinite(retryAfter) ? retryAfter * 1000 : 1000, 5000) + 50);
        continue;
      }
      this.exchanges.push(exchange);
      if (exchange.failure !== undefined) return undefined;
      let body: unknown;
      try {
        body = exchange.rawBody.length > 0 ? JSON.parse(exchange.rawBody) : undefined;
      } catch {
        body = undefined;
      }
      return { status: exchange.status, body };
    }
    return undefined;
  }

  /** Sends several probes at once (bursts for the rate limiter). */
  async sendAll(probes: Probe[]): Promise<Exchange[]> {
    const exchanges = await Promise.all(probes.map((probe) => this.exchange(probe)));
    this.exchanges.push(...exchanges);
    return exchanges;
  }

  /** Sends the probe when what it depends on exists, else records it as not run (never skipped silently). */
  async sendWhen(ready: unknown, probe: Probe, missing: string): Promise<Sent | undefined> {
    if (ready !== undefined && ready !== null && ready !== false && ready !== '') return this.send(probe);
    this.notRun(probe, missing);
    return undefined;
  }

  /** Records a behaviour seen across several exchanges that differs from the probe's expectation. */
  observe(probe: Probe, behaviour: string): void {
    this.exchanges.push({ probe, status: 0, headers: new Headers(), rawBody: '', behaviour });
  }

  /** Records a probe that could not be sent because a step it depends on failed. */
  notRun(probe: Probe, reason: string): void {
    this.exchanges.push({ probe, status: 0, headers: new Headers(), rawBody: '', notRun: reason });
  }

  private async exchange(probe: Probe): Promise<Exchange> {
    const headers = new Headers();
    if (probe.auth === 'bot') headers.set('Authorization', `Bot ${this.token}`);
    if (probe.auth === 'invalid-bot-token') headers.set('Authorization', 'Bot not-a-real-token');
    if (probe.auth === 'token-without-bot-prefix') headers.set('Authorization', this.token);
    const body = probe.rawRequestBody ?? (probe.body === undefined ? null : JSON.stringify(probe.body));
    if (body !== null) headers.set('Content-Type', 'application/json');
    try {
      const response = await fetch(`${this.apiBase}${probe.path}`, { method: probe.method, headers, body });
      const receivedAt = Date.now();
      return { probe, status: response.status, headers: response.headers, rawBody: await response.text(), receivedAt };
    } catch (error) {
      return { probe, status: 0, headers: new Headers(), rawBody: '', failure: errorMessage(error) };
    }
  }
}
