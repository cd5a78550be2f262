import { stat } from 'node:fs/promises';
import { errorMessage } from '../errors.js';
import { ImportError } from './import-error.js';

/**
 * The size of a file to import, refusing what cannot be one (missing, unreadable, a folder, not a regular file,
 * empty). `kind` names what was expected ("a blog post file", "a WordPress export"). Messages leave the path
 * out: the caller names the file.
 */
export async function statImportFile(path: string, kind: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ImportError(`it is a folder, not ${kind}`);
    if (!info.isFile()) throw new ImportError('it is not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT') throw new ImportError('no such file');
    if (code === 'EACCES') throw new ImportError('cannot read it: permission denied');
    throw new ImportError(`cannot read it: ${errorMessage(error)}`);
  }
  if (size === 0) throw new ImportError('the file is empty');
  return size;
}
