// Classroom mode: present a line at a time with a remote's keys, reveal pairs step by step,
// quiz the class, export figures, and reopen a lesson at its place from the URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDocument, SCREENSHOTS, useBrowser } from './harness.mjs';

// Two pairs and a candidate on one line; 但 and 而且 occur nowhere else on it.
const DOC = '开头没有关联词。\n<a>虽然</a>下雨，<cand>还</cand>刮风，<a>但</a>我们<a>不仅</a>去了，<a>而且</a>玩了。\n<a>不是</a>我，<a>而是</a>他。\n';

const session = useBrowser();

/** A fresh page (own storage) on the example, or on `doc` opened as a file. */
async function newPage(doc) {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(session.url);
  await page.waitForSelector('[data-kind=member]');
  if (doc) {
    await openDocument(page, { name: 'lesson.txt', contents: doc });
    // Saved in the browser, so a reload brings it back.
    await page.getByTestId('storage-status').filter({ hasText: /Saved in this browser|已保存/ }).waitFor();
  }
  return { context, page, errors };
}

const presenter = (page) => page.getByTestId('presenter');
const where = async (page) => ({
  progress: await page.getByTestId('present-progress').textContent(),
  line: await presenter(page).getAttribute('data-line'),
  revealed: await presenter(page).getAttribute('data-revealed'),
});
/** The texts of the spans shown on the stage, in order. */
const shown = (page) => page.locator('[data-testid=presented-line] [data-span-id]').allTextContents();
const arcs = (page) => page.locator('[data-testid=presenter] path.arc').count();

test('P presents the lines with pairs: remote keys move through lines, Esc leaves at the line', async () => {
  const { context, page, errors } = await newPage();
  await page.keyboard.press('p');
  await presenter(page).waitFor();
  assert.deepEqual(await where(page), { progress: '1 / 8', line: '10', revealed: '0' });
  assert.deepEqual(await shown(page), [], 'nothing is revealed before the first press');
  // The line fills the stage in large type.
  const size = await page.getByTestId('presented-line').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 32, `font size ${size}px`);

  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await where(page), { progress: '2 / 8', line: '12', revealed: '0' });
  await page.keyboard.press('ArrowDown');
  assert.equal((await where(page)).line, '15');
  await page.keyboard.press('ArrowUp');
  assert.equal((await where(page)).line, '12');
  // PageDown and Space step; when the line is fully shown, the next press goes to the next line.
  const steps = Number(await presenter(page).getAttribute('data-steps'));
  assert.ok(steps >= 2, `line 12 has ${steps} steps`);
  await page.keyboard.press('PageDown');
  for (let i = 1; i < steps; i++) await page.keyboard.press(' ');
  assert.deepEqual(await where(page), { progress: '2 / 8', line: '12', revealed: String(steps) });
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await where(page), { progress: '3 / 8', line: '15', revealed: '0' });
  // PageUp goes back to line 12, fully shown.
  await page.keyboard.press('PageUp');
  assert.deepEqual(await where(page), { progress: '2 / 8', line: '12', revealed: String(steps) });
  await page.keyboard.press('End');
  assert.deepEqual(await where(page), { progress: '8 / 8', line: '33', revealed: '0' });

  // All lines instead of lines with pairs.
  await page.getByTestId('present-lines').click();
  assert.equal((await where(page)).progress, '33 / 33');

  await page.keyboard.press('Escape');
  await presenter(page).waitFor({ state: 'detached' });
  await page.waitForFunction(() => {
    const line = document.getElementById('line-33');
    const box = line?.getBoundingClientRect();
    return box && box.top >= 0 && box.top < innerHeight;
  });
  // The button enters too.
  await page.getByTestId('present').click();
  assert.equal((await where(page)).line, '33', 'it comes back where reading left off');
  assert.deepEqual(errors, []);
  await context.close();
});

test('each press reveals the first member, then its partner with the arc, then the next pair', async () => {
  const { context, page } = await newPage(DOC);
  await page.getByTestId('present').click();
  assert.deepEqual(await where(page), { progress: '1 / 2', line: '2', revealed: '0' });
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'classroom-before.png') });

  const seen = [];
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('ArrowRight');
    seen.push({ shown: (await shown(page)).join(' '), arcs: await arcs(page) });
  }
  assert.deepEqual(seen, [
    { shown: '虽然', arcs: 0 },
    { shown: '虽然 但', arcs: 1 },
    { shown: '虽然 还 但', arcs: 1 },
    { shown: '虽然 还 但 不仅', arcs: 1 },
    { shown: '虽然 还 但 不仅 而且', arcs: 2 },
  ]);
  // The arcs link each pair's members: one per pair, with the pair's id.
  const arcPairs = await page.locator('[data-testid=presenter] path.arc').evaluateAll((els) => els.map((e) => e.dataset.pairId));
  assert.deepEqual(arcPairs.sort(), ['0', '1']);
  // The foot names each pair shown and what it means.
  const named = () =>
    page.getByTestId('present-pairs').locator('.pair-label').evaluateAll((els) =>
      els.map((e) => [e.firstChild.textContent, e.dataset.relation, e.querySelector('.relation')?.textContent]),
    );
  assert.deepEqual(await named(), [
    ['虽然…但', 'contrast', 'Contrast'],
    ['不仅…而且', 'progression', 'Progression / Conjunction'],
  ]);
  await page.screenshot({ path: join(SCREENSHOTS, 'classroom-after.png') });

  // Back hides the last step; a click on the stage steps forward again, as in slide shows.
  await page.keyboard.press('ArrowLeft');
  assert.equal((await shown(page)).join(' '), '虽然 还 但 不仅');
  assert.deepEqual(await named(), [['虽然…但', 'contrast', 'Contrast']], 'only the pair shown whole');
  await page.getByTestId('presented-line').click();
  assert.equal((await shown(page)).join(' '), '虽然 还 但 不仅 而且');
  await page.keyboard.press('ArrowLeft');
  // Hiding candidates takes their press away.
  await page.getByTestId('present-candidates').click();
  await page.keyboard.press('r');
  assert.equal((await shown(page)).join(' '), '虽然 但 不仅 而且');
  await context.close();
});

test('a quiz asks at once, gives a second try, moves on only by key or button, and keeps the score', async () => {
  const { context, page } = await newPage(DOC);
  await page.keyboard.press('p');
  await page.getByTestId('present-quiz').click();
  assert.equal(await presenter(page).getAttribute('data-mode'), 'quiz');
  // The first question is asked at once, with nothing to press.
  await page.getByTestId('quiz-question').waitFor();
  assert.deepEqual(await shown(page), ['虽然']);

  // Wrong (刮 of 刮风): one more try, nothing revealed or counted yet.
  await page.locator('.ch', { hasText: '刮' }).click();
  const verdict = page.getByTestId('quiz-verdict');
  assert.equal(await verdict.getAttribute('data-settled'), 'false');
  assert.deepEqual(await shown(page), ['虽然']);
  assert.equal(await page.getByTestId('quiz-score').textContent(), 'Score 0 / 0');
  // Wrong again: the answer is shown and counted.
  await page.locator('.ch', { hasText: '刮' }).click();
  assert.equal(await verdict.getAttribute('data-settled'), 'true');
  assert.equal(await verdict.getAttribute('data-right'), 'false');
  assert.match(await verdict.textContent(), /但/);
  assert.deepEqual(await shown(page), ['虽然', '但'], 'the answer is revealed');
  assert.equal(await arcs(page), 1);
  assert.equal(await page.getByTestId('quiz-score').textContent(), 'Score 0 / 1');
  // A student's click on the text now changes nothing.
  await page.locator('.ch', { hasText: '玩' }).click();
  assert.deepEqual(await shown(page), ['虽然', '但']);
  assert.equal((await where(page)).line, '2');

  // Space (a remote) asks the next question: 不仅 shown; right at once.
  await page.keyboard.press(' ');
  assert.equal(await verdict.count(), 0, 'the verdict goes with the next question');
  assert.deepEqual(await shown(page), ['虽然', '但', '不仅']);
  await page.locator('.ch', { hasText: '且' }).click();
  assert.equal(await verdict.getAttribute('data-right'), 'true');
  assert.equal(await page.getByTestId('quiz-score').textContent(), 'Score 1 / 2');

  // The next button goes on to the next line's question; the score carries over.
  await page.getByTestId('quiz-next').click();
  assert.equal((await where(page)).line, '3');
  assert.deepEqual(await shown(page), ['不是']);
  await page.locator('.ch', { hasText: '而' }).first().click();
  assert.equal(await page.getByTestId('quiz-score').textContent(), 'Score 2 / 3');
  await context.close();
});

test('the SVG figure holds the line text and one arc per pair; the PNG is 1920×1080', async () => {
  const { context, page } = await newPage(DOC);
  await page.keyboard.press('p');
  await page.keyboard.press('r');
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figure-svg').click()]);
  assert.equal(svgDownload.suggestedFilename(), 'lesson-line-2.svg');
  const svg = await readFile(await svgDownload.path(), 'utf8');
  assert.match(svg, /^<svg[^>]*width="1920"[^>]*height="1080"/);
  const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('');
  assert.ok(text.includes('虽然下雨，还刮风，但我们不仅去了，而且玩了。'), text);
  assert.equal((svg.match(/<path class="arc/g) ?? []).length, 2);
  assert.doesNotMatch(svg, /<image|data:image\/png/, 'a drawing, not a picture of the text');
  assert.match(svg, /<text[^>]*font-family="[^"]*Noto Sans CJK SC/, 'the text in the CJK font stack');
  assert.ok(Buffer.byteLength(svg) <= 50_000, `${Buffer.byteLength(svg)} bytes`);

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figure-png').click()]);
  const png = await readFile(await pngDownload.path());
  assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1920, 1080]);
  await context.close();
});

test('the URL fragment records line and mode, never the text, and reopens the lesson there', async () => {
  const { context, page } = await newPage(DOC);
  await page.keyboard.press('p');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('q');
  // The address follows right after the page has drawn the change.
  await page.waitForFunction(() => location.hash.includes('mode=quiz'));
  const url = page.url();
  const fragment = decodeURIComponent(new URL(url).hash);
  assert.equal(fragment, '#line=3&mode=quiz&lines=pairs&candidates=shown');
  assert.doesNotMatch(fragment, /\p{Script=Han}/u);

  // A reload restores the document from the browser's storage and the lesson from the URL.
  await page.reload();
  // The page starts on the example and restores the saved document a moment later.
  await page.waitForSelector('[data-testid=presenter][data-line="3"]');
  assert.equal(await page.getByTestId('doc-name').count(), 0, 'the presenter, not the reading view');
  // A quiz starts on the line's first question.
  assert.deepEqual(await where(page), { progress: '2 / 2', line: '3', revealed: '1' });
  assert.equal(await presenter(page).getAttribute('data-mode'), 'quiz');
  assert.deepEqual(await shown(page), ['不是']);

  // Leaving removes the fragment; a bookmarked address in a new tab opens the same place.
  await page.keyboard.press('Escape');
  await presenter(page).waitFor({ state: 'detached' });
  // The fragment follows the render that removed the presenter (an effect of it).
  await page.waitForFunction(() => location.hash === '', null, { timeout: 5000 }).catch(() => {});
  assert.equal(new URL(page.url()).hash, '');
  const tab = await context.newPage();
  await tab.goto(url);
  await tab.waitForSelector('[data-testid=presenter][data-line="3"]');
  assert.deepEqual(await where(tab), { progress: '2 / 2', line: '3', revealed: '1' }, 'the quiz on its first question');
  await context.close();
});
