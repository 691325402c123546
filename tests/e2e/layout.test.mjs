// The page does not jump and the keys keep working: menus float and close after use, notices
// float at the foot and fade when they only inform, single-key shortcuts work after Open…, a
// checkbox, a select or a menu; on a narrow screen the toolbar shows icons with labels on
// demand and the side panel is a drawer, so the text keeps the width.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openDocument, SCREENSHOTS, useBrowser } from './harness.mjs';

const DOC = '<a>虽然</a>下雨，<a>但是</a>我们出发了。\n<cand>因此</cand>路上很慢。\n<a>不仅</a>慢，<a>而且</a>冷。\n';

const session = useBrowser();

before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
});

async function freshPage({ width = 1280, height = 900, ...options } = {}) {
  const context = await session.browser.newContext({ locale: 'en-US', viewport: { width, height }, ...options });
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind=member]');
  return { context, page };
}

/** The header's height and the top of the first line, in CSS pixels. */
const layout = (page) =>
  page.evaluate(() => ({
    header: document.querySelector('.app-header').getBoundingClientRect().height,
    text: document.querySelector('#line-1').getBoundingClientRect().top,
  }));

const currentText = (page) => page.locator('.span.current').textContent();

test('after Open…, the regex checkbox, the filter select or the export menu, single keys still work', async () => {
  const { context, page } = await freshPage();
  await openDocument(page, { name: 'keys.txt', contents: DOC });
  // The file input keeps the focus after a file is chosen.
  await page.keyboard.press('?');
  await page.getByTestId('help-dialog').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('help-dialog').waitFor({ state: 'detached' });
  await page.keyboard.press('j');
  assert.equal(await currentText(page), '虽然');

  await page.getByTestId('search-regex').check();
  await page.keyboard.press('j');
  assert.equal(await currentText(page), '但是', 'j after the checkbox');

  await page.getByTestId('filter').focus();
  await page.getByTestId('filter').selectOption({ index: 1 });
  await page.getByTestId('filter').selectOption({ index: 0 });
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SELECT');
  await page.keyboard.press('j');
  assert.equal(await currentText(page), '因此', 'j after the select');

  await page.getByTestId('export-menu').locator('summary').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  await download;
  await page.keyboard.press('j');
  assert.equal(await currentText(page), '不仅', 'j after a choice in the menu');
  await context.close();
});

test('the export menu floats over the page and closes after use, on Esc and on a click elsewhere', async () => {
  const { context, page } = await freshPage();
  const before = await layout(page);
  const menu = page.getByTestId('export-menu');
  const isOpen = () => menu.evaluate((el) => el.open);

  await menu.locator('summary').click();
  assert.equal(await isOpen(), true);
  assert.ok(await page.getByTestId('export-json').isVisible());
  assert.deepEqual(await layout(page), before, 'the header keeps its height and the text stays put');
  // The list lies over the text.
  const list = await menu.locator('ul').boundingBox();
  const line = await page.locator('#line-1').boundingBox();
  assert.ok(list.y + list.height > line.y, 'the list reaches over the first line');

  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  await download;
  assert.equal(await isOpen(), false, 'closed after a download');

  await menu.locator('summary').click();
  assert.equal(await isOpen(), true);
  await page.keyboard.press('Escape');
  assert.equal(await isOpen(), false, 'closed by Esc');

  await menu.locator('summary').click();
  await page.locator('#line-3 .line-text').click({ position: { x: 200, y: 10 } });
  assert.equal(await isOpen(), false, 'closed by a click on the text');
  await menu.locator('summary').click();
  await menu.locator('summary').click();
  assert.equal(await isOpen(), false, 'its button closes it too');
  assert.deepEqual(await layout(page), before);
  await context.close();
});

test('a notice floats at the foot without moving the text; information fades, unless held', async () => {
  const { context, page } = await freshPage();
  // The page's own JSON export, opened again, says what it imported: information.
  await page.getByTestId('export-menu').locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const json = join(SCREENSHOTS, download.suggestedFilename());
  await download.saveAs(json);
  const before = await layout(page);
  await page.getByTestId('open-file').setInputFiles(json);
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.deepEqual(await layout(page), before, 'the header and the text do not move');
  const box = await notice.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box.y + box.height <= viewport.height && box.y > viewport.height / 2, 'at the foot of the screen');

  // Held by the pointer, the notice waits.
  await notice.hover();
  assert.equal(await notice.evaluate((el) => getComputedStyle(el).animationPlayState), 'paused');
  await page.mouse.move(5, 300);
  assert.equal(await notice.evaluate((el) => getComputedStyle(el).animationPlayState), 'running');
  // Its time runs out (here at once): it is gone.
  await notice.evaluate((el) => el.getAnimations().forEach((a) => a.finish()));
  await notice.waitFor({ state: 'detached' });

  // An error does not fade: it stays until dismissed.
  await page.getByTestId('open-file').setInputFiles({ name: 'bin.txt', mimeType: 'text/plain', buffer: Buffer.from([0x61, 0, 0x62]) });
  await notice.waitFor();
  assert.equal(await notice.getAttribute('role'), 'alert');
  assert.deepEqual(await notice.evaluate((el) => el.getAnimations().length), 0);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await notice.waitFor({ state: 'detached' });
  await context.close();
});

for (const [width, height] of [[390, 844], [768, 1024]]) {
  test(`at ${width}×${height} the text keeps the width: icons with labels on demand, the side panel a drawer`, async () => {
    const { context, page } = await freshPage({ width, height, hasTouch: true });
    const widths = await page.evaluate(() => ({
      main: document.querySelector('.app-main').getBoundingClientRect().width,
      text: document.querySelector('#line-1 .line-text').getBoundingClientRect().width,
    }));
    assert.ok(widths.main >= 0.9 * width, `text column ${widths.main} of ${width}`);
    assert.ok(widths.text >= 0.9 * width, `line text ${widths.text} of ${width}`);
    const side = page.locator('aside#side');
    assert.equal(await side.isVisible(), false, 'the side panel is a closed drawer');

    // The toolbar is one row of icons; its labels come on demand, and a label acts.
    const toolbar = await page.locator('.toolbar').boundingBox();
    assert.ok(toolbar.height < 50, `one row of icons, ${toolbar.height}px high`);
    const arcsLabel = page.getByTestId('toggle-arcs').locator('.label');
    assert.equal(await arcsLabel.isVisible(), false);
    const before = await layout(page);
    await page.getByTestId('toolbar-labels').click();
    assert.ok(await arcsLabel.isVisible());
    assert.deepEqual(await layout(page), before, 'the labels float');
    await page.screenshot({ path: join(SCREENSHOTS, `layout-${width}-labels.png`) });
    await arcsLabel.click();
    assert.equal(await page.getByTestId('toggle-arcs').getAttribute('aria-pressed'), 'true');
    assert.equal(await arcsLabel.isVisible(), false, 'the labels close after use');

    // The drawer: opened by its button, closed by ×, by Esc and by a tap beside it.
    await page.getByTestId('drawer-toggle').click();
    await page.getByTestId('undo').waitFor({ state: 'visible' });
    // It slides in, and then lies inside the screen.
    await page.waitForFunction(() => document.querySelector('#side').getBoundingClientRect().right <= innerWidth + 1);
    const drawer = await side.boundingBox();
    assert.ok(drawer.x > 0 && drawer.width >= Math.min(300, width), `the drawer at ${drawer.x}, ${drawer.width} wide`);
    await page.screenshot({ path: join(SCREENSHOTS, `layout-${width}-drawer.png`) });
    await page.getByTestId('drawer-close').click();
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#side')).visibility === 'hidden');
    await page.getByTestId('drawer-toggle').click();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#side')).visibility === 'hidden');
    await page.getByTestId('drawer-toggle').click();
    await page.mouse.click(10, height / 2);
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#side')).visibility === 'hidden');
    await context.close();
  });
}

test('screenshots at 1280×900, 1920×1080 and 390×844, light and dark', async () => {
  for (const [width, height] of [[1280, 900], [1920, 1080], [390, 844]]) {
    for (const colorScheme of ['light', 'dark']) {
      const { context, page } = await freshPage({ width, height, colorScheme, locale: 'zh-CN' });
      await page.getByTestId('export-menu').locator('summary').click();
      await page.screenshot({ path: join(SCREENSHOTS, `layout-${width}-${colorScheme}.png`) });
      // Dark mode is dark: the page's background is not white.
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background === 'rgb(255, 255, 255)', colorScheme === 'light', `${colorScheme}: ${background}`);
      await context.close();
    }
  }
});
