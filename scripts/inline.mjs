// After `trunk build --release`: write dist/connectives.html, one file holding the JS glue,
// the .wasm (gzipped, base64), the stylesheet and everything else, that works from file:// with nothing
// beside it; and make dist/index.html the same file, so the served page makes no request
// either. Its Content-Security-Policy forbids every connection: the only script is the inline
// one, allowed by its hash.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const files = await readdir(dist);
const pick = (test, what) => {
  const found = files.filter(test);
  if (found.length !== 1) {
    console.error(`inline: expected one ${what} in ${dist}, found ${found.length}: ${found.join(', ')}`);
    process.exit(2);
  }
  return join(dist, found[0]);
};
const wasmPath = pick((f) => f.endsWith('_bg.wasm'), '.wasm');
const gluePath = pick((f) => f.endsWith('.js') && f.startsWith('connectives-web'), 'JS glue');
const cssPath = pick((f) => f.endsWith('.css'), 'stylesheet');

const wasm = await readFile(wasmPath);
const glue = await readFile(gluePath, 'utf8');
const css = await readFile(cssPath, 'utf8');
const template = await readFile(join(dist, 'index.html'), 'utf8');
if (!template.includes('import init, * as bindings from')) {
  console.error(`inline: ${dist}/index.html is not Trunk's page (inlined already?): run trunk build first`);
  process.exit(2);
}

const EXPORT = /^export \{ initSync, __wbg_init as default \};\s*$/m;
if (!EXPORT.test(glue)) {
  console.error('inline: the glue does not end as wasm-bindgen --target web writes it');
  process.exit(2);
}
// The glue as a module script of its own; the wasm is handed to it as bytes, so it never
// fetches anything. It travels gzipped (less than half the size) and the browser's own
// DecompressionStream unpacks it: no decoder of ours, no request.
const packed = gzipSync(wasm, { level: 9 });
const script = `${glue.replace(EXPORT, '')}
const packed = Uint8Array.from(atob(${JSON.stringify(packed.toString('base64'))}), (c) => c.charCodeAt(0));
const unpacked = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
const wasmBytes = new Uint8Array(await new Response(unpacked).arrayBuffer());
const instance = await __wbg_init({ module_or_path: wasmBytes });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: instance } }));
`;
const hash = createHash('sha256').update(script).digest('base64');
const policy = [
  "default-src 'none'",
  `script-src 'sha256-${hash}' 'wasm-unsafe-eval'`,
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// Keep the template's head and body, without Trunk's links, loader and its looser policy.
let html = template
  .replace(/<!--[\s\S]*?-->\s*/g, '')
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i, '')
  .replace(/<link rel="stylesheet"[^>]*>\s*/gi, '')
  .replace(/<link rel="(modulepreload|preload)"[^>]*>/gi, '')
  .replace(/<script type="module">[\s\S]*?<\/script>\s*/i, '');
if (/<script|<link rel="(stylesheet|modulepreload|preload)"/i.test(html)) {
  console.error('inline: the template still loads something from outside the page');
  process.exit(2);
}
// Functions as replacements, so `$` in the inlined code is never read as a pattern.
html = html.replace(
  '<meta charset="utf-8">',
  () => `<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`,
);
html = html.replace('</head>', () => `<style>\n${css}\n</style>\n<script type="module">${script}</script>\n</head>`);

await writeFile(join(dist, 'connectives.html'), html);
await writeFile(join(dist, 'index.html'), html);
console.log(
  `connectives.html: ${Buffer.byteLength(html)} bytes (wasm ${wasm.length} bytes, ${packed.length} gzipped, base64 inside)`,
);
