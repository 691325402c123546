// The reading view: linked pairs, search and filters, keyboard navigation, statistics,
// the interface language, accessibility, and a 10 MB document.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openPage, ROOT, SCREENSHOTS, useBrowser } from './harness.mjs';
import { openLargeDocument } from './large-doc.mjs';

const require = createRequire(import.meta.url);
const SEED = await readFile(join(ROOT, 'www/examples/seed-zh.txt'), 'utf8');
const SEED_TEXT = SEED.replace(/<\/?(cand|a)>/g, '');
const SEED_LINES = SEED_TEXT.split('\n').filter((line, i, all) => i < all.length - 1 || line);

const session = useBrowser();

before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
});

async function fresh() {
  const { page } = await openPage(session.browser, session.url);
  return page;
}

const classes = (locator) => locator.evaluate((el) => [...el.classList]);

test('hovering a member lights its partner and draws one arc; click pins, Esc clears', async () => {
  const page = await fresh();
  const [suiran, dan] = [
    page.locator('#line-10 [data-kind=member]').nth(0),
    page.locator('#line-10 [data-kind=member]').nth(1),
  ];
  await suiran.hover();
  assert.ok((await classes(dan)).includes('lit'), 'the partner 但 is lit');
  const arcs = page.locator('path.arc');
  assert.equal(await arcs.count(), 1);
  assert.equal(await arcs.first().getAttribute('data-pair-id'), await suiran.getAttribute('data-pair-id'));
  const d = await arcs.first().getAttribute('d');
  assert.match(d, /^M[\d.]+,[\d.]+ C/);

  await suiran.click();
  await page.mouse.move(5, 700);
  assert.ok((await classes(dan)).includes('lit'), 'pinned: still lit after the pointer left');
  await page.keyboard.press('Escape');
  assert.ok(!(await classes(dan)).includes('lit'));
  assert.equal(await arcs.count(), 0);

  await page.getByTestId('toggle-arcs').click();
  await page.waitForFunction(() => document.querySelectorAll('path.arc').length === 8);
  await page.screenshot({ path: join(SCREENSHOTS, 'all-arcs.png') });
  await page.close();
});

test('keyboard focus on a member lights its partner too', async () => {
  const page = await fresh();
  await page.locator('#line-12 [data-kind=member]').first().focus();
  const partner = page.locator('#line-12 [data-kind=member]').nth(1);
  assert.ok((await classes(partner)).includes('lit'));
  await page.close();
});

test('search highlights and counts matches; filters change which lines are shown', async () => {
  const page = await fresh();
  const expected = SEED_TEXT.split('虽然').length - 1;
  const matchingLines = SEED_LINES.filter((line) => line.includes('虽然')).length;
  await page.getByTestId('search').fill('虽然');
  assert.equal(await page.getByTestId('match-count').textContent(), String(expected));
  assert.equal(await page.locator('mark.match').count(), expected);

  await page.getByTestId('filter').selectOption('matching');
  assert.equal(await page.locator('.line').count(), matchingLines);
  await page.getByTestId('filter').selectOption('pairs');
  assert.equal(await page.locator('.line').count(), 8, 'the eight pairs are on eight lines');
  await page.getByTestId('filter').selectOption('all');
  assert.equal(await page.locator('.line').count(), 33);

  await page.getByTestId('search-regex').check();
  await page.getByTestId('search').fill('不[仅是]');
  const regexCount = (SEED_TEXT.match(/不[仅是]/gu) ?? []).length;
  assert.equal(await page.getByTestId('match-count').textContent(), String(regexCount));
  await page.getByTestId('search').fill('(');
  assert.match(await page.getByTestId('search-error').textContent(), /\S/);
  await page.close();
});

test('keys jump between pairs and connectives, and go to line', async () => {
  const page = await fresh();
  await page.locator('body').press(']');
  const current = page.locator('.span.current');
  assert.equal(await current.textContent(), '虽然');
  assert.equal(await current.evaluate((el) => el.closest('.line').id), 'line-10');
  await page.locator('body').press(']');
  assert.equal(await page.locator('.span.current').evaluate((el) => el.closest('.line').id), 'line-12');
  await page.locator('body').press('k');
  assert.equal(await page.locator('.span.current').textContent(), '也', 'the connective before 不仅 in line 12');

  await page.locator('body').press('g');
  await page.keyboard.type('33');
  await page.keyboard.press('Enter');
  await page.locator('#line-33').waitFor();
  assert.ok(await page.locator('#line-33').isVisible());
  await page.close();
});

test('choosing a pair label in the statistics steps through its occurrences', async () => {
  const page = await fresh();
  assert.equal(
    await page.getByTestId('lexicon-agreement').textContent(),
    '8 pairs match the lexicon, 0 do not',
  );
  await page.getByTestId('freq-pairs').locator('button[data-entry="虽然…但"]').click();
  assert.equal(await page.getByTestId('entry-position').textContent(), '1 / 3');
  assert.equal(await page.locator('.span.entry').count(), 6, 'both members of the three pairs');
  await page.getByTestId('entry-next').click();
  assert.equal(await page.getByTestId('entry-position').textContent(), '2 / 3');
  assert.equal(await page.locator('.span.current').evaluate((el) => el.closest('.line').id), 'line-15');
  await page.close();
});

test('the interface speaks Chinese or English, and remembers the choice', async () => {
  const context = await session.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  assert.equal(await page.locator('.app-title').textContent(), '关联词');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  await page.getByTestId('lang').click();
  assert.equal(await page.locator('.app-title').textContent(), 'Connectives');
  await page.reload();
  await page.waitForSelector('[data-kind]');
  assert.equal(await page.locator('.app-title').textContent(), 'Connectives', 'remembered');
  await context.close();
});

test('an axe-core scan finds no serious or critical violation, light or dark', async () => {
  // The page's policy admits no script but its own: let the test inject axe-core.
  const context = await session.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind=member]');
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${colorScheme}: ${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target}`);
    assert.deepEqual(bad, []);
  }
  // The classroom stage too, revealed and as a quiz, in the dark scheme it must override.
  await page.keyboard.press('p');
  await page.keyboard.press('r');
  for (const stage of ['revealed', 'quiz']) {
    if (stage === 'quiz') {
      await page.keyboard.press('q');
      await page.keyboard.press('ArrowRight');
    }
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${stage}: ${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target}`);
    assert.deepEqual(bad, []);
  }
  await page.screenshot({ path: join(SCREENSHOTS, 'classroom-quiz-dark-scheme.png') });
  await context.close();
});

test('screenshots of the light, dark and print views are saved', async () => {
  const page = await fresh();
  const shots = [
    ['light.png', { colorScheme: 'light', media: 'screen' }],
    ['dark.png', { colorScheme: 'dark', media: 'screen' }],
    ['print.png', { colorScheme: 'light', media: 'print' }],
  ];
  for (const [name, media] of shots) {
    await page.emulateMedia(media);
    await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: media.media === 'print' });
  }
  const sideShown = await page.locator('.side').isVisible();
  assert.equal(sideShown, false, 'the print view leaves out the side panel');
  await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(background, 'rgb(255, 255, 255)', 'dark mode follows the system');
  await page.close();
});

test('a 10 MB document opens, renders only what is on screen, and its last line can be reached', async () => {
  const page = await fresh();
  const large = await openLargeDocument(page, { seed: 7 });
  assert.equal(await page.getByTestId('count-pairs').textContent(), String(large.counts.pairs));
  assert.equal(await page.getByTestId('count-candidates').textContent(), String(large.counts.candidates));
  const rendered = await page.locator('.line').count();
  assert.ok(rendered > 0 && rendered < 300, `only the lines on screen are in the page (${rendered})`);

  const last = large.counts.lines;
  await page.getByTestId('goto-line').fill(String(last));
  await page.getByTestId('goto-line').press('Enter');
  await page.locator(`#line-${last}`).waitFor();
  assert.ok(await page.locator(`#line-${last}`).isVisible());
  await page.screenshot({ path: join(SCREENSHOTS, 'large-last-line.png') });
  await page.close();
});
