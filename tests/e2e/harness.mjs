// Shared by the end-to-end tests and bench/browser.mjs: serve the release build from dist/ on a
// free loopback port, and start Debian's Chromium through playwright-core (no browser download).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const DIST = join(ROOT, 'dist');

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

/** Starts Chromium; `args` are added to the usual flags. */
/** How the end-to-end tests reach the page: `served` (dist/ on loopback) or `file` (the
 * single connectives.html copied alone to an empty folder and opened from file://). */
export const MODE = process.env.E2E_MODE === 'file' ? 'file' : 'served';
/** Screenshots for people to look at; those of the single file go to their own folder. */
export const SCREENSHOTS = join(ROOT, 'target', 'screenshots', MODE === 'file' ? 'file' : '');

/** Starts the page the way MODE says; resolves to { url, close }. */
export async function startPage() {
  if (MODE === 'served') return serveDist();
  const { mkdtemp, copyFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
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

export async function launchBrowser({ args = [] } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...args,
    ],
  });
}

/** Opens the page and records every request it makes. */
export async function openPage(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  await page.waitForSelector('[data-kind=member]');
  return { page, requests };
}

/** For a test file: starts the page (as MODE says) and Chromium before its tests, then runs
 * the file's own `setup(session)`, and stops them after. The returned object gets `url` and
 * `browser` once the tests run. */
export function useBrowser(setup) {
  const session = {};
  before(async () => {
    session.site = await startPage();
    session.url = session.site.url;
    session.browser = await launchBrowser();
    await setup?.(session);
  });
  after(async () => {
    await session.browser?.close();
    await session.site?.close();
  });
  return session;
}

/** Opens a document through the page's file picker and waits until the page shows its name.
 * `file` is a path, or `{ name, contents }` with the contents as a string or bytes. */
export async function openDocument(page, file) {
  const input =
    typeof file === 'string'
      ? file
      : { name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.contents) };
  await page.getByTestId('open-file').setInputFiles(input);
  const name = typeof file === 'string' ? basename(file) : file.name;
  await page.getByTestId('doc-name').filter({ hasText: name }).waitFor();
}
