//! A built-in lexicon of Chinese paired connectives (虽然…但, 不仅…而且, …), for suggesting a
//! member's partner and for telling how many annotated pairs are familiar ones.
//!
//! Sources: the list is the project's own selection, compiled for its issue 6 from the paired
//! connectives described in standard grammars of modern Chinese, such as 吕叔湘《现代汉语八百词》
//! and 刘月华等《实用现代汉语语法》. It is deliberately short: common pairs only, each first
//! word with the second words it usually takes. It is not a complete inventory.
//!
//! Relations: each entry carries its relations in the scheme of [`crate::relation`] (the
//! CoNLL-2016 Chinese senses, from the CDTB), most frequent first; a few pairs differ from
//! their entry and are listed in [`PAIR_RELATIONS`]. The order comes from the counts of
//! connectives by CDTB sense in the CDTB lexicon of acoli-repo/rdf4discourse
//! (`discourse-markers/lemon/cdtb-zh/cdtb.ttl`, Apache License 2.0); only numbers were read
//! from it, summed over the entry's pairs it lists: 虽然/虽/尽管…但/但是/却/可是 Contrast 62;
//! 不仅…而且/也/还/更 Progression 16, Conjunction 11, but 不仅…也 alone Conjunction 7,
//! Progression 3; 如果…就/那么 Conditional 18; 不是…而是 Contrast 4, Alternative 1; 即使…也
//! Conditional 1; 既…又/也 Conjunction 16; 一方面…另一方面 Conjunction 2, Contrast 1 (with 但是);
//! 无论/不管 (and their pairs) Conditional 6, Contrast 2; 只要…就 Conditional 3; 只有…才
//! Conditional 2; 之所以…是因为 Causation 2; 与其…不如 Conditional 1; 因为 and 所以 alone
//! Causation 38 and 15; 除非 alone Conditional 1. The rest is judgement after the grammars:
//! 不但 as 不仅; 不是…就是 (either…or) Alternative; 即使/哪怕…也 also 让步, so Contrast second;
//! 与其…不如 and 宁可…也不 are 取舍, so Alternative (first: one CDTB instance is no frequency);
//! 一边…一边 Conjunction, then Temporal (at the same time); 越…越 Conditional (程度随条件而变,
//! 《现代汉语八百词》), then Progression.

use std::ops::Range;

use crate::model::PairId;
use crate::model::{Document, SpanId};
use crate::relation::{relation_by_id, Relation, RelationName, RELATIONS};

/// First words that take any of the second words: 虽然/虽/尽管 … 但/但是/却/可是.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connective {
    pub firsts: &'static [&'static str],
    pub seconds: &'static [&'static str],
    /// Ids in [`crate::relation::RELATIONS`], most frequent first.
    pub relations: &'static [&'static str],
}

/// The lexicon. A first word appears in one entry only; a second word may appear in several.
pub const LEXICON: &[Connective] = &[
    Connective {
        firsts: &["虽然", "虽", "尽管"],
        seconds: &["但", "但是", "却", "可是"],
        relations: &["contrast"],
    },
    Connective {
        firsts: &["不仅", "不但"],
        seconds: &["而且", "也", "还", "更"],
        relations: &["progression", "conjunction"],
    },
    Connective {
        firsts: &["因为"],
        seconds: &["所以"],
        relations: &["causation"],
    },
    Connective {
        firsts: &["如果", "假如", "要是"],
        seconds: &["就", "那么", "便"],
        relations: &["conditional"],
    },
    Connective {
        firsts: &["不是"],
        seconds: &["而是", "就是"],
        relations: &["contrast", "alternative"],
    },
    Connective {
        firsts: &["即使", "哪怕"],
        seconds: &["也"],
        relations: &["conditional", "contrast"],
    },
    Connective {
        firsts: &["既"],
        seconds: &["又", "也"],
        relations: &["conjunction"],
    },
    Connective {
        firsts: &["一方面"],
        seconds: &["另一方面"],
        relations: &["conjunction", "contrast"],
    },
    Connective {
        firsts: &["无论", "不管"],
        seconds: &["都", "也", "总"],
        relations: &["conditional", "contrast"],
    },
    Connective {
        firsts: &["只要"],
        seconds: &["就"],
        relations: &["conditional"],
    },
    Connective {
        firsts: &["只有"],
        seconds: &["才"],
        relations: &["conditional"],
    },
    Connective {
        firsts: &["之所以"],
        seconds: &["是因为"],
        relations: &["causation"],
    },
    Connective {
        firsts: &["与其"],
        seconds: &["不如"],
        relations: &["alternative", "conditional"],
    },
    Connective {
        firsts: &["宁可"],
        seconds: &["也不"],
        relations: &["alternative"],
    },
    Connective {
        firsts: &["除非"],
        seconds: &["才", "否则"],
        relations: &["conditional"],
    },
    Connective {
        firsts: &["一边"],
        seconds: &["一边"],
        relations: &["conjunction", "temporal"],
    },
    Connective {
        firsts: &["越"],
        seconds: &["越"],
        relations: &["conditional", "progression"],
    },
];

/// The second words that `first` takes (`虽然` → `但`, `但是`, `却`, `可是`); empty if `first`
/// is not a known first word.
pub fn seconds_for(first: &str) -> &'static [&'static str] {
    LEXICON
        .iter()
        .find(|c| c.firsts.contains(&first))
        .map_or(&[], |c| c.seconds)
}

/// The first words that take `second` (`也` → `不仅`, `不但`, `即使`, …), in lexicon order.
pub fn firsts_for(second: &str) -> Vec<&'static str> {
    LEXICON
        .iter()
        .filter(|c| c.seconds.contains(&second))
        .flat_map(|c| c.firsts.iter().copied())
        .collect()
}

/// Whether `first … second` is a pair in the lexicon.
pub fn is_known_pair(first: &str, second: &str) -> bool {
    seconds_for(first).contains(&second)
}

/// The word-sized piece of `text` a long press at byte `at` selects, for a finger to adjust:
/// the longest lexicon word starting there (`虽然`, `另一方面`), else that character and the
/// next when both are letters (most Chinese words are two characters), else the character
/// alone. An offset inside a character counts as that character; `None` at the end of the text
/// or on a line break.
pub fn word_at(text: &str, at: usize) -> Option<Range<usize>> {
    let mut start = at.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let rest = &text[start..];
    let mut chars = rest.chars();
    let first = chars.next().filter(|&c| c != '\n' && c != '\r')?;
    let longest = LEXICON
        .iter()
        .flat_map(|c| c.firsts.iter().chain(c.seconds))
        .filter(|word| rest.starts_with(**word))
        .map(|word| word.len())
        .max();
    if let Some(len) = longest {
        return Some(start..start + len);
    }
    let mut end = start + first.len_utf8();
    if first.is_alphanumeric() {
        if let Some(next) = chars.next().filter(|c| c.is_alphanumeric()) {
            end += next.len_utf8();
        }
    }
    Some(start..end)
}

/// A possible partner for a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suggestion {
    /// An existing span, an unpaired member or a candidate.
    Span(SpanId),
    /// Unmarked text (bytes in [`Document::text`]) that could be marked as the partner.
    Text(Range<usize>),
}

/// [`Lexicon::suggest_partners`] by the built-in lexicon.
pub fn suggest_partners(doc: &Document, member: SpanId) -> Vec<Suggestion> {
    Lexicon::builtin().suggest_partners(doc, member)
}

/// How many pairs are pairs of the built-in lexicon (first member's text, then second's) and
/// how many are not.
pub fn pair_agreement(doc: &Document) -> (usize, usize) {
    Lexicon::builtin().pair_agreement(doc)
}

/// Pairs whose relations differ from their entry's (ids, most frequent first).
pub const PAIR_RELATIONS: &[(&str, &str, &[&str])] = &[
    ("不仅", "也", &["conjunction", "progression"]),
    ("不但", "也", &["conjunction", "progression"]),
    ("不是", "就是", &["alternative"]),
];

/// The relation ids of `first … second` in the built-in lexicon; empty if it is not a pair.
fn relation_ids(first: &str, second: &str) -> &'static [&'static str] {
    if let Some((_, _, ids)) = PAIR_RELATIONS
        .iter()
        .find(|(f, s, _)| *f == first && *s == second)
    {
        return ids;
    }
    LEXICON
        .iter()
        .find(|c| c.firsts.contains(&first) && c.seconds.contains(&second))
        .map_or(&[], |c| c.relations)
}

/// The relations of `first … second` in the built-in lexicon, most frequent first
/// (`不仅`, `而且` → Progression, Conjunction); empty when the pair is not in the lexicon.
pub fn relations_of(first: &str, second: &str) -> Vec<&'static Relation> {
    relation_ids(first, second)
        .iter()
        .filter_map(|id| relation_by_id(id))
        .collect()
}

/// The relations of pair `pair` of `doc` by the built-in lexicon (its members' texts), most
/// frequent first; empty for a pair the lexicon does not know.
pub fn pair_relations(doc: &Document, pair: PairId) -> Vec<&'static Relation> {
    match doc.pairs.get(pair) {
        Some(p) => relations_of(doc.span_text(p.first), doc.span_text(p.second)),
        None => Vec::new(),
    }
}

/// One pair of a [`Lexicon`] and its relations: ids of [`crate::relation::RELATIONS`] or, for a
/// relation outside the scheme, the name as the file wrote it (a custom relation).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LexiconEntry {
    pub first: String,
    pub second: String,
    pub relations: Vec<String>,
}

/// A lexicon of pairs, the built-in one or one read from a CSV or TSV file.
///
/// Its text form (what [`Lexicon::parse`] reads and [`Lexicon::to_csv`] writes): one pair a row,
/// columns first, second, relation. Decisions:
/// - TSV when the first line that is neither blank nor a `#` comment has a tab, else CSV. TSV
///   cells are split at tabs and never quoted; CSV cells may be quoted (`"a,b"`, `""` for a
///   quote) but a cell cannot span lines.
/// - A first row `first,second,relation` (or `relations`, any case) is a header and skipped.
/// - Blank lines and lines whose first non-blank character is `#` are skipped; a leading BOM is
///   ignored; cells are trimmed.
/// - The relation cell holds any number of relations separated by `|` or `;` (empty items are
///   dropped, repeats kept once); it may be empty, for a pair with no relation, but the column
///   must be there. A relation named as in the scheme in any form [`relation_by_name`] knows
///   (`Contrast`, `转折（让步）`, `让步`) is stored as its id; any other name is kept as written,
///   a custom relation.
/// - A pair given twice is an error (naming both lines), not merged: a file that repeats a pair
///   is more likely a mistake than a wish to add relations.
///
/// `parse(to_csv())` gives the same lexicon back for every lexicon `parse` returns and for the
/// built-in one: for that, cells hold no line break, and relations no `|` or `;`.
///
/// [`relation_by_name`]: crate::relation::relation_by_name
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lexicon {
    pub entries: Vec<LexiconEntry>,
}

/// Why a lexicon file was refused. Lines and columns are 1-based; a column counts cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexiconError {
    /// The first (column 1) or second (column 2) word is empty.
    EmptyWord { line: usize, column: usize },
    /// Fewer than the three columns first, second, relation.
    TooFewColumns { line: usize, found: usize },
    /// More than three columns (in CSV, perhaps a relation list separated by commas).
    TooManyColumns { line: usize, found: usize },
    /// A quoted CSV cell has no closing quote on its line.
    UnclosedQuote { line: usize, column: usize },
    /// Text after a quoted CSV cell's closing quote (`"a"b`).
    TextAfterQuote { line: usize, column: usize },
    /// The pair was already given on line `first_line`.
    DuplicatePair {
        line: usize,
        first_line: usize,
        first: String,
        second: String,
    },
}

impl LexiconError {
    /// The 1-based line of the file the error is on.
    pub fn line(&self) -> usize {
        match self {
            LexiconError::EmptyWord { line, .. }
            | LexiconError::TooFewColumns { line, .. }
            | LexiconError::TooManyColumns { line, .. }
            | LexiconError::UnclosedQuote { line, .. }
            | LexiconError::TextAfterQuote { line, .. }
            | LexiconError::DuplicatePair { line, .. } => *line,
        }
    }

    /// A sentence for the page's English interface.
    pub fn message(&self) -> String {
        match self {
            LexiconError::EmptyWord { line, column } => format!(
                "line {line}, column {column}: the {} word is empty",
                if *column == 1 { "first" } else { "second" }
            ),
            LexiconError::TooFewColumns { line, found } => format!(
                "line {line} has {found} column{}; a row needs three: first, second, relation (the relation may be empty)",
                if *found == 1 { "" } else { "s" }
            ),
            LexiconError::TooManyColumns { line, found } => format!(
                "line {line} has {found} columns; a row needs three: first, second, relation (separate several relations with | or ;)"
            ),
            LexiconError::UnclosedQuote { line, column } => {
                format!("line {line}, column {column}: a quoted cell has no closing quote")
            }
            LexiconError::TextAfterQuote { line, column } => format!(
                "line {line}, column {column}: text follows a quoted cell's closing quote (write a quote inside quotes as \"\")"
            ),
            LexiconError::DuplicatePair {
                line,
                first_line,
                first,
                second,
            } => format!("line {line} repeats the pair {first}…{second} of line {first_line}"),
        }
    }

    /// The same sentence for the page's 中文 interface.
    pub fn message_zh(&self) -> String {
        match self {
            LexiconError::EmptyWord { line, column } => format!(
                "第 {line} 行第 {column} 列：{}为空",
                if *column == 1 { "前项关联词" } else { "后项关联词" }
            ),
            LexiconError::TooFewColumns { line, found } => format!(
                "第 {line} 行只有 {found} 列；每行需要三列：前项、后项、关系（关系可以为空）"
            ),
            LexiconError::TooManyColumns { line, found } => format!(
                "第 {line} 行有 {found} 列；每行需要三列：前项、后项、关系（多个关系请用 | 或 ; 分隔）"
            ),
            LexiconError::UnclosedQuote { line, column } => {
                format!("第 {line} 行第 {column} 列：带引号的单元格缺少右引号")
            }
            LexiconError::TextAfterQuote { line, column } => format!(
                "第 {line} 行第 {column} 列：右引号后还有文字（引号内的引号请写作 \"\"）"
            ),
            LexiconError::DuplicatePair {
                line,
                first_line,
                first,
                second,
            } => format!("第 {line} 行重复了第 {first_line} 行的关联词对 {first}…{second}"),
        }
    }
}

impl std::fmt::Display for LexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for LexiconError {}

/// The cells of one CSV line (`line` is 1-based, for errors).
fn csv_cells(text: &str, line: usize) -> Result<Vec<String>, LexiconError> {
    let mut cells = Vec::new();
    let mut rest = text;
    loop {
        let column = cells.len() + 1;
        let trimmed = rest.trim_start();
        if let Some(quoted) = trimmed.strip_prefix('"') {
            let mut cell = String::new();
            let mut chars = quoted.char_indices();
            let after = loop {
                match chars.next() {
                    None => return Err(LexiconError::UnclosedQuote { line, column }),
                    Some((i, '"')) => {
                        if quoted[i + 1..].starts_with('"') {
                            cell.push('"');
                            chars.next();
                        } else {
                            break &quoted[i + 1..];
                        }
                    }
                    Some((_, c)) => cell.push(c),
                }
            };
            let after = after.trim_start();
            cells.push(cell);
            match after.strip_prefix(',') {
                Some(next) => rest = next,
                None if after.is_empty() => return Ok(cells),
                None => return Err(LexiconError::TextAfterQuote { line, column }),
            }
        } else {
            match rest.split_once(',') {
                Some((cell, next)) => {
                    cells.push(cell.to_string());
                    rest = next;
                }
                None => {
                    cells.push(rest.to_string());
                    return Ok(cells);
                }
            }
        }
    }
}

/// A CSV cell as written by [`Lexicon::to_csv`]: quoted when a plain cell would read back
/// otherwise.
fn csv_cell(cell: &str) -> String {
    let plain = !cell.contains([',', '"'])
        && cell.trim() == cell
        && !cell.starts_with('#')
        && !cell.contains('\t');
    if plain {
        cell.to_string()
    } else {
        format!("\"{}\"", cell.replace('"', "\"\""))
    }
}

impl Lexicon {
    /// The built-in lexicon (built once), one entry per pair (each first word of a [`Connective`] with each
    /// of its second words, in lexicon order), relations as ids.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(Lexicon::build_builtin)
    }

    fn build_builtin() -> Lexicon {
        let entries = LEXICON
            .iter()
            .flat_map(|c| {
                c.firsts.iter().flat_map(move |first| {
                    c.seconds.iter().map(move |second| LexiconEntry {
                        first: first.to_string(),
                        second: second.to_string(),
                        relations: relation_ids(first, second)
                            .iter()
                            .map(|id| id.to_string())
                            .collect(),
                    })
                })
            })
            .collect();
        Lexicon { entries }
    }

    /// Reads a lexicon file, CSV or TSV (see [`Lexicon`] for the rules). The first bad row
    /// refuses the whole file.
    pub fn parse(text: &str) -> Result<Lexicon, LexiconError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let skipped = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
        let tsv = text
            .lines()
            .find(|l| !skipped(l))
            .is_some_and(|l| l.contains('\t'));
        let mut entries: Vec<LexiconEntry> = Vec::new();
        let mut lines_of: Vec<usize> = Vec::new();
        let mut first_row = true;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            if skipped(raw) {
                continue;
            }
            let cells: Vec<String> = if tsv {
                raw.split('\t').map(str::to_string).collect()
            } else {
                csv_cells(raw, line)?
            };
            let cells: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
            let header = first_row
                && cells.len() == 3
                && cells[0].eq_ignore_ascii_case("first")
                && cells[1].eq_ignore_ascii_case("second")
                && (cells[2].eq_ignore_ascii_case("relation")
                    || cells[2].eq_ignore_ascii_case("relations"));
            first_row = false;
            if header {
                continue;
            }
            match cells.len() {
                n if n < 3 => return Err(LexiconError::TooFewColumns { line, found: n }),
                n if n > 3 => return Err(LexiconError::TooManyColumns { line, found: n }),
                _ => {}
            }
            for column in [1, 2] {
                if cells[column - 1].is_empty() {
                    return Err(LexiconError::EmptyWord { line, column });
                }
            }
            let (first, second) = (cells[0], cells[1]);
            if let Some(at) = entries
                .iter()
                .position(|e| e.first == first && e.second == second)
            {
                return Err(LexiconError::DuplicatePair {
                    line,
                    first_line: lines_of[at],
                    first: first.to_string(),
                    second: second.to_string(),
                });
            }
            let mut relations: Vec<String> = Vec::new();
            for name in cells[2].split(['|', ';']).map(str::trim) {
                if name.is_empty() {
                    continue;
                }
                let name = crate::relation::relation_by_name(name).map_or(name, |r| r.id);
                if !relations.iter().any(|r| r == name) {
                    relations.push(name.to_string());
                }
            }
            entries.push(LexiconEntry {
                first: first.to_string(),
                second: second.to_string(),
                relations,
            });
            lines_of.push(line);
        }
        Ok(Lexicon { entries })
    }

    /// The lexicon as CSV, with a header row; relations joined by `|`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("first,second,relation\n");
        for e in &self.entries {
            out.push_str(&csv_cell(&e.first));
            out.push(',');
            out.push_str(&csv_cell(&e.second));
            out.push(',');
            out.push_str(&csv_cell(&e.relations.join("|")));
            out.push('\n');
        }
        out
    }

    fn entry(&self, first: &str, second: &str) -> Option<&LexiconEntry> {
        self.entries
            .iter()
            .find(|e| e.first == first && e.second == second)
    }

    /// The relations of `first … second` (ids or custom names), most frequent first as the
    /// lexicon lists them; empty when the pair is not in it.
    pub fn relations(&self, first: &str, second: &str) -> &[String] {
        self.entry(first, second).map_or(&[], |e| &e.relations)
    }

    /// The second words `first` takes, in lexicon order.
    pub fn seconds_for(&self, first: &str) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| e.first == first)
            .map(|e| e.second.as_str())
            .collect()
    }

    /// The first words that take `second`, in lexicon order.
    pub fn firsts_for(&self, second: &str) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| e.second == second)
            .map(|e| e.first.as_str())
            .collect()
    }

    /// Whether `first … second` is a pair of this lexicon.
    pub fn is_known_pair(&self, first: &str, second: &str) -> bool {
        self.entry(first, second).is_some()
    }

    /// The relations of `first … second`, most frequent first; empty when the pair is not in
    /// the lexicon.
    pub fn relation_names(&self, first: &str, second: &str) -> Vec<RelationName> {
        self.relations(first, second)
            .iter()
            .map(|r| RelationName::of(r))
            .collect()
    }

    /// The relations of pair `pair` of `doc` (its members' texts), most frequent first; empty
    /// for a pair this lexicon does not know or a pair id that does not exist.
    pub fn pair_relations(&self, doc: &Document, pair: PairId) -> Vec<RelationName> {
        match doc.pairs.get(pair) {
            Some(p) => self.relation_names(doc.span_text(p.first), doc.span_text(p.second)),
            None => Vec::new(),
        }
    }

    /// Every relation the lexicon uses, once: the scheme's in the scheme's order, then custom
    /// ones in the order they first appear. What a relation quiz chooses among.
    pub fn relation_set(&self) -> Vec<RelationName> {
        let used = |id: &str| {
            self.entries
                .iter()
                .any(|e| e.relations.iter().any(|r| r == id))
        };
        let mut out: Vec<RelationName> = RELATIONS
            .iter()
            .filter(|r| used(r.id))
            .map(RelationName::Scheme)
            .collect();
        for e in &self.entries {
            for r in &e.relations {
                let name = RelationName::of(r);
                if matches!(name, RelationName::Custom(_)) && !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }

    /// Partners this lexicon suggests for span `member` when it has none: on its line, a known
    /// second word after it and a known first word before it. Existing spans come first, then
    /// unmarked text; each nearest first. Empty for a paired span, an unknown word or a span id
    /// that does not exist. A candidate gets suggestions too, as it would once made a member.
    pub fn suggest_partners(&self, doc: &Document, member: SpanId) -> Vec<Suggestion> {
        suggest_partners_in(self, doc, member)
    }

    /// How many pairs are pairs of this lexicon (first member's text, then second's) and how
    /// many are not.
    pub fn pair_agreement(&self, doc: &Document) -> (usize, usize) {
        let known = doc
            .pairs
            .iter()
            .filter(|p| self.is_known_pair(doc.span_text(p.first), doc.span_text(p.second)))
            .count();
        (known, doc.pairs.len() - known)
    }
}

fn suggest_partners_in(lexicon: &Lexicon, doc: &Document, member: SpanId) -> Vec<Suggestion> {
    let Some(span) = doc.spans.get(member).filter(|s| s.pair.is_none()) else {
        return Vec::new();
    };
    let Some(line) = doc.lines.get(span.line) else {
        return Vec::new();
    };
    let word = doc.text.get(span.range.clone()).unwrap_or_default();
    let seconds = lexicon.seconds_for(word);
    let firsts = lexicon.firsts_for(word);
    if seconds.is_empty() && firsts.is_empty() {
        return Vec::new();
    }
    let on_line = doc.spans.get(line.spans.clone()).unwrap_or_default();
    // How far a partner at `range` is from the member, if it is on the side its word needs.
    let distance = |range: &Range<usize>, text: &str| {
        if range.start >= span.range.end && seconds.contains(&text) {
            Some(range.start - span.range.end)
        } else if range.end <= span.range.start && firsts.contains(&text) {
            Some(span.range.start - range.end)
        } else {
            None
        }
    };

    let mut spans: Vec<(usize, SpanId)> = on_line
        .iter()
        .zip(line.spans.clone())
        .filter(|&(s, id)| id != member && s.pair.is_none())
        .filter_map(|(s, id)| {
            let text = doc.text.get(s.range.clone())?;
            Some((distance(&s.range, text)?, id))
        })
        .collect();
    spans.sort_unstable();

    let unmarked = |range: &Range<usize>| {
        let i = on_line.partition_point(|s| s.range.end <= range.start);
        on_line.get(i).is_none_or(|s| s.range.start >= range.end)
    };
    let mut texts: Vec<Range<usize>> = Vec::new();
    let sides = [
        (span.range.end..line.range.end, seconds.as_slice()),
        (line.range.start..span.range.start, firsts.as_slice()),
    ];
    for (side, words) in sides {
        let Some(side_text) = doc.text.get(side.clone()) else {
            continue;
        };
        for w in words {
            for (at, _) in side_text.match_indices(w) {
                let range = side.start + at..side.start + at + w.len();
                if unmarked(&range) {
                    texts.push(range);
                }
            }
        }
    }
    // Of words found at one place (但 and 但是), the longest.
    texts.sort_unstable_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    texts.dedup_by_key(|r| r.start);
    let mut texts: Vec<(usize, Range<usize>)> = texts
        .into_iter()
        .filter_map(|r| {
            let text = doc.text.get(r.clone())?;
            Some((distance(&r, text)?, r))
        })
        .collect();
    texts.sort_unstable_by_key(|(d, r)| (*d, r.start));

    spans
        .into_iter()
        .map(|(_, id)| Suggestion::Span(id))
        .chain(texts.into_iter().map(|(_, r)| Suggestion::Text(r)))
        .collect()
}
