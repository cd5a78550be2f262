import { describe, expect, it } from 'vitest';
import { headingAnchors, markdownLinks, namedPaths } from './markdown.js';

const page = [
  '# Liner Notes',
  'See [the guide](docs/admin-guide.md#who-is-an-admin) and ![shot](tests/sandbox/screenshots/sandbox.png).',
  'Written as `[text](url)` in a review, which is no link; <https://discord.com> is external.',
  '```sh',
  'cat [not](a-link.md) `src/inside-a-fence.ts`',
  '```',
  'The entry is `src/main.ts`, tests in `tests/emulator/`, a review in `data/reviews/x.md`, a slug `data/reviews/<slug>.md`,',
  'a command `npm run bench`, a route `GET /channels/{c}/messages`, and `src/*.ts`.',
  '## The `liner-notes` command line',
  '## Conformance against Discord’s OpenAPI spec',
  '## Notes',
  '## Notes',
].join('\n');

describe('markdownLinks', () => {
  it('finds links and images outside code, with their lines', () => {
    expect(markdownLinks(page)).toEqual([
      { target: 'docs/admin-guide.md#who-is-an-admin', line: 2 },
      { target: 'tests/sandbox/screenshots/sandbox.png', line: 2 },
    ]);
  });
});

describe('namedPaths', () => {
  it('finds repository paths in inline code, leaving out data/, placeholders, globs and fenced blocks', () => {
    expect(namedPaths(page)).toEqual([
      { path: 'src/main.ts', line: 7 },
      { path: 'tests/emulator', line: 7 },
    ]);
  });
});

describe('headingAnchors', () => {
  it('makes the anchors GitHub makes', () => {
    expect([...headingAnchors(page)]).toEqual(['liner-notes', 'the-liner-notes-command-line', 'conformance-against-discords-openapi-spec', 'notes', 'notes-1']);
  });
});
