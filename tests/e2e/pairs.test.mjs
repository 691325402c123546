// Pairs keep their numbers and colours while a document is open, and link mode offers only
// members: the annotator's reference points ("pair 29, the blue one") stay where they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDocument, SCREENSHOTS, useBrowser } from './harness.mjs';

const PAIRS = [
  ['因为', '所以'],
  ['不但', '而且'],
  ['如果', '就'],
  ['既然', '就'],
  ['只有', '才'],
  ['无论', '都'],
  ['即使', '也'],
  ['一边', '一边'],
  ['与其', '不如'],
  ['宁可', '也不'],
  ['尽管', '但'],
];

// Line 1: 虽然…但 (pair 1) and a candidate; lines 2–12: eleven more pairs, so the colours wrap
// around; line 13: a member with no partner, to link later.
const DOC = [
  '<a>虽然</a>下雨，<a>但</a>我们出发了，<cand>因此</cand>路上很慢。',
  ...PAIRS.map(([a, b], i) => `第${i + 2}句<a>${a}</a>如此，<cand>然后</cand><a>${b}</a>那样。`),
  '<a>假如</a>明天天晴，我们去爬山。',
  '',
].join('\n');

const session = useBrowser();

async function openPairs(page) {
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  await openDocument(page, { name: 'pairs.txt', contents: DOC });
}

/** Every paired member's number and colour class, by span id. */
const shownPairs = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-kind=member][data-pair-no]')].map((el) => [
        el.dataset.spanId,
        [el.dataset.pairNo, [...el.classList].find((c) => /^pair-c\d$/.test(c))],
      ]),
    ),
  );

/** The arcs' colours agree with their members'. */
const arcsMatchMembers = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('path.arc')].every((arc) => {
      const colour = [...arc.classList].find((c) => /^pair-c\d$/.test(c));
      const members = document.querySelectorAll(`[data-kind=member][data-pair-id="${arc.dataset.pairId}"]`);
      return members.length === 2 && [...members].every((m) => m.classList.contains(colour));
    }),
  );

const pairCount = (page) => page.getByTestId('count-pairs').textContent();

test('unlinking pair 1 leaves every other pair its number and colour; a new pair takes the next number; undo gives 1 back', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await openPairs(page);
  assert.equal(await pairCount(page), '12');
  await page.getByTestId('toggle-arcs').click();
  await page.waitForFunction(() => document.querySelectorAll('path.arc').length === 12);
  const before = await shownPairs(page);
  assert.equal(Object.keys(before).length, 24);
  // Opened: numbered in document order, colours by number.
  assert.deepEqual(before['0'], ['1', 'pair-c0']);
  assert.deepEqual(before['1'], ['1', 'pair-c0'], '但 is 虽然’s partner');
  const 尽管 = await page.locator('[data-kind=member]', { hasText: '尽管' }).getAttribute('data-span-id');
  assert.deepEqual(before[尽管], ['12', 'pair-c3']);

  await page.locator('[data-span-id="0"]').click();
  await page.keyboard.press('u');
  await page.waitForFunction(() => document.querySelector('[data-testid=count-pairs]').textContent === '11');
  const unlinked = await shownPairs(page);
  const { 0: first, 1: partner, ...others } = before;
  assert.deepEqual(unlinked, others, 'only pair 1 changed');
  assert.ok(first && partner);
  assert.equal(await page.locator('[data-span-id="0"]').getAttribute('data-pair-no'), null);
  assert.ok(await arcsMatchMembers(page));

  // 虽然 with the lone 假如 on line 13: a pair never seen before, so number 13.
  const 假如 = await page.locator('[data-kind=member]', { hasText: '假如' }).getAttribute('data-span-id');
  await page.locator('[data-span-id="0"]').click();
  await page.keyboard.press('l');
  await page.locator(`[data-span-id="${假如}"]`).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=count-pairs]').textContent === '12');
  const linked = await shownPairs(page);
  assert.deepEqual(linked, { ...others, 0: ['13', 'pair-c4'], [假如]: ['13', 'pair-c4'] });
  assert.ok(await arcsMatchMembers(page));
  await page.screenshot({ path: join(SCREENSHOTS, 'pairs-stable-numbers.png') });

  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[data-testid=count-pairs]').textContent === '12');
  await page.waitForFunction(() => document.querySelector('[data-span-id="0"]').dataset.pairNo === '1');
  assert.deepEqual(await shownPairs(page), before, 'undo gives every pair its number back');
  assert.ok(await arcsMatchMembers(page));
  await context.close();
});

test('in link mode j and k land only on the other members, and a candidate is refused at once', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await openPairs(page);
  await page.locator('[data-span-id="0"]').click();
  await page.keyboard.press('u');
  await page.waitForFunction(() => document.querySelector('[data-testid=count-pairs]').textContent === '11');
  await page.keyboard.press('l');
  await page.locator('[data-span-id="0"].linking').waitFor();

  const landed = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('j');
    landed.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        return [el?.dataset.spanId, el?.dataset.kind];
      }),
    );
  }
  assert.ok(landed.every(([, kind]) => kind === 'member'), JSON.stringify(landed));
  assert.ok(landed.every(([id]) => id !== '0'), 'never the member being linked');
  // 但 (1) after 虽然; past the candidate 因此 (2) to line 2's 因为 (3); past 然后 (4) to 所以.
  assert.deepEqual(
    landed.slice(0, 3).map(([id]) => id),
    ['1', '3', '5'],
  );
  await page.keyboard.press('k');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.spanId), landed[4][0], 'k goes back one member');

  // A click on a candidate explains at once and linking goes on.
  await page.locator('[data-kind=candidate]', { hasText: '因此' }).click();
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /因此/);
  assert.equal(await pairCount(page), '11');
  assert.equal(await page.locator('[data-span-id="0"].linking').count(), 1, 'still linking');
  await page.screenshot({ path: join(SCREENSHOTS, 'pairs-link-refused.png') });

  // Then, from the candidate clicked, j goes on to the next member, 因为, and Enter links it
  // (its old partner 所以 is left alone): a new pair, so the next free number.
  await page.keyboard.press('j');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.spanId), '3');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('.span.linking'));
  assert.equal(await pairCount(page), '11');
  assert.equal(await page.locator('[data-span-id="0"]').getAttribute('data-pair-no'), '13');
  assert.equal(await page.locator('[data-span-id="3"]').getAttribute('data-pair-no'), '13');
  assert.equal(await page.locator('[data-span-id="5"]').getAttribute('data-pair-no'), null);
  await context.close();
});
