import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { encodeDispatchFrames, encodeTextFrame, frameBounds, PreparedDispatches, skipFrames, writeTextFrameHeader } from '../../src/emulator/frames.js';

interface Received {
  data: Buffer;
  isBinary: boolean;
}

/**
 * Writes `bytes` in one write to the TCP socket under a ws server connection, as the gateway does, and
 * resolves with the first `count` messages a real ws client decodes from them.
 */
async function receiveThroughWs(bytes: Buffer, count: number): Promise<Received[]> {
  const wss = new WebSocketServer({ noServer: true });
  server = createServer();
  server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, () => socket.write(bytes)));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  clients.push(client);
  const received: Received[] = [];
  return new Promise((resolve, reject) => {
    client.on('error', reject);
    client.on('close', (code) => reject(new Error(`closed with ${code} after ${received.length} messages`)));
    client.on('message', (data: Buffer, isBinary) => {
      received.push({ data, isBinary });
      if (received.length === count) resolve(received);
    });
  });
}

let server: Server | undefined;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const lengths = [0, 125, 126, 65_535, 65_536];

describe('emulator: WebSocket text frames written by the gateway', () => {
  it('writes FIN + text opcode and the shortest length form, unmasked', () => {
    const header = (length: number): number[] => {
      const target = Buffer.alloc(10, 0xee);
      const end = writeTextFrameHeader(target, 0, length);
      return [...target.subarray(0, end)];
    };
    expect(header(0)).toEqual([0x81, 0]);
    expect(header(125)).toEqual([0x81, 125]);
    expect(header(126)).toEqual([0x81, 126, 0x00, 0x7e]);
    expect(header(65_535)).toEqual([0x81, 126, 0xff, 0xff]);
    expect(header(65_536)).toEqual([0x81, 127, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00]);
    expect(header(2 ** 32 + 5)).toEqual([0x81, 127, 0, 0, 0, 0x01, 0, 0, 0, 0x05]);
  });

  it('frames one after another in one buffer reach a ws client as the same text messages, byte for byte', async () => {
    const texts = lengths.map((length, index) => 'abcde'.charAt(index).repeat(length));
    // Multi-byte UTF-8: the length in the header counts bytes, not characters.
    texts.push('Sølvtråd — “Eye of the Tiger” 🎵');
    const frames = texts.map((text) => encodeTextFrame(text));
    expect(frames.map((frame, index) => frame.length - Buffer.byteLength(texts[index] ?? ''))).toEqual([2, 2, 4, 4, 10, 2]);
    const encoded = Buffer.concat(frames);
    const received = await receiveThroughWs(encoded, texts.length);
    expect(received.map((message) => message.isBinary)).toEqual(texts.map(() => false));
    for (const [index, text] of texts.entries()) expect(received[index]?.data.equals(Buffer.from(text))).toBe(true);
    // Walking the headers finds each frame again.
    let offset = 0;
    for (const [index, text] of texts.entries()) {
      const { payload, end } = frameBounds(encoded, offset);
      expect(encoded.subarray(payload, end).equals(Buffer.from(text))).toBe(true);
      expect(skipFrames(encoded, 0, index)).toBe(offset);
      offset = end;
    }
    expect(skipFrames(encoded, 0, texts.length)).toBe(encoded.length);
  });

  it('encodes prepared dispatches with each session’s sequence numbers', async () => {
    const events = [
      { t: 'MESSAGE_REACTION_ADD', d: { message_id: '1', emoji: { id: null, name: '👍' } } },
      { t: 'TYPING_START', d: { channel_id: '2', padding: 'x'.repeat(70_000) } },
      { t: 'MESSAGE_REACTION_REMOVE', d: { message_id: '3', emoji: { id: null, name: '👍' } } },
      { t: 'TYPING_START', d: { channel_id: '4', note: 'zwölf' } },
    ];
    const prepared = PreparedDispatches.from(events);
    expect(prepared.length).toBe(4);
    // Events 1..3 from sequence number 9: the digits grow from one to two in the middle.
    const encoded = encodeDispatchFrames(prepared, 1, 4, 9);
    const received = await receiveThroughWs(encoded, 3);
    const expected = events.slice(1).map((event, index) => ({ op: 0, s: 9 + index, t: event.t, d: event.d }));
    expect(received.map((message) => JSON.parse(message.data.toString('utf8')) as unknown)).toEqual(expected);
    expect(received.every((message) => !message.isBinary)).toBe(true);
    expect(skipFrames(encoded, 0, 3)).toBe(encoded.length);
  });
});
