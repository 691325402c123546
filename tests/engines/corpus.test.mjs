// A corpus in each engine: several files chosen at once open as a corpus; an edit, done and a
// note survive closing the whole browser; the corpus export's files equal the command line's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  click,
  clickTestId,
  openFreshPage,
  openPage,
  pageErrors,
  press,
  relaunch,
  ROOT,
  useEngine,
  waitForDocument,
  waitForText,
} from './harness.mjs';

const session = useEngine();
const NAMES = ['a.txt', 'b.txt', 'c.txt', 'd.txt'];
const doc = (i) => `第${i}篇<cand>而且</cand>开头。\n<a>虽然</a>下雨${i}，<a>但是</a>出发了。\n`;

const attr = (page, name, attribute) =>
  page.$eval(`[data-testid=documents] [data-doc="${name}"]`, (el, a) => el.getAttribute(a), attribute);

async function openCorpus(page) {
  const paths = NAMES.map((name) => join(session.scratch, name));
  await Promise.all(paths.map((path, i) => writeFile(path, doc(i))));
  await page.bringToFront();
  const [chooser] = await Promise.all([page.waitForFileChooser(), page.click('label.file-button')]);
  await chooser.accept(paths);
  await page.waitForSelector('[data-testid=documents]');
  await waitForDocument(page, NAMES[0]);
}

test('a corpus opened from several files keeps its edit, status and note across a browser restart', async () => {
  // The session's own profile, which outlives the browser.
  let page = await openPage(session);
  await openCorpus(page);
  await waitForText(page, '[data-testid=corpus-progress]', /^0 \/ 4$/);
  await click(page, '[data-kind=candidate]');
  await press(page, 'a');
  await page.waitForFunction(() => document.querySelector('[data-doc="a.txt"]')?.dataset.status === 'in-progress');
  await page.type('[data-testid=doc-note]', 'check 而且');
  await clickTestId(page, 'doc-done');
  await waitForText(page, '[data-testid=corpus-progress]', /^1 \/ 4$/);
  await clickTestId(page, 'doc-next');
  await waitForDocument(page, 'b.txt');
  // The browser is closed once the page has stored b.txt as the document open last.
  const current = () =>
    page.evaluate(
      () =>
        new Promise((ok) => {
          const open = indexedDB.open('connectives');
          open.onsuccess = () => {
            const db = open.result;
            try {
              const get = db.transaction('meta').objectStore('meta').get('current');
              get.onsuccess = () => ok(String(get.result));
              get.onerror = () => ok('error');
            } catch (error) {
              ok(String(error));
            } finally {
              db.close();
            }
          };
          open.onerror = () => ok('no database');
        }),
    );
  let stored = '';
  for (let i = 0; i < 150 && !stored.endsWith('/2'); i++) {
    stored = await current();
    if (!stored.endsWith('/2')) await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.ok(stored.endsWith('/2'), `the document open last is b.txt, not ${stored}`);
  await relaunch(session);
  page = await openPage(session);
  await waitForDocument(page, 'b.txt');
  await page.waitForSelector('[data-testid=documents]');
  await waitForText(page, '[data-testid=corpus-progress]', /^1 \/ 4$/);
  assert.equal(await attr(page, 'a.txt', 'data-status'), 'done');
  await click(page, '[data-testid=documents] [data-doc="a.txt"]');
  await waitForDocument(page, 'a.txt');
  assert.equal(await page.$eval('[data-testid=doc-note]', (el) => el.value), 'check 而且');
  assert.equal(await page.$$eval('[data-kind=member]', (els) => els.length), 3, 'the edit is kept');
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('the corpus export equals the command line\'s, file for file', async () => {
  const page = await openFreshPage(session);
  await openCorpus(page);
  const before = new Set(await readdir(session.downloads));
  await page.click('[data-testid=export-menu] summary');
  await clickTestId(page, 'export-corpus-brat');
  let name;
  for (let i = 0; i < 100 && !name; i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    name = (await readdir(session.downloads)).find((n) => !before.has(n) && n.endsWith('.zip'));
  }
  assert.ok(name, 'a zip was downloaded');
  await new Promise((ok) => setTimeout(ok, 300));
  const mine = await readFile(join(session.downloads, name));
  const cliZip = join(session.scratch, 'cli.zip');
  execFileSync('cargo', ['build', '--quiet', '--release', '--bin', 'connectives'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(join(ROOT, 'target', 'release', 'connectives'), ['export', '--format', 'brat', '--out', cliZip, ...NAMES.map((n) => join(session.scratch, n))]);
  // Statuses are all `new` on both sides: the whole zips are the same bytes.
  assert.ok(mine.equals(await readFile(cliZip)), 'the page\'s corpus zip equals the command line\'s');
  await rm(join(session.downloads, name));
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});
