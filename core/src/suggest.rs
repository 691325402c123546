//! Suggestions for unmarked text: the spans of a document that are likely connectives, each
//! with a confidence, and the likely pairs among them and what is already marked.
//!
//! The [`Model`] is a logistic regression over each occurrence of a string that training saw
//! tagged: the string itself, how often it was tagged, what comes before it (line start, a
//! clause mark ，。；：！？、, other punctuation, a letter), what follows (但是，), the characters
//! around it (a letter on both sides: inside a longer word), which clause of the line it is in
//! (the first, the second, …, the last), whether a longer or shorter known string overlaps it,
//! and the pair lexicon (a first word
//! with its second later on the line, a second with its first before). [`Model::builtin`] is
//! learned from the CDTB sample (`core/data/README.md`); [`Model::train`] makes one from any
//! tagged documents, the same code for the shipped model and the cross-validation
//! (`cargo run --release -p connectives-core --example train_suggester`).
//!
//! Use: [`suggest`] gives every suggestion above a low floor, in document order
//! ([`Suggestions::ranked`]: most confident first); [`Suggestions::above`] keeps those at or
//! above a threshold ([`DEFAULT_MIN_CONFIDENCE`]); [`accept`] marks and links the chosen ones as
//! one undoable step; [`write_with_suggestions`] gives the tagged text with them added, the
//! existing markup byte for byte (the command line's `suggest`).
//!
//! Offsets are byte offsets into [`Document::text`], as everywhere in the core.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::rc::Rc;

use crate::lexicon::Lexicon;
use crate::model::{Document, SpanId, SpanKind};

/// The shipped model's file, compiled in.
pub const BUILTIN_MODEL: &str = include_str!("../data/suggester.tsv");

/// The confidence the command line and the page start from.
pub const DEFAULT_MIN_CONFIDENCE: f32 = 0.5;

/// Occurrences below this confidence are not suggested at all.
const FLOOR: f32 = 0.05;

/// A suggestion's highest confidence: the model is never certain, so `--min-confidence 1`
/// keeps none.
const MAX_CONFIDENCE: f32 = 0.999;

/// The longest string (in characters) the model looks for.
const MAX_CHARS: usize = 8;

/// A span of unmarked text that is likely a connective.
#[derive(Clone, Debug, PartialEq)]
pub struct SuggestedSpan {
    /// Index of the line (0-based).
    pub line: usize,
    /// Byte range in [`Document::text`]; never overlaps an existing span or another suggestion.
    pub range: Range<usize>,
    /// 0..=0.999: the model is never certain.
    pub confidence: f32,
}

/// One side of a suggested pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PairSide {
    /// An existing span of the document (an unpaired member or a candidate).
    Span(SpanId),
    /// A suggestion, by its index in [`Suggestions::spans`].
    Suggested(usize),
}

/// Two sides that the pair lexicon joins (虽然…但), `first` before `second` on one line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SuggestedPair {
    pub first: PairSide,
    pub second: PairSide,
    /// The lower of the two sides' confidences (an existing span counts 1).
    pub confidence: f32,
}

/// What [`suggest`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Suggestions {
    /// In document order.
    pub spans: Vec<SuggestedSpan>,
    /// In order of their first side; each side in one pair at most.
    pub pairs: Vec<SuggestedPair>,
}

impl Suggestions {
    /// Indices into `spans`, highest confidence first (ties in document order).
    pub fn ranked(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.spans.len()).collect();
        order.sort_by(|&a, &b| {
            self.spans[b]
                .confidence
                .total_cmp(&self.spans[a].confidence)
                .then(a.cmp(&b))
        });
        order
    }

    /// The pair a suggestion is a side of, if any.
    pub fn pair_of(&self, suggestion: usize) -> Option<&SuggestedPair> {
        let side = PairSide::Suggested(suggestion);
        self.pairs
            .iter()
            .find(|p| p.first == side || p.second == side)
    }

    /// Only the suggestions (and pairs of them) at or above `min_confidence`; indices in the
    /// pairs are renumbered.
    pub fn above(&self, min_confidence: f32) -> Suggestions {
        let mut kept = self.filtered(|span| span.confidence >= min_confidence);
        kept.pairs.retain(|p| p.confidence >= min_confidence);
        kept
    }

    /// Only the suggestions `keep` keeps, and the pairs whose suggested sides it keeps;
    /// indices in the pairs are renumbered.
    pub fn filtered(&self, keep: impl Fn(&SuggestedSpan) -> bool) -> Suggestions {
        let mut new_index = vec![None; self.spans.len()];
        let mut spans = Vec::new();
        for (i, span) in self.spans.iter().enumerate() {
            if keep(span) {
                new_index[i] = Some(spans.len());
                spans.push(span.clone());
            }
        }
        let map = |side: PairSide| match side {
            PairSide::Span(id) => Some(PairSide::Span(id)),
            PairSide::Suggested(i) => new_index[i].map(PairSide::Suggested),
        };
        let pairs = self
            .pairs
            .iter()
            .filter_map(|p| {
                Some(SuggestedPair {
                    first: map(p.first)?,
                    second: map(p.second)?,
                    confidence: p.confidence,
                })
            })
            .collect();
        Suggestions { spans, pairs }
    }
}

// ---------------------------------------------------------------------------------------------
// Features

/// Feature templates; a feature is a template, a word (or none) and a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Template {
    Bias = 0,
    Word,
    Rate,
    Prev,
    Next,
    WordPrev,
    WordNext,
    PrevNext,
    Length,
    PrevChar,
    NextChar,
    Clause,
    WordClause,
    Partner,
    WordPartner,
    Overlap,
    WordOverlap,
    LastClause,
}

const TEMPLATES: &[(Template, &str)] = &[
    (Template::Bias, "bias"),
    (Template::Word, "word"),
    (Template::Rate, "rate"),
    (Template::Prev, "prev"),
    (Template::Next, "next"),
    (Template::WordPrev, "word-prev"),
    (Template::WordNext, "word-next"),
    (Template::PrevNext, "prev-next"),
    (Template::Length, "length"),
    (Template::PrevChar, "prev-char"),
    (Template::NextChar, "next-char"),
    (Template::Clause, "clause"),
    (Template::WordClause, "word-clause"),
    (Template::Partner, "partner"),
    (Template::WordPartner, "word-partner"),
    (Template::Overlap, "overlap"),
    (Template::WordOverlap, "word-overlap"),
    (Template::LastClause, "last-clause"),
];

/// No word: the word field of a global feature.
const NO_WORD: u32 = u32::MAX;

fn key(template: Template, word: u32, value: u32) -> u64 {
    ((template as u64) << 56) | (((word & 0x00ff_ffff) as u64) << 32) | value as u64
}

/// What stands next to an occurrence.
fn class(c: Option<char>) -> u32 {
    match c {
        None => 0,
        Some(
            '，' | '。' | '；' | '：' | '！' | '？' | '、' | ',' | ';' | ':' | '!' | '?' | '.',
        ) => 1,
        // Fast paths: CJK ideographs (the unified blocks and extension A) and ASCII.
        Some('\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}') => 3,
        Some(c) if c.is_ascii() => {
            if c.is_ascii_alphanumeric() {
                4
            } else if c.is_ascii_whitespace() {
                5
            } else {
                2
            }
        }
        Some(c) if c.is_whitespace() => 5,
        Some(c) if c.is_ascii_alphanumeric() || c.is_numeric() => 4,
        Some(c) if c.is_alphabetic() => 3,
        Some(_) => 2,
    }
}

fn is_clause_mark(c: char) -> bool {
    class(Some(c)) == 1
}

/// A fast hasher for the model's keys (the multiply of FxHash, then a fold of the high bits).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (the table's bucket) depending on the key's low
        // bits only; fold the high bits down.
        let x = self.0 ^ (self.0 >> 33);
        x.wrapping_mul(0xff51_afd7_ed55_8ccd) ^ (x >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type Weights = HashMap<u64, f32, BuildHasherDefault<KeyHasher>>;

/// A string training saw tagged, with its counts there.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub text: String,
    /// Occurrences tagged as a candidate or member.
    pub tagged: u32,
    /// Occurrences in the text, tagged or not (overlapping ones counted).
    pub seen: u32,
}

impl Word {
    /// Its smoothed tagging rate.
    pub fn rate(&self) -> f32 {
        (self.tagged as f32 + 0.1) / (self.seen as f32 + 1.0)
    }
}

/// The suggester's data: the known strings and the feature weights.
#[derive(Clone, Debug, Default)]
pub struct Model {
    words: Vec<Word>,
    index: HashMap<String, u32, BuildHasherDefault<KeyHasher>>,
    weights: Weights,
    /// Pairs training saw, by their members' texts: (times paired, times both tagged on one
    /// line in this order).
    pairs: HashMap<(String, String), (u32, u32)>,
    /// The first character of each known word, with the longest such word (in characters).
    first_chars: HashMap<char, usize, BuildHasherDefault<KeyHasher>>,
}

/// One occurrence of a known word on a line, with what its features need.
struct Occurrence {
    /// Byte range in the line.
    range: Range<usize>,
    word: u32,
    features: Vec<(u64, f32)>,
}

impl Model {
    /// The model compiled into the crate (learned from the CDTB sample).
    pub fn builtin() -> &'static Model {
        static BUILTIN: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Model::parse(BUILTIN_MODEL).unwrap_or_default())
    }

    /// The strings the model knows, with their training counts.
    pub fn words(&self) -> &[Word] {
        &self.words
    }

    fn with_words(words: Vec<Word>) -> Model {
        let index = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.text.clone(), i as u32))
            .collect();
        let mut first_chars: HashMap<char, usize, BuildHasherDefault<KeyHasher>> =
            HashMap::default();
        for w in &words {
            if let Some(c) = w.text.chars().next() {
                let longest = first_chars.entry(c).or_default();
                *longest = (*longest).max(w.text.chars().count());
            }
        }
        Model {
            words,
            index,
            weights: Weights::default(),
            pairs: HashMap::new(),
            first_chars,
        }
    }

    /// Every occurrence of a known word in `line` whose range `allowed` accepts, with features.
    fn occurrences(
        &self,
        line: &str,
        lexicon: &LexiconIndex,
        allowed: impl Fn(Range<usize>) -> bool,
    ) -> Vec<Occurrence> {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut found: Vec<(usize, usize, u32)> = Vec::new(); // char start, char end, word
        for i in 0..chars.len() {
            let Some(&longest) = self.first_chars.get(&chars[i].1) else {
                continue;
            };
            let start = chars[i].0;
            for j in i + 1..=(i + longest.min(MAX_CHARS)).min(chars.len()) {
                let end = chars.get(j).map_or(line.len(), |c| c.0);
                if let Some(&word) = self.index.get(&line[start..end]) {
                    if allowed(start..end) {
                        found.push((i, j, word));
                    }
                }
            }
        }
        // Clause index of each character: how many clause marks stand before it.
        let mut clause = Vec::with_capacity(chars.len());
        let mut n = 0u32;
        for &(_, c) in &chars {
            clause.push(n);
            if is_clause_mark(c) {
                n += 1;
            }
        }
        let mut out = Vec::with_capacity(found.len());
        for (k, &(i, j, word)) in found.iter().enumerate() {
            let start = chars[i].0;
            let end = chars.get(j).map_or(line.len(), |c| c.0);
            let text = &line[start..end];
            let prev = i.checked_sub(1).map(|p| chars[p].1);
            let next = chars.get(j).map(|c| c.1);
            let (pc, nc) = (class(prev), class(next));
            let clause_bucket = clause[i].min(3);
            let partner = lexicon.has_partner(line, start, end, text);
            // 1: inside a longer known word; 2: holds a shorter one.
            let mut overlap = 0u32;
            for (m, &(i2, j2, _)) in found.iter().enumerate() {
                if m != k && i2 < j && i < j2 {
                    if j2 - i2 > j - i {
                        overlap |= 1;
                    } else if j2 - i2 < j - i {
                        overlap |= 2;
                    }
                }
            }
            let w = word;
            let rate = self.words[w as usize].rate();
            let mut features = vec![
                (key(Template::Bias, NO_WORD, 0), 1.0),
                (key(Template::Word, w, 0), 1.0),
                (key(Template::Rate, NO_WORD, 0), rate),
                (key(Template::Prev, NO_WORD, pc), 1.0),
                (key(Template::Next, NO_WORD, nc), 1.0),
                (key(Template::WordPrev, w, pc), 1.0),
                (key(Template::WordNext, w, nc), 1.0),
                (key(Template::PrevNext, NO_WORD, pc * 8 + nc), 1.0),
                (key(Template::Length, NO_WORD, (j - i) as u32), 1.0),
                (key(Template::Clause, NO_WORD, clause_bucket), 1.0),
                (key(Template::WordClause, w, clause_bucket.min(1)), 1.0),
                (key(Template::Overlap, NO_WORD, overlap), 1.0),
                (key(Template::WordOverlap, w, overlap), 1.0),
            ];
            if let Some(p) = prev {
                features.push((key(Template::PrevChar, NO_WORD, p as u32), 1.0));
            }
            if let Some(c) = next {
                features.push((key(Template::NextChar, NO_WORD, c as u32), 1.0));
            }
            // In the line's last clause (a final 。 closes no clause of its own).
            let last = clause[i] == n
                || (clause[i] + 1 == n && chars.last().is_some_and(|c| is_clause_mark(c.1)));
            features.push((key(Template::LastClause, NO_WORD, last as u32), 1.0));
            if partner {
                features.push((key(Template::Partner, NO_WORD, 1), 1.0));
                features.push((key(Template::WordPartner, w, 1), 1.0));
            }
            out.push(Occurrence {
                range: start..end,
                word,
                features,
            });
        }
        out
    }

    fn score(&self, features: &[(u64, f32)]) -> f32 {
        let z: f32 = features
            .iter()
            .map(|(k, x)| self.weights.get(k).copied().unwrap_or(0.0) * x)
            .sum();
        sigmoid(z)
    }

    /// Learns a model from tagged documents: every candidate and member is a connective, every
    /// other occurrence of a string tagged somewhere is not. Deterministic.
    pub fn train(documents: &[Document], lexicon: &Lexicon) -> Model {
        // The words and their counts.
        let mut tagged: HashMap<&str, u32> = HashMap::new();
        for doc in documents {
            for id in 0..doc.spans.len() {
                let text = doc.span_text(id);
                if text.chars().count() <= MAX_CHARS {
                    *tagged.entry(text).or_default() += 1;
                }
            }
        }
        // A long string tagged once is more a quotation of its document than a connective
        // (碰撞后十五分钟内): the model keeps words of up to 3 characters, or tagged twice.
        tagged.retain(|text, n| *n >= 2 || text.chars().count() <= 3);
        // The lexicon's words too, so that they are looked for though training never saw them.
        for e in &lexicon.entries {
            for w in [e.first.as_str(), e.second.as_str()] {
                if w.chars().count() <= MAX_CHARS {
                    tagged.entry(w).or_insert(0);
                }
            }
        }
        // Pairs: how often two tagged texts in this order on a line were paired.
        let mut pairs: HashMap<(String, String), (u32, u32)> = HashMap::new();
        for doc in documents {
            for p in &doc.pairs {
                let key = (
                    doc.span_text(p.first).to_string(),
                    doc.span_text(p.second).to_string(),
                );
                pairs.entry(key).or_default().0 += 1;
            }
        }
        for doc in documents {
            for line in &doc.lines {
                let ids: Vec<SpanId> = line.spans.clone().collect();
                for (i, &a) in ids.iter().enumerate() {
                    for &b in &ids[i + 1..] {
                        let key = (doc.span_text(a).to_string(), doc.span_text(b).to_string());
                        if let Some(counts) = pairs.get_mut(&key) {
                            counts.1 += 1;
                        }
                    }
                }
            }
        }
        let mut words: Vec<Word> = tagged
            .iter()
            .map(|(text, &n)| Word {
                text: text.to_string(),
                tagged: n,
                seen: 0,
            })
            .collect();
        words.sort_by(|a, b| b.tagged.cmp(&a.tagged).then(a.text.cmp(&b.text)));
        let mut model = Model::with_words(words);
        model.pairs = pairs;
        let lexicon = LexiconIndex::new(lexicon);

        // Examples: every occurrence, labelled by an exact gold span.
        let mut examples: Vec<(Vec<(u64, f32)>, bool)> = Vec::new();
        let mut seen = vec![0u32; model.words.len()];
        for doc in documents {
            for (l, line) in doc.lines.iter().enumerate() {
                let text = doc.line_text(l);
                let gold: std::collections::HashSet<Range<usize>> = doc.spans[line.spans.clone()]
                    .iter()
                    .map(|s| s.range.start - line.range.start..s.range.end - line.range.start)
                    .collect();
                for occ in model.occurrences(text, &lexicon, |_| true) {
                    seen[occ.word as usize] += 1;
                    let label = gold.contains(&occ.range);
                    examples.push((occ.features, label));
                }
            }
        }
        for (w, n) in model.words.iter_mut().zip(seen) {
            w.seen = n.max(w.tagged);
        }
        // Rates changed with the counts: recompute that feature.
        let rate_key = key(Template::Rate, NO_WORD, 0);
        for (features, _) in &mut examples {
            let word = features
                .iter()
                .find(|(k, _)| (k >> 56) as u8 == Template::Word as u8)
                .map(|(k, _)| ((k >> 32) & 0x00ff_ffff) as usize);
            if let (Some(w), Some(f)) = (word, features.iter_mut().find(|(k, _)| *k == rate_key)) {
                f.1 = model.words[w].rate();
            }
        }

        // Logistic regression by stochastic gradient descent with L2, in a fixed order.
        // Measured by the cross-validation: 10 to 100 epochs, L2 1e-6 to 1e-4 and first rates
        // 0.05 to 0.5 all lie within 0.02 F1 of these, at threshold 0.2 and at 0.5.
        let epochs = 30;
        let l2 = 1e-5f32;
        let rate0 = 0.2f32;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut weights = Weights::default();
        for epoch in 0..epochs {
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            let rate = rate0 / (1.0 + epoch as f32 * 0.3);
            for &e in &order {
                let (features, label) = &examples[e];
                let z: f32 = features
                    .iter()
                    .map(|(k, x)| weights.get(k).copied().unwrap_or(0.0) * x)
                    .sum();
                let g = sigmoid(z) - if *label { 1.0 } else { 0.0 };
                for &(k, x) in features {
                    let w = weights.entry(k).or_insert(0.0);
                    *w -= rate * (g * x + l2 * *w);
                }
            }
        }
        // Weights are stored with three decimals; those that round to nothing are dropped.
        model.weights = weights
            .into_iter()
            .map(|(k, w)| (k, (w * 1000.0).round() / 1000.0))
            .filter(|&(_, w)| w.abs() >= 0.02)
            .collect();
        model
    }

    /// The model as text, the format [`Model::parse`] reads: `#` comments, then a `words` line,
    /// one `TEXT\tTAGGED\tSEEN` line per word, a `weights` line, one
    /// `TEMPLATE\tWORD_INDEX_OR_-\tVALUE\tWEIGHT` line per weight (sorted, so the same model
    /// gives the same bytes).
    pub fn to_text(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("words\n");
        for w in &self.words {
            out.push_str(&format!("{}\t{}\t{}\n", w.text, w.tagged, w.seen));
        }
        out.push_str("pairs\n");
        let mut pairs: Vec<_> = self.pairs.iter().collect();
        pairs.sort();
        for ((first, second), (paired, together)) in pairs {
            out.push_str(&format!("{first}\t{second}\t{paired}\t{together}\n"));
        }
        out.push_str("weights\n");
        let mut weights: Vec<(u64, f32)> = self.weights.iter().map(|(&k, &w)| (k, w)).collect();
        weights.sort_by_key(|&(k, _)| k);
        for (k, w) in weights {
            let template = (k >> 56) as u8;
            let Some(&(_, name)) = TEMPLATES.iter().find(|(t, _)| *t as u8 == template) else {
                continue;
            };
            let word = ((k >> 32) & 0x00ff_ffff) as u32;
            let word = if word == NO_WORD & 0x00ff_ffff {
                "-".to_string()
            } else {
                word.to_string()
            };
            out.push_str(&format!("{name}\t{word}\t{}\t{w}\n", k as u32));
        }
        out
    }

    /// Reads what [`Model::to_text`] wrote; the error names the first bad line (1-based).
    pub fn parse(text: &str) -> Result<Model, String> {
        let mut words = Vec::new();
        let mut weights = Weights::default();
        let mut pairs = HashMap::new();
        let mut section = 0;
        for (n, line) in text.lines().enumerate() {
            let bad = || format!("line {}: not a model line", n + 1);
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            match line {
                "words" => section = 1,
                "weights" => section = 2,
                "pairs" => section = 3,
                _ if section == 1 => {
                    let cells: Vec<&str> = line.split('\t').collect();
                    let [text, tagged, seen] = cells[..] else {
                        return Err(bad());
                    };
                    words.push(Word {
                        text: text.to_string(),
                        tagged: tagged.parse().map_err(|_| bad())?,
                        seen: seen.parse().map_err(|_| bad())?,
                    });
                }
                _ if section == 2 => {
                    let cells: Vec<&str> = line.split('\t').collect();
                    let [name, word, value, weight] = cells[..] else {
                        return Err(bad());
                    };
                    let template = TEMPLATES
                        .iter()
                        .find(|(_, n)| *n == name)
                        .ok_or_else(bad)?
                        .0;
                    let word = if word == "-" {
                        NO_WORD
                    } else {
                        word.parse().map_err(|_| bad())?
                    };
                    let value: u32 = value.parse().map_err(|_| bad())?;
                    let weight: f32 = weight.parse().map_err(|_| bad())?;
                    weights.insert(key(template, word, value), weight);
                }
                _ if section == 3 => {
                    let cells: Vec<&str> = line.split('\t').collect();
                    let [first, second, paired, together] = cells[..] else {
                        return Err(bad());
                    };
                    let counts = (
                        paired.parse().map_err(|_| bad())?,
                        together.parse().map_err(|_| bad())?,
                    );
                    pairs.insert((first.to_string(), second.to_string()), counts);
                }
                _ => return Err(bad()),
            }
        }
        let mut model = Model::with_words(words);
        model.weights = weights;
        model.pairs = pairs;
        Ok(model)
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
}

/// The lexicon's pairs, both ways, for quick look-ups.
struct LexiconIndex<'l> {
    seconds: HashMap<&'l str, Vec<&'l str>, BuildHasherDefault<KeyHasher>>,
    firsts: HashMap<&'l str, Vec<&'l str>, BuildHasherDefault<KeyHasher>>,
}

impl<'l> LexiconIndex<'l> {
    fn new(lexicon: &'l Lexicon) -> Self {
        let mut seconds: HashMap<&str, Vec<&str>, BuildHasherDefault<KeyHasher>> =
            HashMap::default();
        let mut firsts: HashMap<&str, Vec<&str>, BuildHasherDefault<KeyHasher>> =
            HashMap::default();
        for e in &lexicon.entries {
            seconds.entry(&e.first).or_default().push(&e.second);
            firsts.entry(&e.second).or_default().push(&e.first);
        }
        LexiconIndex { seconds, firsts }
    }

    /// Whether `text` at `start..end` of `line` is a first word with one of its seconds later
    /// on the line, or a second with one of its firsts before.
    fn has_partner(&self, line: &str, start: usize, end: usize, text: &str) -> bool {
        let after = self
            .seconds
            .get(text)
            .is_some_and(|s| s.iter().any(|s| line[end..].contains(s)));
        after
            || self
                .firsts
                .get(text)
                .is_some_and(|f| f.iter().any(|f| line[..start].contains(f)))
    }

    fn is_pair(&self, first: &str, second: &str) -> bool {
        self.seconds.get(first).is_some_and(|s| s.contains(&second))
    }
}

// ---------------------------------------------------------------------------------------------
// Suggesting

/// The likely connectives of `doc`'s unmarked text and the likely pairs, by `model` and the
/// pair lexicon. Suggestions never overlap an existing span or each other; confidences are
/// 0..=1; the same input gives the same output.
pub fn suggest(doc: &Document, lexicon: &Lexicon, model: &Model) -> Suggestions {
    ByLine::new(doc, lexicon, model).suggestions(doc)
}

/// What [`suggest`] finds, kept line by line: a line's suggestions depend only on its text
/// and its marks, so after an edit only the lines it changed are suggested again
/// ([`ByLine::update`]), which keeps accepting one suggestion in a long document cheap.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ByLine {
    lines: Vec<Rc<LineFound>>,
}

/// One line's suggestions (ranges in the document's text) and pairs, whose sides count from
/// the line's own first span and first suggestion, so they stay true when spans on other
/// lines come or go.
#[derive(Clone, Debug, Default, PartialEq)]
struct LineFound {
    spans: Vec<SuggestedSpan>,
    pairs: Vec<SuggestedPair>,
}

impl ByLine {
    pub fn new(doc: &Document, lexicon: &Lexicon, model: &Model) -> ByLine {
        let index = LexiconIndex::new(lexicon);
        let lines = (0..doc.lines.len())
            .map(|l| Rc::new(suggest_line(doc, l, &index, model)))
            .collect();
        ByLine { lines }
    }

    /// The suggestions for `doc`, given that `self` was made for `before` by the same lexicon
    /// and model: lines whose text and marks are as they were keep what was found on them.
    pub fn update(
        &self,
        before: &Document,
        doc: &Document,
        lexicon: &Lexicon,
        model: &Model,
    ) -> ByLine {
        let same_text = before.text == doc.text
            && before.lines.len() == doc.lines.len()
            && self.lines.len() == doc.lines.len();
        if !same_text {
            return ByLine::new(doc, lexicon, model);
        }
        let index = LexiconIndex::new(lexicon);
        let lines = (0..doc.lines.len())
            .map(|l| {
                if same_marks(before, doc, l) {
                    self.lines[l].clone()
                } else {
                    Rc::new(suggest_line(doc, l, &index, model))
                }
            })
            .collect();
        ByLine { lines }
    }

    /// Every line's suggestions as one [`Suggestions`] on `doc` (the document `self` is for).
    pub fn suggestions(&self, doc: &Document) -> Suggestions {
        let mut result = Suggestions::default();
        for (line, found) in doc.lines.iter().zip(&self.lines) {
            let first_span = line.spans.start;
            let first_suggestion = result.spans.len();
            let side = |side: PairSide| match side {
                PairSide::Span(k) => PairSide::Span(first_span + k),
                PairSide::Suggested(k) => PairSide::Suggested(first_suggestion + k),
            };
            result.spans.extend(found.spans.iter().cloned());
            result
                .pairs
                .extend(found.pairs.iter().map(|p| SuggestedPair {
                    first: side(p.first),
                    second: side(p.second),
                    confidence: p.confidence,
                }));
        }
        result
    }
}

/// Line `l` has the same marks in both documents, as far as suggesting sees them: where
/// the spans are, their kind, and whether a member is paired.
fn same_marks(before: &Document, doc: &Document, l: usize) -> bool {
    let marks = |d: &Document| {
        d.spans
            .get(d.lines[l].spans.clone())
            .unwrap_or(&[])
            .iter()
            .map(|s| (s.range.clone(), s.kind, s.pair.is_some()))
            .collect::<Vec<_>>()
    };
    before.lines[l].range == doc.lines[l].range && marks(before) == marks(doc)
}

/// Line `l`'s suggestions and pairs, the pairs' sides counted from the line's first span and
/// first suggestion.
fn suggest_line(doc: &Document, l: usize, index: &LexiconIndex, model: &Model) -> LineFound {
    let line = &doc.lines[l];
    let Some(text) = doc.text.get(line.range.clone()) else {
        return LineFound::default();
    };
    let base = line.range.start;
    let marked: Vec<Range<usize>> = doc
        .spans
        .get(line.spans.clone())
        .unwrap_or(&[])
        .iter()
        .map(|s| s.range.start.saturating_sub(base)..s.range.end.saturating_sub(base))
        .collect();
    let free = |r: Range<usize>| marked.iter().all(|m| r.end <= m.start || m.end <= r.start);
    let mut scored: Vec<(Range<usize>, f32)> = model
        .occurrences(text, index, free)
        .into_iter()
        .map(|o| {
            let p = model.score(&o.features);
            (o.range, p)
        })
        .filter(|(_, p)| *p >= FLOOR)
        .collect();
    // The most confident first; ties: earlier, then longer.
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(a.0.start.cmp(&b.0.start))
            .then(b.0.end.cmp(&a.0.end))
    });
    let mut chosen: Vec<(Range<usize>, f32)> = Vec::new();
    for (range, p) in scored {
        if chosen
            .iter()
            .all(|(c, _)| range.end <= c.start || c.end <= range.start)
        {
            chosen.push((range, p));
        }
    }
    chosen.sort_by_key(|(r, _)| r.start);
    let mut found = Suggestions {
        spans: chosen
            .into_iter()
            .map(|(range, p)| SuggestedSpan {
                line: l,
                range: base + range.start..base + range.end,
                confidence: p.clamp(0.0, MAX_CONFIDENCE),
            })
            .collect(),
        pairs: Vec::new(),
    };
    let n = found.spans.len();
    pair_line(doc, line.spans.clone(), 0..n, index, model, &mut found);
    let local = |side: PairSide| match side {
        PairSide::Span(id) => PairSide::Span(id - line.spans.start),
        suggested => suggested,
    };
    LineFound {
        spans: found.spans,
        pairs: found
            .pairs
            .into_iter()
            .map(|p| SuggestedPair {
                first: local(p.first),
                second: local(p.second),
                confidence: p.confidence,
            })
            .collect(),
    }
}

/// `spans` (suggestions on `doc`'s unmarked text, in document order, from any source: a
/// baseline, another tool) with the pairs [`suggest`] would find among them and `doc`'s
/// unpaired spans.
pub fn with_pairs(
    doc: &Document,
    lexicon: &Lexicon,
    model: &Model,
    mut spans: Vec<SuggestedSpan>,
) -> Suggestions {
    spans.sort_by_key(|s| s.range.start);
    let mut result = Suggestions {
        spans,
        pairs: Vec::new(),
    };
    add_pairs(doc, &LexiconIndex::new(lexicon), model, &mut result);
    result
}

fn add_pairs(doc: &Document, index: &LexiconIndex, model: &Model, result: &mut Suggestions) {
    let mut at = 0;
    for (l, line) in doc.lines.iter().enumerate() {
        let start = at;
        while at < result.spans.len() && result.spans[at].line == l {
            at += 1;
        }
        pair_line(doc, line.spans.clone(), start..at, index, model, result);
    }
}

/// Pairs on one line: each side an unpaired existing span or a suggestion of this line; every
/// first word takes the nearest second after it that the lexicon or training's pairs join it
/// with and that no earlier first took.
fn pair_line(
    doc: &Document,
    spans: Range<SpanId>,
    suggested: Range<usize>,
    lexicon: &LexiconIndex,
    model: &Model,
    result: &mut Suggestions,
) {
    let mut items: Vec<(usize, PairSide, &str, f32)> = Vec::new();
    for id in spans {
        let Some(span) = doc.spans.get(id) else {
            continue;
        };
        if span.kind == SpanKind::Member && span.pair.is_some() {
            continue;
        }
        if let Some(text) = doc.text.get(span.range.clone()) {
            items.push((span.range.start, PairSide::Span(id), text, 1.0));
        }
    }
    for i in suggested {
        let s = &result.spans[i];
        if let Some(text) = doc.text.get(s.range.clone()) {
            items.push((s.range.start, PairSide::Suggested(i), text, s.confidence));
        }
    }
    items.sort_by_key(|i| i.0);
    let mut used = vec![false; items.len()];
    for a in 0..items.len() {
        if used[a] {
            continue;
        }
        // How likely the two are paired: by training's counts where it saw them together,
        // else 1 for a pair of the lexicon.
        let likelihood = |b: usize| {
            let key = (items[a].2.to_string(), items[b].2.to_string());
            match model.pairs.get(&key) {
                Some(&(paired, together)) if paired > 0 => {
                    Some((paired as f32 + 0.5) / (together.max(paired) as f32 + 1.0))
                }
                _ => lexicon.is_pair(items[a].2, items[b].2).then_some(1.0),
            }
        };
        let found = (a + 1..items.len()).find_map(|b| {
            if used[b] {
                return None;
            }
            likelihood(b).map(|l| (b, l))
        });
        let Some((b, likelihood)) = found else {
            continue;
        };
        let (first, second) = (items[a].1, items[b].1);
        if matches!((first, second), (PairSide::Span(_), PairSide::Span(_))) {
            continue;
        }
        used[a] = true;
        used[b] = true;
        result.pairs.push(SuggestedPair {
            first,
            second,
            confidence: (items[a].3.min(items[b].3) * likelihood).clamp(0.0, 1.0),
        });
    }
}

/// The document's tagged text with `suggestions` added: a suggestion in a pair as `<a>` (with
/// a fresh `pair="sN"` when both sides are suggestions; next to an existing member, plain
/// `<a>` when order pairing then reads the pair, else `<cand>`), any other as `<cand>`.
/// Existing markup is kept byte for byte (as [`crate::write::write`] gives it); only tags around
/// unmarked text are added. Lines whose text holds a `<` (markup kept as plain text) get no
/// tags, since tags added there could make that text markup.
pub fn write_with_suggestions(doc: &Document, suggestions: &Suggestions) -> String {
    let taken: std::collections::HashSet<&str> = doc
        .spans
        .iter()
        .filter_map(|s| s.pair_key.as_deref())
        .collect();
    let mut next_key = 0usize;
    let mut fresh = || loop {
        next_key += 1;
        let key = format!("s{next_key}");
        if !taken.contains(key.as_str()) {
            break key;
        }
    };
    // Opening tag per suggestion.
    let mut tags: Vec<(String, &'static str)> = suggestions
        .spans
        .iter()
        .map(|_| ("<cand>".to_string(), "</cand>"))
        .collect();
    let mut plain_with_existing: Vec<(usize, SpanId)> = Vec::new();
    for pair in &suggestions.pairs {
        match (pair.first, pair.second) {
            (PairSide::Suggested(a), PairSide::Suggested(b))
                if a < tags.len() && b < tags.len() =>
            {
                let key = fresh();
                tags[a] = (format!("<a pair=\"{key}\">"), "</a>");
                tags[b] = (format!("<a pair=\"{key}\">"), "</a>");
            }
            (PairSide::Span(id), PairSide::Suggested(s))
            | (PairSide::Suggested(s), PairSide::Span(id))
                if s < tags.len()
                    && doc.spans.get(id).is_some_and(|sp| {
                        sp.kind == SpanKind::Member && sp.pair.is_none() && sp.pair_key.is_none()
                    }) =>
            {
                tags[s] = ("<a>".to_string(), "</a>");
                plain_with_existing.push((s, id));
            }
            _ => {}
        }
    }
    // On a line whose text holds a `<` (markup kept as text: an unclosed or lookalike tag),
    // added tags could turn that text into markup: nothing is added there.
    for (s, tag) in suggestions.spans.iter().zip(tags.iter_mut()) {
        let line_text = doc
            .lines
            .get(s.line)
            .and_then(|l| doc.text.get(l.range.clone()));
        let whole_chars =
            doc.text.is_char_boundary(s.range.start) && doc.text.is_char_boundary(s.range.end);
        if !whole_chars || s.range.start >= s.range.end || line_text.is_none_or(|t| t.contains('<'))
        {
            tag.0.clear();
        }
    }
    let out = insert_tags(doc, suggestions, &tags);
    if plain_with_existing.is_empty() {
        return out;
    }
    // Keep the plain members only where order pairing reads them with their partner and
    // leaves the existing pairs as they were.
    let check = crate::parse(&out);
    let added = tags.iter().filter(|t| !t.0.is_empty()).count();
    let existing_ok = check.text == doc.text && check.spans.len() == doc.spans.len() + added;
    if existing_ok {
        let new_id = |s: usize| {
            let range = &suggestions.spans[s].range;
            check.spans.iter().position(|sp| sp.range == *range)
        };
        let old_id = |id: SpanId| {
            let range = &doc.spans[id].range;
            check.spans.iter().position(|sp| sp.range == *range)
        };
        let pairs_kept = doc
            .pairs
            .iter()
            .all(|p| match (old_id(p.first), old_id(p.second)) {
                (Some(a), Some(b)) => check.partner(a) == Some(b),
                _ => false,
            });
        let mut all_read = pairs_kept;
        for &(s, id) in &plain_with_existing {
            match (new_id(s), old_id(id)) {
                (Some(a), Some(b)) if check.partner(a) == Some(b) => {}
                _ => {
                    all_read = false;
                }
            }
        }
        if all_read {
            return out;
        }
    }
    for (s, _) in plain_with_existing {
        if !tags[s].0.is_empty() {
            tags[s] = ("<cand>".to_string(), "</cand>");
        }
    }
    insert_tags(doc, suggestions, &tags)
}

/// `write(doc)` with each suggestion's tags inserted around its text.
fn insert_tags(doc: &Document, suggestions: &Suggestions, tags: &[(String, &str)]) -> String {
    let written = crate::write(doc);
    // Where each text offset lands in `written`: walk it as write() built it.
    let mut out = String::with_capacity(written.len() + suggestions.spans.len() * 16);
    let mut at = 0usize; // in `written`
    if doc.bom {
        at = '\u{FEFF}'.len_utf8();
        out.push('\u{FEFF}');
    }
    let mut next = 0usize; // next suggestion
    let mut copy_text = |out: &mut String, at: &mut usize, from: usize, to: usize| {
        // Text from..to of doc.text, which sits verbatim at `*at` in `written`.
        let mut pos = from;
        while next < suggestions.spans.len() && suggestions.spans[next].range.start < to {
            let s = &suggestions.spans[next];
            if s.range.start < pos || s.range.end > to {
                next += 1;
                continue;
            }
            let (open, close) = (&tags[next].0, tags[next].1);
            if open.is_empty() {
                next += 1;
                continue;
            }
            let len = s.range.start - pos;
            out.push_str(&written[*at..*at + len]);
            *at += len;
            out.push_str(open);
            let len = s.range.end - s.range.start;
            out.push_str(&written[*at..*at + len]);
            *at += len;
            out.push_str(close);
            pos = s.range.end;
            next += 1;
        }
        let len = to - pos;
        out.push_str(&written[*at..*at + len]);
        *at += len;
    };
    for line in &doc.lines {
        let mut pos = line.range.start;
        for id in line.spans.clone() {
            let span = &doc.spans[id];
            copy_text(&mut out, &mut at, pos, span.range.start);
            // The existing span as written: its opening tag up to `>`, its text, its closing tag.
            let open_end = written[at..]
                .find('>')
                .map_or(written.len(), |i| at + i + 1);
            let close = crate::parse::closing_tag(span.kind).len();
            let end = (open_end + span.range.len() + close).min(written.len());
            out.push_str(&written[at..end]);
            at = end;
            pos = span.range.end;
        }
        copy_text(&mut out, &mut at, pos, line.range.end);
        let ending = line.ending.as_str();
        out.push_str(&written[at..(at + ending.len()).min(written.len())]);
        at = (at + ending.len()).min(written.len());
    }
    out.push_str(&written[at.min(written.len())..]);
    out
}

/// Accepts the suggestions `chosen` (indices into `suggestions.spans`) as one undoable step of
/// `history`: each is marked (a member when its pair is accepted too, else a candidate), and
/// each pair whose sides are all accepted or existing is linked (an existing candidate side
/// becomes a member). `suggestions` must have been made for `doc` as it stands. Gives the
/// edits applied, for the journal; refused as a whole (the document unchanged) if one is.
pub fn accept(
    history: &mut crate::edit::History,
    doc: &mut Document,
    suggestions: &Suggestions,
    chosen: &[usize],
) -> Result<Vec<crate::edit::Edit>, crate::edit::EditError> {
    use crate::edit::Edit;
    let mut is_chosen = vec![false; suggestions.spans.len()];
    for &i in chosen {
        if let Some(c) = is_chosen.get_mut(i) {
            *c = true;
        }
    }
    let side_ok = |side: PairSide| match side {
        PairSide::Suggested(i) => is_chosen.get(i).copied().unwrap_or(false),
        PairSide::Span(id) => id < doc.spans.len(),
    };
    let pairs: Vec<SuggestedPair> = suggestions
        .pairs
        .iter()
        .filter(|p| side_ok(p.first) && side_ok(p.second))
        .copied()
        .collect();
    let in_pair = |i: usize| {
        pairs
            .iter()
            .any(|p| p.first == PairSide::Suggested(i) || p.second == PairSide::Suggested(i))
    };
    // Ranges stay put while span ids move: every step finds its spans by range.
    let mut steps: Vec<Step> = Vec::new();
    for (i, s) in suggestions.spans.iter().enumerate() {
        if is_chosen[i] {
            let kind = if in_pair(i) {
                SpanKind::Member
            } else {
                SpanKind::Candidate
            };
            steps.push(Step::Mark(s.range.clone(), kind));
        }
    }
    let range_of = |side: PairSide| match side {
        PairSide::Suggested(i) => suggestions.spans[i].range.clone(),
        PairSide::Span(id) => doc.spans[id].range.clone(),
    };
    for p in &pairs {
        for side in [p.first, p.second] {
            if let PairSide::Span(id) = side {
                if doc.spans[id].kind == SpanKind::Candidate {
                    steps.push(Step::MakeMember(range_of(side)));
                }
            }
        }
        steps.push(Step::Link(range_of(p.first), range_of(p.second)));
    }
    let mut steps = steps.into_iter();
    history.apply_all(doc, |doc| {
        let find = |range: &Range<usize>| doc.spans.iter().position(|s| s.range == *range);
        // A span not found is left to the edit to refuse (id past the end).
        let missing = doc.spans.len();
        Some(match steps.next()? {
            Step::Mark(range, kind) => Edit::Mark { range, kind },
            Step::MakeMember(range) => Edit::SetKind {
                span: find(&range).unwrap_or(missing),
                kind: SpanKind::Member,
            },
            Step::Link(a, b) => Edit::Link {
                a: find(&a).unwrap_or(missing),
                b: find(&b).unwrap_or(missing),
            },
        })
    })
}

enum Step {
    Mark(Range<usize>, SpanKind),
    MakeMember(Range<usize>),
    Link(Range<usize>, Range<usize>),
}
