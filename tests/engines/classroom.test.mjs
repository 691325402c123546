// Presenting in each engine: P opens the stage at the first line with pairs, each → reveals the
// next step (a first member, then its partner with the arc), Esc goes back to reading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseFile, clickTestId, openPage, pageErrors, press, useEngine, waitForSaved } from './harness.mjs';

// Two pairs and a candidate on line 2; line 3 has one pair.
const DOC = '开头没有关联词。\n<a>虽然</a>下雨，<cand>还</cand>刮风，<a>但</a>我们<a>不仅</a>去了，<a>而且</a>玩了。\n<a>不是</a>我，<a>而是</a>他。\n';

const session = useEngine();

/** Where the stage is and what it shows: progress, line, steps revealed, the shown spans'
 * texts and the arcs' pair ids. Null when the page is not presenting. */
const stage = (page) =>
  page.evaluate(() => {
    const presenter = document.querySelector('[data-testid=presenter]');
    if (!presenter) return null;
    return {
      progress: document.querySelector('[data-testid=present-progress]')?.textContent,
      line: presenter.dataset.line,
      revealed: presenter.dataset.revealed,
      shown: [...document.querySelectorAll('[data-testid=presented-line] [data-span-id]')].map((el) => el.textContent),
      arcs: [...presenter.querySelectorAll('path.arc')].map((el) => el.dataset.pairId),
    };
  });

/** The presenter's place: "line,revealed". */
const place = (page) =>
  page.evaluate(() => {
    const presenter = document.querySelector('[data-testid=presenter]');
    return presenter && `${presenter.dataset.line},${presenter.dataset.revealed}`;
  });

/** Presses `key` and waits until the stage is at another place. */
async function step(page, key) {
  const before = await place(page);
  await press(page, key);
  await page.waitForFunction(
    (before) => {
      const presenter = document.querySelector('[data-testid=presenter]');
      return presenter && `${presenter.dataset.line},${presenter.dataset.revealed}` !== before;
    },
    {},
    before,
  );
  return stage(page);
}

test('P presents, → reveals step by step with the arcs, Esc goes back to reading', async () => {
  const page = await openPage(session);
  await chooseFile(session, page, { name: 'lesson.txt', contents: DOC });
  await waitForSaved(page);
  await press(page, 'P');
  await page.waitForSelector('[data-testid=presenter]');
  assert.deepEqual(await stage(page), { progress: '1 / 2', line: '2', revealed: '0', shown: [], arcs: [] });
  const size = await page.$eval('[data-testid=presented-line]', (el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 32, `the line is in large type (${size}px)`);

  const seen = [];
  for (let i = 0; i < 5; i++) {
    const now = await step(page, 'ArrowRight');
    seen.push([now.shown.join(' '), now.arcs.length]);
  }
  assert.deepEqual(seen, [
    ['虽然', 0],
    ['虽然 但', 1],
    ['虽然 还 但', 1],
    ['虽然 还 但 不仅', 1],
    ['虽然 还 但 不仅 而且', 2],
  ]);
  assert.deepEqual((await stage(page)).arcs.sort(), ['0', '1']);
  // The line is all shown: the next press goes to the next line with pairs.
  assert.deepEqual(await step(page, 'ArrowRight'), { progress: '2 / 2', line: '3', revealed: '0', shown: [], arcs: [] });
  assert.equal((await step(page, 'ArrowLeft')).line, '2');

  await press(page, 'Escape');
  await page.waitForSelector('[data-testid=presenter]', { hidden: true });
  await page.waitForSelector('#line-2 [data-kind=member]');
  // The button presents too.
  await clickTestId(page, 'present');
  await page.waitForSelector('[data-testid=presenter]');
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});
