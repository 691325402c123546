// What pairs mean, wherever a pair is shown: the card for the member under the pointer or
// focus, the statistics grouped by relation, the legend, the stage and the figure's caption.
// The example's eight pairs, by hand: 虽然…但 ×3 and 不是…而是 are contrast (4), 不仅…而且 ×2
// and 不仅…还 progression (3), 不仅…也 conjunction (1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useBrowser } from './harness.mjs';

const session = useBrowser();

async function examplePage() {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind=member]');
  return { context, page };
}

const card = (page) => page.getByTestId('pair-card');

test('pointing at or focusing a member names its pair and relation; leaving it empties the card', async () => {
  const { context, page } = await examplePage();
  assert.equal((await card(page).textContent()).trim(), '', 'nothing is named before a member is pointed at');
  const suiran = page.locator('[data-testid=document] [data-kind=member]', { hasText: '虽然' }).first();
  await suiran.hover();
  await card(page).locator('[data-relation=contrast]').waitFor();
  assert.match(await card(page).textContent(), /虽然…但/);
  assert.equal(await card(page).getAttribute('aria-live'), 'polite', 'screen readers hear it');
  // The tooltip says it too.
  assert.match(await suiran.getAttribute('title'), /虽然…但 · Contrast/);
  await page.mouse.move(5, 790);
  await page.waitForFunction(() => document.querySelector('[data-testid=pair-card]').textContent.trim() === '');
  // Focus (Tab order) on a member of 不仅…也: its relations, the most frequent first.
  const bujin = page.locator('[data-testid=document] [data-kind=member]', { hasText: '不仅' }).nth(1);
  await bujin.focus();
  await card(page).locator('[data-relation]').first().waitFor();
  const relations = await card(page).locator('[data-relation]').evaluateAll((els) => els.map((e) => e.dataset.relation));
  assert.deepEqual(relations, ['conjunction', 'progression']);
  await context.close();
});

test('the statistics and the legend group the pairs by relation', async () => {
  const { context, page } = await examplePage();
  const rows = await page
    .locator('[data-testid=freq-relations] li[data-relation]')
    .evaluateAll((els) => els.map((e) => [e.dataset.relation, Number(e.dataset.count)]));
  assert.deepEqual(rows, [['contrast', 4], ['progression', 3], ['conjunction', 1]]);
  assert.match(await page.locator('[data-testid=freq-relations] li[data-relation=contrast]').textContent(), /虽然…但 ×3/);
  assert.equal(await page.locator('[data-testid=freq-relations] svg rect.bar, [data-testid=freq-relations] svg rect').count() >= 3, true, 'a bar per relation');
  const legend = await page.locator('[data-testid=legend-relations] [data-relation]').allTextContents();
  assert.deepEqual(legend, ['Contrast 4', 'Progression 3', 'Conjunction 1']);
  await context.close();
});

test('the stage names the relation of each pair shown, and the figure carries it', async () => {
  const { context, page } = await examplePage();
  await page.keyboard.press('p');
  await page.getByTestId('presenter').waitFor();
  // Line 10: 虽然…但 (contrast).
  await page.keyboard.press('r');
  const label = page.getByTestId('present-pairs').locator('.pair-label').first();
  assert.equal(await label.getAttribute('data-relation'), 'contrast');
  assert.match(await label.textContent(), /虽然…但\s*Contrast/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figure-svg').click()]);
  const svg = await readFile(await download.path(), 'utf8');
  const caption = svg.match(/<text class="caption"[^>]*>([^<]*)<\/text>/)[1];
  assert.match(caption, /line 10 · 虽然…但 Contrast/);
  await context.close();
});

test('a relation quiz: the pair shown whole, four choices, a second try, the score', async () => {
  const { context, page } = await examplePage();
  await page.keyboard.press('p');
  await page.keyboard.press('q');
  const presenter = page.getByTestId('presenter');
  assert.equal(await presenter.getAttribute('data-quiz'), 'partner');
  await page.getByTestId('present-quiz-relation').click();
  assert.equal(await presenter.getAttribute('data-quiz'), 'relation');
  // Line 10's 虽然…但, both members shown; what does it express?
  const shown = () => page.locator('[data-testid=presented-line] [data-span-id]').allTextContents();
  assert.deepEqual(await shown(), ['虽然', '但']);
  const choices = page.getByTestId('quiz-choice');
  assert.equal(await choices.count(), 4);
  const ids = await choices.evaluateAll((els) => els.map((e) => e.dataset.relation));
  assert.equal(ids.filter((id) => id === 'contrast').length, 1, ids.join(' '));
  const wrong = ids.find((id) => id !== 'contrast');
  await page.locator(`[data-testid=quiz-choice][data-relation=${wrong}]`).click();
  assert.equal(await page.getByTestId('quiz-verdict').getAttribute('data-settled'), 'false');
  assert.equal(await page.locator(`[data-testid=quiz-choice][data-relation=${wrong}]`).isDisabled(), true, 'tried once');
  assert.equal(await page.getByTestId('quiz-score').textContent(), 'Score 0 / 0');
  await page.locator('[data-testid=quiz-choice][data-relation=contrast]').click();
  const verdict = page.getByTestId('quiz-verdict');
  assert.equal(await verdict.getAttribute('data-right'), 'true');
  assert.match(await verdict.textContent(), /虽然…但: Contrast/);
  assert.equal(await page.getByTestId('quiz-score').textContent(), 'Score 1 / 1');
  // A click on the text does not move on; the next button does, to the next line's pair.
  await page.getByTestId('presented-line').click();
  assert.equal(await verdict.count(), 1);
  await page.getByTestId('quiz-next').click();
  assert.equal(await presenter.getAttribute('data-line'), '12');
  assert.equal(await choices.count(), 4);
  // The address keeps the kind of quiz.
  await page.waitForFunction(() => location.hash.includes('quiz=relation'));
  await context.close();
});

test('a quiz in teams: each answers in turn, scores per team and per round, a new round starts again', async () => {
  const { context, page } = await examplePage();
  await page.keyboard.press('p');
  await page.keyboard.press('q');
  await page.getByTestId('present-quiz-relation').click();
  assert.equal(await page.getByTestId('team-scores').count(), 0, 'no teams until asked for');
  await page.getByTestId('quiz-teams').selectOption('2');
  const teams = () =>
    page
      .getByTestId('team-score')
      .evaluateAll((els) => els.map((e) => [e.dataset.team, `${e.dataset.right}/${e.dataset.asked}`, e.classList.contains('turn')]));
  assert.deepEqual(await teams(), [['1', '0/0', true], ['2', '0/0', false]]);
  assert.match(await page.getByTestId('quiz-turn').textContent(), /Team A/);
  // Team A: right at once.
  await page.locator('[data-testid=quiz-choice][data-relation=contrast]').click();
  assert.deepEqual(await teams(), [['1', '1/1', false], ['2', '0/0', true]]);
  // Team B: the next pair, wrong twice.
  await page.getByTestId('quiz-next').click();
  assert.match(await page.getByTestId('quiz-turn').textContent(), /Team B/);
  const choices = page.getByTestId('quiz-choice');
  for (let tries = 0; tries < 2; tries += 1) {
    const answer = await page.getByTestId('quiz-question').textContent();
    assert.match(answer, /express/);
    await choices.and(page.locator(':not([disabled])')).last().click();
    if ((await page.getByTestId('quiz-verdict').getAttribute('data-right')) === 'true') break;
  }
  const [a, b] = await teams();
  assert.deepEqual(a, ['1', '1/1', true], 'team A again');
  assert.equal(b[1].endsWith('/1'), true, `team B asked once: ${b}`);
  assert.equal(await page.getByTestId('quiz-score').getAttribute('data-asked'), '2', 'the round counts both');
  // New round: every score back to none, team A first; t adds a third team.
  await page.getByTestId('quiz-new-round').click();
  assert.deepEqual(await teams(), [['1', '0/0', true], ['2', '0/0', false]]);
  assert.equal(await page.getByTestId('quiz-score').getAttribute('data-asked'), '0');
  await page.getByTestId('presenter').focus();
  await page.keyboard.press('t');
  assert.equal((await teams()).length, 3);
  await context.close();
});
