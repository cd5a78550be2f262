import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress-bar.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const target = { isTTY, text: '', write: (chunk: string) => ((target.text += chunk), true) };
  return target as unknown as NodeJS.WriteStream & { text: string };
}

describe('the progress bar', () => {
  it('in a log, writes a line at each tenth, never the same tenth twice', () => {
    const out = stream(false);
    const bar = progressBar('reading x.xml', out);
    for (let done = 0; done <= 1000; done += 7) bar.update(done, 1000);
    bar.update(1000, 1000);
    bar.finish();
    const lines = out.text.trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(`reading x.xml [${'-'.repeat(30)}]   0% (0.0 of 0.0 MB)`);
    expect(lines[5]).toMatch(/^reading x\.xml \[#{15}-{15}\] {2}50% /);
    expect(lines[10]).toMatch(/^reading x\.xml \[#{30}\] 100% /);
  });

  it('on a terminal, redraws one line as the percentage changes and ends it when finished', () => {
    const out = stream(true);
    const bar = progressBar('reading x.xml', out);
    bar.update(1, 4);
    bar.update(1, 4);
    bar.update(4, 4);
    bar.finish();
    expect(out.text.split('\r').filter((s) => s.length > 0)).toHaveLength(2);
    expect(out.text.endsWith('100% (0.0 of 0.0 MB)\n')).toBe(true);
    expect(out.text.split('\n')).toHaveLength(2);
  });
});
