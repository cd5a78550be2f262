import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/importer/index.js';
import { importWxrFile, maxExportBytes } from '../../../src/importer/wxr/index.js';
import { buildExport, channelHeader } from './build-export.js';

const dir = mkdtempSync(join(tmpdir(), 'liner-notes-wxr-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function failure(file: string): Promise<string> {
  try {
    await importWxrFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return (error as Error).message;
  }
  throw new Error('the import did not fail');
}

const post = { title: 'T', content: 'Track Listing\n\n1. A- B' };

describe('an export that cannot be imported is refused with a specific reason', () => {
  it.each([
    ['mismatched tags', '<?xml version="1.0"?><rss><channel></rss>', /^not XML: line 1, column \d+: /],
    ['a file cut off in the middle', buildExport([post]).slice(0, 2000), /^not XML: .*(unclosed|end)/i],
    ['text that only starts with "<"', '<<< not markup at all', /^not XML: line 1, column \d+: /],
    ['an undefined HTML entity outside CDATA', `${channelHeader()}<item><title>A&nbsp;B</title></item></channel></rss>`, /^not XML: .*entity/i],
  ])('not XML: %s', async (_name, content, message) => {
    expect(await failure(write(`${_name.replaceAll(' ', '-')}.xml`, content))).toMatch(message);
  });

  it.each([
    ['an Atom feed', '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', 'its root element is <feed>, not <rss>'],
    [
      'a plain RSS feed',
      '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>y</title></item></channel></rss>',
      'its channel has no wp:wxr_version',
    ],
    ['RSS without items or version', '<rss version="2.0"><channel><title>x</title></channel></rss>', 'its channel has no wp:wxr_version'],
    ['an XHTML page', '<html><body><p>hello</p></body></html>', 'its root element is <html>, not <rss>'],
  ])('XML that is not a WordPress export: %s', async (_name, content, message) => {
    expect(await failure(write(`${_name.replaceAll(' ', '-')}.xml`, content))).toBe(
      `XML, but not a WordPress export: ${message}${message.includes('wxr_version') ? ' (WordPress writes one before the first item)' : ''}`,
    );
  });

  it('a WXR version it does not know', async () => {
    expect(await failure(write('v2.xml', buildExport([post], { version: '2.0' })))).toBe(
      'WXR version "2.0" is not one this importer knows (it reads 1.0, 1.1, 1.2)',
    );
  });

  it('reads the versions WordPress has written', async () => {
    for (const version of ['1.0', '1.1', '1.2']) {
      const { reviews } = await importWxrFile(write(`v${version}.xml`, buildExport([post], { version })));
      expect(reviews).toHaveLength(1);
    }
  });

  it('a file over the size limit, refused before it is read', async () => {
    const file = write('huge.xml', '<?xml version="1.0"?>');
    // A sparse file: its size is over the limit without writing its bytes.
    truncateSync(file, maxExportBytes + 1);
    expect(await failure(file)).toBe(
      `the file is ${maxExportBytes + 1} bytes, over the 256 MB limit for a WordPress export: export the blog in parts (Tools → Export by date range) and import each`,
    );
  });

  it('bytes that are not UTF-8', async () => {
    const bytes = Buffer.from(buildExport([{ title: 'Caf\u00e9', content: 'Track Listing\n\n1. A- B' }]), 'latin1');
    expect(await failure(write('latin1.xml', bytes))).toMatch(/^the export is not UTF-8 text/);
  });

  it('an export that declares another encoding', async () => {
    const xml = buildExport([post]).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    expect(await failure(write('declared-latin1.xml', xml))).toBe(
      'the export says it is ISO-8859-1 text; this importer reads UTF-8 exports only (re-save the file as UTF-8)',
    );
  });

  it('an empty file, a folder and a missing file', async () => {
    expect(await failure(write('empty.xml', ''))).toBe('the file is empty');
    expect(await failure(dir)).toBe('it is a folder, not a WordPress export');
    expect(await failure(join(dir, 'absent.xml'))).toBe('no such file');
  });
});
