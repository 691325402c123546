#!/usr/bin/env node
// Browser benchmark for a corpus (issue 15, item 9): a generated corpus of 1,000 documents and
// 10 MB in all, opened in the built page, against the single 10 MB document of the same lines
// opened in the same run (the ratio's baseline).
//
//   node bench/corpus.mjs [--dist DIR] [--runs N] [--documents N] [--bytes N] [--json]
//
// For each run, in a fresh browser profile:
//   single  choose the one 10 MB file; from its `change` event to the rendered frame showing
//           its line count and line 1.
//   open    choose the corpus's 1,000 files at once; from `change` to the rendered frame that
//           shows the documents panel (`0 / 1000`) and the first document's name.
//   switch  `doc-next`, ten times: from the click to the rendered frame showing the next
//           document's name (its first screen); the median of the ten.
//   search  a query typed into `corpus-search` once the corpus is read: from the `input` event
//           to the rendered frame showing the result count; a query found in most documents.
//   memory  JS heap (after a GC) and wasm memory once the corpus is open and searched.
// It builds nothing: build dist/ first (./scripts/test, or trunk build --release).
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DIST, launchBrowser, serveDist } from '../tests/e2e/harness.mjs';
import { makeLargeDocument } from '../tests/e2e/large-doc.mjs';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: DIST },
    runs: { type: 'string', default: '3' },
    documents: { type: 'string', default: '1000' },
    bytes: { type: 'string', default: String(10 * 1024 * 1024) },
    json: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const DOCUMENTS = Number(values.documents);
const dist = resolve(values.dist);
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`bench/corpus.mjs: no built page in ${dist}; build it first (./scripts/test or trunk build --release)`);
  process.exit(2);
}
const progress = (s) => process.stderr.write(`${s}\n`);

// In the page: runs `act`, then waits for the rendered frame in which `cond` holds.
function installProbe() {
  const channel = new MessageChannel();
  const queue = [];
  channel.port1.onmessage = () => queue.shift()();
  const afterFrame = (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  };
  window.__until = (t0, cond, limitMs = 120_000) =>
    new Promise((done) => {
      const tick = () => {
        const hit = cond();
        afterFrame(() => {
          const t = performance.now() - t0;
          if (hit || t > limitMs) done(hit ? t : null);
        });
        if (!hit) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  // The clock of an open starts when the file input changes.
  window.__opened = new Promise((ok) => {
    addEventListener('change', () => ok(performance.now()), { capture: true, once: true });
  });
}

const text = (id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? '';

async function fresh(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(300_000);
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (event) => {
      window.__wasm = event.detail?.wasm;
    });
  });
  await page.goto(server.url);
  await page.waitForSelector('[data-kind=member]');
  await page.evaluate(installProbe);
  return { context, page };
}

async function openSingle(browser, server, file, lines) {
  const { context, page } = await fresh(browser, server);
  const done = page.evaluate(async (lines) => {
    const t0 = await window.__opened;
    return window.__until(t0, () => document.querySelector('[data-testid=count-lines]')?.textContent.replace(/\D/g, '') === String(lines) && document.getElementById('line-1'));
  }, lines);
  await page.getByTestId('open-file').setInputFiles(file);
  const ms = await done;
  await context.close();
  return ms;
}

async function runCorpus(browser, server, files, names, query) {
  const { context, page } = await fresh(browser, server);
  const done = page.evaluate(async ([n, first]) => {
    const text = (id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? '';
    const t0 = await window.__opened;
    return window.__until(t0, () => text('corpus-progress') === `0 / ${n}` && text('doc-name') === first);
  }, [names.length, names[0]]);
  await page.getByTestId('open-file').setInputFiles(files);
  const open = await done;
  const switches = [];
  for (let i = 1; i <= 10; i++) {
    switches.push(
      await page.evaluate(async (next) => {
        const text = (id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? '';
        const t0 = performance.now();
        document.querySelector('[data-testid=doc-next]').click();
        return window.__until(t0, () => text('doc-name') === next && document.getElementById('line-1'));
      }, names[i]),
    );
  }
  await page.waitForFunction(() => !document.querySelector('[data-testid=corpus-search]').disabled, null, { timeout: 120_000 });
  const search = await page.evaluate(async (query) => {
    const input = document.querySelector('[data-testid=corpus-search]');
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const t0 = performance.now();
    setter.call(input, query);
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    return window.__until(t0, () => /\d/.test(document.querySelector('[data-testid=corpus-search-count]')?.textContent ?? ''));
  }, query);
  const count = await page.getByTestId('corpus-search-count').textContent();
  const memory = await page.evaluate(async () => {
    globalThis.gc?.();
    await new Promise((ok) => setTimeout(ok, 50));
    return { jsHeap: performance.memory?.usedJSHeapSize ?? null, wasmMemory: window.__wasm?.memory?.buffer?.byteLength ?? null };
  });
  await context.close();
  switches.sort((a, b) => a - b);
  return { open, switchMedian: switches[5], switchMax: switches[9], search, count, ...memory };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const doc = makeLargeDocument({ bytes: Number(values.bytes), seed: 1 });
  const lines = doc.text.split('\n').slice(0, -1);
  const dir = await mkdtemp(join(tmpdir(), 'connectives-corpus-bench-'));
  const single = join(dir, 'single.txt');
  await writeFile(single, doc.text);
  await mkdir(join(dir, 'corpus'));
  const names = [];
  const files = [];
  const cut = (i) => Math.floor((i * lines.length) / DOCUMENTS);
  for (let i = 0; i < DOCUMENTS; i++) {
    const name = `doc-${String(i).padStart(4, '0')}.txt`;
    names.push(name);
    files.push(join(dir, 'corpus', name));
    await writeFile(files.at(-1), lines.slice(cut(i), cut(i + 1)).join('\n') + '\n');
  }
  progress(`corpus: ${names.length} documents, ${doc.bytes} bytes, ${lines.length} lines`);
  const server = await serveDist(dist);
  const browser = await launchBrowser({ args: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] });
  try {
    const runs = [];
    for (let run = 1; run <= RUNS; run++) {
      const s = await openSingle(browser, server, single, doc.counts.lines);
      const c = await runCorpus(browser, server, files, names, '我们');
      runs.push({ single: s, ...c });
      progress(`run ${run}: single ${s?.toFixed(0)} ms; corpus open ${c.open?.toFixed(0)} ms, switch ${c.switchMedian?.toFixed(1)} ms (max ${c.switchMax?.toFixed(1)}), search ${c.search?.toFixed(1)} ms (${c.count})`);
    }
    const pick = (k) => median(runs.map((r) => r[k]));
    const result = {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      machine: { cpus: cpus().length, loadavg: loadavg().map((x) => Number(x.toFixed(2))), chromium: browser.version() },
      corpus: { documents: names.length, bytes: doc.bytes, lines: lines.length },
      median: {
        singleOpen: pick('single'),
        corpusOpen: pick('open'),
        switch: pick('switchMedian'),
        search: pick('search'),
        jsHeapMiB: pick('jsHeap') / 2 ** 20,
        wasmMiB: pick('wasmMemory') / 2 ** 20,
      },
      runs,
    };
    result.ratio = { corpusOpenToSingleOpen: result.median.corpusOpen / result.median.singleOpen };
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else {
      const m = result.median;
      console.log(`corpus of ${names.length} documents, ${(doc.bytes / 2 ** 20).toFixed(1)} MiB; median of ${RUNS} runs`);
      console.log(`  single 10 MB document open   ${m.singleOpen.toFixed(0)} ms`);
      console.log(`  corpus open                  ${m.corpusOpen.toFixed(0)} ms  (${result.ratio.corpusOpenToSingleOpen.toFixed(2)} × single)`);
      console.log(`  switch to the next document  ${m.switch.toFixed(1)} ms`);
      console.log(`  corpus search                ${m.search.toFixed(1)} ms`);
      console.log(`  memory                       JS heap ${m.jsHeapMiB.toFixed(1)} MiB, wasm ${m.wasmMiB.toFixed(1)} MiB`);
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench/corpus.mjs: ${error.stack ?? error}`);
  process.exit(1);
});
