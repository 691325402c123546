// Opening a hand-edited file with problems: it still renders, every problem is listed with its
// line and column, choosing one shows the place; the JSON export equals the CLI's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, ROOT, useBrowser } from './harness.mjs';

const BROKEN = [
  '好<cand>还</cand>好',
  '甲乙<cand>丙',
  '<a>虽然</a>……',
  'x < y <b>bold</b> <img src=x onerror="window.__injected=1">',
  '𠮷<a>不仅</a>一<a>而且</a>二',
  '',
].join('\n');

let page;
const session = useBrowser(async () => {
  ({ page } = await openPage(session.browser, session.url));
  await openFile('broken.txt', BROKEN);
  await page.getByTestId('doc-name').filter({ hasText: 'broken.txt' }).waitFor();
});

async function openFile(name, contents) {
  await page.getByTestId('open-file').setInputFiles({
    name,
    mimeType: 'text/plain',
    buffer: Buffer.from(contents),
  });
}

test('a file with problems still renders, its markup kept as text', async () => {
  assert.equal(await page.getByTestId('count-lines').textContent(), '5');
  assert.equal(await page.getByTestId('count-candidates').textContent(), '1');
  assert.equal(await page.getByTestId('count-members').textContent(), '3');
  assert.equal(await page.getByTestId('count-pairs').textContent(), '1');
  assert.equal(await page.getByTestId('count-problems').textContent(), '2');
  assert.equal(await page.locator('#line-2 .line-text').textContent(), '甲乙<cand>丙');
  assert.match(await page.title(), /broken\.txt/);
});

test('text from a file is shown as text, never run as HTML', async () => {
  const line = page.locator('#line-4 .line-text');
  assert.equal(await line.textContent(), 'x < y <b>bold</b> <img src=x onerror="window.__injected=1">');
  assert.equal(await line.locator('img, b').count(), 0);
  assert.equal(await page.evaluate(() => window.__injected), undefined);
});

test('the problems list gives line, column and a plain message; choosing one marks the place', async () => {
  const items = page.getByTestId('problem-list').locator('li');
  assert.equal(await items.count(), 2);
  const first = await items.nth(0).innerText();
  assert.match(first, /2:3/);
  assert.match(first, /<cand> is opened but never closed/);
  assert.match(await items.nth(1).innerText(), /3:1[\s\S]*虽然[\s\S]*no partner/);

  await items.nth(0).locator('button').click();
  const mark = page.locator('#line-2 mark.problem.chosen');
  assert.equal(await mark.textContent(), '<cand>');
  assert.ok(await page.locator('#line-2').evaluate((el) => el.classList.contains('chosen')));

  await items.nth(1).locator('button').click();
  const member = page.locator('#line-3 [data-kind=member].chosen');
  assert.equal(await member.textContent(), '虽然');
  assert.ok(await member.evaluate((el) => el.classList.contains('unpaired')));
});

test('Export JSON downloads exactly what the command line exports', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'connectives-e2e-'));
  const file = join(dir, 'broken.txt');
  await writeFile(file, BROKEN);
  await page.getByTestId('export-menu').locator('summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-json').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'broken.json');
  const fromPage = await readFile(await download.path(), 'utf8');
  const fromCli = execFileSync(
    'cargo',
    ['run', '--quiet', '--bin', 'connectives', '--', 'export', '--format', 'json', file],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(fromPage, fromCli);
  const json = JSON.parse(fromPage);
  assert.equal(json.format, 'connectives/1');
  const buqin = json.spans.find((s) => s.text === '不仅');
  // 𠮷 is one code point but two UTF-16 units.
  assert.equal(buqin.start_utf16 - buqin.start, 1);
});

test('a file that is not text is refused and the open document stays', async () => {
  await openFile('picture.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /picture\.png is not a text file/);
  assert.equal(await page.getByTestId('doc-name').textContent(), 'broken.txt');
  assert.equal(await page.getByTestId('count-lines').textContent(), '5');
});
