import { open } from 'node:fs/promises';

/**
 * Whether a file is XML by its content, not its name: its first non-blank character (after a UTF-8 byte-order
 * mark) is "<". A blog post pasted as text starts with its title; an export starts with `<?xml` or `<rss`. A
 * file that cannot be read is not XML here: the plain-text reader then says why it cannot be read.
 */
export async function looksLikeXml(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const buffer = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let at = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    while (at < bytesRead && [0x20, 0x09, 0x0a, 0x0d].includes(buffer[at] ?? 0)) at++;
    return at < bytesRead && buffer[at] === 0x3c;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}
