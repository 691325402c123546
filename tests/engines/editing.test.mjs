// Editing in each engine: select text and mark it, change a kind, remove, link; undo and redo
// by keys and by buttons; the work is saved in the browser and comes back after a reload, a
// closed tab and a restart of the whole browser on the same profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  captureExport,
  chooseFile,
  click,
  clickTestId,
  counts,
  openPage,
  pageErrors,
  press,
  relaunch,
  reload,
  reopen,
  selectText,
  useEngine,
  waitForCounts,
  waitForDocument,
  waitForSaved,
  waitForText,
} from './harness.mjs';

const DOC = '甲说<a>虽然</a>下雨，但是我们出发了。\n<cand>因此</cand>路上很慢。\n';

const session = useEngine();

const tagged = async (page) => (await captureExport(session, page, 'tagged')).bytes.toString('utf8');
const pairIds = (page, line) =>
  page.$$eval(`#line-${line} [data-kind=member]`, (els) => els.map((el) => el.dataset.pairId ?? null));

test('select text → a → link with l → undo and redo by keys and buttons → c, a and Delete', async () => {
  const page = await openPage(session);
  await chooseFile(session, page, { name: 'edit.txt', contents: DOC });
  await waitForCounts(page, { candidates: 1, members: 1, pairs: 0 });

  // The file input still has the focus after Open…: the keys go to the page all the same.
  await selectText(page, 1, '但是');
  await press(page, 'a');
  await waitForCounts(page, { candidates: 1, members: 2, pairs: 0 });
  await waitForText(page, '[data-testid=selected-span] b', /^「但是」$/);

  // Link: choose 虽然, press l, click 但是.
  await click(page, '#line-1 [data-kind=member]', 0);
  await press(page, 'l');
  await click(page, '#line-1 [data-kind=member]', 1);
  await waitForCounts(page, { candidates: 1, members: 2, pairs: 1 });
  const [first, second] = await pairIds(page, 1);
  assert.ok(first !== null && first === second, `one pair: ${first}, ${second}`);
  assert.equal(await tagged(page), '甲说<a>虽然</a>下雨，<a>但是</a>我们出发了。\n<cand>因此</cand>路上很慢。\n');

  await press(page, 'Control+z');
  await waitForCounts(page, { members: 2, pairs: 0 });
  await clickTestId(page, 'undo');
  await waitForCounts(page, { members: 1, pairs: 0 });
  await press(page, 'Control+Shift+Z');
  await waitForCounts(page, { members: 2, pairs: 0 });
  await clickTestId(page, 'redo');
  await waitForCounts(page, { members: 2, pairs: 1 });
  await press(page, 'Control+z', 'Control+y');
  await waitForCounts(page, { members: 2, pairs: 1 });

  // New text marked as a candidate; a candidate made a member, then removed.
  await press(page, 'Escape');
  await selectText(page, 2, '很慢');
  await press(page, 'c');
  await waitForCounts(page, { candidates: 2, members: 2, pairs: 1 });
  await click(page, '#line-2 [data-kind=candidate]', 0);
  await press(page, 'a');
  await waitForCounts(page, { candidates: 1, members: 3, pairs: 1 });
  await press(page, 'Delete');
  await waitForCounts(page, { candidates: 1, members: 2, pairs: 1 });
  assert.equal(await tagged(page), '甲说<a>虽然</a>下雨，<a>但是</a>我们出发了。\n因此路上<cand>很慢</cand>。\n');
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('an overlapping mark is refused with a message, and nothing changes', async () => {
  const page = await openPage(session);
  await chooseFile(session, page, { name: 'overlap.txt', contents: DOC });
  await selectText(page, 1, '说虽');
  await press(page, 'c');
  await waitForText(page, '[data-testid=notice]', /虽然/);
  assert.deepEqual(await counts(page), { lines: 2, candidates: 1, members: 1, pairs: 0, problems: 1 });
  await page.close();
});

test('the edits come back after a reload, a closed tab and a restart of the browser', async () => {
  let page = await openPage(session);
  await chooseFile(session, page, { name: 'kept.txt', contents: DOC });
  await click(page, '#line-2 [data-kind=candidate]');
  await press(page, 'Delete');
  await waitForCounts(page, { candidates: 0, members: 1 });
  await waitForSaved(page);

  await reload(page);
  await waitForDocument(page, 'kept.txt');
  await waitForCounts(page, { candidates: 0, members: 1, pairs: 0 });
  await waitForText(page, '[data-testid=notice]', /kept\.txt/);

  // Another edit, then the tab is closed without exporting and the page opened again.
  await selectText(page, 1, '但是');
  await press(page, 'a');
  await waitForCounts(page, { members: 2 });
  await waitForSaved(page);
  page = await reopen(session, page);
  await waitForDocument(page, 'kept.txt');
  await waitForCounts(page, { candidates: 0, members: 2, pairs: 0 });

  // A third edit, then the whole browser is closed and started again on the same profile.
  await click(page, '#line-1 [data-kind=member]', 0);
  await press(page, 'l');
  await click(page, '#line-1 [data-kind=member]', 1);
  await waitForCounts(page, { pairs: 1 });
  await waitForSaved(page);
  await relaunch(session);
  page = await openPage(session);
  await waitForDocument(page, 'kept.txt');
  await waitForCounts(page, { candidates: 0, members: 2, pairs: 1 });
  assert.equal(await tagged(page), '甲说<a>虽然</a>下雨，<a>但是</a>我们出发了。\n因此路上很慢。\n');
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});
