import { createHash } from 'node:crypto';

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** Routes naming the same bucket share one counter (Discord shares e.g. the reaction routes). */
  bucket?: string;
}

/**
 * Defaults close to the limits Discord is commonly observed to send (Topics › Rate Limits documents the headers but
 * not the numbers; these are the values bots see in practice): message create and edit 5 per 5 s per channel,
 * message delete 5 per 1 s, reaction writes 1 per 0.25 s per channel, webhook/interaction follow-ups 5 per 2 s,
 * everything else 50 per second per route and major parameter.
 */
export const DEFAULT_RATE_LIMITS: Record<string, RateLimitRule> = {
  'POST /channels/:id/messages': { limit: 5, windowMs: 5000 },
  'PATCH /channels/:id/messages/:id': { limit: 5, windowMs: 5000 },
  'DELETE /channels/:id/messages/:id': { limit: 5, windowMs: 1000 },
  'PUT /channels/:id/messages/:id/reactions/:emoji/@me': { limit: 1, windowMs: 250, bucket: 'reactions' },
  'DELETE /channels/:id/messages/:id/reactions/:emoji/@me': { limit: 1, windowMs: 250, bucket: 'reactions' },
  'DELETE /channels/:id/messages/:id/reactions/:emoji/:id': { limit: 1, windowMs: 250, bucket: 'reactions' },
  'POST /channels/:id/messages/:id/threads': { limit: 5, windowMs: 5000 },
  'POST /channels/:id/threads': { limit: 5, windowMs: 5000 },
  'POST /webhooks/:id/:token': { limit: 5, windowMs: 2000 },
  'PATCH /webhooks/:id/:token/messages/@original': { limit: 5, windowMs: 2000 },
  'PATCH /webhooks/:id/:token/messages/:id': { limit: 5, windowMs: 2000 },
};

export const DEFAULT_RULE: RateLimitRule = { limit: 50, windowMs: 1000 };

interface BucketState {
  remaining: number;
  resetAt: number;
}

export interface RateLimitVerdict {
  headers: Record<string, string>;
  /** Seconds to wait, when the request is over the limit. */
  retryAfter?: number;
}

export class RateLimiter {
  enabled: boolean;
  private readonly rules: Map<string, RateLimitRule>;
  private readonly buckets = new Map<string, BucketState>();
  private readonly hashes = new Map<string, string>();

  constructor(enabled: boolean, overrides: Record<string, RateLimitRule> = {}) {
    this.enabled = enabled;
    this.rules = new Map(Object.entries({ ...DEFAULT_RATE_LIMITS, ...overrides }));
  }

  setRule(route: string, rule: RateLimitRule): void {
    this.rules.set(route, rule);
  }

  ruleFor(route: string): RateLimitRule {
    return this.rules.get(route) ?? DEFAULT_RULE;
  }

  /** Topics › Rate Limits › Header Format: every answer carries the bucket's headers; over the limit it is a 429. */
  take(route: string, majorParameter: string, now = Date.now()): RateLimitVerdict | undefined {
    if (!this.enabled) return undefined;
    const rule = this.ruleFor(route);
    const bucketName = rule.bucket ?? route;
    const hash = this.hashFor(bucketName);
    const key = `${hash}:${majorParameter}`;
    let state = this.buckets.get(key);
    if (!state || state.resetAt <= now) {
      state = { remaining: rule.limit, resetAt: now + rule.windowMs };
      this.buckets.set(key, state);
    }
    const resetAfter = (state.resetAt - now) / 1000;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(rule.limit),
      'x-ratelimit-reset': (state.resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': hash,
    };
    if (state.remaining <= 0) {
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-scope'] = 'user';
      return { headers, retryAfter: resetAfter };
    }
    state.remaining -= 1;
    headers['x-ratelimit-remaining'] = String(state.remaining);
    return { headers };
  }

  private hashFor(bucketName: string): string {
    let hash = this.hashes.get(bucketName);
    if (!hash) {
      hash = createHash('sha1').update(bucketName).digest('hex').slice(0, 32);
      this.hashes.set(bucketName, hash);
    }
    return hash;
  }
}
