// Documents that are hostile to a page but that the parser accepts (hostile-docs.mjs): each
// opens through the file picker with the counts the command line gives, its text on screen and
// no error; with 99,998 problems the problems list is windowed, a problem far down it can be
// chosen (by a click, or with e/E) and its place in the text is shown. How fast each first
// screen comes is measured by bench/browser.mjs, not here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDocument, openPage, ROOT, useBrowser } from './harness.mjs';
import { HOSTILE, hostileDocument } from './hostile-docs.mjs';

const session = useBrowser();

/** A fresh page that records uncaught errors and what a Rust panic logs. */
async function fresh() {
  const { page } = await openPage(session.browser, session.url);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (/panicked|RuntimeError|unreachable/.test(message.text())) errors.push(message.text());
  });
  return { page, errors };
}

async function open(page, doc) {
  await openDocument(page, { name: `${doc.name}.txt`, contents: doc.text });
  await page
    .getByTestId('count-problems')
    .filter({ hasText: new RegExp(`^${doc.counts.problems}$`) })
    .waitFor({ timeout: 60_000 });
}

/** Waits until the element `selector` finds starts within the document's scroller as it is
 * scrolled (a part of a long line may be taller than the screen). */
function waitInView(page, selector) {
  return page.waitForFunction((selector) => {
    const el = document.querySelector(selector);
    const outer = document.querySelector('[data-testid=document]').getBoundingClientRect();
    const r = el?.getBoundingClientRect();
    return r && r.height > 0 && r.top >= outer.top - 1 && r.top < outer.bottom;
  }, selector);
}

/** Whether `locator`'s element starts within the document's scroller as it is scrolled now. */
function inView(locator) {
  return locator.evaluate((el) => {
    const outer = el.closest('[data-testid=document]').getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= outer.top - 1 && r.top < outer.bottom;
  });
}

test('the counts each hostile document promises are what the command line finds', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'connectives-hostile-'));
  try {
    for (const name of Object.keys(HOSTILE)) {
      const doc = hostileDocument(name);
      const file = join(dir, `${name}.txt`);
      await writeFile(file, doc.text);
      const json = execFileSync(
        'cargo',
        ['run', '--quiet', '--bin', 'connectives', '--', 'export', '--format', 'json', file],
        { cwd: ROOT, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 },
      );
      const { counts, text } = JSON.parse(json);
      assert.deepEqual(
        {
          lines: counts.lines,
          candidates: counts.candidates,
          members: counts.members,
          pairs: counts.pairs,
          problems: counts.errors + counts.warnings,
        },
        doc.counts,
        name,
      );
      assert.ok(text.startsWith(doc.head), `${name} starts with ${doc.head}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('99,998 problems on one line: the text and a windowed list render, a far problem is shown', async () => {
  const { page, errors } = await fresh();
  const doc = hostileDocument('nested-cand');
  await open(page, doc);
  assert.equal(await page.getByTestId('problems-count').textContent(), '99998');
  assert.equal(await page.getByTestId('count-lines').textContent(), '1');
  // The stray tags are shown as text, in parts: the line is not in the page whole.
  const line = page.locator('#line-1');
  assert.ok((await line.locator('.line-text').first().textContent()).startsWith(doc.head));
  assert.ok(await inView(line.locator('.line-text').first()));
  const shownChars = await line.evaluate((el) => el.textContent.length);
  assert.ok(shownChars < doc.text.length / 4, `${shownChars} characters of the line rendered`);

  const list = page.getByTestId('problem-list');
  const rows = await list.locator('li.problem-item').count();
  assert.ok(rows > 0 && rows < 500, `${rows} rows rendered of 99,998`);
  assert.ok(await list.locator('button[data-problem="0"]').isVisible());

  // Far down the list: scroll to it, choose it, and its markup is on screen, marked.
  await list.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  const far = list.locator('button[data-problem="99990"]');
  await far.waitFor();
  assert.match(await far.innerText(), /1:\d+[\s\S]*<\/cand> closes a span that was never opened/);
  await far.click();
  const chosen = line.locator('mark.problem.chosen');
  await chosen.waitFor();
  assert.equal(await chosen.textContent(), '</cand>');
  assert.equal(await chosen.getAttribute('data-problem'), '99990');
  await waitInView(page, '#line-1 mark.problem.chosen');
  assert.ok((await list.locator('li.chosen button').getAttribute('data-problem')) === '99990');

  // e steps on to the next problem, in the list and in the text.
  await page.locator('body').press('e');
  await waitInView(page, '#line-1 mark.problem.chosen[data-problem="99991"]');
  assert.ok(await list.locator('li.chosen button[data-problem="99991"]').isVisible());

  // E from the first problem wraps to the last one, at the end of the list and of the line.
  await list.evaluate((el) => {
    el.scrollTop = 0;
  });
  await list.locator('button[data-problem="0"]').click();
  await page.locator('body').press('Shift+E');
  const last = list.locator('li.chosen button[data-problem="99997"]');
  await last.waitFor();
  assert.ok(await last.isVisible(), 'the list scrolled to the last problem');
  await waitInView(page, '#line-1 mark.problem.chosen[data-problem="99997"]');
  assert.deepEqual(errors, []);
  await page.close();
});

for (const name of ['one-line-10mb', 'unpaired-members', 'stray-closers', 'deep-alternation', 'unclosed-per-line']) {
  test(`${HOSTILE[name].about}: opens with its counts and its first screen, without an error`, async () => {
    const { page, errors } = await fresh();
    const doc = hostileDocument(name);
    await open(page, doc);
    for (const [id, key] of [
      ['count-lines', 'lines'],
      ['count-candidates', 'candidates'],
      ['count-members', 'members'],
      ['count-pairs', 'pairs'],
    ]) {
      assert.equal(await page.getByTestId(id).textContent(), String(doc.counts[key]), id);
    }
    const first = page.locator('#line-1 .line-text').first();
    assert.ok((await first.textContent()).startsWith(doc.head), `line 1 starts with ${doc.head}`);
    assert.ok(await inView(first));
    // Only what is on screen is in the page.
    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    assert.ok(elements < 20_000, `${elements} elements`);
    // The end of the document can be reached: the last problem (or connective) is shown.
    if (doc.counts.problems === 0) {
      await page.locator('body').press('k');
      const last = doc.counts.candidates + doc.counts.members - 1;
      await waitInView(page, `[data-span-id="${last}"].current`);
    } else {
      await page.locator('body').press('Shift+E');
      const last = String(doc.counts.problems - 1);
      await page.getByTestId('problem-list').locator(`li.chosen button[data-problem="${last}"]`).waitFor();
      await waitInView(page, '.line-text .problem.chosen');
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}
