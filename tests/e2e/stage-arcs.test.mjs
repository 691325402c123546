// Arcs on the classroom stage never cross the text: each arc path is sampled every few pixels
// and no sample may fall inside the box of a character other than its own two members, for
// every line of the example and of generated long and short lines, at 1280×720 and 1920×1080.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDocument, useBrowser } from './harness.mjs';

const session = useBrowser();

const FILLER = '中亚国家多次爆发骚乱冲突地区整体局势保持了基本稳定双方决定建立元首会晤机制';
/** Lines whose pairs span from a few characters to several rows of the stage. */
function generatedLines() {
  const lines = [];
  for (const [gap, lead] of [[2, 0], [8, 3], [30, 10], [70, 5], [140, 20], [260, 2], [400, 60]]) {
    const text = (n, from) => Array.from({ length: n }, (_, i) => FILLER[(from + i) % FILLER.length]).join('');
    lines.push(`${text(lead, gap)}<a>虽然</a>${text(gap, lead)}，<a>但是</a>${text(12, gap + 3)}。`);
    // Two pairs on one line (members pair in order: 不仅…如果, 就…而且), their arcs on shared rows.
    lines.push(`<a>不仅</a>${text(gap, 7)}<a>如果</a>${text(4, 1)}<a>就</a>${text(gap, 2)}，<a>而且</a>${text(6, 5)}。`);
  }
  return lines.join('\n') + '\n';
}

/** In the page: samples of every arc inside another character's box, as messages. */
function crossings() {
  const presenter = document.querySelector('[data-testid=presenter]');
  const line = presenter.querySelector('[data-testid=presented-line]');
  const boxes = [];
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const span = node.parentElement.closest('[data-span-id]');
    const text = node.textContent;
    for (let i = 0; i < text.length; i++) {
      if (!text[i].trim()) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      for (const r of range.getClientRects()) {
        // The glyph's body: the box less a tenth at each side (what one sees of a character).
        const dx = r.width * 0.1;
        const dy = r.height * 0.1;
        boxes.push({ ch: text[i], span: span?.dataset.spanId, left: r.left + dx, right: r.right - dx, top: r.top + dy, bottom: r.bottom - dy });
      }
    }
  }
  const found = [];
  for (const path of presenter.querySelectorAll('path.arc')) {
    const pair = path.dataset.pairId;
    const own = new Set([...line.querySelectorAll(`[data-pair-id="${pair}"]`)].map((e) => e.dataset.spanId));
    const matrix = path.getScreenCTM();
    const length = path.getTotalLength();
    for (let at = 0; at <= length; at += 3) {
      const local = path.getPointAtLength(at);
      const p = new DOMPoint(local.x, local.y).matrixTransform(matrix);
      const hit = boxes.find((b) => !own.has(b.span) && p.x > b.left && p.x < b.right && p.y > b.top && p.y < b.bottom);
      if (hit) {
        found.push(`pair ${pair} crosses 「${hit.ch}」 at ${p.x.toFixed(0)},${p.y.toFixed(0)}`);
        break;
      }
    }
  }
  return { found, arcs: presenter.querySelectorAll('path.arc').length };
}

async function checkEveryLine(page, label) {
  await page.keyboard.press('p');
  await page.getByTestId('presenter').waitFor();
  const count = Number((await page.getByTestId('present-progress').textContent()).split('/')[1]);
  let arcs = 0;
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('r');
    await page.locator('[data-testid=presenter] path.arc').first().waitFor();
    // Arcs are measured after layout: let a frame pass.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const result = await page.evaluate(crossings);
    const where = await page.getByTestId('presenter').getAttribute('data-line');
    assert.deepEqual(result.found, [], `${label}, line ${where}`);
    arcs += result.arcs;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Escape');
  return arcs;
}

for (const [width, height] of [[1280, 720], [1920, 1080]]) {
  test(`at ${width}×${height} no arc crosses a character, in the example and in long and short lines`, async () => {
    const context = await session.browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(session.url);
    await page.waitForSelector('[data-kind=member]');
    const example = await checkEveryLine(page, 'example');
    assert.ok(example >= 8, `${example} arcs in the example`);
    await openDocument(page, { name: 'arcs.txt', contents: generatedLines() });
    const generated = await checkEveryLine(page, 'generated');
    assert.equal(generated, 21, 'seven lines of one pair, seven of two');
    await context.close();
  });
}
