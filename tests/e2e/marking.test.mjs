// Annotating without the keyboard: the buttons at a selection and in the edit panel, a long
// press on a touch screen, every edit by pointer; and the small things of a long session: the
// empty document, the built-in example, one recent entry per document, plurals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDocument, useBrowser } from './harness.mjs';
import { textInLine } from '../site.mjs';

const DOC = '甲说虽然下雨，但是我们出发了。\n<cand>因此</cand>路上很慢。\n';

const session = useBrowser();

async function freshPage(options = {}) {
  const context = await session.browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  return { context, page };
}

/** The viewport box of the first `text` in line `line`. */
async function textBox(page, line, text) {
  return page.evaluate(textInLine, [line, text, 'box']);
}

/** Selects `text` in line `line` by dragging the mouse across it, as a user does. */
async function dragOver(page, line, text) {
  const box = await textBox(page, line, text);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, y, { steps: 3 });
  await page.mouse.move(box.x + box.width - 1, y, { steps: 3 });
  await page.mouse.up();
  assert.equal(await page.evaluate(() => getSelection().toString()), text);
}

const spans = (page) =>
  page.locator('[data-span-id]').evaluateAll((els) => els.map((e) => `${e.dataset.kind}:${e.textContent}`));

const count = (page, what) => page.getByTestId(`count-${what}`).textContent();

test('a selection made with the mouse is marked by the buttons beside it and in the panel', async () => {
  const { context, page } = await freshPage();
  await openDocument(page, { name: 'mouse.txt', contents: DOC });
  assert.deepEqual(await spans(page), ['candidate:因此']);

  await dragOver(page, 1, '虽然');
  const floating = page.locator('.selection-marks');
  await floating.waitFor();
  // Next to the selection: just under it, starting near its left edge.
  const box = await textBox(page, 1, '虽然');
  const at = await floating.boundingBox();
  assert.ok(at.y >= box.y + box.height - 1 && at.y < box.y + box.height + 40, `${JSON.stringify(at)} under ${JSON.stringify(box)}`);
  assert.ok(Math.abs(at.x - box.x) < 40, `${at.x} near ${box.x}`);
  assert.match(await page.getByTestId('text-selection').innerText(), /「虽然」/);
  await floating.getByTestId('mark-candidate').click();
  await page.locator('#line-1 [data-kind=candidate]').waitFor();
  assert.deepEqual(await spans(page), ['candidate:虽然', 'candidate:因此']);
  assert.equal(await floating.count(), 0, 'the buttons go once the selection is marked');
  assert.equal(await page.evaluate(() => getSelection().toString()), '');

  // The same from the edit panel, as a member.
  await dragOver(page, 1, '但是');
  await page.locator('.edit-panel').getByTestId('mark-member').click();
  await page.locator('#line-1 [data-kind=member]').waitFor();
  assert.deepEqual(await spans(page), ['candidate:虽然', 'member:但是', 'candidate:因此']);
  assert.equal(await count(page, 'members'), '1');
  await context.close();
});

test('every edit the keys do is reachable by pointer alone', async () => {
  const { context, page } = await freshPage();
  await openDocument(page, { name: 'pointer.txt', contents: DOC });
  const panel = page.locator('.edit-panel');
  await dragOver(page, 1, '虽然');
  await page.locator('.selection-marks').getByTestId('mark-member').click();
  await page.locator('#line-1 [data-kind=member]').waitFor();

  // The lexicon suggests 但是 for 虽然: accept it with a click.
  await page.locator('#line-1 [data-kind=member]').click();
  await panel.getByTestId('accept-suggestion').click();
  assert.equal(await count(page, 'pairs'), '1');
  // Unlink, then link again: the link button, then a click on the partner.
  await page.locator('#line-1 [data-kind=member]').first().click();
  await panel.getByTestId('unlink').click();
  assert.equal(await count(page, 'pairs'), '0');
  await page.locator('#line-1 [data-kind=member]').first().click();
  await panel.getByTestId('link').click();
  await page.locator('#line-1 [data-kind=member]').nth(1).click();
  assert.equal(await count(page, 'pairs'), '1');
  // Change a kind, remove a span.
  await page.locator('#line-2 [data-kind=candidate]').click();
  await panel.getByTestId('make-member').click();
  assert.deepEqual(await spans(page), ['member:虽然', 'member:但是', 'member:因此']);
  await panel.getByTestId('remove-span').click();
  assert.deepEqual(await spans(page), ['member:虽然', 'member:但是']);
  // Undo and redo.
  await panel.getByTestId('undo').click();
  assert.deepEqual(await spans(page), ['member:虽然', 'member:但是', 'member:因此']);
  await panel.getByTestId('redo').click();
  assert.deepEqual(await spans(page), ['member:虽然', 'member:但是']);
  await context.close();
});

test('on a touch screen a long press selects the word there, to be marked by a tap', async () => {
  const { context, page } = await freshPage({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  await openDocument(page, { name: 'touch.txt', contents: DOC });
  const box = await textBox(page, 1, '虽');
  const cdp = await context.newCDPSession(page);
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  // The finger rests: the lexicon word starting under it is selected.
  await page.waitForFunction(() => getSelection().toString() === '虽然');
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  const floating = page.locator('.selection-marks');
  await floating.waitFor();
  await floating.getByTestId('mark-member').tap();
  await page.locator('#line-1 [data-kind=member]').waitFor();
  assert.deepEqual(await spans(page), ['member:虽然', 'candidate:因此']);

  // Elsewhere, two characters: 路上.
  const road = await textBox(page, 2, '路');
  await cdp.send('Input.dispatchTouchEvent', {
    type: 'touchStart',
    touchPoints: [{ x: road.x + road.width / 2, y: road.y + road.height / 2 }],
  });
  await page.waitForFunction(() => getSelection().toString() === '路上');
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await context.close();
});

test('the built-in example can be reopened after another file, from the toolbar and the help', async () => {
  const { context, page } = await freshPage();
  const example = {
    name: await page.getByTestId('doc-name').textContent(),
    pairs: await count(page, 'pairs'),
    candidates: await count(page, 'candidates'),
  };
  await openDocument(page, { name: 'other.txt', contents: DOC });
  await page.locator('.toolbar').getByTestId('example-open').click();
  await page.getByTestId('doc-name').filter({ hasText: example.name }).waitFor();
  assert.equal(await count(page, 'pairs'), example.pairs);
  assert.equal(await count(page, 'candidates'), example.candidates);
  assert.match(await page.getByTestId('storage-status').innerText(), /Built-in example/);

  await openDocument(page, { name: 'other2.txt', contents: DOC });
  await page.keyboard.press('?');
  await page.getByTestId('help-dialog').getByTestId('example-open').click();
  await page.getByTestId('doc-name').filter({ hasText: example.name }).waitFor();
  assert.equal(await page.getByTestId('help-dialog').count(), 0, 'the help closes');
  assert.equal(await count(page, 'pairs'), example.pairs);
  await context.close();
});

test('opening the same file again reopens its entry, edits and all: one entry per document', async () => {
  const { context, page } = await freshPage();
  const file = { name: 'twice.txt', contents: DOC };
  await openDocument(page, file);
  await page.locator('#line-2 [data-kind=candidate]').click();
  await page.keyboard.press('a');
  await page.getByTestId('storage-status').filter({ hasText: /Saved in this browser/ }).waitFor();
  await openDocument(page, { name: 'between.txt', contents: '<cand>也</cand>好。\n' });
  await page.getByTestId('recent-open').filter({ hasText: 'twice.txt' }).waitFor();

  await openDocument(page, file);
  await page.getByTestId('notice').filter({ hasText: /twice\.txt is kept in this browser: reopened it, with its 1 edit\./ }).waitFor();
  assert.deepEqual(await spans(page), ['member:因此'], 'the edit is there');
  const names = () => page.locator('[data-testid=recent-list] .recent-name').allTextContents();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=recent-list] li').length === 2);
  assert.deepEqual((await names()).sort(), ['between.txt', 'twice.txt']);
  // The file's own annotations differ from the kept ones: they are in Versions (here the
  // version from before the edit is the file as it is, so no second copy of it is kept).
  assert.match(await page.getByTestId('notice').innerText(), /kept in Versions/);
  await page.getByTestId('versions').locator('summary').click();
  await page.getByTestId('versions').getByText('1 candidate · 0 members · 0 pairs').waitFor();

  // The recent list counts the saved edits: "1 edit", not "1 edits".
  await page.getByTestId('recent-open').filter({ hasText: 'between.txt' }).click();
  await page.getByTestId('doc-name').filter({ hasText: 'between.txt' }).waitFor();
  const twice = page.getByTestId('recent-open').filter({ hasText: 'twice.txt' });
  await twice.getByTestId('recent-edits').filter({ hasText: /· 1 edit$/ }).waitFor();
  await context.close();
});

test('a reopened untouched document does not claim edits; an edited one does', async () => {
  const { context, page } = await freshPage();
  await openDocument(page, { name: 'untouched.txt', contents: DOC });
  await page.getByTestId('storage-status').filter({ hasText: /Saved in this browser/ }).waitFor();
  await page.reload();
  const notice = page.getByTestId('notice');
  await notice.filter({ hasText: /untouched\.txt/ }).waitFor();
  assert.doesNotMatch(await notice.innerText(), /edits/);
  await page.locator('#line-2 [data-kind=candidate]').click();
  await page.keyboard.press('Delete');
  await page.getByTestId('storage-status').filter({ hasText: /Saved in this browser/ }).waitFor();
  await page.reload();
  await notice.filter({ hasText: /with its edits/ }).waitFor();
  await context.close();
});

test('an empty document says so and offers to open or paste', async () => {
  const { context, page } = await freshPage();
  for (const contents of ['', '\n  \n\n']) {
    await openDocument(page, { name: 'empty.txt', contents });
    const empty = page.getByTestId('empty-document');
    await empty.waitFor();
    assert.match(await empty.innerText(), /This document is empty/);
    assert.doesNotMatch(await page.getByTestId('document').innerText(), /No line matches/);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), empty.getByTestId('empty-open').click()]);
    assert.ok(chooser.isMultiple());
    await empty.getByTestId('empty-paste').waitFor();
    await openDocument(page, { name: 'full.txt', contents: DOC });
  }
  await openDocument(page, { name: 'empty.txt', contents: '' });
  // Text pasted into the box becomes the document.
  await page.getByTestId('paste-box').evaluate((box, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, '<a>虽然</a>下雨，<a>但</a>出发。\n');
  await page.getByTestId('doc-name').filter({ hasText: 'pasted text.txt' }).waitFor();
  assert.equal(await count(page, 'pairs'), '1');
  assert.equal(await page.getByTestId('empty-document').count(), 0);
  await context.close();
});

test('counts and notices say 1 pair, 1 match, 1 edit; the English help says Space', async () => {
  const { context, page } = await freshPage();
  await openDocument(page, { name: 'one.txt', contents: '<a>虽然</a>下雨，<a>但</a>出发。\n' });
  const label = (what) => page.getByTestId(`count-${what}`).locator('xpath=..').locator('dt').textContent();
  assert.equal(await label('pairs'), 'pair');
  assert.equal(await label('lines'), 'line');
  assert.equal(await label('candidates'), 'candidates', '0 candidates');
  await page.getByTestId('search').fill('下雨');
  await page.getByTestId('match-count').filter({ hasText: '1' }).waitFor();
  assert.match(await page.locator('.match-count').innerText(), /1 match$/);
  await page.getByTestId('search').fill('');
  await page.getByTestId('lexicon-agreement').waitFor();
  assert.equal(await page.getByTestId('lexicon-agreement').innerText(), '1 pair matches the lexicon, 0 do not');

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  const help = page.getByTestId('help-dialog');
  await help.waitFor();
  assert.match(await help.innerText(), /PageUp \/ Space/);
  assert.doesNotMatch(await help.innerText(), /空格/);
  await page.keyboard.press('Escape');
  await page.getByTestId('lang').click();
  await page.keyboard.press('?');
  assert.match(await help.innerText(), /PageUp \/ 空格/);
  await context.close();
});
