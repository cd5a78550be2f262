/**
 * Whether the bot is healthy: the gateway connected and the store writable. Pure: it judges the figures it is given,
 * so the rule is testable without a server, a client or a store.
 */
export interface HealthFacts {
  /** discord.js's WebSocket status name ("Ready", "Reconnecting", …) and whether that is a live session. */
  gatewayStatus: string;
  gatewayReady: boolean;
  /** The store's name for people (a file, or a URL without its password). */
  storeLocation: string;
  /** Why the store cannot be written right now (the last probe or the batched writer failed), or null. */
  storeFailure: string | null;
}

export interface HealthVerdict {
  healthy: boolean;
  /** One line per problem, for the 503 body and the log. */
  reasons: string[];
}

export function checkHealth(facts: HealthFacts): HealthVerdict {
  const reasons: string[] = [];
  if (!facts.gatewayReady) reasons.push(`the Discord gateway is not connected (status ${facts.gatewayStatus})`);
  if (facts.storeFailure !== null) reasons.push(`the store (${facts.storeLocation}) cannot be written: ${facts.storeFailure}`);
  return { healthy: reasons.length === 0, reasons };
}
