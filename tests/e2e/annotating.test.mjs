// Annotating: select text, mark it, link it, undo and redo; the work survives reloads and a
// closed tab, and opening another document keeps it in the recent list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openDocument, useBrowser } from './harness.mjs';
import { openLargeDocument } from './large-doc.mjs';
import { textInLine } from '../site.mjs';

const DOC = '甲说<a>虽然</a>下雨，但是我们出发了。\n<cand>因此</cand>路上很慢。\n';

const session = useBrowser();

/** Selects `text` inside line `line` with the browser's selection, as a mouse drag would;
 * the text may run across highlighted spans. */
async function selectText(page, line, text) {
  await page.evaluate(textInLine, [line, text, 'select']);
}

async function exportTagged(page) {
  const menu = page.getByTestId('export-menu');
  if (!(await menu.evaluate((el) => el.open))) await menu.locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-tagged').click()]);
  return readFile(await download.path(), 'utf8');
}

const counts = async (page) => ({
  candidates: await page.getByTestId('count-candidates').textContent(),
  members: await page.getByTestId('count-members').textContent(),
  pairs: await page.getByTestId('count-pairs').textContent(),
});

test('select text → mark as member → link → undo → redo, by mouse and keys', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  await openDocument(page, { name: 'edit.txt', contents: DOC });
  assert.deepEqual(await counts(page), { candidates: '1', members: '1', pairs: '0' });

  await selectText(page, 1, '但是');
  await page.keyboard.press('a');
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=member]').length === 2);
  assert.equal(await page.getByTestId('selected-span').locator('b').textContent(), '「但是」');

  // Link: choose 虽然, press l, click 但是.
  await page.locator('#line-1 [data-kind=member]').first().click();
  await page.keyboard.press('l');
  await page.locator('#line-1 [data-kind=member]').nth(1).click();
  assert.deepEqual(await counts(page), { candidates: '1', members: '2', pairs: '1' });
  const ids = await page.locator('#line-1 [data-kind=member]').evaluateAll((els) => els.map((e) => e.dataset.pairId));
  assert.equal(ids[0], ids[1]);
  assert.equal(await exportTagged(page), '甲说<a>虽然</a>下雨，<a>但是</a>我们出发了。\n<cand>因此</cand>路上很慢。\n');

  await page.keyboard.press('Control+z');
  assert.deepEqual(await counts(page), { candidates: '1', members: '2', pairs: '0' });
  await page.getByTestId('undo').click();
  assert.deepEqual(await counts(page), { candidates: '1', members: '1', pairs: '0' });
  await page.keyboard.press('Control+Shift+Z');
  await page.getByTestId('redo').click();
  assert.deepEqual(await counts(page), { candidates: '1', members: '2', pairs: '1' });

  // A candidate becomes a member from the keyboard: j to reach it, a to change it.
  await page.keyboard.press('Escape');
  await page.locator('#line-2 [data-kind=candidate]').click();
  await page.keyboard.press('a');
  assert.deepEqual(await counts(page), { candidates: '0', members: '3', pairs: '1' });
  await page.keyboard.press('Delete');
  assert.deepEqual(await counts(page), { candidates: '0', members: '2', pairs: '1' });
  await context.close();
});

test('an overlapping mark is refused with a message, and nothing changes', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  await openDocument(page, { name: 'overlap.txt', contents: DOC });
  await selectText(page, 1, '说虽');
  await page.keyboard.press('c');
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /虽然/);
  assert.deepEqual(await counts(page), { candidates: '1', members: '1', pairs: '0' });
  await context.close();
});

test('a suggested partner is accepted with one key', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  await openDocument(page, { name: 'suggest.txt', contents: DOC });
  await page.locator('#line-1 [data-kind=member]').click();
  await page.getByTestId('suggestions').waitFor();
  assert.match(await page.getByTestId('suggestions').innerText(), /但是/);
  await page.keyboard.press('s');
  assert.deepEqual(await counts(page), { candidates: '1', members: '2', pairs: '1' });
  assert.equal(await page.locator('#line-1 [data-kind=member]').nth(1).textContent(), '但是');
  await context.close();
});

test('edits survive a reload and a closed tab; another document keeps them in the recent list', async () => {
  const context = await session.browser.newContext();
  let page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  await openDocument(page, { name: 'kept.txt', contents: DOC });
  await page.locator('#line-2 [data-kind=candidate]').click();
  await page.keyboard.press('Delete');
  await page.getByTestId('storage-status').filter({ hasText: /Saved in this browser|已保存/ }).waitFor();

  await page.reload();
  await page.getByTestId('doc-name').filter({ hasText: 'kept.txt' }).waitFor();
  assert.deepEqual(await counts(page), { candidates: '0', members: '1', pairs: '0' });
  assert.match(await page.getByTestId('notice').innerText(), /kept\.txt/);

  // Close the tab without exporting, open the page again.
  await page.locator('#line-1 [data-kind=member]').click();
  await page.keyboard.press('s');
  await page.getByTestId('storage-status').filter({ hasText: /Saved in this browser|已保存/ }).waitFor();
  await page.close();
  page = await context.newPage();
  await page.goto(session.url);
  await page.getByTestId('doc-name').filter({ hasText: 'kept.txt' }).waitFor();
  assert.deepEqual(await counts(page), { candidates: '0', members: '2', pairs: '1' });

  // Opening another document leaves this one in the recent list, edits and all.
  await openDocument(page, { name: 'other.txt', contents: '<cand>也</cand>好。\n' });
  const entry = page.getByTestId('recent-open').filter({ hasText: 'kept.txt' });
  await entry.waitFor();
  await entry.click();
  await page.getByTestId('doc-name').filter({ hasText: 'kept.txt' }).waitFor();
  assert.deepEqual(await counts(page), { candidates: '0', members: '2', pairs: '1' });
  await context.close();
});

test('a 10 MB document and its edits survive a reload', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  const large = await openLargeDocument(page, { seed: 3, name: 'big.txt' });
  await page.locator('[data-kind=candidate]').first().click();
  await page.keyboard.press('Delete');
  const candidates = String(large.counts.candidates - 1);
  await page.getByTestId('count-candidates').filter({ hasText: candidates }).waitFor();
  await page.getByTestId('storage-status').filter({ hasText: /Saved in this browser|已保存/ }).waitFor({ timeout: 30_000 });
  await page.reload();
  await page.getByTestId('count-lines').filter({ hasText: String(large.counts.lines) }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('count-candidates').textContent(), candidates);
  assert.equal(await page.getByTestId('count-pairs').textContent(), String(large.counts.pairs));
  await context.close();
});

test('without browser storage the page says so and editing goes on', async () => {
  const context = await session.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get: () => undefined });
  });
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  await openDocument(page, { name: 'nostorage.txt', contents: DOC });
  await page.locator('#line-2 [data-kind=candidate]').click();
  await page.keyboard.press('Delete');
  assert.deepEqual(await counts(page), { candidates: '0', members: '1', pairs: '0' });
  const status = page.getByTestId('storage-status');
  await status.filter({ hasText: /Cannot save|无法保存/ }).waitFor();
  assert.match(await status.innerText(), /export/i);
  await context.close();
});

test('new text can be marked by keyboard alone: / to find it, Enter, then a', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  await openDocument(page, { name: 'keys.txt', contents: DOC });
  await page.locator('body').press('/');
  await page.keyboard.type('但是');
  await page.keyboard.press('Enter');
  await page.keyboard.press('a');
  assert.deepEqual(await counts(page), { candidates: '1', members: '2', pairs: '0' });
  // The new member is chosen: link it to 虽然 with l, k, Enter.
  await page.keyboard.press('l');
  await page.keyboard.press('k');
  await page.keyboard.press('Enter');
  assert.deepEqual(await counts(page), { candidates: '1', members: '2', pairs: '1' });
  await context.close();
});
