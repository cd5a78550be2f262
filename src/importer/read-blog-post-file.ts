import { readFile } from 'node:fs/promises';
import { ImportError } from './import-error.js';
import { maxPostBytes } from './import-blog-post.js';
import { statImportFile } from './stat-import-file.js';

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Reads a post as UTF-8 text, refusing what cannot be one (missing, a folder, empty, over 1 MB, binary).
 * Messages leave the path out: the caller names the file.
 */
export async function readBlogPostFile(path: string): Promise<string> {
  const size = await statImportFile(path, 'a blog post file');
  if (size > maxPostBytes) throw new ImportError(`the file is larger than 1 MB (${size} bytes): not a blog post`);
  const bytes = await readFile(path);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportError('the file is UTF-16 text: save it as UTF-8 and import it again');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new ImportError('the file is binary (a NUL byte), not text', lineAt(bytes, nul));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const firstBad = lenient.indexOf('\ufffd');
    const line = firstBad < 0 ? null : lenient.slice(0, firstBad).split('\n').length;
    throw new ImportError('the file is binary or not UTF-8 text', line);
  }
}
