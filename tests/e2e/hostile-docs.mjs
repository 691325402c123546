// Documents the parser accepts but that are hostile to a page: very many problems, very long
// lines, very many spans on one line. Shared by the end-to-end tests (hostile.test.mjs) and the
// browser benchmark (bench/browser.mjs), which times how fast each one's first screen shows.
//
//   import { HOSTILE, hostileDocument } from './hostile-docs.mjs';
//   const doc = hostileDocument('nested-cand');
//   doc.text     // the tagged text
//   doc.counts   // { lines, candidates, members, pairs, problems }: what the page must show
//   doc.head     // the start of line 1 as the page shows it (tags kept as text are text)
//
// The counts are worked out here from how the parser reads each shape; hostile.test.mjs checks
// them against the command line's.

import { makeLargeDocument } from './large-doc.mjs';

const counts = (c) => ({ lines: 1, candidates: 0, members: 0, pairs: 0, problems: 0, ...c });

export const HOSTILE = {
  // 50,000 <cand> before one character and 50,000 </cand> after it, on one line: the first
  // <cand> opens a span that the first </cand> closes; the other 49,999 openers stand inside
  // it, and the other 49,999 closers close nothing.
  'nested-cand': {
    about: '50,000 nested unclosed <cand> on one line (99,998 problems)',
    make: () => ({
      text: `${'<cand>'.repeat(50_000)}甲${'</cand>'.repeat(50_000)}\n`,
      counts: counts({ candidates: 1, problems: 99_998 }),
      head: '<cand><cand><cand>',
    }),
  },
  // The 10 MB benchmark document with its newlines taken out: one line of 10 MB, its 56,000
  // candidates and 25,000 pairs all on it, no newline at the end.
  'one-line-10mb': {
    about: 'one line of 10 MB without a newline (about 107,000 spans)',
    make: () => {
      const large = makeLargeDocument({ bytes: 10 * 1024 * 1024, seed: 1 });
      return {
        text: large.text.replaceAll('\n', ''),
        counts: counts({
          candidates: large.counts.candidates,
          members: large.counts.members,
          pairs: large.counts.pairs,
        }),
        head: Array.from(large.firstLine).slice(0, 12).join(''),
      };
    },
  },
  // 100,000 one-character members on one line, each with a pair key of its own: none finds a
  // partner, so each is a problem.
  'unpaired-members': {
    about: '100,000 unpaired <a>x</a> on one line',
    make: () => ({
      text: `${Array.from({ length: 100_000 }, (_, i) => `<a pair="u${i}">x</a>`).join('')}\n`,
      counts: counts({ members: 100_000, problems: 100_000 }),
      head: 'xxxxxxxx',
    }),
  },
  // 50,000 closing tags that close nothing.
  'stray-closers': {
    about: '50,000 stray </cand> on one line',
    make: () => ({
      text: `乙${'</cand>'.repeat(50_000)}\n`,
      counts: counts({ problems: 50_000 }),
      head: '乙</cand></cand>',
    }),
  },
  // <a><cand> 25,000 times, one character, then </cand></a> 25,000 times: the first <a> opens a
  // member that the first </a> closes, with 50,000 tags inside it; the other 49,998 closers
  // close nothing, and the member has no partner.
  'deep-alternation': {
    about: '25,000 <a><cand> alternations around one character',
    make: () => ({
      text: `${'<a><cand>'.repeat(25_000)}丙${'</cand></a>'.repeat(25_000)}\n`,
      counts: counts({ members: 1, problems: 50_000 + 49_998 + 1 }),
      head: '<cand><a><cand>',
    }),
  },
  // 100,000 lines, each with an opening tag that is never closed.
  'unclosed-per-line': {
    about: '100,000 lines, each with an unclosed <cand>',
    make: () => ({
      text: '甲<cand>乙\n'.repeat(100_000),
      counts: counts({ lines: 100_000, problems: 100_000 }),
      head: '甲<cand>乙',
    }),
  },
};

/** The document of shape `name` (a key of HOSTILE), with its name and what it is. */
export function hostileDocument(name) {
  const shape = HOSTILE[name];
  if (!shape) throw new Error(`no hostile document named ${name}`);
  return { name, about: shape.about, ...shape.make() };
}
