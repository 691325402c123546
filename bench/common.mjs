// What the browser benchmarks share (bench/browser.mjs, bench/agreement.mjs): refusing with a
// message, reading options, progress lines, summaries of runs and their formatting, and the
// memory a page uses.
import { parseArgs } from 'node:util';

/** A failure with a message for people, not a stack: exit status 2. */
export class Refusal extends Error {}

export function fail(message) {
  throw new Refusal(message);
}

/**
 * Parses the command line with `options` (parseArgs' spec; `help`/`-h` is added and prints
 * `usage`). Gives the values and `positive(name)`, the option as a positive whole number.
 */
export function readOptions(options, usage) {
  let parsed;
  try {
    parsed = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h', default: false } } }).values;
  } catch (error) {
    fail(`${error.message}\n${usage}`);
  }
  if (parsed.help) {
    console.log(usage);
    process.exit(0);
  }
  const positive = (name) => {
    const n = Number(parsed[name]);
    if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive whole number\n${usage}`);
    return n;
  };
  return { parsed, positive };
}

export function progress(message) {
  process.stderr.write(`${message}\n`);
}

/** Exits with a message: 2 for a refusal, 1 with the stack for anything else. */
export function exitWith(script, error) {
  console.error(`${script}: ${error instanceof Refusal ? error.message : (error.stack ?? error)}`);
  process.exit(error instanceof Refusal ? 2 : 1);
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median, minimum and maximum of the finite numbers among `values`; null if there are none. */
export function summarize(values) {
  const xs = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  if (xs.length === 0) return null;
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length };
}

export const ms = (x) => (x == null ? '–' : x >= 100 ? `${Math.round(x).toLocaleString('en-US')} ms` : `${x.toFixed(1)} ms`);
export const mib = (x) => (x == null ? '–' : `${(x / 1024 / 1024).toFixed(1)} MiB`);
export const int = (x) => (x == null ? '–' : Math.round(x).toLocaleString('en-US'));

/** In the page: the JS heap, the wasm memory (the app's, recorded at start) and DOM size. */
export async function memoryInPage() {
  globalThis.gc?.();
  await new Promise((ok) => setTimeout(ok, 50));
  return {
    jsHeap: performance.memory?.usedJSHeapSize ?? null,
    wasmMemory: window.__benchWasm?.memory?.buffer?.byteLength ?? null,
    domElements: document.getElementsByTagName('*').length,
  };
}
