// The release build, served on localhost, opens on the built-in example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isOwnRequest, openPage, SCREENSHOTS, useBrowser } from './harness.mjs';

let page;
let requests;
const session = useBrowser(async () => {
  ({ page, requests } = await openPage(session.browser, session.url));
});

test('the example shows 24 candidates and 16 members, and the counts agree', async () => {
  assert.equal(await page.locator('[data-kind=candidate]').count(), 24);
  assert.equal(await page.locator('[data-kind=member]').count(), 16);
  const count = (id) => page.getByTestId(id).textContent();
  assert.equal(await count('count-lines'), '33');
  assert.equal(await count('count-candidates'), '24');
  assert.equal(await count('count-members'), '16');
  assert.equal(await count('count-pairs'), '8');
  assert.equal(await count('count-problems'), '0');
});

test('虽然 and 但 in line 10 share a pair id and a colour that another pair does not', async () => {
  const members = page.locator('#line-10 [data-kind=member]');
  assert.deepEqual(await members.allTextContents(), ['虽然', '但']);
  const ids = await members.evaluateAll((els) => els.map((el) => el.dataset.pairId));
  assert.equal(ids[0], ids[1]);
  const colour = (locator) => locator.evaluate((el) => getComputedStyle(el).borderBottomColor);
  const [first, second] = [await colour(members.nth(0)), await colour(members.nth(1))];
  assert.equal(first, second);
  const other = page.locator('#line-12 [data-kind=member]').first();
  assert.notEqual(await other.getAttribute('data-pair-id'), ids[0]);
  assert.notEqual(await colour(other), first, 'a different pair has a different colour');
});

test('no tag is shown as text', async () => {
  const text = await page.locator('.document').innerText();
  assert.ok(!/<\/?(cand|a)>/.test(text), 'tags are rendered as highlights, not text');
  assert.ok(text.includes('中亚国家虽然多次爆发骚乱冲突'));
});

test('the page made no request outside itself', async () => {
  const outside = requests.filter((url) => !isOwnRequest(session.url, url));
  assert.deepEqual(outside, []);
  assert.ok(requests.includes(session.url), 'the recorder saw the page load');
});

test('a request to an outside address is blocked by the page\'s policy', async () => {
  const [result, directive] = await page.evaluate(async () => {
    const violation = new Promise((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }));
    let result;
    try {
      await fetch('http://127.0.0.1:9/outside');
      result = 'fetched';
    } catch {
      result = 'failed';
    }
    const timeout = new Promise((resolve) => setTimeout(() => resolve('no violation'), 2000));
    return [result, await Promise.race([violation, timeout])];
  });
  assert.equal(result, 'failed');
  assert.equal(directive, 'connect-src', 'the policy, not the network, stopped it');
});

test('a full-page screenshot is written for people to look at', async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, 'example.png');
  const png = await page.screenshot({ path, fullPage: true });
  assert.ok(png.length > 10_000);
});
