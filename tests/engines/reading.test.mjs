// Reading in each engine: the example and a chosen file render with their spans, pair numbers,
// colours and counts; pointing at a member lights its partner and draws the arc; the page asks
// for nothing outside itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  chooseFile,
  counts,
  hover,
  isOwnRequest,
  openFreshPage,
  openPage,
  pageErrors,
  press,
  SCREENSHOTS,
  useEngine,
  waitForCounts,
} from './harness.mjs';

const session = useEngine();

// Two pairs, a candidate, a member without a partner, and a stray </a> on line 3.
const DOC = '<a>虽然</a>下雨，<cand>还</cand>刮风，<a>但</a>我们出发了。\n<a>不仅</a>冷，<a>而且</a>饿。\n<a>因为</a>累</a>了。\n';

// What getComputedStyle says a member's ::after shows: Chromium resolves attr(), Firefox gives
// the attr() itself. `drawn` (below) checks that a number takes room in both.
const numberShown = (pairNo) => (session.engine === 'firefox' ? 'attr(data-pair-no)' : `"${pairNo}"`);

/** For each span of `kind` on `line`: its text, pair id and number, colour class, underline
 * colour, what its ::after shows, and `drawn`: how much wider the span is than its text
 * beyond what a candidate's padding adds (the room the pair number takes, in px). */
const spansOf = (page, line, kind = 'member') =>
  page.$$eval(`#line-${line} [data-kind=${kind}]`, (els) => {
    const beyondText = (el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return el.getBoundingClientRect().right - range.getBoundingClientRect().right;
    };
    const candidate = document.querySelector('[data-kind=candidate]');
    const padding = candidate ? beyondText(candidate) : 0;
    return els.map((el) => ({
      text: el.textContent,
      pairId: el.dataset.pairId ?? null,
      pairNo: el.dataset.pairNo ?? null,
      colourClass: [...el.classList].find((c) => /^pair-c\d+$/.test(c)) ?? null,
      colour: getComputedStyle(el).borderBottomColor,
      number: getComputedStyle(el, '::after').content,
      drawn: beyondText(el) - padding,
    }));
  });
const members = (page, line) => spansOf(page, line, 'member');

test('the example renders its spans, pair numbers, colours and counts', async () => {
  const page = await openFreshPage(session);
  assert.deepEqual(await counts(page), { lines: 33, candidates: 24, members: 16, pairs: 8, problems: 0 });
  assert.equal((await page.$$('[data-kind=candidate]')).length, 24);
  assert.equal((await page.$$('[data-kind=member]')).length, 16);
  const [suiran, dan] = await members(page, 10);
  assert.deepEqual([suiran.text, dan.text], ['虽然', '但']);
  assert.equal(suiran.pairId, dan.pairId);
  assert.equal(suiran.colourClass, dan.colourClass);
  assert.equal(suiran.colour, dan.colour);
  assert.equal(suiran.pairNo, '1');
  assert.equal(suiran.number, numberShown('1'));
  assert.ok(suiran.drawn > 3 && dan.drawn > 3, `the pair number takes room: ${suiran.drawn}, ${dan.drawn} px`);
  const [other] = await members(page, 12);
  assert.notEqual(other.pairId, suiran.pairId);
  assert.notEqual(other.colour, suiran.colour, 'another pair has another colour');
  const text = await page.$eval('.document', (el) => el.innerText);
  assert.ok(!/<\/?(cand|a)>/.test(text), 'tags are rendered as highlights, not as text');
  assert.deepEqual(pageErrors(page), []);
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'example.png') });
  await page.close();
});

test('a file chosen with Open… renders, problems and all, with its name in the title', async () => {
  const page = await openPage(session);
  await chooseFile(session, page, { name: 'reading.txt', contents: DOC });
  await waitForCounts(page, { lines: 3, candidates: 1, members: 5, pairs: 2 });
  assert.match(await page.title(), /^reading\.txt/);
  const first = await members(page, 1);
  assert.deepEqual(first.map((m) => [m.text, m.pairNo, m.number]), [['虽然', '1', numberShown('1')], ['但', '1', numberShown('1')]]);
  assert.ok(first.every((m) => m.drawn > 3), `the pair numbers take room: ${first.map((m) => m.drawn)}`);
  const second = await members(page, 2);
  assert.deepEqual(second.map((m) => [m.text, m.pairNo]), [['不仅', '2'], ['而且', '2']]);
  assert.notEqual(first[0].colour, second[0].colour);
  // 因为 has no partner: no number, a question mark instead.
  const [alone] = await members(page, 3);
  assert.deepEqual([alone.text, alone.pairId, alone.number], ['因为', null, '"?"']);
  assert.ok(alone.drawn > 3, `the question mark takes room: ${alone.drawn} px`);
  const problems = (await counts(page)).problems;
  assert.ok(problems >= 1, `the stray </a> and the partner-less member are problems (${problems})`);
  // The stray tag stays in the text, as text.
  assert.match(await page.$eval('#line-3 .line-text', (el) => el.textContent), /累<\/a>了/);
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('pointing at a member lights its partner and draws their arc; a click pins it, Esc clears', async () => {
  const page = await openPage(session);
  await chooseFile(session, page, { name: 'pointing.txt', contents: DOC });
  const lit = () => page.$$eval('#line-2 [data-kind=member]', (els) => els.map((el) => el.classList.contains('lit')));
  const arcs = () => page.$$eval('path.arc', (els) => els.map((el) => [el.dataset.pairId, el.getAttribute('d')]));
  assert.deepEqual(await arcs(), []);
  await hover(page, '#line-2 [data-kind=member]', 1);
  await page.waitForFunction(() => document.querySelectorAll('path.arc').length === 1);
  assert.deepEqual(await lit(), [true, true]);
  const pairId = await page.$eval('#line-2 [data-kind=member]', (el) => el.dataset.pairId);
  const [[arcPair, d]] = await arcs();
  assert.equal(arcPair, pairId);
  assert.match(d, /^M[\d.]+,[\d.]+ C/);

  // Pinned: still lit after the pointer leaves.
  await page.click('#line-2 [data-kind=member]');
  await page.mouse.move(5, 880);
  assert.deepEqual(await lit(), [true, true]);
  await press(page, 'Escape');
  await page.waitForFunction(() => document.querySelectorAll('path.arc').length === 0);
  assert.deepEqual(await lit(), [false, false]);
  await page.close();
});

test('the page asks for nothing outside itself', async () => {
  const page = await session.browser.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(session.url);
  await page.waitForSelector('[data-kind=member]');
  // Firefox reports no request for a page from file://, only for what it loads (data: URLs).
  const quiet = session.engine === 'firefox' && session.mode === 'file';
  assert.ok(quiet ? requests.length > 0 : requests.includes(session.url), `the recorder saw the page load: ${requests}`);
  assert.deepEqual(requests.filter((url) => !isOwnRequest(session.url, url)), []);
  await page.close();
});
