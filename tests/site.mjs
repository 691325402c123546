// What every browser-driving script shares, whichever driver it uses (Playwright in tests/e2e/
// and bench/, puppeteer-core in tests/engines/): where the release build is, serving it on a
// loopback port or as the single file from file://, and how Debian's Chromium is started.
import { createServer } from 'node:http';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
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
