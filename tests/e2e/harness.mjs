// Shared by the end-to-end tests and bench/browser.mjs: serve the release build from dist/ on a
// free loopback port, and start Debian's Chromium through playwright-core (no browser download).
// What does not need Playwright is in ../site.mjs, shared with tests/engines/.
import { basename, join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, MODE, ROOT, startPage } from '../site.mjs';

export { DIST, isOwnRequest, MODE, ROOT, serveDist, startPage } from '../site.mjs';

/** Screenshots for people to look at; those of the single file go to their own folder. */
export const SCREENSHOTS = join(ROOT, 'target', 'screenshots', MODE === 'file' ? 'file' : '');

/** Starts Chromium; `args` are added to the usual flags. */
export async function launchBrowser({ args = [] } = {}) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...args] });
}

/** Opens the page and records every request it makes. */
export async function openPage(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  await page.waitForSelector('[data-kind=member]');
  return { page, requests };
}

/** For a test file: starts the page (as MODE says) and Chromium before its tests, then runs
 * the file's own `setup(session)`, and stops them after. The returned object gets `url` and
 * `browser` once the tests run. */
export function useBrowser(setup) {
  const session = {};
  before(async () => {
    session.site = await startPage();
    session.url = session.site.url;
    session.browser = await launchBrowser();
    await setup?.(session);
  });
  after(async () => {
    await session.browser?.close();
    await session.site?.close();
  });
  return session;
}

/** Opens a document through the page's file picker and waits until the page shows its name.
 * `file` is a path, or `{ name, contents }` with the contents as a string or bytes. */
export async function openDocument(page, file) {
  const input =
    typeof file === 'string'
      ? file
      : { name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.contents) };
  await page.getByTestId('open-file').setInputFiles(input);
  const name = typeof file === 'string' ? basename(file) : file.name;
  await page.getByTestId('doc-name').filter({ hasText: name }).waitFor();
}
