/**
 * Just enough Markdown reading for the docs tests: links, the repository paths a page names in code, and the
 * anchors GitHub gives its headings. Fenced code blocks are examples, so nothing inside them counts.
 */

export interface Found {
  /** 1-based line in the page. */
  line: number;
}

/** Each line of the page outside fenced code blocks, with its line number. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((text, index) => {
    const opening = /^\s*(`{3,}|~{3,})/.exec(text);
    if (fence === null && opening?.[1]) fence = opening[1];
    else if (fence !== null && text.trim().startsWith(fence)) fence = null;
    else if (fence === null) lines.push({ text, line: index + 1 });
  });
  return lines;
}

const codeSpan = /(`+)(.+?)\1/g;

/** `[text](target)` and `![alt](target)` outside code, with the target as written. */
export function markdownLinks(markdown: string): (Found & { target: string })[] {
  const links: (Found & { target: string })[] = [];
  for (const { text, line } of proseLines(markdown)) {
    const withoutCode = text.replace(codeSpan, '');
    for (const match of withoutCode.matchAll(/!?\[[^\]]*\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g)) {
      if (match[1]) links.push({ target: match[1], line });
    }
  }
  return links;
}

/** The project's top-level folders whose files the docs name; data/ is left out, since the bot and admins create its files. */
const trackedFolders = ['src', 'tests', 'commands', 'bench', 'bin', 'docs', '.ci'];
const pathPattern = new RegExp(`^(?:${trackedFolders.map((f) => f.replace('.', '\\.')).join('|')})/[\\w./-]*$`);

/** Repository paths named in inline code (`src/main.ts`, `tests/emulator/`), without placeholders such as `<slug>`. */
export function namedPaths(markdown: string): (Found & { path: string })[] {
  const paths: (Found & { path: string })[] = [];
  for (const { text, line } of proseLines(markdown)) {
    for (const match of text.matchAll(codeSpan)) {
      const code = match[2]?.trim() ?? '';
      if (pathPattern.test(code) && !code.includes('..')) paths.push({ path: code.replace(/\/$/, ''), line });
    }
  }
  return paths;
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${String(count)}`);
  }
  return anchors;
}
