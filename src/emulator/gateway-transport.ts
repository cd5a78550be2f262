// A gateway connection's sending side: the dispatches a session holds for RESUME, and the frames that leave
// through ws or, in bursts, straight to the TCP socket under it.
import type { Duplex } from 'node:stream';
import { constants as zlibConstants } from 'node:zlib';
import type { Deflate } from 'node:zlib';
import { WebSocket } from 'ws';
import { frameBounds, skipFrames } from './frames.js';

/** A session keeps every dispatch it has not seen acknowledged (by a heartbeat's sequence) for RESUME. */
const MAX_BUFFERED_DISPATCHES = 250_000;

/**
 * Dispatches with consecutive sequence numbers from firstSeq, as WebSocket frames one after another in one Buffer
 * (one dispatch, or a batch of a push): held outside the JS heap, with no object per dispatch, until acknowledged.
 */
export interface BufferedBlock {
  firstSeq: number;
  count: number;
  frames: Buffer;
}

export interface Session {
  id: string;
  intents: number;
  shard: [number, number];
  seq: number;
  buffer: BufferedBlock[];
  /** Dispatches held in buffer. */
  buffered: number;
  sentSeq: number;
  connection: Connection | null;
  resumable: boolean;
  /** The guilds whose dispatches this session received (Gateway › Sharding routes each guild to one shard). */
  guildIds: Set<string>;
}

export interface Connection {
  socket: WebSocket;
  /** The TCP socket under `socket` (the one handed to handleUpgrade): a burst of frames is written to it at once. */
  transport: Duplex;
  session: Session | null;
  deflate: Deflate | null;
  deflateChunks: Buffer[];
  heartbeatDeadline: NodeJS.Timeout | null;
  silencedUntil: number;
  silenceTimer: NodeJS.Timeout | null;
  sendWindowStart: number;
  sentInWindow: number;
}

/** Drops the blocks whose every dispatch was sent and acknowledged (a block partly acknowledged stays whole). */
export function trimBuffer(session: Session, acknowledgedSeq: number): void {
  const buffer = session.buffer;
  const through = Math.min(acknowledgedSeq, session.sentSeq);
  let drop = 0;
  let dropped = 0;
  for (let block = buffer[0]; block && block.firstSeq + block.count - 1 <= through; block = buffer[++drop]) dropped += block.count;
  if (drop > 0) {
    buffer.splice(0, drop);
    session.buffered -= dropped;
  }
}

export function hold(session: Session, block: BufferedBlock): void {
  const buffer = session.buffer;
  buffer.push(block);
  session.buffered += block.count;
  // Trimmed in chunks so a long run without heartbeats does not turn every dispatch into an O(n) splice.
  if (session.buffered <= MAX_BUFFERED_DISPATCHES + 10_000) return;
  let drop = 0;
  let dropped = 0;
  for (let first = buffer[0]; first && session.buffered - dropped - first.count >= MAX_BUFFERED_DISPATCHES; first = buffer[++drop]) dropped += first.count;
  buffer.splice(0, drop);
  session.buffered -= dropped;
}

/** Sends what the session holds beyond sentSeq: one frame through ws, several in one write to the TCP socket. */
export function flush(session: Session, connection: Connection): void {
  const buffer = session.buffer;
  const lastSeq = session.seq;
  if (buffer.length === 0 || lastSeq <= session.sentSeq) return;
  let index = buffer.length - 1;
  while (index > 0 && (buffer[index]?.firstSeq ?? 0) > session.sentSeq + 1) index--;
  const pending: Buffer[] = [];
  for (; index < buffer.length; index++) {
    const block = buffer[index];
    if (!block) continue;
    const skip = session.sentSeq + 1 - block.firstSeq;
    pending.push(skip <= 0 ? block.frames : block.frames.subarray(skipFrames(block.frames, 0, skip)));
  }
  const several = lastSeq - session.sentSeq > 1;
  session.sentSeq = lastSeq;
  if (!several) {
    const only = pending[0];
    if (only) sendFrame(connection, only.subarray(frameBounds(only, 0).payload));
  } else if (canWriteFrames(connection)) {
    // Several frames at once (a resume's replay, the end of a silence): one write for all of them.
    writeCorked([connection], () => {
      for (const frames of pending) connection.transport.write(frames);
    });
  } else {
    writeCorked([connection], () => {
      for (const frames of pending) {
        for (let offset = 0; offset < frames.length;) {
          const { payload, end } = frameBounds(frames, offset);
          sendFrame(connection, frames.subarray(payload, end));
          offset = end;
        }
      }
    });
  }
}

export function sendFrame(connection: Connection, frame: string | Buffer): void {
  const socket = connection.socket;
  if (socket.readyState !== WebSocket.OPEN) return;
  const deflate = connection.deflate;
  if (!deflate) {
    socket.send(frame, { binary: false });
    return;
  }
  deflate.write(frame);
  deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
    if (connection.deflateChunks.length === 0) return;
    const compressed = connection.deflateChunks.length === 1 ? connection.deflateChunks[0] : Buffer.concat(connection.deflateChunks);
    connection.deflateChunks = [];
    if (compressed && socket.readyState === WebSocket.OPEN) socket.send(compressed, { binary: true });
  });
}

/**
 * Frames written straight to the TCP socket, bypassing ws's sender: only without zlib-stream (whose frames
 * are binary and deflated in order) and while ws itself may still write (OPEN). ws writes synchronously, so
 * frames it sends before or after stay in order with these.
 */
export function canWriteFrames(connection: Connection): boolean {
  return connection.deflate === null && connection.socket.readyState === WebSocket.OPEN && !connection.transport.destroyed && connection.transport.writable;
}

/**
 * ws writes every frame with a system call of its own; frames written while the TCP socket is corked leave
 * in one write when it is uncorked. Only synchronous bursts are corked: a dispatch caused by a REST request
 * still reaches the client before that request's response, as the tests (and bots) rely on.
 */
export function writeCorked(connections: Iterable<Connection>, write: () => void): void {
  const held = [...connections];
  for (const connection of held) connection.transport.cork();
  try {
    write();
  } finally {
    for (const connection of held) connection.transport.uncork();
  }
}

export function isSilenced(connection: Connection): boolean {
  return connection.silencedUntil !== 0 && connection.silencedUntil > Date.now();
}

/** Resolves once every open connection has at most `limit` bytes waiting to be written (or has closed). */
export async function drained(connections: Iterable<Connection>, limit: number): Promise<void> {
  for (const connection of connections) {
    const transport = connection.transport;
    while (connection.socket.readyState === WebSocket.OPEN && !transport.destroyed && transport.writableLength > limit) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          transport.off('drain', done);
          transport.off('close', done);
          resolve();
        };
        transport.on('drain', done);
        transport.on('close', done);
      });
    }
  }
}
