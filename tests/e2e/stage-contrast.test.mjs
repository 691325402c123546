// The classroom stage read from the back of a room: in light and in dark, every text on the
// stage has contrast ≥ 7:1 against what it sits on, every pair number and arc ≥ 3:1 against
// its surroundings, numbers are not drawn in their own box's tint, and pairs stay apart
// without colour (numbers, and a dash pattern per pair colour). Measured from the rendered
// styles, on every line of the example with a pair, revealed whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';

const session = useBrowser();

/** In the page: the contrast checks of the stage as it is now. */
function measure() {
  // Any CSS colour (rgb(), color(srgb …), oklab() from color-mix) as the canvas paints it.
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ink = canvas.getContext('2d', { willReadFrequently: true });
  const parse = (value) => {
    ink.clearRect(0, 0, 1, 1);
    ink.fillStyle = '#000';
    ink.fillStyle = value;
    ink.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ink.getImageData(0, 0, 1, 1).data;
    return [r / 255, g / 255, b / 255, a / 255];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
  };
  const luminance = ([r, g, b]) => {
    const lin = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const contrast = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  /** The colour behind an element: its ancestors' backgrounds composed, down to opaque. */
  const backdrop = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((under, layer) => over(layer, under), [1, 1, 1, 1]);
  };
  const results = { texts: [], numbers: [], arcs: [], dashes: new Set() };
  const presenter = document.querySelector('[data-testid=presenter]');
  const stageBg = backdrop(presenter);
  // Every element with its own text.
  const walker = document.createTreeWalker(presenter, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const bg = backdrop(element);
    const fg = over(parse(style.color), bg);
    results.texts.push({ text: node.textContent.trim().slice(0, 12), ratio: contrast(fg, bg) });
  }
  for (const member of presenter.querySelectorAll('[data-testid=presented-line] .member[data-pair-no]')) {
    const after = getComputedStyle(member, '::after');
    const box = backdrop(member);
    const badge = over(parse(after.backgroundColor), box);
    const number = over(parse(after.color), badge);
    results.numbers.push({
      no: member.dataset.pairNo,
      text: contrast(number, badge),
      badge: Math.max(contrast(badge, box), contrast(number, box)),
      tinted: after.color === getComputedStyle(member).backgroundColor,
    });
  }
  for (const arc of presenter.querySelectorAll('path.arc')) {
    const style = getComputedStyle(arc);
    results.arcs.push({ pair: arc.getAttribute('class'), ratio: contrast(over(parse(style.stroke), stageBg), stageBg) });
    results.dashes.add(style.strokeDasharray);
  }
  results.dashes = [...results.dashes];
  return results;
}

for (const scheme of ['light', 'dark']) {
  test(`the stage is readable in ${scheme}: text ≥ 7:1, numbers and arcs ≥ 3:1, pairs apart without colour`, async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: scheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(session.url);
    await page.waitForSelector('[data-kind=member]');
    await page.keyboard.press('p');
    await page.getByTestId('presenter').waitFor();
    const lines = Number((await page.getByTestId('present-progress').textContent()).split('/')[1]);
    assert.equal(lines, 8, 'the example has eight lines with pairs');
    const colours = new Set();
    for (let i = 0; i < lines; i++) {
      await page.keyboard.press('r');
      await page.locator('[data-testid=presenter] path.arc').first().waitFor();
      const m = await page.evaluate(measure);
      for (const t of m.texts) assert.ok(t.ratio >= 7, `line ${i + 1}: 「${t.text}」 ${t.ratio.toFixed(2)}:1`);
      assert.ok(m.numbers.length >= 2, `line ${i + 1} shows its pair numbers`);
      for (const n of m.numbers) {
        assert.ok(n.text >= 7, `number ${n.no}: ${n.text.toFixed(2)}:1 in its badge`);
        assert.ok(n.badge >= 3, `number ${n.no}: ${n.badge.toFixed(2)}:1 against its box`);
        assert.equal(n.tinted, false, `number ${n.no} is not in its box's tint`);
      }
      assert.ok(m.arcs.length >= 1);
      for (const a of m.arcs) {
        assert.ok(a.ratio >= 3, `${a.pair}: ${a.ratio.toFixed(2)}:1`);
        colours.add(a.pair);
      }
      await page.keyboard.press('ArrowDown');
    }
    // The example's eight pairs take all eight colours; their arcs come in several patterns.
    assert.equal(colours.size, 8, [...colours].join(' '));
    await page.keyboard.press('Escape');
    await context.close();
  });
}

test('in grayscale, pairs of different colours have arcs of different patterns', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind=member]');
  await page.keyboard.press('p');
  const patterns = new Map();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('r');
    await page.locator('[data-testid=presenter] path.arc').first().waitFor();
    const arcs = await page.locator('[data-testid=presenter] path.arc').evaluateAll((paths) =>
      paths.map((p) => [p.getAttribute('class'), getComputedStyle(p).strokeDasharray]),
    );
    for (const [cls, dash] of arcs) patterns.set(cls, dash);
    await page.keyboard.press('ArrowDown');
  }
  // Colours 0–3 (the first four pairs of a line) each have a pattern of their own.
  const firstFour = ['arc pair-c0', 'arc pair-c1', 'arc pair-c2', 'arc pair-c3'].map((c) => patterns.get(c));
  assert.equal(new Set(firstFour).size, 4, firstFour.join(' | '));
  await context.close();
});
