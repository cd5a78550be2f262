import { Events, RESTEvents, type Client, type Interaction } from 'discord.js';

/** Interactions waiting for their first answer beyond this many are dropped (an answer that never came). */
const maxWaiting = 10_000;

/**
 * Times each slash command from its arrival at the bot to its first answer sent to Discord (the interaction
 * callback, POST /interactions/{id}/{token}/callback: Discord's docs, Interactions → Receiving and Responding):
 * the wait a member sees. It listens on the client and its REST manager, so the dispatcher needs no hook.
 */
export function timeCommands(client: Client, observe: (command: string, seconds: number) => void): () => void {
  const waiting = new Map<string, { command: string; startedAt: number }>();
  const onInteraction = (interaction: Interaction): void => {
    if (!interaction.isChatInputCommand()) return;
    if (waiting.size >= maxWaiting) {
      const oldest = waiting.keys().next().value;
      if (oldest !== undefined) waiting.delete(oldest);
    }
    waiting.set(interaction.id, { command: interaction.commandName, startedAt: performance.now() });
  };
  const onResponse = (request: { method: string; path: string }): void => {
    if (request.method !== 'POST') return;
    const id = /^\/interactions\/(\d+)\/[^/]+\/callback/.exec(request.path)?.[1];
    const started = id === undefined ? undefined : waiting.get(id);
    if (!id || !started) return;
    waiting.delete(id);
    observe(started.command, (performance.now() - started.startedAt) / 1000);
  };
  client.on(Events.InteractionCreate, onInteraction);
  client.rest.on(RESTEvents.Response, onResponse);
  return () => {
    client.off(Events.InteractionCreate, onInteraction);
    client.rest.off(RESTEvents.Response, onResponse);
  };
}
