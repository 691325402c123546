// What every browser-driving script shares, whichever driver it uses (Playwright in tests/e2e/
// and bench/, puppeteer-core in tests/engines/): where the release build is, serving it on a
// loopback port or as the single file from file://, and how Debian's Chromium is started.
import { createServer } from 'node:http';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
/** The release build the drivers use; E2E_DIST points them at another build folder. */
export const DIST = process.env.E2E_DIST ?? join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Serves a built page (dist/ unless `dir` is given) on a free loopback port; resolves to
 * { url, close }. `files` adds paths outside it: { '/baseline.html': '/tmp/…/baseline.html' }.
 */
export async function serveDist(dir = DIST, { files = {} } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const extra = Object.hasOwn(files, path);
    const file = extra ? files[path] : normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
    if (!extra && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** How the end-to-end tests reach the page: `served` (dist/ on loopback) or `file` (the
 * single connectives.html copied alone to an empty folder and opened from file://). */
export const MODE = process.env.E2E_MODE === 'file' ? 'file' : 'served';

/** Starts the page the way MODE says; resolves to { url, close }. */
export async function startPage() {
  if (MODE === 'served') return serveDist();
  const dir = await mkdtemp(join(tmpdir(), 'connectives-single-'));
  await copyFile(join(DIST, 'connectives.html'), join(dir, 'connectives.html'));
  return {
    url: `file://${join(dir, 'connectives.html')}`,
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Whether a request stays within the page: its own origin when served, itself from file://. */
export function isOwnRequest(pageUrl, url) {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === pageUrl) return true;
  const origin = new URL(pageUrl).origin;
  return origin !== 'null' && url.startsWith(origin + '/');
}

/** Debian's Chromium, and the flags it runs headless with in every suite. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Runs in the page, as `page.evaluate(textInLine, [line, text, do])` (Playwright and
 * puppeteer alike): finds the first `text` in line `line` (1-based), across the spans in it,
 * and with `do` = 'select' selects it as a mouse drag would, with 'box' returns its viewport
 * box `{ x, y, width, height }`. */
export function textInLine([line, text, action]) {
  const p = document.querySelector(`#line-${line} .line-text`);
  const at = p.textContent.indexOf(text);
  if (at < 0) throw new Error(`${text} is not in line ${line}`);
  // The text node and offset of a position in the line's text.
  const locate = (position) => {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (position <= node.data.length) return [node, position];
      position -= node.data.length;
    }
    throw new Error('past the end of the line');
  };
  const range = document.createRange();
  range.setStart(...locate(at));
  range.setEnd(...locate(at + text.length));
  if (action === 'box') {
    const r = range.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  }
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return null;
}
