#!/usr/bin/env node
// Browser benchmark for Suggest: how long from the click to the first suggestion drawn on
// screen, for a pasted-size paragraph and for large untagged documents, beside opening the
// same document (the baseline: reading and showing it).
//
//   ./scripts/test                 # builds dist/ (or: trunk build --release --dist DIR)
//   node bench/suggest.mjs [--dist DIR] [--runs N] [--bytes N] [--json]
//
// It builds nothing. The large document is tests/e2e/large-doc.mjs's, its tags removed. For
// each size and run, in a fresh page: `open` is from choosing the file to the rendered frame
// that shows its line count; `suggest` is from the click on `suggest` to the rendered frame in
// which a `[data-suggestion]` mark is on screen ("a frame rendered" as in bench/browser.mjs:
// a requestAnimationFrame callback checks, then a message runs once that frame is painted).
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exitWith, fail, ms, progress, readOptions, summarize } from './common.mjs';
import { DIST, launchBrowser, serveDist } from '../tests/e2e/harness.mjs';
import { makeLargeDocument } from '../tests/e2e/large-doc.mjs';

const USAGE = `usage: node bench/suggest.mjs [--dist DIR] [--runs N] [--bytes N] [--json]

  --dist DIR   the built page to serve (default: dist/, built by ./scripts/test)
  --runs N     runs of each measurement; median and min are reported (default 5)
  --bytes N    size of the large untagged document (default 1048576, 1 MiB)
  --json       print the results as JSON on stdout (progress goes to stderr)`;

const PARAGRAPH = '中亚国家虽然多次爆发骚乱冲突，吉尔吉斯斯坦还发生过“颜色革命”，但地区整体局势保持了基本稳定。\n';
const stripTags = (s) => s.replace(/<\/?(?:cand|a)(?: pair="[^"]*")?>/g, '');

function options() {
  const { parsed, positive } = readOptions(
    {
      dist: { type: 'string', default: DIST },
      runs: { type: 'string', default: '5' },
      bytes: { type: 'string', default: String(1024 * 1024) },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  return { dist: resolve(parsed.dist), runs: positive('runs'), bytes: positive('bytes'), json: parsed.json };
}

/** In the page: from now, the first painted frame in which `selector` has an element on
 * screen; resolves to { ms, frames } (or { late } after 120 s). */
function untilOnScreen(selector) {
  return new Promise((done) => {
    const t0 = performance.now();
    const channel = new MessageChannel();
    let frames = 0;
    let hit = false;
    channel.port1.onmessage = () => {
      const t = performance.now() - t0;
      if (hit) done({ ms: t, frames });
      else if (t > 120_000) done({ late: t });
      else requestAnimationFrame(tick);
    };
    const tick = () => {
      frames += 1;
      hit = [...document.querySelectorAll(selector)].some((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
      });
      channel.port2.postMessage(null);
    };
    window.__clickSuggest?.();
    requestAnimationFrame(tick);
  });
}

async function runOnce(browser, url, file, lines) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('[data-kind=member]');
  const t0 = Date.now();
  await page.getByTestId('open-file').setInputFiles(file);
  await page.getByTestId('count-lines').filter({ hasText: new RegExp(`^${lines}$`) }).waitFor({ timeout: 120_000 });
  const open = Date.now() - t0;
  await page.evaluate(() => {
    window.__clickSuggest = () => document.querySelector('[data-testid=suggest]').click();
  });
  const suggest = await page.evaluate(untilOnScreen, '[data-testid=document] [data-suggestion]');
  const shown = Number(await page.getByTestId('suggestions-left').getAttribute('data-count'));
  // Accept the one in focus: from the click to the first frame painted with it taken.
  const accept = await page.evaluate(
    () =>
      new Promise((done) => {
        const t0 = performance.now();
        const left = document.querySelector('[data-testid=suggestions-left]');
        document.querySelector('[data-testid=accept-suggestion-one]').click();
        const tick = () => {
          if (left.isConnected && left.dataset.accepted !== '0') done(performance.now() - t0);
          else if (performance.now() - t0 > 120_000) done(null);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
  await page.close();
  return { open, suggest: suggest.ms ?? null, frames: suggest.frames ?? null, shown, accept };
}

async function main() {
  const opts = options();
  if (!existsSync(join(opts.dist, 'index.html'))) {
    fail(`no built page in ${opts.dist} (index.html is missing); build it first with ./scripts/test`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'connectives-suggest-bench-'));
  const large = stripTags(makeLargeDocument({ bytes: opts.bytes, seed: 1 }).text);
  const inputs = [
    { name: 'paragraph', text: PARAGRAPH },
    { name: `${(opts.bytes / 1024 / 1024).toFixed(1)} MiB`, text: large },
  ];
  let server;
  let browser;
  try {
    server = await serveDist(opts.dist);
    browser = await launchBrowser();
    const results = [];
    for (const input of inputs) {
      const file = join(dir, `untagged-${results.length}.txt`);
      await writeFile(file, input.text);
      const lines = input.text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '').length;
      const runs = [];
      for (let run = 1; run <= opts.runs; run++) {
        const r = await runOnce(browser, server.url, file, lines);
        runs.push(r);
        progress(`${input.name} run ${run}: open ${ms(r.open)}, suggest ${ms(r.suggest)} (${r.frames} frames, ${r.shown} suggestions), accept one ${ms(r.accept)}`);
      }
      results.push({
        input: input.name,
        bytes: Buffer.byteLength(input.text),
        open: summarize(runs.map((r) => r.open)),
        suggest: summarize(runs.map((r) => r.suggest)),
        frames: summarize(runs.map((r) => r.frames)),
        suggestions: runs[0].shown,
        accept: summarize(runs.map((r) => r.accept)),
      });
    }
    const report = { date: new Date().toISOString(), load: loadavg(), runs: opts.runs, results };
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else {
      for (const r of results) {
        console.log(
          `${r.input.padEnd(10)} open ${ms(r.open?.median)} · suggest ${ms(r.suggest?.median)} (min ${ms(r.suggest?.min)}, ` +
            `${r.frames?.median} frames) = ${(r.suggest.median / r.open.median).toFixed(2)}× open · ${r.suggestions} suggestions · accept one ${ms(r.accept?.median)}`,
        );
      }
    }
  } finally {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => exitWith('bench/suggest.mjs', error));
