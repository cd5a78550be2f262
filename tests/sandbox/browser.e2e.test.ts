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
import { stopStarted } from '../e2e/helpers/stop-started.js';

const chromiumPath = '/usr/bin/chromium';
/** The bot coalesces footer edits (one per post per 2 s window) and the page polls: give each expectation time. */
const patient = { timeout: 20_000, interval: 100 };
/**
 * The README shows the committed screenshot; it is refreshed on demand (`UPDATE_SCREENSHOT=1 npx vitest run
 * tests/sandbox/browser.e2e.test.ts`). Other runs write a temporary file, so running the tests leaves the tree clean.
 */
export const screenshotPath =
  process.env.UPDATE_SCREENSHOT === '1'
    ? fileURLToPath(new URL('./screenshots/sandbox.png', import.meta.url))
    : join(tmpdir(), `liner-notes-sandbox-${process.pid}.png`);

let sandbox: Sandbox;
let dataDir: string;
let profileDir: string;
let browser: BrowserContext | undefined;
let page: Page;
/** Set by the first step and used by the later ones: the Rocky IV post in #reviews. */
let firstPostId = '';

/** The DOM members the page-side checks read: tsconfig has no DOM library, as the tests themselves run in Node. */
interface PageBox {
  bottom: number;
  height: number;
}
interface PageElement {
  readonly ownerDocument: { readonly defaultView: { getComputedStyle(element: PageElement): { opacity: string; position: string } } };
  readonly children: Iterable<PageElement>;
  readonly shadowRoot: { querySelector(selector: string): PageElement | null } | null;
  querySelector(selector: string): PageElement | null;
  getBoundingClientRect(): PageBox;
  getClientRects(): Iterable<PageBox>;
}

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
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(sandbox.url);
  await page.waitForSelector('body[data-ready="true"]');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stopStarted(sandbox);
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

async function openChannel(name: string): Promise<void> {
  await page.locator('#channels li', { hasText: name }).click();
  await expect.poll(() => page.locator('#channel-name').textContent(), patient).toBe(name);
}

const suggestionLabels = (): Promise<string[]> => page.locator('#channel-suggestions .suggestion .label').allTextContents();
const channelError = (): Promise<string | null> => page.locator('#channel-error').textContent();

/** Types into the channel's message box, closes the suggestions and sends what is there. */
async function sendTyped(text: string): Promise<void> {
  await page.fill('#composer', text);
  await page.press('#composer', 'Escape');
  await page.press('#composer', 'Enter');
}

describe('the sandbox page in headless Chromium', () => {
  it('posts a review chosen through autocomplete, counts likes and a response, shows /tracks, and opens a modal', async () => {
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

    // No blank gap under a message: the hover toolbar floats over it and takes no room when hidden.
    const gapUnder = (message: typeof listing): Promise<number> =>
      message.evaluate((node: PageElement) => {
        const view = node.ownerDocument.defaultView;
        const seen = (child: PageElement): boolean => {
          const style = view.getComputedStyle(child);
          return child.getBoundingClientRect().height > 0 && style.opacity !== '0' && style.position !== 'absolute';
        };
        const last = [...node.children].filter(seen).at(-1);
        return node.getBoundingClientRect().bottom - (last ?? node).getBoundingClientRect().bottom;
      });
    await page.mouse.move(0, 0);
    expect(await gapUnder(listing)).toBeLessThan(12);
    expect(await gapUnder(post)).toBeLessThan(12);
    // The post's footer was edited, but a message of embeds alone shows no "(edited)", as on Discord.
    expect(await post.getAttribute('edited')).toBeNull();

    firstPostId = postId ?? '';

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

  it('/setup offers only the channels its option allows, refuses an empty or unknown one, and draws the saved role and channel as mentions', async () => {
    await actAs('adrian');
    await openChannel('general');
    await page.fill('#composer', '/setup reviews_channel:');
    // channel_types is [text, forum]: the thread "Responses: Rocky IV" is not offered.
    await expect.poll(suggestionLabels, patient).toEqual(['#reviews', '#general', '#review-forum']);

    await sendTyped('/setup reviews_channel:');
    await expect.poll(channelError, patient).toBe('option reviews_channel has no value: pick a channel, or leave the option out');
    await sendTyped('/setup reviews_channel:#nope');
    await expect.poll(channelError, patient).toBe('option reviews_channel: no channel named "nope" (known: reviews, general, review-forum)');

    await page.fill('#composer', '/setup reviews_channel:rev');
    await expect.poll(suggestionLabels, patient).toEqual(['#reviews', '#review-forum']);
    await page.locator('#channel-suggestions .suggestion', { hasText: '#reviews' }).first().click();
    await expect.poll(() => page.inputValue('#composer'), patient).toBe('/setup reviews_channel:#reviews ');
    await page.fill('#composer', '/setup reviews_channel:#reviews admin_role:');
    await expect.poll(suggestionLabels, patient).toEqual(['@Moderators']);
    await page.locator('#channel-suggestions .suggestion', { hasText: '@Moderators' }).click();
    await page.press('#composer', 'Enter');
    await expect.poll(() => page.inputValue('#composer'), patient).toBe('');

    const saved = page.locator('#channel-messages discord-message[ephemeral]', { hasText: 'Saved.' });
    await expect.poll(() => saved.count(), patient).toBe(1);
    await expect.poll(() => saved.locator('discord-mention[type="role"]').textContent(), patient).toBe('Moderators');
    expect(await saved.locator('discord-mention[type="channel"]').textContent()).toBe('reviews');
    expect(await saved.textContent()).not.toMatch(/<@&|<#|\d{17,}/);
    // The command line above the reply names the person as Discord does: "Adrian used /setup".
    expect(await saved.locator('discord-command').getAttribute('author')).toBe('Adrian');
  }, 60_000);

  it("leaves /setup out of a member's / list, as Discord does for default_member_permissions", async () => {
    const slashList = async (): Promise<string[]> => {
      await page.fill('#composer', '');
      await page.fill('#composer', '/');
      await expect.poll(async () => (await suggestionLabels()).length, patient).toBeGreaterThan(0);
      return suggestionLabels();
    };
    expect(await slashList()).toContain('/setup');
    for (const member of ['apollo', 'mickey']) {
      await actAs(member);
      const labels = await slashList();
      expect(labels).toContain('/tracks');
      expect(labels).not.toContain('/setup');
    }
    await page.fill('#composer', '/setup');
    await expect.poll(() => page.locator('#channel-suggestions .heading').textContent(), patient).toBe('No command starts with "/setup"');
    await page.fill('#composer', '');
  }, 60_000);

  it('opens discord.com links in place, draws the forum as post cards, opens a post with its replies, and explains why a forum takes no plain message', async () => {
    await actAs('adrian');
    await openChannel('general');
    await page.fill('#composer', '/review post review:burning heart');
    await page.locator('#channel-suggestions .suggestion', { hasText: 'Rocky IV' }).first().click();
    await page.locator('#composer').pressSequentially('channel:');
    await expect.poll(suggestionLabels, patient).toEqual(['#reviews', '#general', '#review-forum']);
    await page.locator('#channel-suggestions .suggestion', { hasText: '#review-forum' }).click();
    await page.press('#composer', 'Enter');
    await expect.poll(() => page.inputValue('#composer'), patient).toBe('');

    // Posted already in #reviews: the answer links to that post and asks before posting again.
    const confirm = page.locator('#channel-messages discord-message[ephemeral]', { hasText: 'already posted in this server' });
    await expect.poll(() => confirm.count(), patient).toBe(1);
    expect(await confirm.locator('discord-mention[type="forum"]').textContent()).toBe('review-forum');
    await confirm.locator('discord-link').first().click();
    await expect.poll(() => page.locator('#channel-name').textContent(), patient).toBe('reviews');
    await expect.poll(() => page.locator('#channel-messages discord-message[data-focused="true"]').getAttribute('data-message-id'), patient).toBe(firstPostId);
    expect(page.url()).toBe(sandbox.url);

    await openChannel('general');
    await confirm.locator('discord-button', { hasText: 'Post again' }).click();
    const posted = page.locator('#channel-messages discord-message[ephemeral]', { hasText: /Posted .+ again in/ });
    await expect.poll(() => posted.locator('discord-link').count(), patient).toBe(1);
    // "Posting…" became "Posted … again": "(edited)" follows the text on its line, above nothing of its own.
    const editedOffset = await posted.evaluate((node: PageElement) => {
      const label = node.shadowRoot?.querySelector('.discord-message-edited');
      const text = node.querySelector(':scope > span:not([slot])');
      if (!label || !text) return null;
      const [labelBox, textRects] = [label.getBoundingClientRect(), [...text.getClientRects()]];
      return Math.abs(labelBox.bottom - (textRects.at(-1)?.bottom ?? 0));
    });
    expect(editedOffset).not.toBeNull();
    expect(editedOffset).toBeLessThan(8);
    await posted.locator('discord-link').click();

    // The link opens the forum, and the post beside it, at its starter message.
    await expect.poll(() => page.locator('#channel-name').textContent(), patient).toBe('review-forum');
    await expect.poll(() => page.locator('#thread-name').textContent(), patient).toBe('Rocky IV');
    await expect.poll(() => page.locator('#thread-messages discord-message[data-focused="true"]').count(), patient).toBe(1);
    const card = page.locator('#forum-posts .forum-card');
    await expect.poll(() => card.count(), patient).toBe(1);
    expect(await card.locator('.forum-card-title').textContent()).toBe('Rocky IV');
    expect(await card.locator('.forum-tag').allTextContents()).toEqual(['1985']);
    expect(await card.locator('.forum-card-starter').textContent()).toContain('Rocky IV');
    expect(await card.locator('.forum-card-replies').textContent()).toBe('💬 0');
    expect(await page.locator('#channel-messages').isHidden()).toBe(true);

    // Discord gives a forum no message box: the page says so where the box would be.
    expect(await page.locator('#composer').isDisabled()).toBe(true);
    expect(await page.getAttribute('#composer', 'placeholder')).toBe('#review-forum is a forum: it holds posts, not messages. Open a post to reply in it.');

    // A member opens the post from its card, replies and likes it; the card counts both.
    await actAs('apollo');
    await page.locator('#thread-close').click();
    await card.click();
    await expect.poll(() => page.locator('#thread-name').textContent(), patient).toBe('Rocky IV');
    await page.fill('#thread-composer', 'The training montage still gets me.');
    await page.press('#thread-composer', 'Enter');
    await expect.poll(() => card.locator('.forum-card-replies').textContent(), patient).toBe('💬 1');
    const starter = page.locator('#thread-messages discord-message').first();
    await starter.locator('[data-react="👍"]').click();
    await expect.poll(() => card.locator('.forum-card-reaction[data-emoji="👍"]').textContent(), patient).toBe('👍 2');
    await expect.poll(() => page.locator('#thread-messages discord-message', { hasText: 'The training montage still gets me.' }).count(), patient).toBe(1);

    await expect.poll(() => starter.locator('discord-embed-footer').last().textContent(), patient).toBe('Liked by 1 person · 1 Response');
    // The README's picture: the forum's card beside the open post, its like and its reply.
    await page.locator('#thread-messages discord-message', { hasText: 'The training montage still gets me.' }).scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await mkdir(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    expect(existsSync(screenshotPath)).toBe(true);

    // A "jump" link in an embed (/responses) opens the response's thread beside its channel, at that response.
    await openChannel('general');
    await runWithSuggestion('/responses review:rocky', 'Rocky IV');
    const responses = page.locator('#channel-messages discord-message', { has: page.locator('discord-embed[embed-title^="Responses to Rocky IV"]') });
    await expect.poll(() => responses.count(), patient).toBe(1);
    await responses.locator('discord-link', { hasText: 'jump' }).first().click();
    await expect.poll(() => page.locator('#thread-messages discord-message[data-focused="true"]').count(), patient).toBe(1);
    const jumpedTo = (await page.locator('#thread-messages discord-message[data-focused="true"]').textContent()) ?? '';
    expect(['Burning Heart is the one for me too.', 'The training montage still gets me.'].some((text) => jumpedTo.includes(text))).toBe(true);
    expect(['reviews', 'review-forum']).toContain(await page.locator('#channel-name').textContent());
  }, 60_000);

  it('says "offline — reconnecting" while the sandbox is stopped, explains a failed send in words, and recovers by itself', async () => {
    await openChannel('general');
    const port = new URL(sandbox.url).port;
    await sandbox.stop();
    await expect.poll(() => page.locator('#bot-status').textContent(), patient).toBe('offline — reconnecting');
    expect(await page.locator('#connection-banner').isVisible()).toBe(true);

    await page.fill('#composer', 'Anyone there?');
    await page.press('#composer', 'Enter');
    await expect.poll(channelError, patient).toContain('the sandbox is not answering');
    expect(await channelError()).not.toContain('Failed to fetch');
    expect(await page.inputValue('#composer')).toBe('Anyone there?');

    sandbox = await startSandbox({ port: Number(port), dataDir, logger: createLogger('silent') });
    expect(sandbox.restored).toBe(true);
    await expect.poll(() => page.locator('#bot-status').textContent(), patient).toMatch(/^bot: .+ online$/);
    expect(await page.locator('#connection-banner').isVisible()).toBe(false);
    expect(await channelError()).toBe('');
    // The page picked up where it was: the same person, channel and posts.
    expect(await page.locator('#channel-name').textContent()).toBe('general');
    await page.press('#composer', 'Enter');
    await expect.poll(() => page.locator('#channel-messages discord-message', { hasText: 'Anyone there?' }).count(), patient).toBe(1);
  }, 60_000);
});
