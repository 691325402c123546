// Opening documents by dropping a file on the page and by pasting text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDocument, openPage, useBrowser } from './harness.mjs';

const session = useBrowser();

test('a file dropped on the page opens, with its name in the title', async () => {
  const { page } = await openPage(session.browser, session.url);
  await page.evaluate(() => {
    const data = new DataTransfer();
    const text = '<a>因为</a>下雨，<a>所以</a>路滑。\n<cand>但</cand>我们出发了。\n';
    data.items.add(new File([text], 'dropped.txt', { type: 'text/plain' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await page.getByTestId('doc-name').filter({ hasText: 'dropped.txt' }).waitFor();
  assert.equal(await page.getByTestId('count-lines').textContent(), '2');
  assert.equal(await page.getByTestId('count-pairs').textContent(), '1');
  assert.equal(await page.getByTestId('count-candidates').textContent(), '1');
  assert.match(await page.title(), /^dropped\.txt/);
  await page.close();
});

test('text pasted on the page opens as a document; pasting into the search box does not', async () => {
  const { page } = await openPage(session.browser, session.url);
  const paste = (selector, text) =>
    page.evaluate(([selector, text]) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.querySelector(selector).dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, [selector, text]);
  await paste('[data-testid=search]', '<a>不是</a>甲<a>而是</a>乙');
  assert.equal(await page.getByTestId('count-lines').textContent(), '33', 'the example stays');
  await paste('body', '<a>不是</a>甲，<a>而是</a>乙。');
  await page.getByTestId('count-lines').filter({ hasText: /^1$/ }).waitFor();
  assert.equal(await page.locator('[data-kind=member]').count(), 2);
  assert.match(await page.getByTestId('doc-name').textContent(), /pasted text|粘贴的文本/);
  await page.close();
});

test('a GB18030 or Big5 file opens, and the page says which encoding it read', async () => {
  const { execFileSync } = await import('node:child_process');
  const { page } = await openPage(session.browser, session.url);
  const texts = {
    gb18030: '<a>虽然</a>下雨，<a>但是</a>我们出发了。\n',
    big5: '<a>雖然</a>下雨，<a>但是</a>我們出發了。\n',
  };
  for (const [encoding, name] of [['gb18030', 'GB18030'], ['big5', 'Big5']]) {
    const text = texts[encoding];
    // Python's codecs encode; the test does not trust the page to make its own input.
    const bytes = execFileSync('python3', ['-c',
      `import sys; sys.stdout.buffer.write(sys.stdin.read().encode(${JSON.stringify(encoding)}))`],
      { input: text });
    await openDocument(page, { name: `${encoding}.txt`, contents: bytes });
    assert.equal(await page.getByTestId('count-pairs').textContent(), '1');
    assert.equal(await page.locator('#line-1 [data-kind=member]').nth(1).textContent(), '但是');
    assert.match(await page.getByTestId('notice').innerText(), new RegExp(`read as ${name}`));
  }
  await page.close();
});
