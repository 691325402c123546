#!/usr/bin/env node
// Browser benchmark for comparing two versions in the page: a generated 10 MB document A and a
// second annotator's version B of the same text, compared in the built page.
//
//   ./scripts/test                 # builds dist/ (or: trunk build --release --dist DIR)
//   node bench/agreement.mjs [--dist DIR] [--runs N] [--json]
//
// It builds nothing. A is made by tests/e2e/large-doc.mjs; B is A with deterministic changes
// that keep the tag-free text identical (see makeVersionB). For each run, in a fresh page:
//
//   open      choose A with `open-file`; from its `change` event to the rendered frame that
//             shows A's line count and line 1 with a highlighted span on screen (the baseline:
//             reading and showing a document of the same size).
//   compare   choose B with `compare-file`; from its `change` event to the rendered frame that
//             shows the agreement panel's figures and at least one disagreement mark in the
//             text on screen (goal: 1 s).
//   decide    click `accept-b` (the disagreement in focus settled with B's side); from the
//             click to the rendered frame in which `disagreements-left` shows another number.
//   memory    JS heap (after a GC) and wasm memory once compared and decided.
//
// The runs alternate open and compare in the same page, so a busy moment of the machine falls
// on both. "A frame rendered" is measured in the page as in bench/browser.mjs: a
// requestAnimationFrame callback checks the condition and posts a message, which runs once that
// frame's style, layout and paint are done.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exitWith, fail, int, memoryInPage, mib, ms, progress, readOptions, summarize } from './common.mjs';
import { DIST, launchBrowser, serveDist } from '../tests/e2e/harness.mjs';
import { makeLargeDocument } from '../tests/e2e/large-doc.mjs';

const USAGE = `usage: node bench/agreement.mjs [--dist DIR] [--runs N] [--json] [--bytes N] [--seed N]
                                [--timeout SECONDS]

  --dist DIR         the built page to serve (default: dist/, built by ./scripts/test)
  --runs N           runs of each measurement; median and min are reported (default 5)
  --json             print the results as JSON on stdout (progress goes to stderr)
  --bytes N          size of the generated document A (default 10485760, 10 MiB)
  --seed N           seed of the generated document (default 1)
  --timeout SECONDS  give up on a step after this long (default 600)`;

const GOAL_MS = 1000; // compare: the figures and a disagreement on screen within 1 s
const VIEWPORT = { width: 1280, height: 900 };

// What B changes (by index, 0-based, in document order).
const DROP_EVERY_CANDIDATE = 7; // every 7th candidate loses its tags
const UNPAIR_EVERY_PAIR = 11; // every 11th pair: its second member becomes a candidate
const ADD_EVERY_LINE = 5; // every 5th line: a candidate on the first untagged 由于 or 已经 or 同时
const ADDED_WORDS = /由于|已经|同时/;

function options() {
  const { parsed, positive } = readOptions(
    {
      dist: { type: 'string', default: DIST },
      runs: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      bytes: { type: 'string', default: String(10 * 1024 * 1024) },
      seed: { type: 'string', default: '1' },
      timeout: { type: 'string', default: '600' },
    },
    USAGE,
  );
  return {
    dist: resolve(parsed.dist),
    runs: positive('runs'),
    json: parsed.json,
    bytes: positive('bytes'),
    seed: positive('seed'),
    timeoutMs: positive('timeout') * 1000,
  };
}

const TAG = /<cand>([^<]*)<\/cand>|<a(?: pair="([A-Za-z0-9_-]+)")?>([^<]*)<\/a>/g;
const stripTags = (s) => s.replace(/<\/?(?:cand|a)(?: pair="[^"]*")?>/g, '');

/**
 * B: A as a second annotator might have tagged it, the tag-free text unchanged. Pairs are found
 * as the parser finds them (plain members in order within their line, keyed members by ID) and
 * numbered by their first member. Every 7th candidate loses its tags; every 11th pair's second
 * member becomes a candidate, its first member left alone with an ID of its own (so that order
 * pairing of the rest of the line is untouched); on every 5th line the first untagged 由于, 已经
 * or 同时 becomes a candidate. Returns B and what was changed.
 */
function makeVersionB(text) {
  const lines = text.split('\n');
  // Pass 1: every member's pair, numbered in the order of first members.
  const pairOf = []; // per member, in document order: { pair, second }
  const keyed = new Map(); // ID -> pair number
  let pairs = 0;
  for (const line of lines) {
    let open = null;
    for (const m of line.matchAll(TAG)) {
      if (m[1] !== undefined) continue;
      if (m[2] !== undefined) {
        const known = keyed.get(m[2]);
        if (known === undefined) {
          keyed.set(m[2], pairs);
          pairOf.push({ pair: pairs++, second: false });
        } else pairOf.push({ pair: known, second: true });
      } else if (open === null) {
        open = pairs;
        pairOf.push({ pair: pairs++, second: false });
      } else {
        pairOf.push({ pair: open, second: true });
        open = null;
      }
    }
  }
  const unpaired = (pair) => pair % UNPAIR_EVERY_PAIR === UNPAIR_EVERY_PAIR - 1;
  // Pass 2: write B.
  const changed = { candidatesDropped: 0, membersToCandidates: 0, candidatesAdded: 0 };
  let candidate = 0;
  let member = 0;
  const out = lines.map((line, index) => {
    let b = '';
    let last = 0;
    let add = index % ADD_EVERY_LINE === ADD_EVERY_LINE - 1;
    const plain = (s) => {
      if (!add) return s;
      const m = ADDED_WORDS.exec(s);
      if (!m) return s;
      add = false;
      changed.candidatesAdded += 1;
      return `${s.slice(0, m.index)}<cand>${m[0]}</cand>${s.slice(m.index + m[0].length)}`;
    };
    for (const m of line.matchAll(TAG)) {
      b += plain(line.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[1] !== undefined) {
        if (candidate++ % DROP_EVERY_CANDIDATE === DROP_EVERY_CANDIDATE - 1) {
          b += m[1];
          changed.candidatesDropped += 1;
        } else b += m[0];
        continue;
      }
      const { pair, second } = pairOf[member++];
      if (!unpaired(pair)) b += m[0];
      else if (second) {
        b += `<cand>${m[3]}</cand>`;
        changed.membersToCandidates += 1;
      } else b += `<a pair="solo${pair}">${m[3]}</a>`;
    }
    return b + plain(line.slice(last));
  });
  const result = out.join('\n');
  if (stripTags(result) !== stripTags(text)) throw new Error('B changed the tag-free text');
  return { text: result, changed };
}

// ---- In the page. These functions are serialized by Playwright: they use nothing outside. ----

/** Installed once the example is shown: `window.__bench` holds the probes. */
function installProbe({ expectedLines, firstLine }) {
  // Runs `fn` once the frame being rendered now is done (style, layout, paint).
  const channel = new MessageChannel();
  const queue = [];
  channel.port1.onmessage = () => queue.shift()();
  const afterThisFrame = (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  };
  // From `t0`, the first rendered frame in which `cond()` holds: { at, frames } or { late }.
  const until = (t0, cond, limitMs) =>
    new Promise((done) => {
      let frames = 0;
      const tick = () => {
        frames += 1;
        const hit = cond();
        afterThisFrame(() => {
          const t = performance.now() - t0;
          if (hit) done({ at: t, frames });
          else if (t > limitMs) done({ late: t });
        });
        if (!hit && performance.now() - t0 <= limitMs) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  const onScreen = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  };
  const text = (id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? null;
  const head = Array.from(firstLine).slice(0, 24).join('');
  const opened = () => {
    if (text('count-lines')?.replace(/\D/g, '') !== String(expectedLines)) return false;
    const line = document.getElementById('line-1');
    if (!line || !line.textContent.includes(head)) return false;
    const span = line.querySelector('[data-kind]');
    return !!span && onScreen(span);
  };
  // The figures are numbers (not empty) and a disagreement mark of the text is on screen.
  const compared = () => {
    if (!document.querySelector('[data-testid=agreement]')) return false;
    if (!/\d/.test(text('agree-span-f1') ?? '') || !/\d/.test(text('disagreements-left') ?? '')) return false;
    for (const mark of document.querySelectorAll('[data-testid=document] [data-disagreement]')) {
      if (onScreen(mark)) return true;
    }
    return false;
  };
  // The clock of a file starts in a capturing `change` listener on its input.
  const chosen = (testid) =>
    new Promise((ok) => {
      const listener = (event) => {
        if (!event.target.matches?.(`input[data-testid=${testid}]`)) return;
        removeEventListener('change', listener, { capture: true });
        ok(performance.now());
      };
      addEventListener('change', listener, { capture: true });
    });
  window.__bench = { until, opened, compared, chosen, text, onScreen };
}

/** Waits for A's first screen after `open-file` changes. */
async function openInPage(limitMs) {
  const b = window.__bench;
  const t0 = await b.chosen('open-file');
  const r = await b.until(t0, b.opened, limitMs);
  return r.late ? { error: `A was not on screen after ${Math.round(r.late)} ms` } : { open: r.at };
}

/** Waits for the agreement and a disagreement on screen after `compare-file` changes. */
async function compareInPage(limitMs) {
  const b = window.__bench;
  const t0 = await b.chosen('compare-file');
  const r = await b.until(t0, b.compared, limitMs);
  if (r.late) {
    const warning = b.text('agreement-unmatched');
    return { error: `no agreement with a disagreement on screen after ${Math.round(r.late)} ms${warning ? `: ${warning}` : ''}` };
  }
  const figures = {};
  for (const id of ['agree-span-f1', 'agree-labelled-f1', 'agree-overlap-f1', 'agree-pair-f1', 'agree-kappa', 'agree-only-a', 'agree-only-b', 'disagreements-left']) {
    figures[id] = b.text(id);
  }
  return {
    compare: r.at,
    figures,
    marks: document.querySelectorAll('[data-testid=document] [data-disagreement]').length,
  };
}

/** One decision: `accept-b` clicked, until `disagreements-left` shows another number. */
async function decideInPage(limitMs) {
  const b = window.__bench;
  // Let the page settle after the comparison (its frames, a pending save) before the click.
  for (let i = 0; i < 10; i++) await new Promise((ok) => requestAnimationFrame(ok));
  await new Promise((ok) => setTimeout(ok, 200));
  const before = b.text('disagreements-left');
  const button = document.querySelector('[data-testid=accept-b]');
  if (!button || button.disabled) return { error: 'accept-b is missing or disabled' };
  const t0 = performance.now();
  button.click();
  const r = await b.until(t0, () => b.text('disagreements-left') !== before, limitMs);
  if (r.late) return { error: `disagreements-left still ${before} after ${Math.round(r.late)} ms` };
  return { decide: r.at, leftBefore: before, leftAfter: b.text('disagreements-left') };
}

// ---- In node. ----

async function runOnce(browser, url, fileA, fileB, doc, timeoutMs) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (event) => {
        window.__benchWasm = event.detail?.wasm;
      });
    });
    await page.goto(url);
    await page.waitForSelector('[data-kind=member]');
    await page.evaluate(installProbe, { expectedLines: doc.counts.lines, firstLine: doc.firstLine });

    const opening = page.evaluate(openInPage, timeoutMs);
    await page.locator('input[data-testid=open-file]').setInputFiles(fileA);
    const open = await opening;
    if (open.error) throw new Error(`open: ${open.error}`);

    // Settle before the next clock starts (the document is stored, its first frames are done).
    await page.waitForTimeout(300);
    const comparing = page.evaluate(compareInPage, timeoutMs);
    await page.locator('input[data-testid=compare-file]').setInputFiles(fileB);
    const compare = await comparing;
    if (compare.error) throw new Error(`compare: ${compare.error}`);

    const decide = await page.evaluate(decideInPage, timeoutMs);
    if (decide.error) throw new Error(`decide: ${decide.error}`);
    const memory = await page.evaluate(memoryInPage);
    return { ...open, ...compare, ...decide, ...memory };
  } finally {
    await context.close();
  }
}

function table(result) {
  const { document: doc, versionB: b, open, compare, decide, ratio } = result;
  const lines = [];
  lines.push(
    `Agreement benchmark, ${result.date} (${result.machine.cpus} CPUs, load average ${result.machine.loadavg.join(' ')}` +
      ` at the start, ${result.machine.loadavgEnd.join(' ')} at the end)`,
  );
  lines.push(`${result.machine.chromium}, page from ${result.dist}`);
  lines.push(
    `A: ${mib(doc.bytes)}, ${int(doc.lines)} lines, ${int(doc.candidates)} candidates, ${int(doc.members)} members, ` +
      `${int(doc.pairs)} pairs (seed ${doc.seed})`,
  );
  lines.push(
    `B: ${mib(b.bytes)}; ${int(b.changed.candidatesDropped)} candidates untagged, ${int(b.changed.membersToCandidates)} ` +
      `second members made candidates, ${int(b.changed.candidatesAdded)} candidates added`,
  );
  lines.push(`the page's figures: ${Object.entries(result.figures).map(([k, v]) => `${k.replace(/^agree-/, '')} ${v}`).join(', ')}`);
  lines.push(`disagreement marks in the DOM after comparing: ${int(result.marks.median)} (median)`);
  lines.push('');
  const rows = [
    ['open A: file chosen → first highlighted screen', open, ms],
    ['compare: B chosen → figures and a disagreement on screen', compare, ms],
    ['decide: accept-b clicked → disagreements-left changed', decide, ms],
    ['JS heap after comparing and deciding', result.jsHeap, mib],
    ['wasm memory after comparing and deciding', result.wasmMemory, mib],
    ['DOM elements after comparing and deciding', result.domElements, int],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  lines.push(`${'measure'.padEnd(width)}${'median'.padStart(12)}${'min'.padStart(12)}${'runs'.padStart(6)}`);
  for (const [label, s, format] of rows) {
    lines.push(`${label.padEnd(width)}${format(s?.median).padStart(12)}${format(s?.min).padStart(12)}${String(s?.runs ?? 0).padStart(6)}`);
  }
  lines.push('');
  const x = (r) => (r == null ? '–' : `${r.toFixed(2)}×`);
  const verdict = compare == null ? 'unknown' : compare.median <= GOAL_MS ? 'met' : 'NOT met';
  lines.push(`compare / open (medians): ${x(ratio.compareToOpen)}`);
  lines.push(`compare within ${ms(GOAL_MS)} (median): ${verdict}`);
  lines.push('native, for comparison: cargo bench -p connectives-core --bench agreement (core/benches/agreement.rs)');
  return lines.join('\n');
}

async function main() {
  const opts = options();
  if (!existsSync(join(opts.dist, 'index.html'))) {
    fail(
      `no built page in ${opts.dist} (index.html is missing).\n` +
        'Build it first with ./scripts/test (which builds dist/), or\n' +
        '  trunk build --release --dist DIR   and pass --dist DIR.',
    );
  }

  const doc = makeLargeDocument({ bytes: opts.bytes, seed: opts.seed });
  const b = makeVersionB(doc.text);
  const dir = await mkdtemp(join(tmpdir(), 'connectives-agreement-bench-'));
  const fileA = join(dir, `large-${opts.seed}.txt`);
  const fileB = join(dir, `large-${opts.seed}-b.txt`);
  await writeFile(fileA, doc.text);
  await writeFile(fileB, b.text);
  progress(
    `A: ${doc.bytes} bytes, ${doc.counts.lines} lines; B: ${Buffer.byteLength(b.text)} bytes ` +
      `(${b.changed.candidatesDropped} candidates untagged, ${b.changed.membersToCandidates} members made candidates, ` +
      `${b.changed.candidatesAdded} candidates added)`,
  );

  let server;
  let browser;
  try {
    server = await serveDist(opts.dist);
    try {
      browser = await launchBrowser({ args: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] });
    } catch (error) {
      fail(`could not start Chromium (${process.env.CHROMIUM ?? '/usr/bin/chromium'}): ${error.message.split('\n')[0]}`);
    }
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const startLoad = loadavg().map((x) => Number(x.toFixed(2)));
    const runs = [];
    for (let run = 1; run <= opts.runs; run++) {
      const r = await runOnce(browser, server.url, fileA, fileB, doc, opts.timeoutMs);
      runs.push(r);
      progress(
        `run ${run}/${opts.runs}: open ${ms(r.open)}, compare ${ms(r.compare)} (${r.figures['disagreements-left']} open, ` +
          `span F1 ${r.figures['agree-span-f1']}), decide ${ms(r.decide)} (${r.leftBefore} → ${r.leftAfter})`,
      );
    }
    const pick = (key) => summarize(runs.map((r) => r[key]));
    const result = {
      date,
      machine: {
        cpus: cpus().length,
        loadavg: startLoad,
        loadavgEnd: loadavg().map((x) => Number(x.toFixed(2))),
        chromium: `Chromium ${browser.version()}`,
        node: process.version,
      },
      dist: opts.dist,
      runs: opts.runs,
      document: { ...doc.counts, bytes: doc.bytes, seed: doc.seed },
      versionB: { bytes: Buffer.byteLength(b.text), changed: b.changed },
      figures: runs[0].figures,
      sameFiguresEveryRun: runs.every((r) => JSON.stringify(r.figures) === JSON.stringify(runs[0].figures)),
      marks: pick('marks'),
      open: pick('open'),
      compare: pick('compare'),
      decide: pick('decide'),
      jsHeap: pick('jsHeap'),
      wasmMemory: pick('wasmMemory'),
      domElements: pick('domElements'),
      raw: runs,
    };
    result.ratio = {
      compareToOpen: result.compare && result.open ? result.compare.median / result.open.median : null,
      goalMs: GOAL_MS,
    };
    if (opts.json) console.log(JSON.stringify(result, null, 2));
    else console.log(table(result));
  } finally {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => exitWith('bench/agreement.mjs', error));
