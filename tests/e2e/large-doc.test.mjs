// The large-document generator (large-doc.mjs) that the browser benchmark and the big-file
// tests rely on: the same text for the same seed, the counts it promises are the parser's, its
// lines are what it says, and it makes 10 MB by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { makeLargeDocument } from './large-doc.mjs';

const TAGS = /<\/?(?:cand|a)(?: pair="[^"]*")?>/g;

test('the same seed gives the same text, another seed another text', () => {
  const a = makeLargeDocument({ bytes: 100_000, seed: 3 });
  const b = makeLargeDocument({ bytes: 100_000, seed: 3 });
  const c = makeLargeDocument({ bytes: 100_000, seed: 4 });
  assert.equal(a.text, b.text);
  assert.deepEqual(a.counts, b.counts);
  assert.notEqual(a.text, c.text);
});

// How long it takes is measured by bench/browser.mjs (its "generator" line), not here.
test('10 MB by default, never over the size asked for', () => {
  const doc = makeLargeDocument();
  const bytes = Buffer.byteLength(doc.text);
  assert.equal(doc.bytes, bytes);
  assert.ok(bytes <= 10 * 1024 * 1024 && bytes > 10 * 1024 * 1024 - 2000, `${bytes} bytes`);
});

test('lines hold 20 to 400 characters; some have no span, a few 𠮷 or an emoji', () => {
  const doc = makeLargeDocument({ bytes: 2_000_000, seed: 9 });
  assert.ok(doc.text.endsWith('\n'));
  const lines = doc.text.slice(0, -1).split('\n');
  assert.equal(lines.length, doc.counts.lines);
  const lengths = lines.map((line) => [...line.replace(TAGS, '')].length);
  assert.ok(Math.min(...lengths) >= 20, `shortest ${Math.min(...lengths)}`);
  assert.ok(Math.max(...lengths) <= 400, `longest ${Math.max(...lengths)}`);
  assert.ok(Math.max(...lengths) >= 200, 'some lines are long');
  assert.ok(lines.filter((line) => !line.includes('<')).length > lines.length / 20, 'lines without spans');
  assert.ok(lines.some((line) => /[\u{10000}-\u{10FFFF}]/u.test(line)), 'lines beyond the BMP');
  assert.ok(doc.text.includes('pair="'), 'pairs with an ID');
  assert.equal(doc.firstLine, lines[0].replace(TAGS, ''));
  assert.match(lines[0], /<a>[\s\S]*<a>[\s\S]*<cand>/, 'the first line has a pair and a candidate');
});

test('the counts it promises are what the parser finds, with no problem', async () => {
  const doc = makeLargeDocument({ bytes: 1_000_000, seed: 5 });
  assert.equal((doc.text.match(/<cand>/g) ?? []).length, doc.counts.candidates);
  assert.equal((doc.text.match(/<a[ >]/g) ?? []).length, doc.counts.members);
  assert.equal(doc.counts.members, 2 * doc.counts.pairs);
  const dir = await mkdtemp(join(tmpdir(), 'connectives-large-'));
  try {
    const file = join(dir, 'large.txt');
    await writeFile(file, doc.text);
    const json = execFileSync(
      'cargo',
      ['run', '--quiet', '--bin', 'connectives', '--', 'export', '--format', 'json', file],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    const { counts, diagnostics } = JSON.parse(json);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      { lines: counts.lines, candidates: counts.candidates, members: counts.members, pairs: counts.pairs },
      { lines: doc.counts.lines, candidates: doc.counts.candidates, members: doc.counts.members, pairs: doc.counts.pairs },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
