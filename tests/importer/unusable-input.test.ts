import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError, importBlogPost, readBlogPostFile } from '../../src/importer/index.js';

function importError(run: () => unknown): ImportError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected an ImportError');
}

async function fileError(run: () => Promise<unknown>): Promise<ImportError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected an ImportError');
}

describe('importBlogPost refuses text that is not a usable post', () => {
  it('empty or blank text', () => {
    expect(importError(() => importBlogPost('')).message).toBe('empty input: there is no text at all');
    expect(importError(() => importBlogPost(' \n\t\n  \n')).line).toBeNull();
  });

  it('no title: the first line with text is a listing heading or a track', () => {
    const heading = importError(() => importBlogPost('\n\nTrack Listing\n1. A - B\n'));
    expect(heading.line).toBe(3);
    expect(heading.message).toMatch(/^line 3: no title: .*track listing heading/);
    expect(importError(() => importBlogPost('  1. Survivor- Burning Heart\n')).message).toMatch(/no title: .*it is a track/);
  });

  it('no track listing at all', () => {
    const error = importError(() => importBlogPost('My Title\n\nA paragraph about music.\n\nAnother one.\n'));
    expect(error.message).toMatch(/^no track listing/);
    expect(error.line).toBeNull();
  });

  it('a listing heading with nothing a track could be under it names the heading line', () => {
    const error = importError(() => importBlogPost('My Title\n\nTrack Listing\n\n1. Survivor-Burning Heart\nSurvivor\n'));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^line 3: no track listing: .*dash followed by a space/);
  });

  it('binary text (NUL bytes) names the line', () => {
    const error = importError(() => importBlogPost('Title\n\nTrack Listing\n1. A - B\n\u0000\u0001'));
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/binary/);
  });

  it('text over 1 MB', () => {
    const error = importError(() => importBlogPost(`Title\n${'x'.repeat(1024 * 1024)}`));
    expect(error.message).toMatch(/larger than 1 MB/);
  });

  it('a track that breaks the review limits names the field and its line', () => {
    const error = importError(() => importBlogPost(`Title\n\nTrack Listing\n1. A - B\n2. Artist - ${'y'.repeat(201)}\n`));
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/^line 5: tracks\[1\]\.title: is 201 characters long, the limit is 200/);
  });

  it('a title longer than Discord can show names the title line', () => {
    const error = importError(() => importBlogPost(`\n${'T'.repeat(300)}\n\nTrack Listing\n1. A - B\n`));
    expect(error.message).toMatch(/^line 2: title: is 300 characters long, the limit is 256/);
  });
});

describe('readBlogPostFile refuses files that cannot be a post', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liner-notes-import-'));

  it('a missing file', async () => {
    expect((await fileError(() => readBlogPostFile(join(dir, 'absent.txt')))).message).toBe('no such file');
  });

  it('a folder', async () => {
    expect((await fileError(() => readBlogPostFile(dir))).message).toMatch(/folder/);
  });

  it('an empty file', async () => {
    const file = join(dir, 'empty.txt');
    writeFileSync(file, '');
    expect((await fileError(() => readBlogPostFile(file))).message).toBe('the file is empty');
  });

  it('a file over 1 MB', async () => {
    const file = join(dir, 'big.txt');
    writeFileSync(file, 'a'.repeat(1024 * 1024 + 1));
    expect((await fileError(() => readBlogPostFile(file))).message).toMatch(/larger than 1 MB \(1048577 bytes\)/);
  });

  it('a binary file, with the line of the first NUL byte', async () => {
    const file = join(dir, 'image.png');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    const error = await fileError(() => readBlogPostFile(file));
    expect(error.message).toMatch(/binary/);
    expect(error.line).toBe(3);
  });

  it('a file that is not UTF-8', async () => {
    const file = join(dir, 'latin1.txt');
    writeFileSync(file, Buffer.from('Caf\xe9 Society\n\nTrack Listing\n', 'latin1'));
    const error = await fileError(() => readBlogPostFile(file));
    expect(error.message).toMatch(/not UTF-8/);
    expect(error.line).toBe(1);
  });

  it('a UTF-16 file, with what to do about it', async () => {
    const file = join(dir, 'utf16.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Title\n', 'utf16le')]));
    expect((await fileError(() => readBlogPostFile(file))).message).toBe('the file is UTF-16 text: save it as UTF-8 and import it again');
  });

  it('reads a good file as text', async () => {
    const file = join(dir, 'ok.txt');
    writeFileSync(file, 'Title\n\nTrack Listing\n1. A - B\n');
    expect(await readBlogPostFile(file)).toBe('Title\n\nTrack Listing\n1. A - B\n');
  });
});
