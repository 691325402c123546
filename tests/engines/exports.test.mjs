// Exports in each engine: every format the page downloads is byte for byte what the command
// line writes for the same file, also after an edit made in the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  captureExport,
  chooseFile,
  click,
  cliExport,
  openPage,
  pageErrors,
  press,
  useEngine,
  waitForCounts,
} from './harness.mjs';

const FORMATS = ['tagged', 'json', 'jsonl', 'csv', 'brat', 'doccano', 'label-studio', 'bio'];
// Characters outside the BMP, CRLF and a BOM: code points, UTF-16 units and bytes all differ.
const SOURCE =
  '\uFEFF𠮷<a>虽然</a>下雨😀，<a>但</a>我们出发了。\r\n<cand>因此</cand>路上"很"慢, 真的。\r\n<a>不仅</a>冷，<a>而且</a>饿。\r\n';

let page;
let file;
const session = useEngine(async () => {
  file = join(session.scratch, 'mixed.txt');
  await writeFile(file, SOURCE);
  page = await openPage(session);
  await chooseFile(session, page, file);
  await waitForCounts(page, { lines: 3, candidates: 1, members: 4, pairs: 2 });
});

for (const format of FORMATS) {
  test(`the ${format} download equals the command line's export`, async () => {
    const fromPage = await captureExport(session, page, format);
    assert.ok(fromPage.name.startsWith('mixed.'), fromPage.name);
    assert.ok(fromPage.bytes.length > 0);
    assert.ok(Buffer.compare(fromPage.bytes, cliExport(format, file)) === 0, `${format}: page and CLI differ`);
  });
}

test('the tagged download of the unedited document is the file itself', async () => {
  const { bytes } = await captureExport(session, page, 'tagged');
  assert.equal(bytes.toString('utf8'), SOURCE);
});

test('after an edit, each download equals the command line on the edited tagged text', async () => {
  await click(page, '#line-2 [data-kind=candidate]');
  await press(page, 'a');
  await waitForCounts(page, { candidates: 0, members: 5 });
  // Named as the page's document: the brat and Label Studio zips name their files after it.
  await mkdir(join(session.scratch, 'edited'));
  const edited = join(session.scratch, 'edited', 'mixed.txt');
  await writeFile(edited, (await captureExport(session, page, 'tagged')).bytes);
  for (const format of FORMATS.filter((f) => f !== 'tagged')) {
    const { bytes } = await captureExport(session, page, format);
    assert.ok(Buffer.compare(bytes, cliExport(format, edited)) === 0, `${format}: page and CLI differ after the edit`);
  }
  assert.deepEqual(pageErrors(page), []);
});
