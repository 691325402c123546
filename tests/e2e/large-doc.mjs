// A deterministic generator of large tagged documents, for the browser benchmark
// (bench/browser.mjs) and for end-to-end tests of big files.
//
//   import { makeLargeDocument } from './large-doc.mjs';
//   const doc = makeLargeDocument({ bytes: 10 * 1024 * 1024, seed: 1 });
//   doc.text    // tagged text, one paragraph per line, each line ending in "\n"
//   doc.counts  // { lines, candidates, members, pairs, problems }: what the page must show
//
// The same options always give the same text. Every line is well-formed (the parser reports no
// problem): candidates and pairs that pair by order within their line, a few pairs nested inside
// another one (the outer pair with pair="ID"), and a few pairs whose members are on two
// neighbouring lines (pair="ID"). Lines hold 20 to 400 characters of text (tags not counted);
// some have no span at all, a few contain 𠮷 (four bytes in UTF-8, two UTF-16 units) or an emoji.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MIN_CHARS = 20;
const MAX_CHARS = 400;

// Who or what a clause is about.
const SUBJECTS = [
  '我们', '双方', '中亚国家', '该地区', '这些企业', '上海浦东', '研究人员', '地方政府', '许多农民',
  '这座城市', '年轻一代', '两国人民', '合作项目', '新的政策', '市场需求', '各国代表团', '工厂',
  '学校的老师们', '这家公司', '他', '她', '孩子们', '专家小组', '国际社会', '沿线国家',
  '中国与中亚五国', '吉尔吉斯斯坦', '哈萨克斯坦的能源部门', '当地居民', '游客',
];

// What the subject does or is.
const PREDICATES = [
  '保持了基本稳定', '多次爆发骚乱冲突', '发生过“颜色革命”', '一直奉行多元平衡外交',
  '决定建立元首会晤机制', '颁布实行了涉及经济、贸易、建设的法规性文件', '确保了开发的有序进行',
  '遇到了以前不曾遇到过的新情况、新问题', '受到极大欢迎', '对两国之间的商业往来产生积极影响',
  '提高了生产效率', '扩大了对外开放', '加强了基础设施建设', '在2022年1月25日举行了视频峰会',
  '投入了大量资金', '改善了交通条件', '吸引了更多的外国投资', '面临着巨大的挑战', '取得了显著成效',
  '需要更多的时间', '改变了原来的计划', '增加了粮食产量', '推动了区域经济一体化',
  '完善了相关的法律法规', '开通了新的铁路线', '降低了运输成本', '培养了一批专业人才',
  '参加了C5+1机制的会议', '积累了丰富的经验', '提出了新的合作倡议', '下调了贷款利率',
  '修建了三座水电站', '签署了十二项合作文件', '在边境口岸设立了物流中心', '开始学习汉语',
  '把注意力转向了数字经济', '重新评估了风险', '没有按时完成任务', '得到了广泛的支持',
  '越来越重视环境保护', '举办了第一届文化节', '成立了联合研究中心', '出口了大量棉花和天然气',
];

// Clauses that stand on their own.
const CLAUSES = [
  '中国与中亚五国的友好交往源远流长', '地区整体局势保持了基本稳定', '天气越来越冷',
  '“一带一路”建设受到极大欢迎', '签证便利化必定对两国之间的商业往来产生积极影响',
  '大量出现的是以前不曾遇到过的新情况、新问题', '由于历史和语言文化等方面的原因',
  '俄罗斯在中亚的影响力最大', '这个问题并不简单', '会议持续了整整三天', '价格上涨了百分之十五',
  '情况已经发生了很大的变化', '距离上一次会晤已经过去了五年', '雨下了一整夜',
  '新的机场将于明年投入使用', '这一做法值得推广', '时间紧、任务重', '前景可期', '困难很多',
  '合作的空间依然很大', '经济增长速度放缓', '人口不断向大城市集中', '道路两旁种满了杨树',
];

// Candidates at the start of a clause, and adverbs that stand after its subject.
const CLAUSE_CANDIDATES = ['但', '因此', '然而', '而且', '所以', '其中', '此外', '同时', '例如', '于是', '可是', '而'];
const ADVERB_CANDIDATES = ['也', '还', '就', '又', '都', '才'];

// Paired connectives: the words and how a sentence is built around them.
const PAIRS = [
  ['虽然', '但'],
  ['不仅', '而且'],
  ['因为', '所以'],
  ['如果', '就'],
  ['不是', '而是'],
  ['虽然', '但是'],
  ['既', '又'],
];

// Fragments with characters outside the Basic Multilingual Plane.
const ASTRAL = ['𠮷野家的招牌很显眼', '大家都点了赞👍', '消息传来，人们很高兴😀', '𠮷字上面是“土”', '他在留言里画了一个🎉'];

const ENDINGS = ['。', '。', '。', '！', '；'];

/** xorshift32: small, fast and the same everywhere. */
function makeRandom(seed) {
  let x = (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0) || 0x6d2b79f5;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const below = (n) => next() % n;
  return {
    below,
    chance: (p) => next() / 4294967296 < p,
    pick: (items) => items[below(items.length)],
    between: (lo, hi) => lo + below(hi - lo + 1),
  };
}

/** Code points in a string (a surrogate pair is one). */
function chars(s) {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

/** Bytes of a string in UTF-8. */
function utf8Bytes(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Generates tagged text of at most `bytes` bytes (UTF-8), a little less as whole lines go, and
 * always at least one line.
 * @param {{ bytes?: number, seed?: number }} [options]
 * @returns {{ text: string, bytes: number, seed: number,
 *   counts: { lines: number, candidates: number, members: number, pairs: number, problems: number },
 *   firstLine: string }}
 *   `firstLine` is the first line's text without tags (it always holds a pair and a candidate).
 */
export function makeLargeDocument({ bytes = 10 * 1024 * 1024, seed = 1 } = {}) {
  const random = makeRandom(seed);
  const counts = { lines: 0, candidates: 0, members: 0, pairs: 0, problems: 0 };
  let nextId = 1;

  // A piece of a line: its tagged text, the length of its text in characters, and the spans it
  // holds. Pieces are counted when they are added to a line, not when they are made.
  const piece = (tagged, plain, candidates = 0, members = 0, pairs = 0) => ({
    tagged,
    chars: chars(plain),
    candidates,
    members,
    pairs,
  });
  const cand = (word) => `<cand>${word}</cand>`;
  const member = (word, id) => (id ? `<a pair="${id}">${word}</a>` : `<a>${word}</a>`);

  // A clause without tags: a set phrase, or a subject and a predicate.
  const clause = () =>
    random.below(3) === 0 ? random.pick(CLAUSES) : random.pick(SUBJECTS) + random.pick(PREDICATES);

  // Sentences, without the punctuation that ends them.
  const plainSentence = () => {
    const text = random.chance(0.5) ? clause() : `${clause()}，${clause()}`;
    return piece(text, text);
  };

  const candidateSentence = () => {
    let tagged;
    let plain;
    if (random.chance(0.5)) {
      const word = random.pick(CLAUSE_CANDIDATES);
      const rest = clause();
      tagged = cand(word) + rest;
      plain = word + rest;
    } else {
      const subject = random.pick(SUBJECTS);
      const word = random.pick(ADVERB_CANDIDATES);
      const predicate = random.pick(PREDICATES);
      tagged = subject + cand(word) + predicate;
      plain = subject + word + predicate;
    }
    if (random.chance(0.3)) {
      const lead = clause();
      tagged = `${lead}，${tagged}`;
      plain = `${lead}，${plain}`;
    }
    return piece(tagged, plain, 1);
  };

  // A pair that pairs by order (plain <a>).
  const pairSentence = () => {
    const [first, second] = random.pick(PAIRS);
    const a = clause();
    const subject = random.pick(SUBJECTS);
    const predicate = random.pick(PREDICATES);
    // Three shapes: "first A，second S P", "S first P，second A", "first A，S second P".
    const shape = random.below(3);
    let tagged;
    let plain;
    if (shape === 0) {
      tagged = `${member(first)}${a}，${member(second)}${subject}${predicate}`;
      plain = `${first}${a}，${second}${subject}${predicate}`;
    } else if (shape === 1) {
      tagged = `${subject}${member(first)}${predicate}，${member(second)}${a}`;
      plain = `${subject}${first}${predicate}，${second}${a}`;
    } else {
      tagged = `${member(first)}${a}，${subject}${member(second)}${predicate}`;
      plain = `${first}${a}，${subject}${second}${predicate}`;
    }
    return piece(tagged, plain, 0, 2, 1);
  };

  // An outer pair with an ID around an inner pair that pairs by order.
  const nestedSentence = () => {
    const id = `n${nextId++}`;
    const inner = pairSentence();
    const subject = random.pick(SUBJECTS);
    const predicate = random.pick(PREDICATES);
    return {
      tagged: `${subject}${member('不是', id)}${inner.tagged}，${member('而是', id)}${predicate}`,
      chars: inner.chars + chars(`${subject}不是，而是${predicate}`),
      candidates: 0,
      members: 4,
      pairs: 2,
    };
  };

  // Sentence makers by weight, for lines that hold spans.
  const sentence = () => {
    const r = random.below(100);
    if (r < 35) return plainSentence();
    if (r < 75) return candidateSentence();
    if (r < 98) return pairSentence();
    return nestedSentence();
  };

  // How long a line is: mostly short, a long tail up to MAX_CHARS.
  const targetChars = () => {
    const r = random.below(100);
    if (r < 60) return random.between(MIN_CHARS, 30);
    if (r < 85) return random.between(31, 70);
    if (r < 97) return random.between(71, 180);
    return random.between(181, MAX_CHARS - 20);
  };

  // The second member of a pair across lines, waiting for the next line: { id, word }.
  let carried = null;

  // One line, without its line feed, and what it holds.
  const makeLine = (index, roomForMore) => {
    const parts = [];
    const held = { candidates: 0, members: 0, pairs: 0 };
    let length = 0;
    const add = (p, ending) => {
      parts.push(p.tagged, ending);
      length += p.chars + 1;
      held.candidates += p.candidates;
      held.members += p.members;
      held.pairs += p.pairs;
    };
    if (carried) {
      // The partner of the member that ended the line before (that pair is counted there).
      const rest = random.pick(SUBJECTS) + random.pick(PREDICATES);
      add(piece(member(carried.word, carried.id) + rest, carried.word + rest, 0, 1, 0), '。');
      carried = null;
    }
    if (index === 0) {
      // The first screen always shows a pair and a candidate.
      add(pairSentence(), '，');
      add(candidateSentence(), '。');
    }
    const plainLine = index > 0 && random.chance(0.15);
    const astral = random.chance(0.006);
    const target = targetChars();
    while (length < target) {
      // Up to three tries for a sentence that keeps the line near its target. Sentences are at
      // most about 150 characters, so a line below the minimum never overshoots the maximum.
      let next;
      for (let tries = 0; tries < 3; tries++) {
        next = plainLine ? plainSentence() : sentence();
        if (length + next.chars + 1 <= target + 8) break;
      }
      if (length >= MIN_CHARS && length + next.chars + 1 > target + 8) break;
      if (length + next.chars + 1 > MAX_CHARS - 20) break;
      add(next, random.pick(ENDINGS));
    }
    if (astral) {
      const text = random.pick(ASTRAL);
      add(piece(text, text), '。');
    }
    // A pair across lines, rarely, and only when the next line is sure to be written.
    if (!plainLine && roomForMore && length < MAX_CHARS - 60 && random.chance(0.01)) {
      const [first, second] = random.pick(PAIRS);
      const id = `x${nextId++}`;
      const a = clause();
      add(piece(member(first, id) + a, first + a, 0, 1, 1), '，');
      carried = { id, word: second };
    }
    return { line: parts.join(''), held };
  };

  const lines = [];
  let total = 0;
  for (let index = 0; ; index++) {
    // A pair across lines is only started while its second line is sure to fit.
    const { line, held } = makeLine(index, bytes - total > 64 * 1024);
    const size = utf8Bytes(line) + 1;
    if (total + size > bytes && index > 0) break;
    lines.push(line);
    total += size;
    counts.candidates += held.candidates;
    counts.members += held.members;
    counts.pairs += held.pairs;
  }
  counts.lines = lines.length;
  lines.push('');
  const text = lines.join('\n');
  const firstLine = lines[0].replace(/<\/?(?:cand|a)(?: pair="[^"]*")?>/g, '');
  return { text, bytes: total, seed, counts, firstLine };
}

/** Opens a generated 10 MB document in `page` through the file picker (from a temporary file,
 * removed once the page has counted every line); resolves to the generated document. */
export async function openLargeDocument(page, { seed, name = 'large.txt' }) {
  const large = makeLargeDocument({ bytes: 10 * 1024 * 1024, seed });
  const dir = await mkdtemp(join(tmpdir(), 'connectives-large-'));
  const file = join(dir, name);
  await writeFile(file, large.text);
  await page.getByTestId('open-file').setInputFiles(file);
  await page.getByTestId('count-lines').filter({ hasText: String(large.counts.lines) }).waitFor({ timeout: 60_000 });
  await rm(dir, { recursive: true });
  return large;
}
