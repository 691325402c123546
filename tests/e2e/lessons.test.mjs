// Lessons: an instructor chooses lines (from the stage, a search, the pair table, a key),
// orders and names them, finds them again after a reload and from the URL, presents them in
// that order, and hands out the answer key (printed, as HTML, and the figures in a zip).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDocument, SCREENSHOTS, useBrowser } from './harness.mjs';

const DOC = [
  '开头没有关联词。',
  '<a>虽然</a>下雨，<a>但</a>我们去了。',
  '<a>因为</a>很累，<a>所以</a>早睡。',
  '平常的一行，有雨。',
  '<a>不仅</a>下雨，<a>而且</a>刮风。',
  '<a>虽然</a>很冷，<a>但</a>很好。',
].join('\n') + '\n';
const NAME = '雨 & <风> #1 100%';

const session = useBrowser();

async function newContext() {
  return session.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
}

/** A page of `context` with the lesson document opened and saved in the browser. */
async function openLessonDocument(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(session.url);
  await page.waitForSelector('[data-kind=member]');
  await openDocument(page, { name: 'lesson.txt', contents: DOC });
  await page.getByTestId('storage-status').filter({ hasText: /Saved in this browser|已保存/ }).waitFor();
  return { page, errors };
}

/** The lesson list's line numbers, in order. */
const lessonLines = (page) =>
  page.getByTestId('lesson-list').locator('li').evaluateAll((els) => els.map((e) => Number(e.dataset.line)));
const row = (page, line) => page.getByTestId('lesson-list').locator(`li[data-line="${line}"]`);
const presenter = (page) => page.getByTestId('presenter');

/** Reads a zip's members (stored or deflated) into { name: Buffer }. */
async function unzip(bytes) {
  const { inflateRawSync } = await import('node:zlib');
  const files = {};
  let at = 0;
  while (bytes.readUInt32LE(at) === 0x04034b50) {
    const method = bytes.readUInt16LE(at + 8);
    const size = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const extra = bytes.readUInt16LE(at + 28);
    const name = bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    const data = bytes.subarray(start, start + size);
    files[name] = method === 8 ? inflateRawSync(data) : Buffer.from(data);
    at = start + size;
  }
  return files;
}

test('a lesson is built from the stage, a search, the pair table and a key, ordered, named, kept and presented', async () => {
  const context = await newContext();
  const { page, errors } = await openLessonDocument(context);

  // From the stage: line 3, the second line with pairs.
  await page.keyboard.press('p');
  await presenter(page).waitFor();
  await page.keyboard.press('ArrowDown');
  assert.equal(await presenter(page).getAttribute('data-line'), '3');
  await page.getByTestId('lesson-add').click();
  assert.equal(await page.getByTestId('lesson-add').isDisabled(), true, 'the line is in the lesson');
  await page.keyboard.press('Escape');
  await presenter(page).waitFor({ state: 'detached' });
  assert.deepEqual(await lessonLines(page), [3]);

  // From a search: every line with a hit (2, 4, 5), in document order.
  await page.getByTestId('search').fill('雨');
  await page.getByTestId('lesson-add-search').click();
  assert.deepEqual(await lessonLines(page), [3, 2, 4, 5]);
  await page.getByTestId('search').fill('');

  // From the pair table: every line with 虽然…但 (2 is in already, 6 is new).
  await page.getByTestId('freq-pairs').locator('button[data-entry="虽然…但"]').click();
  await page.getByTestId('lesson-add-pair').click();
  assert.deepEqual(await lessonLines(page), [3, 2, 4, 5, 6]);
  assert.match(await page.getByTestId('notice').textContent(), /1 line added.*1 already/);

  // By key, in the reading view: L adds the line last gone to.
  await page.getByTestId('goto-line').fill('1');
  await page.getByTestId('goto-line').press('Enter');
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('L');
  assert.deepEqual(await lessonLines(page), [3, 2, 4, 5, 6, 1]);

  // Reorder and remove, by keyboard and by click; rename with characters URLs care about.
  await row(page, 4).getByTestId('lesson-remove').click();
  await row(page, 1).getByTestId('lesson-up').focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await lessonLines(page), [3, 2, 5, 1, 6]);
  await row(page, 3).getByTestId('lesson-down').focus();
  await page.keyboard.press(' ');
  assert.deepEqual(await lessonLines(page), [2, 3, 5, 1, 6]);
  assert.equal(await row(page, 2).getByTestId('lesson-up').isDisabled(), true, 'the first cannot go up');
  await page.getByTestId('lesson-name').fill(NAME);
  assert.match(await row(page, 3).locator('.lesson-excerpt').textContent(), /^因为很累/);
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.getByTestId('lesson-panel').screenshot({ path: join(SCREENSHOTS, 'lesson-list.png') });

  // A reload finds the lesson kept in the browser for this document.
  await page.reload();
  await page.getByTestId('doc-name').filter({ hasText: 'lesson.txt' }).waitFor();
  await page.getByTestId('lesson-list').locator('li').first().waitFor();
  assert.deepEqual(await lessonLines(page), [2, 3, 5, 1, 6]);
  assert.equal(await page.getByTestId('lesson-name').inputValue(), NAME);

  // Presenting walks the lesson's lines in its order; → goes on once a line is all shown.
  await page.getByTestId('lesson-present').click();
  await presenter(page).waitFor();
  assert.equal(await page.getByTestId('present-lesson').textContent(), `Lesson: ${NAME}`);
  const walked = [];
  for (let i = 0; i < 40 && walked.length < 5; i++) {
    const line = Number(await presenter(page).getAttribute('data-line'));
    if (walked.at(-1) !== line) {
      walked.push(line);
      const progress = await page.getByTestId('present-progress').textContent();
      assert.equal(progress, `${walked.length} / 5`);
    }
    await page.keyboard.press('ArrowRight');
  }
  assert.deepEqual(walked, [2, 3, 5, 1, 6]);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Home');
  assert.equal(await presenter(page).getAttribute('data-line'), '2');
  await page.keyboard.press('End');
  assert.equal(await presenter(page).getAttribute('data-line'), '6');

  // The URL holds the lesson's line numbers and name, never the text.
  await page.waitForFunction(() => location.hash.includes('lesson='));
  const url = page.url();
  const fragment = new URL(url).hash;
  assert.match(fragment, /&lesson=2,3,5,1,6&lesson-name=[^&#]+$/);
  assert.doesNotMatch(decodeURIComponent(fragment.split('lesson-name=')[0]), /\p{Script=Han}/u);
  await page.keyboard.press('Escape');
  assert.deepEqual(errors, []);
  await context.close();

  // A fresh browser profile with the same document: the address alone brings the lesson back.
  const fresh = await newContext();
  const other = await openLessonDocument(fresh);
  assert.equal(await other.page.getByTestId('lesson-list').getAttribute('data-count'), '0');
  // A page load (not a change of the fragment alone): the lesson waits for the document the
  // page restores a moment after it starts.
  await other.page.goto('about:blank');
  await other.page.goto(url);
  await other.page.waitForSelector('[data-testid=presenter][data-line="6"]');
  assert.equal(await other.page.getByTestId('present-progress').textContent(), '5 / 5');
  await other.page.keyboard.press('Escape');
  assert.deepEqual(await lessonLines(other.page), [2, 3, 5, 1, 6]);
  assert.equal(await other.page.getByTestId('lesson-name').inputValue(), NAME);
  assert.deepEqual(other.errors, []);
  await fresh.close();
});

test('the answer key lists each lesson line with its pairs and relations, prints alone, and the figures come in one zip', async () => {
  const context = await newContext();
  const { page, errors } = await openLessonDocument(context);
  // Lines 5, 2, 1, 3 in that order, by the URL.
  await page.goto(`${session.url}#lesson=5,2,1,3,99&lesson-name=${encodeURIComponent('<b>第一课</b>')}`);
  await page.getByTestId('lesson-list').locator('li').first().waitFor();
  assert.deepEqual(await lessonLines(page), [5, 2, 1, 3]);
  assert.match(await page.getByTestId('notice').textContent(), /1 line number/, 'line 99 is reported');

  await page.getByTestId('lesson-handout').click();
  const handout = page.getByTestId('handout');
  await handout.waitFor();
  assert.equal(await handout.locator('h1').textContent(), '<b>第一课</b>', 'the name is text, not markup');
  const shown = await handout.locator('.handout-lines > li').evaluateAll((els) =>
    els.map((li) => [
      li.dataset.line,
      li.querySelector('.handout-text').textContent,
      [...li.querySelectorAll('.handout-pairs li')].map((p) => `${p.querySelector('.label').textContent} ${p.querySelector('.relation').textContent}`),
    ]),
  );
  assert.deepEqual(shown, [
    ['5', '不仅下雨，而且刮风。', ['不仅…而且 Progression / Conjunction']],
    ['2', '虽然下雨，但我们去了。', ['虽然…但 Contrast']],
    ['1', '开头没有关联词。', []],
    ['3', '因为很累，所以早睡。', ['因为…所以 Causation']],
  ]);

  // The HTML download: the same, in order, self-contained and escaped.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('handout-download').click()]);
  assert.match(download.suggestedFilename(), /^lesson-.*answer-key\.html$/);
  const html = await readFile(await download.path(), 'utf8');
  assert.match(html, /^<!DOCTYPE html>\n<html lang="zh">/);
  assert.match(html, /font-family: "Noto Sans CJK SC"/);
  assert.doesNotMatch(html, /<b>|<script|<link|src=/, 'escaped, nothing fetched');
  assert.ok(html.includes('&lt;b&gt;第一课&lt;/b&gt;'));
  const order = ['不仅下雨', '不仅…而且', 'Progression / Conjunction', '虽然下雨', '虽然…但', 'Contrast', '开头没有', '因为很累', '因为…所以', 'Causation'];
  const places = order.map((text) => html.indexOf(text));
  assert.ok(places.every((p, i) => p > 0 && (i === 0 || p > places[i - 1])), `${order} at ${places}`);

  // Printing shows the answer key and hides the app.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await handout.isVisible(), true);
  assert.equal(await page.locator('.app').isVisible(), false);
  assert.equal(await page.getByTestId('handout-print').isVisible(), false, 'no buttons on paper');
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'lesson-handout-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.getByTestId('handout-print').isVisible(), true);

  // One SVG figure per line, named by its line number, each a drawing with its text.
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('handout-figures').click()]);
  assert.match(zip.suggestedFilename(), /\.zip$/);
  const files = await unzip(await readFile(await zip.path()));
  assert.deepEqual(Object.keys(files), ['lesson-line-5.svg', 'lesson-line-2.svg', 'lesson-line-1.svg', 'lesson-line-3.svg']);
  for (const [name, bytes] of Object.entries(files)) {
    const svg = bytes.toString('utf8');
    assert.match(svg, /^<svg/, name);
    assert.match(svg, /<text[^>]*>/, name);
  }
  assert.equal((files['lesson-line-2.svg'].toString().match(/<path class="arc/g) ?? []).length, 1, 'fully revealed');

  // Esc closes the key, the button too: printing is the document's again.
  await page.keyboard.press('Escape');
  await handout.waitFor({ state: 'detached' });
  await page.getByTestId('lesson-handout').click();
  await handout.waitFor();
  await page.getByTestId('handout-close').click();
  await handout.waitFor({ state: 'detached' });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.app').isVisible(), true);
  assert.deepEqual(errors, []);
  await context.close();
});
