// A corpus in the page: many files opened at once, the documents panel with counts and totals,
// status and notes kept across a reload, moving between documents, one export for all equal to
// the command line's, and the export opened again with its statuses and notes.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, useBrowser } from './harness.mjs';

const session = useBrowser();
const CLI = join(ROOT, 'target', 'debug', 'connectives');

/** Document `i` of the generated corpus: `i % 3` pairs, one candidate, a line per pair. */
function document(i) {
  const lines = [`第${i}篇<cand>而且</cand>开头。`];
  for (let p = 0; p < i % 3; p++) lines.push(`<a>虽然</a>下雨${p}，<a>但是</a>出发了。`);
  return lines.join('\n') + '\n';
}
const N = 40;
const NAMES = Array.from({ length: N }, (_, i) => `doc-${String(i).padStart(2, '0')}.txt`);
const expected = NAMES.map((name, i) => ({ name, candidates: 1, members: 2 * (i % 3), pairs: i % 3 }));
const total = (key) => expected.reduce((sum, d) => sum + d[key], 0);

let folder;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'corpus-'));
  await Promise.all(NAMES.map((name, i) => writeFile(join(folder, name), document(i))));
  execFileSync('cargo', ['build', '-q', '-p', 'connectives-cli'], { cwd: ROOT });
});

/** The files of a stored zip (what the page and the CLI write), by name. */
function unzip(bytes) {
  const files = new Map();
  let at = 0;
  while (bytes.readUInt32LE(at) === 0x04034b50) {
    const method = bytes.readUInt16LE(at + 8);
    const size = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const extra = bytes.readUInt16LE(at + 28);
    assert.equal(method, 0, 'stored');
    const name = bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    files.set(name, bytes.subarray(start, start + size));
    at = start + size;
  }
  return files;
}

async function freshPage(context) {
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  return page;
}

const text = (page, id) => page.getByTestId(id).innerText();
const row = (page, name) => page.locator(`[data-testid=documents] [data-doc="${name}"]`);

async function openCorpus(page) {
  await page.getByTestId('open-file').setInputFiles(NAMES.map((name) => join(folder, name)));
  await page.getByTestId('documents').waitFor();
  await page.getByTestId('doc-name').filter({ hasText: NAMES[0] }).waitFor();
}

test('many files open as a corpus: the panel lists them with their counts and the totals', async () => {
  const context = await session.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await freshPage(context);
  await openCorpus(page);
  assert.equal(await text(page, 'corpus-progress'), `0 / ${N}`);
  await page.getByTestId('stats-scope-corpus').click();
  assert.equal(await text(page, 'corpus-count-documents'), String(N));
  assert.equal(await text(page, 'corpus-count-candidates'), String(total('candidates')));
  assert.equal(await text(page, 'corpus-count-members'), String(total('members')));
  assert.equal(await text(page, 'corpus-count-pairs'), String(total('pairs')));
  assert.equal(await row(page, NAMES[0]).getAttribute('aria-current'), 'true');
  // The list is windowed: scrolling brings every row; each says its counts and status.
  const seen = new Map();
  const list = page.getByTestId('doc-list');
  assert.ok((await list.locator('[data-doc]').count()) < N, 'not every row is rendered at once');
  for (let step = 0; step < 20 && seen.size < N; step++) {
    for (const r of await list.locator('[data-doc]').evaluateAll((els) =>
      els.map((e) => ({ name: e.dataset.doc, status: e.dataset.status, counts: e.querySelector('.doc-counts').title })))) {
      seen.set(r.name, r);
    }
    await list.evaluate((el) => el.scrollBy(0, 200));
    await page.waitForTimeout(50);
  }
  assert.equal(seen.size, N, 'every document has a row');
  for (const d of expected) {
    const r = seen.get(d.name);
    assert.equal(r.status, 'new');
    assert.equal(r.counts, `${d.candidates} candidate, ${d.members} ${d.members === 1 ? 'member' : 'members'}, ${d.pairs} ${d.pairs === 1 ? 'pair' : 'pairs'}`, d.name);
  }
  await context.close();
});

test('edit, done and a note survive a reload; moving keeps each document and comes back to the last one', async () => {
  const context = await session.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await freshPage(context);
  await openCorpus(page);
  // An edit: the first document's candidate becomes a member: in progress.
  await page.locator('[data-kind=candidate]').first().click();
  await page.keyboard.press('a');
  await page.waitForFunction((name) => document.querySelector(`[data-doc="${name}"]`)?.dataset.status === 'in-progress', NAMES[0]);
  await page.getByTestId('doc-note').fill('ask about 而且');
  await page.getByTestId('doc-done').click();
  assert.equal(await row(page, NAMES[0]).getAttribute('data-status'), 'done');
  assert.equal(await text(page, 'corpus-progress'), `1 / ${N}`);
  // A document with no connective at all can be done too: the next one, by key.
  await page.getByTestId('doc-next').click();
  await page.getByTestId('doc-name').filter({ hasText: NAMES[1] }).waitFor();
  assert.equal(await row(page, NAMES[1]).getAttribute('aria-current'), 'true');
  await page.locator('body').press('D');
  assert.equal(await row(page, NAMES[1]).getAttribute('data-status'), 'done');
  await page.locator('body').press('T');
  await page.getByTestId('doc-name').filter({ hasText: NAMES[2] }).waitFor();
  await page.waitForTimeout(400);

  await page.reload();
  await page.getByTestId('documents').waitFor();
  await page.getByTestId('doc-name').filter({ hasText: NAMES[2] }).waitFor();
  assert.equal(await text(page, 'corpus-progress'), `2 / ${N}`);
  assert.equal(await row(page, NAMES[0]).getAttribute('data-status'), 'done');
  assert.equal(await row(page, NAMES[0]).locator('[data-testid=doc-note-marker]').count(), 1);
  await row(page, NAMES[0]).click();
  await page.getByTestId('doc-name').filter({ hasText: NAMES[0] }).waitFor();
  assert.equal(await page.getByTestId('doc-note').inputValue(), 'ask about 而且');
  assert.equal(await page.locator('[data-kind=member]').count(), 1, 'the edit is kept');
  assert.equal(await page.locator('[data-kind=candidate]').count(), 0);
  // Done can be taken back.
  await page.getByTestId('doc-done').click();
  assert.equal(await row(page, NAMES[0]).getAttribute('data-status'), 'in-progress');
  await page.getByTestId('doc-prev').isDisabled();
  await context.close();
});

test('a note typed and done pressed just before the page is left are kept', async () => {
  const context = await session.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await freshPage(context);
  await openCorpus(page);
  await page.getByTestId('doc-next').click();
  await page.getByTestId('doc-name').filter({ hasText: NAMES[1] }).waitFor();
  // From now on the corpus's list never reaches IndexedDB in this page (as when the tab is
  // closed before the write commits): only what the page wrote at once can bring it back.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (this.name === 'corpora') throw new DOMException('held back by the test', 'AbortError');
      return put.apply(this, args);
    };
  });
  await page.getByTestId('doc-note').fill('written at the last moment');
  await page.getByTestId('doc-done').click();
  await page.reload();
  await page.getByTestId('documents').waitFor();
  await page.getByTestId('doc-name').filter({ hasText: NAMES[1] }).waitFor();
  assert.equal(await page.getByTestId('doc-note').inputValue(), 'written at the last moment');
  assert.equal(await row(page, NAMES[1]).getAttribute('data-status'), 'done');
  await context.close();
});

test('two tabs on one corpus each keep what they changed', async () => {
  const context = await session.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const first = await freshPage(context);
  await openCorpus(first);
  // A second tab opens the same corpus, then both change other documents.
  const second = await freshPage(context);
  await second.getByTestId('documents').waitFor();
  await first.getByTestId('doc-done').click();
  await first.getByTestId('doc-note').fill('from the first tab');
  await row(second, NAMES[2]).click();
  await second.getByTestId('doc-name').filter({ hasText: NAMES[2] }).waitFor();
  await second.getByTestId('doc-done').click();
  await second.getByTestId('doc-note').fill('from the second tab');
  await first.waitForTimeout(400);
  await second.close();
  await first.reload();
  await first.getByTestId('documents').waitFor();
  assert.equal(await text(first, 'corpus-progress'), `2 / ${N}`);
  assert.equal(await row(first, NAMES[0]).getAttribute('data-status'), 'done');
  assert.equal(await row(first, NAMES[2]).getAttribute('data-status'), 'done');
  await row(first, NAMES[0]).click();
  await first.getByTestId('doc-name').filter({ hasText: NAMES[0] }).waitFor();
  assert.equal(await first.getByTestId('doc-note').inputValue(), 'from the first tab');
  await row(first, NAMES[2]).click();
  await first.getByTestId('doc-name').filter({ hasText: NAMES[2] }).waitFor();
  assert.equal(await first.getByTestId('doc-note').inputValue(), 'from the second tab');
  await context.close();
});

test('the recent list shows the corpus; removing it asks first and takes its documents', async () => {
  const context = await session.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await freshPage(context);
  await openCorpus(page);
  await page.getByTestId('doc-done').click();
  await page.getByTestId('open-file').setInputFiles({ name: 'alone.txt', mimeType: 'text/plain', buffer: Buffer.from(document(1)) });
  await page.getByTestId('doc-name').filter({ hasText: 'alone.txt' }).waitFor();
  assert.equal(await page.getByTestId('documents').count(), 0, 'a file of its own leaves the corpus');
  const entry = page.getByTestId('recent-list').locator('li').filter({ has: page.getByTestId('recent-corpus') });
  await entry.waitFor();
  assert.match(await entry.innerText(), new RegExp(`corpus of ${N} documents, 1 done`));
  // Declined: nothing goes.
  page.once('dialog', (dialog) => dialog.dismiss());
  await entry.getByTestId('recent-forget').click();
  await page.waitForTimeout(300);
  assert.equal(await entry.count(), 1);
  // Reopened from the list, at the document open last.
  await entry.getByTestId('recent-open').click();
  await page.getByTestId('documents').waitFor();
  await page.getByTestId('doc-name').filter({ hasText: NAMES[0] }).waitFor();
  await page.getByTestId('open-file').setInputFiles({ name: 'alone.txt', mimeType: 'text/plain', buffer: Buffer.from(document(1)) });
  await page.getByTestId('doc-name').filter({ hasText: 'alone.txt' }).waitFor();
  page.once('dialog', (dialog) => {
    assert.match(dialog.message(), new RegExp(`${N} documents`));
    dialog.accept();
  });
  await entry.getByTestId('recent-forget').click();
  await entry.waitFor({ state: 'detached' });
  await page.reload();
  await page.getByTestId('doc-name').filter({ hasText: 'alone.txt' }).waitFor();
  assert.equal(await page.getByTestId('recent-corpus').count(), 0, 'gone after a reload too');
  await context.close();
});

test('the corpus export of every format equals the command line\'s, and opens again with statuses and notes', async () => {
  const context = await session.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await freshPage(context);
  await openCorpus(page);
  await page.getByTestId('doc-note').fill('first note');
  await page.getByTestId('doc-done').click();
  const out = await mkdtemp(join(tmpdir(), 'corpus-out-'));
  const formats = ['tagged', 'json', 'jsonl', 'csv', 'brat', 'doccano', 'label-studio', 'bio'];
  let tagged;
  for (const format of formats) {
    await page.getByTestId('export-menu').locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-corpus-${format}`).click()]);
    const path = join(out, download.suggestedFilename());
    await download.saveAs(path);
    const mine = unzip(await readFile(path));
    const cliZip = join(out, `cli-${format}.zip`);
    execFileSync(CLI, ['export', '--format', format, '--out', cliZip, ...NAMES.map((n) => join(folder, n))]);
    const theirs = unzip(await readFile(cliZip));
    assert.deepEqual([...mine.keys()].sort(), [...theirs.keys()].sort(), format);
    for (const [name, bytes] of theirs) {
      if (name === 'corpus.json') continue;
      assert.ok(bytes.equals(mine.get(name)), `${format}: ${name} differs from the command line's`);
    }
    const corpus = JSON.parse(mine.get('corpus.json').toString('utf8'));
    const first = corpus.documents.find((d) => d.name === NAMES[0]);
    assert.equal(first.status, 'done', format);
    assert.equal(first.note, 'first note', format);
    if (format === 'tagged') tagged = path;
  }
  // Opened again in a fresh browser profile: the statuses and notes come back.
  const other = await session.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const again = await freshPage(other);
  await again.getByTestId('open-file').setInputFiles(tagged);
  await again.getByTestId('documents').waitFor();
  assert.equal(await text(again, 'corpus-progress'), `1 / ${N}`);
  assert.equal(await row(again, NAMES[0]).getAttribute('data-status'), 'done');
  assert.equal(await again.getByTestId('doc-note').inputValue(), 'first note');
  await other.close();
  await context.close();
});

test('corpus search finds every occurrence, and a hit opens its document at the match', async () => {
  const context = await session.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await freshPage(context);
  await openCorpus(page);
  const search = page.getByTestId('corpus-search');
  await search.waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=corpus-search]').disabled);
  await search.fill('虽然下雨');
  const results = page.getByTestId('corpus-search-results');
  await results.waitFor();
  const want = total('pairs');
  assert.match(await text(page, 'corpus-search-count'), new RegExp(`^${want} matches in ${expected.filter((d) => d.pairs).length} documents`));
  // The hit of document 5's second pair: line 3 of doc-05.txt.
  const hit = results.locator('[data-result]').filter({ hasText: 'doc-05.txt' }).filter({ hasText: '下雨1' });
  assert.equal(await hit.count(), 1);
  await hit.click();
  await page.getByTestId('doc-name').filter({ hasText: 'doc-05.txt' }).waitFor();
  assert.equal(await row(page, 'doc-05.txt').getAttribute('aria-current'), 'true');
  await page.locator('#line-3 mark, #line-3 .match').first().waitFor();
  assert.ok(await page.locator('#line-3').isVisible());
  // A regular expression, as the browser reads it; an invalid one says why.
  await page.getByTestId('corpus-search-regex').check();
  await search.fill('下雨[01]，');
  assert.match(await text(page, 'corpus-search-count'), new RegExp(`^${want} matches`));
  await search.fill('下雨(');
  await page.getByTestId('corpus-search-error').waitFor();
  await page.getByTestId('corpus-search-regex').uncheck();
  // An edit in the open document is found at once.
  await search.fill('开头');
  assert.match(await text(page, 'corpus-search-count'), new RegExp(`^${N} matches in ${N} documents`));
  await context.close();
});

test('a zip with a binary member opens the rest and lists that one as not opened', async () => {
  const context = await session.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await freshPage(context);
  const dir = await mkdtemp(join(tmpdir(), 'corpus-bad-'));
  await mkdir(join(dir, 'in'));
  await writeFile(join(dir, 'in', 'a.txt'), document(1));
  await writeFile(join(dir, 'in', 'b.txt'), document(2));
  await writeFile(join(dir, 'in', 'c.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
  const zip = storedZip([['a.txt', await readFile(join(dir, 'in', 'a.txt'))], ['b.txt', await readFile(join(dir, 'in', 'b.txt'))], ['c.txt', await readFile(join(dir, 'in', 'c.txt'))]]);
  await writeFile(join(dir, 'mixed.zip'), zip);
  await page.getByTestId('open-file').setInputFiles(join(dir, 'mixed.zip'));
  await page.getByTestId('documents').waitFor();
  assert.equal(await text(page, 'corpus-progress'), '0 / 2');
  const notice = await text(page, 'notice');
  assert.match(notice, /c\.txt/, notice);
  assert.equal(await page.getByTestId('notice').getAttribute('role'), 'alert');
  await context.close();
});

/** A zip of stored members, as APPNOTE describes it (CRC-32 computed here). */
function storedZip(files) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(10, 4);
    head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(10, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(head, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
