// Every export the page downloads is byte for byte what the command line writes for the same
// file; the exports that can be opened again give the same document, the others are refused
// with the document left as it was; small exports can be copied.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDocument, ROOT, useBrowser } from './harness.mjs';

const FORMATS = ['tagged', 'json', 'jsonl', 'csv', 'brat', 'doccano', 'label-studio', 'bio'];
// Characters outside the BMP, CRLF and a BOM: code points, UTF-16 units and bytes all differ.
const SOURCE =
  '\uFEFF𠮷<a>虽然</a>下雨😀，<a>但</a>我们出发了。\r\n<cand>因此</cand>路上"很"慢, 真的。\r\n<a>不仅</a>冷，<a>而且</a>饿。\r\n';

let context;
let page;
let dir;
let file;
const session = useBrowser(async () => {
  context = await session.browser.newContext();
  const origin = new URL(session.url).origin;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], origin === 'null' ? {} : { origin });
  page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  dir = await mkdtemp(join(tmpdir(), 'connectives-exports-'));
  file = join(dir, 'mixed.txt');
  await writeFile(file, SOURCE);
  await openDocument(page, file);
});

function cli(format) {
  return execFileSync('cargo', ['run', '--quiet', '--bin', 'connectives', '--', 'export', '--format', format, file], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
}

async function download(format) {
  const menu = page.getByTestId('export-menu');
  if (!(await menu.evaluate((el) => el.open))) await menu.locator('summary').click();
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
  return { name: saved.suggestedFilename(), bytes: await readFile(await saved.path()) };
}

const count = (id) => page.getByTestId(id).textContent();

after(async () => {
  await context?.close();
});

for (const format of FORMATS) {
  test(`the ${format} download equals the command line's export`, async () => {
    const fromPage = await download(format);
    const fromCli = cli(format);
    assert.ok(fromPage.name.startsWith('mixed.'), fromPage.name);
    assert.ok(fromPage.bytes.length > 0);
    assert.ok(Buffer.compare(fromPage.bytes, fromCli) === 0, `${format}: page and CLI differ`);
  });
}

test('the tagged export of the unedited document is the file itself', async () => {
  const { bytes } = await download('tagged');
  assert.equal(bytes.toString('utf8'), SOURCE);
});

const counts = async () => ({
  lines: await count('count-lines'),
  candidates: await count('count-candidates'),
  members: await count('count-members'),
  pairs: await count('count-pairs'),
});
const MIXED_COUNTS = { lines: '3', candidates: '1', members: '4', pairs: '2' };

for (const format of ['tagged', 'json', 'jsonl', 'brat', 'doccano']) {
  test(`the ${format} export opens again through open-file as the same document`, async () => {
    await openDocument(page, file);
    const { name, bytes } = await download(format);
    // The tagged export is named like the open document: save it under another name, so that
    // the page is seen to open it.
    const path = join(dir, format === 'tagged' ? 'mixed-again.txt' : name);
    await writeFile(path, bytes);
    await openDocument(page, path);
    assert.deepEqual(await counts(), MIXED_COUNTS, format);
    assert.equal(await page.locator('#line-1 [data-kind=member]').first().textContent(), '虽然');
    if (format !== 'tagged') {
      const notice = await page.getByTestId('notice').innerText();
      assert.match(notice, /imported from .*: 1 candidate, 4 members, 2 pairs/, `${format}: ${notice}`);
    }
  });
}

for (const [format, says, renamed] of [
  ['csv', /is the page's CSV export/, 'mixed-table.txt'],
  ['label-studio', /is a Label Studio export/, 'mixed-tasks.txt'],
  ['bio', /holds BIO tags/, 'mixed-rows.txt'],
]) {
  test(`the ${format} export is refused when opened, under its name or a .txt, and the document stays`, async () => {
    await openDocument(page, file);
    const { name, bytes } = await download(format);
    for (const saved of [name, renamed]) {
      const path = join(dir, saved);
      await writeFile(path, bytes);
      await page.getByTestId('open-file').setInputFiles(path);
      // Each refusal names its file, so this waits for this one, not the one before.
      const notice = page.getByTestId('notice').filter({ hasText: saved });
      await notice.waitFor();
      const text = await notice.innerText();
      assert.match(text, says, text);
      assert.match(text, /The open document is unchanged/, text);
      assert.equal(await page.getByTestId('doc-name').textContent(), 'mixed.txt', saved);
      assert.deepEqual(await counts(), MIXED_COUNTS, saved);
    }
  });
}

test('an import that finds no annotations opens with a warning, never a success notice', async () => {
  await openDocument(page, file);
  const path = join(dir, 'plain.doccano.jsonl');
  await writeFile(path, '{"text": "虽然下雨，但我们出发了。", "entities": [], "relations": []}\n');
  await openDocument(page, path);
  const notice = page.getByTestId('notice');
  const text = await notice.innerText();
  assert.match(text, /no annotations/, text);
  assert.doesNotMatch(text, /imported from [^:]*: \d/, text);
  assert.equal(await notice.getAttribute('role'), 'alert', 'shown as a warning');
  assert.deepEqual(await counts(), { lines: '1', candidates: '0', members: '0', pairs: '0' });
  await openDocument(page, file);
});

test('a small export can be copied to the clipboard', async () => {
  const menu = page.getByTestId('export-menu');
  if (!(await menu.evaluate((el) => el.open))) await menu.locator('summary').click();
  await page.getByTestId('copy-bio').click();
  await page.getByTestId('notice').filter({ hasText: /mixed\.bio\.tsv/ }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, cli('bio').toString('utf8'));
});
