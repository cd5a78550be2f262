import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/index.js';
import { projectDataDir } from '../../src/catalogue/data-dir.js';
import { createLogger } from '../../src/logger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/start-sandbox.js';

const chromiumPath = '/usr/bin/chromium';
/** The bot coalesces footer edits (one per post per 2 s window) and the page polls: give each expectation time. */
const patient = { timeout: 20_000, interval: 100 };
/**
 * The README shows the committed screenshot; it is refreshed on demand (`UPDATE_SCREENSHOT=1 npx vitest run
 * tests/sandbox/browser.e2e.test.ts`). Other runs write a temporary file, so running the tests leaves the tree clean.
 */
export const screenshotPath =
  process.env.UPDATE_SCREENSHOT === '1' ? fileURLToPath(new URL('./screenshots/sandbox.png', import.meta.url)) : join(tmpdir(), `liner-notes-sandbox-${process.pid}.png`);

let sandbox: Sandbox;
let dataDir: string;
let profileDir: string;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: the sandbox browser test needs Debian's chromium (apt-get install chromium; .ci/run installs it)`);
  }
  dataDir = await mkdtemp(join(tmpdir(), 'liner-notes-sandbox-'));
  profileDir = await mkdtemp(join(tmpdir(), 'liner-notes-chromium-'));
  sandbox = await startSandbox({ port: 0, dataDir, logger: createLogger('silent') });
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(sandbox.url);
  await page.waitForSelector('body[data-ready="true"]');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  for (const dir of [dataDir, profileDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

function person(name: string): string {
  const found = sandbox.roster.people.find((p) => p.username === name);
  if (!found) throw new Error(`no sandbox person ${name}`);
  return found.id;
}

async function actAs(username: string): Promise<void> {
  const id = person(username);
  await page.selectOption('#who', id);
  await page.waitForSelector(`body[data-viewer="${id}"]`);
}

/** Types a command, picks the suggestion for its review option, and sends it. */
async function runWithSuggestion(typed: string, suggestion: string): Promise<void> {
  await page.fill('#composer', typed);
  await page.locator('#channel-suggestions .suggestion', { hasText: suggestion }).first().click();
  await expect.poll(() => page.inputValue('#composer'), patient).toContain(suggestion);
  await page.press('#composer', 'Enter');
  await expect.poll(() => page.inputValue('#composer'), patient).toBe('');
}

describe('the sandbox page in headless Chromium', () => {
  it('posts a review chosen through autocomplete, counts likes and a response, shows /tracks, and saves a screenshot', async () => {
    const { catalogue } = await loadCatalogue(projectDataDir);
    const rocky = catalogue.all().find((r) => r.subject === 'Rocky IV');
    expect(rocky?.tracks).toHaveLength(10);

    await actAs('adrian');
    await runWithSuggestion('/review post review:burning heart', 'Rocky IV');
    const post = page.locator('#channel-messages discord-message', { has: page.locator(`discord-embed[embed-title="${rocky?.title ?? ''}"]`) });
    await expect.poll(() => post.count(), patient).toBe(1);
    const postId = await post.getAttribute('data-message-id');
    expect(postId).toMatch(/^\d+$/);
    const footer = post.locator('discord-embed-footer');
    // The admin's confirmation is ephemeral: theirs only.
    const confirmation = page.locator('#channel-messages discord-message[ephemeral]', { hasText: 'Posted' });
    await expect.poll(() => confirmation.count(), patient).toBe(1);

    for (const member of ['apollo', 'ivan']) {
      await actAs(member);
      await expect.poll(() => confirmation.count(), patient).toBe(0);
      await post.locator('[data-react="👍"]').click();
      await expect.poll(() => post.locator('discord-reaction[data-emoji="👍"]').getAttribute('reacted'), patient).not.toBeNull();
    }
    await expect.poll(() => footer.textContent(), patient).toBe('Liked by 2 people');

    await actAs('apollo');
    await post.locator('discord-thread').click();
    await expect.poll(() => page.locator('#thread-name').textContent(), patient).toBe('Responses: Rocky IV');
    await page.fill('#thread-composer', 'Burning Heart is the one for me too.');
    await page.press('#thread-composer', 'Enter');
    await expect.poll(() => page.locator('#thread-messages discord-message', { hasText: 'Burning Heart is the one for me too.' }).count(), patient).toBe(1);
    await expect.poll(() => footer.textContent(), patient).toBe('Liked by 2 people · 1 Response');
    await expect.poll(() => post.locator('discord-thread').getAttribute('cta'), patient).toBe('1 Message');

    await runWithSuggestion('/tracks review:rocky', 'Rocky IV');
    const listing = page.locator('#channel-messages discord-message', { has: page.locator('discord-embed[embed-title="Track listing: Rocky IV"]') });
    await expect.poll(() => listing.count(), patient).toBe(1);
    const listingText = (await listing.textContent()) ?? '';
    for (const [index, track] of (rocky?.tracks ?? []).entries()) {
      expect(listingText).toContain(`${index + 1}. ${track.artist} – ${track.title}`);
    }

    await post.locator('discord-embed-footer').scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await mkdir(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    expect(existsSync(screenshotPath)).toBe(true);

    // A modal opens as a dialog for whoever ran the command; its answer (a preview with buttons) is theirs only.
    await actAs('adrian');
    await page.fill('#composer', '/review new');
    await page.press('#composer', 'Escape');
    await page.press('#composer', 'Enter');
    await expect.poll(() => page.locator('#modal-title').textContent(), patient).toBe('New review');
    await page.fill('#field-title', 'Great Soundtracks of 1985: Vision Quest');
    await page.fill('#field-text', 'Lunatic Fringe opens it, and it never lets up.');
    await page.fill('#field-tracks', '1. Red Rider – Lunatic Fringe\n2. Madonna – Crazy for You');
    await page.click('#modal-submit');
    const preview = page.locator('#channel-messages discord-message[ephemeral]', { has: page.locator('discord-button', { hasText: 'Publish' }) });
    await expect.poll(() => preview.count(), patient).toBe(1);
    expect(await page.locator('#modal').getAttribute('open')).toBeNull();
    await preview.locator('discord-button', { hasText: 'Cancel' }).click();
    await expect.poll(() => preview.count(), patient).toBe(0);
  }, 120_000);
});
