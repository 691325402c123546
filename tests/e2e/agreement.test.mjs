// Comparing two annotators' versions in the page and settling their disagreements: the
// figures against hand counts and the command line's report, the marks in the text, each
// button and key, undo, the result autosaved and exported, the report's exports byte for byte,
// texts that differ, and a corpus compared document by document.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, useBrowser } from './harness.mjs';

const session = useBrowser();
const CLI = join(ROOT, 'target', 'debug', 'connectives');

// A, and B made from it by one change per line, so each disagreement is known by hand:
// line 1 agreed (a pair), 2 only in A (B drops 因此), 3 only in B (B marks 所以), 4 another
// kind (B makes 而且 a member), 5 other boundaries (B marks 不但如此), 6–7 a pair only B has
// (A has both members, unpaired).
const A_LINES = [
  '<a>虽然</a>下雨，<a>但是</a>我们出发了。',
  '<cand>因此</cand>路上很慢。',
  '他来了，所以大家都很高兴。',
  '<cand>而且</cand>天气不错。',
  '<cand>不但</cand>如此，还有别的。',
  '<a>不仅</a>便宜，',
  '<a>而且</a>好用。',
];
const B_LINES = [
  A_LINES[0],
  A_LINES[1].replace('<cand>因此</cand>', '因此'),
  A_LINES[2].replace('所以', '<cand>所以</cand>'),
  A_LINES[3].replace('<cand>而且</cand>', '<a>而且</a>'),
  A_LINES[4].replace('<cand>不但</cand>如此', '<cand>不但如此</cand>'),
  // The writer names a new cross-line pair p1: B is written as the page would write it.
  A_LINES[5].replace('<a>', '<a pair="p1">'),
  A_LINES[6].replace('<a>', '<a pair="p1">'),
];
const A = A_LINES.join('\n') + '\n';
const B = B_LINES.join('\n') + '\n';

// By hand. A: 7 spans (虽然 但是 不仅 而且₇ members; 因此 而且₄ 不但 candidates), 1 pair.
// B: 7 spans, 2 pairs. Same boundaries: 虽然 但是 而且₄ 不仅 而且₇ = 5, of which 4 of the
// same kind; overlapping one to one: those 5 and 不但/不但如此 = 6; pairs matched 1.
// κ over 60 characters: A has 8 member, 6 candidate, 46 O; B 10 member, 6 candidate, 44 O;
// alike: 8 member + 2 candidate (不但) + 42 O = 52. κ = (52·60 − 2140) / (3600 − 2140) = 0.671.
const FIGURES = {
  'agree-span-f1': '0.714', // 10 / 14
  'agree-labelled-f1': '0.571', // 8 / 14
  'agree-overlap-f1': '0.857', // 12 / 14
  'agree-pair-f1': '0.667', // 2 / 3
  'agree-kappa': '0.671',
  'agree-only-a': '2', // 因此, 不但
  'agree-only-b': '2', // 所以, 不但如此
};

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agreement-'));
  await writeFile(join(dir, 'pair.txt'), A);
  await writeFile(join(dir, 'pair-b.txt'), B);
  execFileSync('cargo', ['build', '-q', '-p', 'connectives-cli'], { cwd: ROOT });
});

const cli = (...args) => execFileSync(CLI, args, { cwd: dir });
/** The report of two corpora: the command line still writes it when some documents could
 * not be compared, and says so with a failing status. */
function cliCorpus(...args) {
  const run = spawnSync(CLI, args, { cwd: dir });
  assert.equal(run.status, 1, 'a document not compared fails the command');
  return run.stdout;
}
const text = (page, id) => page.getByTestId(id).innerText();
const file = (name, contents) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(contents) });

async function freshPage() {
  const context = await session.browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('[data-kind]');
  return { context, page };
}

/** Opens A as pair.txt and compares it with B. */
async function comparing(b = B) {
  const { context, page } = await freshPage();
  await page.getByTestId('open-file').setInputFiles(file('pair.txt', A));
  await page.getByTestId('doc-name').filter({ hasText: 'pair.txt' }).waitFor();
  await page.getByTestId('compare-file').setInputFiles(file('pair-b.txt', b));
  await page.getByTestId('agreement').waitFor();
  return { context, page };
}

/** The disagreement marks in the text: A's spans, and B's marks joined by index. */
function marks(page) {
  return page.evaluate(() => {
    const doc = document.querySelector('[data-testid=document]');
    const a = [...doc.querySelectorAll('[data-span-id][data-disagreement]')].map((e) => ({
      kind: e.dataset.disagreement,
      index: e.dataset.disagreementIndex,
      text: e.textContent,
      other: e.dataset.otherKind ?? null,
    }));
    const b = [];
    for (const e of doc.querySelectorAll('mark.other-version[data-disagreement]')) {
      const same = b.find((m) => m.index === e.dataset.disagreementIndex);
      if (same) same.text += e.textContent;
      else b.push({ kind: e.dataset.disagreement, index: e.dataset.disagreementIndex, text: e.textContent });
    }
    return { a, b };
  });
}

const kindsAndTexts = (list) => list.map((m) => `${m.kind}:${m.text}`);

/** What is in focus: the words, and the texts of the marked elements in the text. */
async function focus(page) {
  const words = await text(page, 'disagreement-focus');
  const texts = await page
    .locator('[data-testid=document] .disagreement-focus')
    .evaluateAll((els) => els.map((e) => e.textContent));
  return { words, texts };
}

// The focus words of each disagreement (English page).
const WORDS = {
  onlyA: 'Line 2 · Only A marks 「因此」 (candidate)',
  onlyB: 'Line 3 · Only B marks 「所以」 (candidate)',
  kind: 'Line 4 · 「而且」: a candidate in A, a member in B',
  boundary: 'Line 5 · Other boundaries: 「不但」 in A, 「不但如此」 in B',
  pair: 'Line 6 · Only B pairs 「不仅…而且」',
};

async function left(page, n) {
  await page.getByTestId('disagreements-left').filter({ hasText: new RegExp(`^${n}$`) }).waitFor({ timeout: 5000 });
}

async function exportTagged(page) {
  const menu = page.getByTestId('export-menu');
  if (!(await menu.evaluate((el) => el.open))) await menu.locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-tagged').click()]);
  return readFile(await download.path(), 'utf8');
}

async function download(page, testid) {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: saved.suggestedFilename(), bytes: await readFile(await saved.path()) };
}

// After: 因此 kept (A), 所以 marked (B), 而且₄ unmarked (neither), 不但如此 and the pair (B).
const RESOLVED = [
  A_LINES[0],
  A_LINES[1],
  B_LINES[2],
  '而且天气不错。',
  B_LINES[4],
  B_LINES[5],
  B_LINES[6],
].join('\n') + '\n';

/** One adjudication, by buttons or by keys (`act` does a step by its name). */
async function adjudicate(page, act) {
  await left(page, 5);
  assert.equal((await focus(page)).words, WORDS.onlyA, 'the first is in focus');
  assert.deepEqual((await focus(page)).texts, ['因此']);

  await act('a'); // only A, kept
  await left(page, 4);
  assert.match(await text(page, 'disagreements-resolved'), /settled 1$/);
  assert.equal((await focus(page)).words, WORDS.onlyB, 'on to the next');
  assert.deepEqual((await focus(page)).texts, ['所以']);

  await act('b'); // only B, taken
  await left(page, 3);
  assert.equal(await page.locator('#line-3 [data-kind=candidate]').textContent(), '所以');
  assert.equal((await focus(page)).words, WORDS.kind);
  // Undo is one step and opens it again.
  await page.keyboard.press('Control+z');
  await left(page, 4);
  assert.equal(await page.locator('#line-3 [data-span-id]').count(), 0, 'undone: 所以 unmarked');
  assert.deepEqual(kindsAndTexts((await marks(page)).b), ['only-b:所以', 'boundary:不但如此']);
  // A click on B's mark focuses it; accepted again.
  await page.locator('[data-testid=document] mark[data-disagreement=only-b]').click();
  assert.equal((await focus(page)).words, WORDS.onlyB);
  await act('b');
  await left(page, 3);
  assert.equal((await focus(page)).words, WORDS.kind);

  await act('none'); // another kind: A's 而且 goes, B's stays unaccepted
  await left(page, 2);
  assert.equal(await page.locator('#line-4 [data-span-id]').count(), 0, 'neither: 而且 unmarked');
  assert.equal(await page.locator('#line-4 mark.other-version').count(), 0, 'and not shown as open');
  assert.equal((await focus(page)).words, WORDS.boundary);
  assert.deepEqual((await focus(page)).texts, ['不但', '不但', '如此'], "A's span and B's mark cut in two");

  // Stepping wraps both ways over the two still open.
  await act('next');
  assert.equal((await focus(page)).words, WORDS.pair);
  assert.deepEqual((await focus(page)).texts, ['不仅', '而且']);
  await act('next');
  assert.equal((await focus(page)).words, WORDS.boundary, 'next wraps to the first');
  await act('prev');
  assert.equal((await focus(page)).words, WORDS.pair, 'previous wraps to the last');
  await act('prev');
  assert.equal((await focus(page)).words, WORDS.boundary);
  await left(page, 2);
}

test('a compared pair: the figures are the hand counts and the command line\'s, the marks name each disagreement', async () => {
  const { context, page } = await comparing();
  const report = JSON.parse(cli('agree', '--format', 'json', 'pair.txt', 'pair-b.txt'));
  const key = { 'agree-span-f1': 'span_f1', 'agree-labelled-f1': 'labelled_f1', 'agree-overlap-f1': 'overlap_f1', 'agree-pair-f1': 'pair_f1', 'agree-kappa': 'kappa', 'agree-only-a': 'only_a', 'agree-only-b': 'only_b' };
  for (const [id, want] of Object.entries(FIGURES)) {
    const shown = await text(page, id);
    assert.equal(shown, want, id);
    const theirs = report[key[id]];
    assert.equal(shown, id.startsWith('agree-only') ? String(theirs) : theirs.toFixed(3), `${id} = the CLI's ${key[id]}`);
  }
  const { a, b } = await marks(page);
  assert.deepEqual(kindsAndTexts(a), ['only-a:因此', 'kind:而且', 'boundary:不但', 'pair:不仅', 'pair:而且']);
  assert.equal(a[1].other, 'member', "the kind mark says B's kind");
  assert.deepEqual(kindsAndTexts(b), ['only-b:所以', 'boundary:不但如此']);
  // Each disagreement has its own index; the two sides of one share it.
  assert.equal(a[2].index, b[1].index, 'the boundary difference is one disagreement');
  assert.equal(a[3].index, a[4].index, 'the pair is one disagreement');
  assert.equal(new Set([a[0], a[1], a[2], a[3], b[0]].map((m) => m.index)).size, 5);
  assert.equal(await page.locator('#line-1 [data-disagreement]').count(), 0, 'the agreed pair is not marked');
  assert.equal(await page.locator('#line-3 [data-span-id]').count(), 0, "B's 所以 is not a span of A");
  // The connectives table: 而且 (2 and 2, one matched) is the most disagreed on, first.
  const first = await page.getByTestId('agreement-connectives').locator('tbody tr').first().locator('td').allInnerTexts();
  assert.deepEqual(first, ['而且', '2', '2', '1', '0.500']);
  assert.equal(await page.getByTestId('agreement-connectives').locator('tbody tr').count(), 8);
  await context.close();
});

test('settling with each button, stepping, undo, then all from B: the export is the text computed by hand', async () => {
  const { context, page } = await comparing();
  const buttons = { a: 'accept-a', b: 'accept-b', none: 'accept-none', next: 'next-disagreement', prev: 'prev-disagreement' };
  await adjudicate(page, (step) => page.getByTestId(buttons[step]).click());
  await page.getByTestId('accept-all-b').click();
  await left(page, 0);
  // Decisions made: A, B, B again after the undo, neither, and two by all-from-B.
  assert.match(await text(page, 'disagreements-resolved'), /settled 6$/);
  assert.match(await text(page, 'notice'), /Every disagreement is settled/);
  for (const id of ['accept-a', 'accept-b', 'accept-none', 'next-disagreement', 'accept-all-b']) {
    assert.ok(await page.getByTestId(id).isDisabled(), `${id} is disabled with none left`);
  }
  assert.equal(await page.locator('[data-testid=document] [data-disagreement]').count(), 0);
  assert.equal(await exportTagged(page), RESOLVED);
  await context.close();
});

test('all from B from the start gives exactly B\'s text, all from A exactly A\'s', async () => {
  const { context, page } = await comparing();
  await page.getByTestId('accept-all-b').click();
  await left(page, 0);
  assert.equal(await exportTagged(page), B);
  // One undo step takes the whole of it back.
  await page.keyboard.press('Control+z');
  await left(page, 5);
  assert.equal(await exportTagged(page), A);
  await page.getByTestId('accept-all-a').click();
  await left(page, 0);
  assert.equal(await exportTagged(page), A);
  await context.close();
});

test('the agreement CSV and JSON downloads equal the command line\'s output byte for byte', async () => {
  const { context, page } = await comparing();
  const csv = await download(page, 'agreement-export-csv');
  assert.equal(csv.name, 'pair-agreement.csv');
  assert.ok(csv.bytes.equals(cli('agree', '--format', 'csv', 'pair.txt', 'pair-b.txt')), csv.bytes.toString());
  const json = await download(page, 'agreement-export-json');
  assert.equal(json.name, 'pair-agreement.json');
  assert.ok(json.bytes.equals(cli('agree', '--format', 'json', 'pair.txt', 'pair-b.txt')), json.bytes.toString());
  // The CSV's figures are the hand counts too.
  assert.equal(csv.bytes.toString().split('\n')[1], 'pair.txt,0.714,0.571,0.857,0.667,0.671,2,2,7,7,1,2');
  await context.close();
});

test('keys 1, 2, 0, . and , do what the buttons do', async () => {
  const { context, page } = await comparing();
  const keys = { a: '1', b: '2', none: '0', next: '.', prev: ',' };
  await adjudicate(page, (step) => page.locator('body').press(keys[step]));
  // The last two from B by key: the boundary, then the pair it moves on to.
  await page.locator('body').press('2');
  await left(page, 1);
  assert.equal((await focus(page)).words, WORDS.pair);
  await page.locator('body').press('2');
  await left(page, 0);
  assert.equal(await exportTagged(page), RESOLVED);
  await context.close();
});

test('texts that differ are refused with the line and column, and the document stays', async () => {
  const other = B.replace('很高兴', '很开心');
  const { context, page } = await freshPage();
  await page.getByTestId('open-file').setInputFiles(file('pair.txt', A));
  await page.getByTestId('doc-name').filter({ hasText: 'pair.txt' }).waitFor();
  await page.getByTestId('compare-file').setInputFiles(file('pair-b.txt', other));
  const notice = page.getByTestId('notice');
  await notice.filter({ hasText: /differ/ }).waitFor();
  // 他来了，所以大家都很 is 10 characters: 高 is column 11 of line 3.
  assert.match(await notice.innerText(), /differ at line 3, column 11/);
  assert.match(await notice.innerText(), /Nothing was compared/);
  assert.equal(await page.getByTestId('agreement').count(), 0);
  assert.equal(await page.locator('[data-testid=document] [data-disagreement]').count(), 0);
  assert.equal(await exportTagged(page), A);
  await context.close();
});

test('a reload right after accepting B keeps the edit; the comparison itself ends', async () => {
  const { context, page } = await comparing();
  await page.getByTestId('accept-b').click(); // only A: B has no 因此
  await left(page, 4);
  await page.getByTestId('storage-status').filter({ hasText: 'Saved in this browser' }).waitFor();
  await page.reload();
  await page.getByTestId('doc-name').filter({ hasText: 'pair.txt' }).waitFor();
  await page.locator('#line-2').waitFor();
  assert.equal(await page.locator('#line-2 [data-span-id]').count(), 0, '因此 stays unmarked');
  assert.equal(await page.getByTestId('agreement').count(), 0);
  assert.equal(await exportTagged(page), A.replace('<cand>因此</cand>', '因此'));
  await context.close();
});

// A corpus of four: doc-1 differs by one span only A has, doc-2 by one only B has, doc-3 is
// not in B, doc-4's text differs in B (line 1, column 5: 并且天气 is 4 characters).
const CORPUS_A = {
  'doc-1.txt': '<a>虽然</a>下雨，<a>但是</a>出发了。\n<cand>因此</cand>很慢。\n',
  'doc-2.txt': '他来了，所以很高兴。\n',
  'doc-3.txt': '<cand>而且</cand>不错。\n',
  'doc-4.txt': '<cand>并且</cand>天气好。\n',
};
const CORPUS_B = {
  'doc-1.txt': CORPUS_A['doc-1.txt'].replace('<cand>因此</cand>', '因此'),
  'doc-2.txt': CORPUS_A['doc-2.txt'].replace('所以', '<cand>所以</cand>'),
  'doc-4.txt': CORPUS_A['doc-4.txt'].replace('天气好', '天气坏'),
};

/** Writes both corpora to folders; opens A's as a corpus at `doc-1.txt`. */
async function openCorpus() {
  const a = join(dir, 'corpus-a');
  const b = join(dir, 'corpus-b');
  await mkdir(a, { recursive: true });
  await mkdir(b, { recursive: true });
  for (const [name, source] of Object.entries(CORPUS_A)) await writeFile(join(a, name), source);
  for (const [name, source] of Object.entries(CORPUS_B)) await writeFile(join(b, name), source);
  const { context, page } = await freshPage();
  await page.getByTestId('open-file').setInputFiles(Object.keys(CORPUS_A).map((n) => join(a, n)));
  await page.getByTestId('documents').waitFor();
  await page.getByTestId('doc-name').filter({ hasText: 'doc-1.txt' }).waitFor();
  const compare = () => page.getByTestId('compare-file').setInputFiles(Object.keys(CORPUS_B).map((n) => join(b, n)));
  return { context, page, a, b, compare };
}

async function openInCorpus(page, name) {
  await page.locator(`[data-testid=documents] [data-doc="${name}"]`).click();
  await page.getByTestId('doc-name').filter({ hasText: name }).waitFor();
}

test('a corpus: a row per compared document, totals and exports as the command line\'s, the unmatched ones said', async () => {
  const { context, page, a, b, compare } = await openCorpus();
  await compare();
  await page.getByTestId('agreement-documents').waitFor();

  // By hand. doc-1: A 3 spans, B 2, 2 matched: F1 0.8; pair matched; κ over 16 characters
  // (A 4 member, 2 candidate; B 4 member): (14·16 − 136) / (256 − 136) = 0.733.
  // doc-2: A none, B 1: F1 0; no pairs either side: 1; κ = (0.8 − 0.8) / 0.2 = 0.
  const rows = await page.getByTestId('agreement-documents').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['doc-1.txt', '0.800', '0.800', '1.000', '0.733', '1', '0'],
    ['doc-2.txt', '0.000', '0.000', '1.000', '0.000', '0', '1'],
  ]);
  // Totals summed over both: 2 matched of 3 + 3 spans; κ over 26 characters
  // (each side 20 O, 2 candidate, 4 member; 22 alike): (22·26 − 420) / (676 − 420) = 0.594.
  const totals = { 'agree-span-f1': '0.667', 'agree-labelled-f1': '0.667', 'agree-overlap-f1': '0.667', 'agree-pair-f1': '1.000', 'agree-kappa': '0.594', 'agree-only-a': '1', 'agree-only-b': '1' };
  for (const [id, want] of Object.entries(totals)) {
    assert.equal(await text(page, id), want, id);
  }
  const report = JSON.parse(cliCorpus('agree', '--format', 'json', a, b));
  assert.equal(report.kappa.toFixed(3), totals['agree-kappa']);
  assert.equal(report.span_f1.toFixed(3), totals['agree-span-f1']);
  assert.deepEqual(report.documents.map((d) => d.name), ['doc-1.txt', 'doc-2.txt']);
  const panel = await text(page, 'agreement');
  assert.match(panel, /Only in A: doc-3\.txt/);
  assert.match(panel, /doc-4\.txt: .*differ at line 1, column 5/);
  // The report's export for the corpus equals the command line's.
  const csv = await download(page, 'agreement-export-csv');
  assert.equal(csv.name, 'doc-1-agreement.csv');
  assert.ok(csv.bytes.equals(cliCorpus('agree', '--format', 'csv', a, b)), csv.bytes.toString());
  const json = await download(page, 'agreement-export-json');
  assert.ok(json.bytes.equals(cliCorpus('agree', '--format', 'json', a, b)), json.bytes.toString());

  // The open document's own disagreement; settled, the corpus totals follow.
  assert.deepEqual(kindsAndTexts((await marks(page)).a), ['only-a:因此']);
  assert.deepEqual((await marks(page)).b, []);
  await left(page, 1);
  await page.getByTestId('accept-b').click();
  await left(page, 0);
  assert.equal(await text(page, 'agree-only-a'), '0', 'the totals follow the edit');
  assert.equal(await text(page, 'agree-span-f1'), '0.800'); // 2 matched of 2 + 3
  assert.equal((await page.getByTestId('agreement-documents').locator('tbody tr').first().locator('td').allInnerTexts())[1], '1.000');

  // Compared from a document B lacks, and from one whose text differs: said, nothing to settle.
  await openInCorpus(page, 'doc-3.txt');
  await compare();
  await page.getByTestId('agreement-unmatched').filter({ hasText: 'The other version has no such document.' }).waitFor();
  assert.match(await text(page, 'notice'), /has no document doc-3\.txt/);
  assert.equal(await page.getByTestId('disagreements-left').count(), 0);
  // The corpus figures are still shown, with doc-1 as settled above (kept when it was left).
  assert.equal(await text(page, 'agree-span-f1'), '0.800');
  assert.equal(await text(page, 'agree-only-a'), '0');
  await openInCorpus(page, 'doc-4.txt');
  await compare();
  await page.getByTestId('agreement-unmatched').filter({ hasText: /differ at line 1, column 5/ }).waitFor();
  assert.match(await text(page, 'notice'), /differ at line 1, column 5: A has 「并且天气好。」, B has 「并且天气坏。」/);
  assert.equal(await page.locator('[data-testid=document] [data-disagreement]').count(), 0);
  await context.close();
});

test('a corpus: moving to another document shows that document\'s disagreements', async () => {
  const { context, page, compare } = await openCorpus();
  await compare();
  await page.getByTestId('agreement-documents').waitFor();
  assert.deepEqual(kindsAndTexts((await marks(page)).a), ['only-a:因此']);
  // By key to doc-2: B's 所以.
  await page.locator('body').press('>');
  await page.getByTestId('doc-name').filter({ hasText: 'doc-2.txt' }).waitFor();
  await page.locator('[data-testid=document] mark[data-disagreement=only-b]').waitFor({ timeout: 5000 });
  assert.deepEqual(kindsAndTexts((await marks(page)).b), ['only-b:所以']);
  assert.equal(await text(page, 'disagreements-left'), '1');
  await page.locator('body').press('>');
  await page.getByTestId('doc-name').filter({ hasText: 'doc-3.txt' }).waitFor();
  await page.getByTestId('agreement-unmatched').filter({ hasText: 'The other version has no such document.' }).waitFor({ timeout: 5000 });
  // Back through the documents panel: doc-1's again.
  await openInCorpus(page, 'doc-1.txt');
  await page.locator('[data-testid=document] [data-disagreement=only-a]').waitFor({ timeout: 5000 });
  assert.equal(await text(page, 'disagreements-left'), '1');
  await context.close();
});
