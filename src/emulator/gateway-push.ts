import { encodeDispatchFrames, PreparedDispatches } from './frames.js';
import { shardFrames } from './gateway-sharding.js';
import { canWriteFrames, drained, flush, hold, isSilenced, type Connection, type Session } from './gateway-transport.js';

/** Dispatches per batch (one socket write per connection), and unsent bytes per connection before the push waits. */
const PUSH_BATCH = 512;
const PUSH_BUFFER_LIMIT = 1 << 20;

/**
 * Sends raw dispatches to every identified session in batches: each batch is encoded as WebSocket frames into
 * one buffer per session and leaves in one write per connection, and the next one waits while a connection
 * holds more than PUSH_BUFFER_LIMIT unsent bytes, so memory stays bounded.
 */
export async function pushDispatches(
  /** The sessions now: read again for every batch, so one identified during a long push receives the rest. */
  sessions: () => Iterable<Session>,
  connections: ReadonlySet<Connection>,
  events: readonly { t: string; d: unknown }[] | PreparedDispatches,
): Promise<void> {
  const total = events.length;
  for (let start = 0; start < total; start += PUSH_BATCH) {
    const end = Math.min(total, start + PUSH_BATCH);
    if (events instanceof PreparedDispatches) {
      pushBatch(sessions(), events, start, end);
    } else {
      const batch = PreparedDispatches.from(events, start, end);
      pushBatch(sessions(), batch, 0, batch.length);
    }
    await drained(connections, PUSH_BUFFER_LIMIT);
    // A turn of the event loop between batches keeps REST requests and heartbeats answered during a long push.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function pushBatch(sessions: Iterable<Session>, batch: PreparedDispatches, start: number, end: number): void {
  if (end <= start) return;
  for (const session of sessions) {
    const firstSeq = session.seq + 1;
    const { frames, count } =
      session.shard[1] === 1
        ? { frames: encodeDispatchFrames(batch, start, end, firstSeq), count: end - start }
        : shardFrames(session, batch, start, end, firstSeq);
    if (count === 0) continue;
    hold(session, { firstSeq, count, frames });
    session.seq = firstSeq + count - 1;
    const connection = session.connection;
    if (!connection || isSilenced(connection)) continue;
    if (session.sentSeq === firstSeq - 1 && canWriteFrames(connection)) {
      connection.transport.write(frames);
      session.sentSeq = session.seq;
    } else {
      flush(session, connection);
    }
  }
}
