// The end-to-end core, written once with puppeteer-core and run per engine:
//
//   E2E_BROWSER=firefox|chromium   Debian's Firefox ESR over WebDriver BiDi, or Debian's
//                                  Chromium over CDP (the default)
//   E2E_MODE=served|file           dist/ on a loopback port, or the single connectives.html
//                                  alone in a folder, from file:// (as tests/e2e/ does)
//
// Each test file calls useEngine() once: it starts the page and one browser on a profile folder
// of its own (storage survives a relaunch), and stops them after. The helpers below are what a
// person does: open the page, choose a file, select text, press keys, read the counts, export.
//
// How the engines behave (puppeteer-core 24.43, Firefox 153 ESR, Chromium 156; found with a
// probe page through these helpers), for the cases that will rely on it:
//
// - Input goes to the front tab. Chromium rejects a click in a tab that is not in front
//   ("Target closed"), so every helper that clicks or types brings its tab to the front first.
// - `beforeunload`: both engines report the prompt as a `dialog` event of type `beforeunload`
//   on `page.reload()` and on `page.close({ runBeforeUnload: true })`; `page.close()` without it
//   never asks. Accepting goes on; dismissing keeps the page. Firefox asks only after the user
//   has interacted with the page (a click or key through the harness counts) and its dialog
//   has a message; Chromium asks even without interaction, with an empty message. A dismissed
//   reload makes Firefox's `page.reload()` reject ("Beforeunload prompt was rejected") while
//   Chromium's `page.reload()` waits until its timeout: race it against `answerDialog`.
// - A second tab (`newTab`, i.e. `browser.newPage()`) is in the same profile: it shares
//   IndexedDB and BroadcastChannel with the first, served and from file:// alike, in both
//   engines. From file:// Firefox's `location.origin` is "null", Chromium's "file://".
// - Relaunching (`relaunch`) on the same profile folder keeps IndexedDB in both engines,
//   served and from file://.
// - Puppeteer's Firefox profile turns `security.fileuri.strict_origin_policy` off; the harness
//   turns it back on, as a person's Firefox has it, so file:// behaves as after a double-click.
// - A new browser context (`openFreshPage`) has storage of its own in both engines, and
//   downloads there go to the same folder.
// - Downloads are real: both engines save them in the session's download folder (Firefox by
//   its download preferences, Chromium by CDP's download behaviour), and `captureExport`
//   reads the finished file.
// - After a file is chosen the file input keeps the focus, in both engines (keys still reach
//   the page's shortcuts: `browser::is_typing`).
// - Firefox emits no `request` event for a page loaded from file://, only for what it loads;
//   Chromium's getComputedStyle resolves `content: attr(…)` on ::after, Firefox's does not.
import { after, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS, MODE, ROOT, startPage, textInLine } from '../site.mjs';

export { isOwnRequest, MODE, ROOT } from '../site.mjs';

/** The engine under test: `firefox` or `chromium`. */
export const ENGINE = process.env.E2E_BROWSER === 'firefox' ? 'firefox' : 'chromium';
export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
/** Screenshots for people to look at, one folder per engine and mode. */
export const SCREENSHOTS = join(ROOT, 'target', 'screenshots', 'engines', MODE === 'file' ? `${ENGINE}-file` : ENGINE);
const VIEWPORT = { width: 1280, height: 900 };
/** How long a helper waits for the page before it fails. */
const TIMEOUT = 15_000;

/** Starts the engine on `profile` (a folder kept between launches), saving downloads in
 * `downloads`. The interface language is English, so texts can be compared. */
export async function launchEngine({ profile, downloads }) {
  if (ENGINE === 'firefox') {
    return puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      defaultViewport: VIEWPORT,
      extraPrefsFirefox: {
        'intl.accept_languages': 'en-US',
        'security.fileuri.strict_origin_policy': true,
        // Save every download in `downloads` without asking.
        'browser.download.folderList': 2,
        'browser.download.dir': downloads,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.download.alwaysOpenPanel': false,
        'browser.download.start_downloads_in_tmp_dir': false,
      },
    });
  }
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, '--lang=en-US'],
    userDataDir: profile,
    defaultViewport: VIEWPORT,
    downloadBehavior: { policy: 'allow', downloadPath: downloads },
  });
}

/** For a test file: starts the page (as MODE says) and the engine before its tests, then runs
 * the file's own `setup(session)`, and stops them after. The returned session gets `url`,
 * `browser`, `profile`, `downloads` and `scratch` (a folder for files the tests make) once the
 * tests run. (Node 20 starts a file's top-level `before` hooks together, so a second `before`
 * cannot count on this one: put its steps in `setup`.) */
export function useEngine(setup) {
  const session = { engine: ENGINE, mode: MODE };
  before(async () => {
    session.site = await startPage();
    session.url = session.site.url;
    session.dir = await mkdtemp(join(tmpdir(), `connectives-${ENGINE}-`));
    session.profile = join(session.dir, 'profile');
    session.downloads = join(session.dir, 'downloads');
    session.scratch = join(session.dir, 'files');
    for (const dir of [session.profile, session.downloads, session.scratch]) await mkdir(dir);
    session.browser = await launchEngine(session);
    await setup?.(session);
  });
  after(async () => {
    await session.browser?.close();
    await session.site?.close();
    if (session.dir) await rm(session.dir, { recursive: true, force: true });
  });
  return session;
}

const errorsOf = new WeakMap();

/** The uncaught errors a page has thrown since it was opened through the harness. */
export const pageErrors = (page) => errorsOf.get(page) ?? [];

/** Opens the page (or `url`) in a new tab of the session's browser (or of `context`) and waits
 * until a document is shown: the one the profile saved last, else the built-in example. A
 * second call is a second tab on the same profile. */
export async function openPage(session, url = session.url, context = session.browser) {
  const page = await context.newPage();
  const errors = [];
  errorsOf.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message ?? String(error)));
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(url);
  await page.waitForSelector('[data-kind]');
  return page;
}

/** Opens the page in a tab of a new browser context: storage of its own, empty, so the page
 * starts on the built-in example whatever the session's tabs saved. The context is closed
 * with the session. */
export async function openFreshPage(session) {
  const context = await session.browser.createBrowserContext({
    downloadBehavior: { policy: 'allow', downloadPath: session.downloads },
  });
  return openPage(session, session.url, context);
}

/** A second tab on the same profile (same IndexedDB, same BroadcastChannel). */
export const newTab = openPage;

/** Reloads the tab and waits until a document is shown again. */
export async function reload(page) {
  await page.reload();
  await page.waitForSelector('[data-kind]');
}

/** Closes a tab; with `runBeforeUnload` the page may ask first (a `dialog` event). */
export async function closeTab(page, { runBeforeUnload = false } = {}) {
  await page.close({ runBeforeUnload });
}

/** Answers the page's next dialog (a `beforeunload` prompt, say): accepts it, or dismisses it
 * with `accept: false`. Resolves to { type, message } once answered; call it before the step
 * that makes the page ask. */
export function answerDialog(page, { accept = true } = {}) {
  return new Promise((resolve) => {
    page.once('dialog', async (dialog) => {
      const asked = { type: dialog.type(), message: dialog.message() };
      await (accept ? dialog.accept() : dialog.dismiss());
      resolve(asked);
    });
  });
}

/** Closes the tab and opens the page again in a new one, as a person who closed it would. */
export async function reopen(session, page) {
  await closeTab(page);
  return openPage(session);
}

/** Closes the whole browser and starts it again on the same profile (same storage). */
export async function relaunch(session) {
  await session.browser.close();
  session.browser = await launchEngine(session);
  return session.browser;
}

/** Waits until the document called `name` is the one shown. */
export async function waitForDocument(page, name) {
  await page.waitForFunction(
    (name) => document.querySelector('[data-testid=doc-name]')?.textContent.includes(name),
    {},
    name,
  );
}

/** Opens a document through the page's Open… button and its file chooser, and waits until
 * the page shows its name. `file` is a path, or `{ name, contents }` (a string or bytes),
 * written to the session's scratch folder first. */
export async function chooseFile(session, page, file) {
  let path = file;
  if (typeof file !== 'string') {
    path = join(session.scratch, file.name);
    await writeFile(path, file.contents);
  }
  await page.bringToFront();
  const [chooser] = await Promise.all([page.waitForFileChooser(), page.click('label.file-button')]);
  await chooser.accept([path]);
  await waitForDocument(page, basename(path));
}

/** Selects `text` in line `line` with the browser's selection, as a mouse drag would; the text
 * may run across highlighted spans. */
export async function selectText(page, line, text) {
  await page.bringToFront();
  await page.evaluate(textInLine, [line, text, 'select']);
}

/** Presses keys in order; each is a key name or a chord such as `Control+Shift+Z`. */
export async function press(page, ...keys) {
  await page.bringToFront();
  for (const key of keys) {
    const parts = key.split('+');
    const main = parts.pop();
    for (const modifier of parts) await page.keyboard.down(modifier);
    await page.keyboard.press(main);
    for (const modifier of parts.reverse()) await page.keyboard.up(modifier);
  }
}

/** The `index`-th element matching `selector`; fails with the selector when there is none. */
export async function nth(page, selector, index = 0) {
  await page.waitForSelector(selector);
  const all = await page.$$(selector);
  if (!all[index]) throw new Error(`no element ${index} of ${selector} (there are ${all.length})`);
  return all[index];
}

/** Clicks the `index`-th element matching `selector`, with the real pointer. */
export async function click(page, selector, index = 0) {
  await page.bringToFront();
  await (await nth(page, selector, index)).click();
}

/** Moves the real pointer over the `index`-th element matching `selector`. */
export async function hover(page, selector, index = 0) {
  await page.bringToFront();
  await (await nth(page, selector, index)).hover();
}

/** Clicks `[data-testid=id]`. */
export const clickTestId = (page, id) => click(page, `[data-testid="${id}"]`);

const COUNTS = ['lines', 'candidates', 'members', 'pairs', 'problems'];

/** The numbers the page's counts show: { lines, candidates, members, pairs, problems }. */
export async function counts(page) {
  return page.evaluate((names) => {
    const read = (name) => document.querySelector(`[data-testid=count-${name}]`)?.textContent ?? null;
    return Object.fromEntries(names.map((name) => [name, Number(read(name))]));
  }, COUNTS);
}

/** Waits until the counts named in `expected` show those numbers; on timeout, fails with the
 * counts shown. */
export async function waitForCounts(page, expected) {
  try {
    await page.waitForFunction(
      (expected) =>
        Object.entries(expected).every(
          ([name, n]) => document.querySelector(`[data-testid=count-${name}]`)?.textContent === String(n),
        ),
      { timeout: TIMEOUT },
      expected,
    );
  } catch (error) {
    throw new Error(`counts ${JSON.stringify(await counts(page))}, wanted ${JSON.stringify(expected)}: ${error.message}`);
  }
}

/** The text of `selector`, or null when it is not in the page. */
export const textOf = (page, selector) =>
  page.evaluate((selector) => document.querySelector(selector)?.textContent ?? null, selector);

/** Waits until the text of `selector` matches `pattern`; on timeout, fails with the text. */
export async function waitForText(page, selector, pattern) {
  try {
    await page.waitForFunction(
      (selector, source, flags) => new RegExp(source, flags).test(document.querySelector(selector)?.textContent ?? ''),
      { timeout: TIMEOUT },
      selector,
      pattern.source,
      pattern.flags,
    );
  } catch (error) {
    throw new Error(`${selector} says ${JSON.stringify(await textOf(page, selector))}, wanted ${pattern}: ${error.message}`);
  }
}

/** Waits until the page says the document is saved in the browser. */
export const waitForSaved = (page) => waitForText(page, '[data-testid=storage-status]', /Saved in this browser|已保存/);

/** Downloads `format` from the export menu and resolves to { name, bytes } of the file the
 * browser saved. */
export async function captureExport(session, page, format) {
  const before = new Set(await readdir(session.downloads));
  await page.bringToFront();
  const open = await page.$eval('[data-testid=export-menu]', (menu) => menu.open);
  if (!open) await page.click('[data-testid=export-menu] summary');
  await page.click(`[data-testid="export-${format}"]`);
  const name = await waitForDownload(session.downloads, before);
  const path = join(session.downloads, name);
  const bytes = await readFile(path);
  await rm(path);
  return { name, bytes };
}

/** Waits for one new finished file in `dir` (not a partial download, size no longer growing). */
async function waitForDownload(dir, before) {
  const partial = /\.(part|crdownload)$|^\.com\.google\.Chrome/;
  const deadline = Date.now() + TIMEOUT;
  let last = null;
  while (Date.now() < deadline) {
    const names = (await readdir(dir)).filter((name) => !before.has(name));
    const done = names.filter((name) => !partial.test(name));
    if (done.length > 1) throw new Error(`one download expected, found ${done.join(', ')}`);
    if (done.length === 1 && !names.some((name) => partial.test(name))) {
      const { size } = await stat(join(dir, done[0]));
      if (last && last.name === done[0] && last.size === size) return done[0];
      last = { name: done[0], size };
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`no download finished in ${dir} within ${TIMEOUT} ms`);
}

let cliBuilt = false;

/** The command line's `export --format FORMAT FILE`, from the release build of the CLI
 * (built once per run; cargo makes it a no-op when it is up to date). */
export function cliExport(format, file) {
  if (!cliBuilt) {
    execFileSync('cargo', ['build', '--quiet', '--release', '--bin', 'connectives'], { cwd: ROOT, stdio: 'inherit' });
    cliBuilt = true;
  }
  return execFileSync(join(ROOT, 'target', 'release', 'connectives'), ['export', '--format', format, file], {
    maxBuffer: 64 * 1024 * 1024,
  });
}
