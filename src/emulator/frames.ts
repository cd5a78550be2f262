/**
 * WebSocket text frames written by the gateway itself, many to one Buffer, so a burst of dispatches leaves in
 * one write to the TCP socket instead of one ws `send` (header and payload written separately) per frame.
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

/** One text frame per payload (UTF-8 bytes), one after another in a single Buffer. */
export function encodeTextFrames(payloads: readonly Uint8Array[]): Buffer {
  let total = 0;
  for (const payload of payloads) total += frameHeaderLength(payload.length) + payload.length;
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const payload of payloads) {
    offset = writeTextFrameHeader(out, offset, payload.length);
    out.set(payload, offset);
    offset += payload.length;
  }
  return out;
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
  ) {}

  get length(): number {
    return this.ends.length;
  }

  static from(events: readonly { t: string; d: unknown }[], start = 0, end = events.length): PreparedDispatches {
    const parts: string[] = [];
    const ends = new Uint32Array(Math.max(0, end - start));
    let bytes = 0;
    for (let index = start; index < end; index++) {
      const event = events[index];
      if (!event) continue;
      const part = `,"t":${JSON.stringify(event.t)},"d":${JSON.stringify(event.d) ?? 'null'}}`;
      parts.push(part);
      bytes += Buffer.byteLength(part);
      ends[parts.length - 1] = bytes;
    }
    return new PreparedDispatches(Buffer.from(parts.join('')), parts.length === ends.length ? ends : ends.subarray(0, parts.length));
  }
}

/** `{"op":0,"s":` — every dispatch payload starts with it, then the sequence number, then the prepared tail. */
const DISPATCH_HEAD = Buffer.from('{"op":0,"s":');

/**
 * The frames of events [start, end) of `batch`, for a session whose next sequence number is `firstSeq`, in one
 * arena Buffer; `payloads` receives each frame's payload as a view into the arena (no copy), for the session's
 * resume buffer.
 */
export function encodeDispatchFrames(batch: PreparedDispatches, start: number, end: number, firstSeq: number, payloads: Buffer[]): Buffer {
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
    const payloadStart = offset;
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
    payloads.push(arena.subarray(payloadStart, offset));
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
