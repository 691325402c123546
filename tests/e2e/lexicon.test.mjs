// A lexicon of one's own: imported from CSV or TSV (a bad row refused with its line), kept in
// the browser across reloads and followed by other tabs, used by the statistics, the card, the
// tooltips, the stage and the quiz, exported, and reset to the built-in one.
// The example's eight pairs: 虽然…但 ×3, 不是…而是 ×1, 不仅…而且 ×2, 不仅…还 ×1, 不仅…也 ×1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useBrowser } from './harness.mjs';

const session = useBrowser();

/** 虽然…但 gets a relation of its own before its scheme one; 不是…而是 a grammar term (选择 →
 * alternative); the 不仅 pairs are not in it. */
const OWN = 'first\tsecond\trelation\n虽然\t但\t评注|contrast\n# a comment\n不是\t而是\t选择\n';
const OWN_CSV = 'first,second,relation\n虽然,但,评注|contrast\n不是,而是,alternative\n';

async function newPage(context) {
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind=member]');
  return page;
}

const importLexicon = (page, name, contents) =>
  page.getByTestId('lexicon-import').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(contents) });

const relationRows = (page) =>
  page
    .locator('[data-testid=freq-relations] li[data-relation]')
    .evaluateAll((els) => els.map((e) => [e.dataset.relation, Number(e.dataset.count)]));

const BUILTIN_ROWS = [['contrast', 4], ['progression', 3], ['conjunction', 1]];

test('a bad lexicon is refused with its line, and the built-in one stays', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  await importLexicon(page, 'bad.csv', 'first,second,relation\n虽然,但,contrast\n不仅,而且\n');
  const notice = page.getByTestId('notice');
  await notice.filter({ hasText: 'bad.csv' }).waitFor();
  assert.match(await notice.textContent(), /line 3 has 2 columns.*the lexicon is unchanged/);
  await importLexicon(page, 'quote.csv', '虽然,"但,contrast\n');
  await notice.filter({ hasText: 'quote.csv' }).waitFor();
  assert.match(await notice.textContent(), /line 1, column 2/);
  await importLexicon(page, 'empty.csv', 'first,second,relation\n');
  await notice.filter({ hasText: 'empty.csv' }).waitFor();
  assert.match(await notice.textContent(), /no pairs/);
  assert.equal(await page.getByTestId('lexicon-name').getAttribute('data-builtin'), 'true');
  assert.deepEqual(await relationRows(page), BUILTIN_ROWS);
  assert.equal(await page.evaluate(() => localStorage.getItem('connectives.lexicon')), null);
  await context.close();
});

test('an imported lexicon is used everywhere, kept across a reload, followed by another tab, exported and reset', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  const other = await newPage(context);
  await importLexicon(page, '课堂词表.tsv', OWN);
  await page.getByTestId('notice').filter({ hasText: '课堂词表.tsv loaded: 2 pairs' }).waitFor();
  assert.equal(await page.getByTestId('lexicon-name').textContent(), '课堂词表.tsv');
  assert.match(await page.getByTestId('lexicon-size').textContent(), /2 pairs · 3 relations/);

  // The statistics: 虽然…但 ×3 under its own relation, 不是…而是 alternative, the 不仅 pairs unknown.
  const own = [['评注', 3], ['alternative', 1], ['', 4]];
  assert.deepEqual(await relationRows(page), own);
  assert.match(await page.getByTestId('lexicon-agreement').textContent(), /^4 pairs match the lexicon, 4 do not$/);
  assert.deepEqual(await page.locator('[data-testid=legend-relations] [data-relation]').allTextContents(), [
    '评注 3',
    'Alternative 1',
    'not in the lexicon 4',
  ]);
  // The card and the tooltip of a member.
  const suiran = page.locator('[data-testid=document] [data-kind=member]', { hasText: '虽然' }).first();
  await suiran.hover();
  const card = page.getByTestId('pair-card');
  await card.locator('[data-relation=评注]').waitFor();
  assert.deepEqual(await card.locator('[data-relation]').evaluateAll((els) => els.map((e) => e.dataset.relation)), [
    '评注',
    'contrast',
  ]);
  assert.match(await suiran.getAttribute('title'), /虽然…但 · 评注 \/ Contrast/);

  // The other tab, open all along, follows.
  await other.waitForFunction(
    () => document.querySelector('[data-testid=lexicon-name]')?.textContent === '课堂词表.tsv',
  );
  assert.deepEqual(await relationRows(other), own);

  // A reload keeps it.
  await page.reload();
  await page.waitForSelector('[data-kind=member]');
  assert.equal(await page.getByTestId('lexicon-name').textContent(), '课堂词表.tsv');
  assert.deepEqual(await relationRows(page), own);

  // The stage names the pair's own relation, and the relation quiz asks it among four.
  await page.keyboard.press('p');
  await page.getByTestId('presenter').waitFor();
  await page.keyboard.press('r');
  const label = page.getByTestId('present-pairs').locator('.pair-label').first();
  assert.equal(await label.getAttribute('data-relation'), '评注');
  assert.match(await label.textContent(), /虽然…但\s*评注 \/ Contrast/);
  await page.keyboard.press('q');
  await page.getByTestId('present-quiz-relation').click();
  const choices = page.getByTestId('quiz-choice');
  assert.equal(await choices.count(), 4);
  const ids = await choices.evaluateAll((els) => els.map((e) => e.dataset.relation));
  assert.equal(ids.filter((id) => id === '评注').length, 1, ids.join(' '));
  assert.equal(ids.includes('contrast'), false, 'only the answer among the pair\'s own relations');
  await page.locator('[data-testid=quiz-choice][data-relation=评注]').click();
  assert.equal(await page.getByTestId('quiz-verdict').getAttribute('data-right'), 'true');
  await page.keyboard.press('Escape');
  await page.getByTestId('document').waitFor();

  // The export is the lexicon as the page reads it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lexicon-export').click()]);
  assert.equal(download.suggestedFilename(), '课堂词表.csv');
  assert.equal(await readFile(await download.path(), 'utf8'), OWN_CSV);

  // Reset: the built-in lexicon, here and in the other tab, and after a reload.
  await page.getByTestId('lexicon-reset').click();
  await page.getByTestId('notice').filter({ hasText: 'The built-in lexicon is back' }).waitFor();
  assert.equal(await page.getByTestId('lexicon-reset').isDisabled(), true);
  assert.deepEqual(await relationRows(page), BUILTIN_ROWS);
  await other.waitForFunction(
    () => document.querySelector('[data-testid=lexicon-name]')?.dataset.builtin === 'true',
  );
  assert.deepEqual(await relationRows(other), BUILTIN_ROWS);
  await page.reload();
  await page.waitForSelector('[data-kind=member]');
  assert.equal(await page.getByTestId('lexicon-name').getAttribute('data-builtin'), 'true');
  const [builtin] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lexicon-export').click()]);
  assert.equal(builtin.suggestedFilename(), 'lexicon-builtin.csv');
  assert.match(await readFile(await builtin.path(), 'utf8'), /^first,second,relation\n虽然,但,contrast\n/);
  await context.close();
});

test('an exported lexicon imports again as the same lexicon', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lexicon-export').click()]);
  const csv = await readFile(await download.path(), 'utf8');
  await importLexicon(page, 'again.csv', csv);
  await page.getByTestId('notice').filter({ hasText: 'again.csv loaded' }).waitFor();
  assert.deepEqual(await relationRows(page), BUILTIN_ROWS);
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lexicon-export').click()]);
  assert.equal(await readFile(await again.path(), 'utf8'), csv);
  await context.close();
});
