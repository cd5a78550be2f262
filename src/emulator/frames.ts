import { guildIdOf } from './gateway-payloads.js';

/**
 * WebSocket text frames encoded by the gateway itself, many one after another in one Buffer, so a burst of
 * dispatches leaves in one write to the TCP socket instead of one ws `send` (header and payload written
 * separately) per frame, and is held for a resume as that one Buffer.
 */

/** Bytes of the header of an unmasked frame carrying `length` payload bytes (RFC 6455 §5.2). */
export function frameHeaderLength(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/**
 * Writes the header of one final, unmasked text frame at `offset` and returns the offset after it.
 * RFC 6455 §5.2: byte 0 is FIN (0x80) | opcode 0x1 (text); byte 1 is MASK = 0 (a server never masks) and the
 * payload length: itself when below 126, else 126 and a 16-bit length, or 127 and a 64-bit length (network
 * byte order), always in the shortest form that holds it.
 */
export function writeTextFrameHeader(target: Buffer, offset: number, length: number): number {
  target[offset] = 0x81;
  if (length < 126) {
    target[offset + 1] = length;
    return offset + 2;
  }
  if (length < 65_536) {
    target[offset + 1] = 126;
    target.writeUInt16BE(length, offset + 2);
    return offset + 4;
  }
  target[offset + 1] = 127;
  target.writeUInt32BE(Math.floor(length / 0x1_0000_0000), offset + 2);
  target.writeUInt32BE(length >>> 0, offset + 6);
  return offset + 10;
}

/** One text frame carrying `text` as UTF-8. */
export function encodeTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const frame = Buffer.allocUnsafe(frameHeaderLength(length) + length);
  frame.write(text, writeTextFrameHeader(frame, 0, length));
  return frame;
}

/** Where the payload of the frame written at `start` begins, and where the frame ends (frames written above). */
export function frameBounds(frames: Buffer, start: number): { payload: number; end: number } {
  const length7 = (frames[start + 1] ?? 0) & 0x7f;
  if (length7 < 126) return { payload: start + 2, end: start + 2 + length7 };
  if (length7 === 126) return { payload: start + 4, end: start + 4 + frames.readUInt16BE(start + 2) };
  return { payload: start + 10, end: start + 10 + frames.readUInt32BE(start + 2) * 0x1_0000_0000 + frames.readUInt32BE(start + 6) };
}

/** The offset of the frame that follows `count` frames from `start`. */
export function skipFrames(frames: Buffer, start: number, count: number): number {
  let offset = start;
  for (let index = 0; index < count && offset < frames.length; index++) offset = frameBounds(frames, offset).end;
  return offset;
}

/**
 * Dispatches encoded once for Driver.pushDispatches: for each event, the end of its gateway payload after the
 * sequence number (`,"t":"T","d":DATA}`) as UTF-8, all in one Buffer. The same batch can be pushed any number
 * of times, to any sessions: only the sequence number differs between them.
 */
export class PreparedDispatches {
  /** Event i's bytes are tails[ends[i - 1] ?? 0 .. ends[i]). */
  private constructor(
    readonly tails: Buffer,
    readonly ends: Uint32Array,
    /** Event i's guild (Gateway › Sharding routes it to that guild's shard), or undefined for shard 0 only. */
    readonly guildIds: readonly (string | undefined)[],
  ) {}

  get length(): number {
    return this.ends.length;
  }

  static from(events: readonly { t: string; d: unknown }[], start = 0, end = events.length): PreparedDispatches {
    const parts: string[] = [];
    const guildIds: (string | undefined)[] = [];
    const ends = new Uint32Array(Math.max(0, end - start));
    let bytes = 0;
    for (let index = start; index < end; index++) {
      const event = events[index];
      if (!event) continue;
      // An event without data is sent as null: JSON.stringify(undefined) gives no text at all.
      const part = `,"t":${JSON.stringify(event.t)},"d":${event.d === undefined ? 'null' : JSON.stringify(event.d)}}`;
      parts.push(part);
      guildIds.push(guildIdOf(event.t, event.d));
      bytes += Buffer.byteLength(part);
      ends[parts.length - 1] = bytes;
    }
    return new PreparedDispatches(Buffer.from(parts.join('')), parts.length === ends.length ? ends : ends.subarray(0, parts.length), guildIds);
  }
}

/** `{"op":0,"s":` — every dispatch payload starts with it, then the sequence number, then the prepared tail. */
const DISPATCH_HEAD = Buffer.from('{"op":0,"s":');

/**
 * The frames of events [start, end) of `batch`, for a session whose next sequence number is `firstSeq`, one
 * after another in one Buffer: written to the socket as it is, and held as it is for a resume.
 */
export function encodeDispatchFrames(batch: PreparedDispatches, start: number, end: number, firstSeq: number): Buffer {
  const { tails, ends } = batch;
  const head = DISPATCH_HEAD.length;
  const firstTail = start === 0 ? 0 : (ends[start - 1] ?? 0);
  let total = 0;
  let tailStart = firstTail;
  for (let index = start; index < end; index++) {
    const tailEnd = ends[index] ?? tailStart;
    const length = head + digitCount(firstSeq + index - start) + tailEnd - tailStart;
    total += frameHeaderLength(length) + length;
    tailStart = tailEnd;
  }
  const arena = Buffer.allocUnsafe(total);
  let offset = 0;
  tailStart = firstTail;
  for (let index = start; index < end; index++) {
    const tailEnd = ends[index] ?? tailStart;
    const seq = firstSeq + index - start;
    const digits = digitCount(seq);
    const length = head + digits + tailEnd - tailStart;
    offset = writeTextFrameHeader(arena, offset, length);
    DISPATCH_HEAD.copy(arena, offset);
    offset += head;
    let value = seq;
    for (let digit = offset + digits - 1; digit >= offset; digit--) {
      arena[digit] = 48 + (value % 10);
      value = Math.floor(value / 10);
    }
    offset += digits;
    tails.copy(arena, offset, tailStart, tailEnd);
    offset += tailEnd - tailStart;
    tailStart = tailEnd;
  }
  return arena;
}

function digitCount(value: number): number {
  let digits = 1;
  while (value >= 10) {
    value = Math.floor(value / 10);
    digits++;
  }
  return digits;
}
