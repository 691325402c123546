// Suggestions for untagged text: a pasted paragraph with nothing marked offers them; they are
// drawn over the text (not in it), accepted one by one with their pair, rejected, or accepted
// all above a confidence; each accept is one undo step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';

const session = useBrowser();

const UNTAGGED = [
  '虽然下雨了，但是我们还是出发了。',
  '他很累。但是他没有休息，而且继续工作。',
  '因为路远，所以我们在车站等了很久，后来才上车。',
].join('\n');

async function pasted(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(session.url);
  await page.waitForSelector('[data-kind=member]');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, UNTAGGED);
  await page.getByTestId('count-lines').filter({ hasText: /^3$/ }).waitFor();
  return { page, errors };
}

const count = async (page, id) => Number(await page.getByTestId(id).textContent());
const left = async (page) => Number(await page.getByTestId('suggestions-left').getAttribute('data-count'));
const marks = (page) =>
  page.locator('[data-suggestion]').evaluateAll((els) =>
    els.map((e) => ({ text: e.textContent, confidence: Number(e.dataset.confidence), focus: e.classList.contains('suggestion-focus') })),
  );

test('pasted untagged text: suggest, accept one with its pair, reject one, accept all above 0.8, undo each', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = await pasted(context);
  // The notice offers suggestions; nothing is marked.
  await page.getByTestId('offer-suggest').click();
  await page.locator('[data-suggestion]').first().waitFor();
  const shown = await marks(page);
  const texts = shown.map((m) => m.text);
  for (const word of ['虽然', '但是', '因为', '所以']) assert.ok(texts.includes(word), `${word} in ${texts}`);
  assert.ok(shown.every((m) => m.confidence > 0 && m.confidence < 1), JSON.stringify(shown));
  assert.equal(await left(page), shown.length);
  assert.equal(await count(page, 'count-candidates') + (await count(page, 'count-members')), 0, 'nothing in the document yet');
  assert.equal(await page.locator('[data-span-id]').count(), 0);
  assert.deepEqual(shown.filter((m) => m.focus).map((m) => m.text), ['虽然'], 'the first in focus');

  // Accept 虽然: its pair 但是 comes with it, as members linked.
  await page.getByTestId('accept-suggestion-one').click();
  await page.getByTestId('count-pairs').filter({ hasText: /^1$/ }).waitFor();
  assert.equal(await count(page, 'count-members'), 2);
  assert.equal(await page.locator('[data-kind=member]').first().textContent(), '虽然');
  assert.equal(await left(page), shown.length - 2);

  // Reject the one in focus (line 2's 但是): it goes, and nothing is marked for it.
  const focused = (await marks(page)).find((m) => m.focus);
  assert.equal(focused.text, '但是');
  await page.getByTestId('reject-suggestion').click();
  await page.getByTestId('suggestions-left').filter({ hasText: String(shown.length - 3) }).waitFor();
  assert.equal(await page.locator('[data-line="2"] [data-suggestion]', { hasText: '但是' }).count(), 0);
  assert.equal(await count(page, 'count-candidates'), 0);

  // All at or above 0.8.
  const remaining = await marks(page);
  const sure = remaining.filter((m) => m.confidence >= 0.8).length;
  assert.ok(sure > 0, JSON.stringify(remaining));
  await page.getByTestId('suggestion-threshold').fill('0.8');
  await page.getByTestId('accept-suggestions-above').filter({ hasText: `(${sure})` }).waitFor();
  await page.getByTestId('accept-suggestions-above').click();
  await page.getByTestId('suggestions-left').filter({ hasText: String(remaining.length - sure) }).waitFor();
  const marked = async () => (await count(page, 'count-candidates')) + (await count(page, 'count-members'));
  assert.equal(await marked(), 2 + sure);

  // Undo takes back the whole "all above", then the first accept; redo brings it back.
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[data-testid=count-members]').textContent === '2');
  assert.equal(await marked(), 2);
  await page.keyboard.press('Control+z');
  await page.getByTestId('count-pairs').filter({ hasText: /^0$/ }).waitFor();
  assert.equal(await marked(), 0);
  assert.equal(await left(page), shown.length - 1, 'all suggested again but the rejected one');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keys step, accept and reject; a click focuses a suggestion; the legend explains the mark', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page } = await pasted(context);
  await page.getByTestId('suggest').click();
  await page.locator('[data-suggestion]').first().waitFor();
  const n = await left(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('.');
  assert.equal((await marks(page)).findIndex((m) => m.focus), 1);
  await page.keyboard.press(',');
  assert.equal((await marks(page)).findIndex((m) => m.focus), 0);
  await page.keyboard.press('x');
  await page.getByTestId('suggestions-left').filter({ hasText: String(n - 1) }).waitFor();
  // A click on 因为's mark focuses it; y accepts it with 所以.
  await page.locator('[data-suggestion]', { hasText: '因为' }).click();
  assert.equal((await marks(page)).find((m) => m.focus).text, '因为');
  await page.keyboard.press('y');
  await page.getByTestId('count-pairs').filter({ hasText: /^1$/ }).waitFor();
  assert.deepEqual(await page.locator('[data-kind=member]').allTextContents(), ['因为', '所以']);
  assert.match(await page.locator('.legend').textContent(), /suggestion|建议/);
  // Putting them away leaves the document as it is.
  await page.getByTestId('end-suggesting').click();
  assert.equal(await page.locator('[data-suggestion]').count(), 0);
  assert.equal(await count(page, 'count-pairs'), 1);
  await context.close();
});
