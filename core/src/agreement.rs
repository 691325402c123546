//! Agreement between two annotators: version A (the open one) against version B of the same
//! document, or of a corpus matched by document name.
//!
//! Spans are compared by their byte ranges in [`Document::text`], which is only meaningful when
//! both texts are the same once tags are removed; [`compare`] checks that first and says where
//! they differ. The figures are kept as counts ([`Figures`]) so that documents sum into a
//! corpus; the measures are computed from the counts:
//! - `span_f1`: same boundaries, kind ignored; `labelled_f1`: same boundaries and kind;
//! - `overlap_f1`: a one-to-one greedy matching of overlapping spans, in document order;
//! - `pair_f1`: a pair matches when both its members match by boundaries;
//! - `kappa`: Cohen's κ over the characters of the lines (line ends not counted), each labelled
//!   O, candidate or member;
//! - `only_a`, `only_b`: spans with no span of the other side at the same boundaries.
//!
//! An F1 with no span (or pair) on either side is 1.0: two versions that both mark nothing
//! agree. κ is 1.0 when the expected agreement is 1 (both versions label every character the
//! same single way, or there are no characters).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;

use serde_json::{json, Value};

use crate::corpus::Entry;
use crate::{parse, Document, PairId, SpanId, SpanKind};

/// The counts every measure is computed from; they add up over documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub spans_a: usize,
    pub spans_b: usize,
    pub pairs_a: usize,
    pub pairs_b: usize,
    /// Spans of A with a span of B at the same boundaries (kind ignored).
    pub same_boundaries: usize,
    /// Of those, the ones of the same kind.
    pub same_kind: usize,
    /// Spans matched one-to-one by overlap.
    pub overlapping: usize,
    /// Pairs of A with a pair of B whose members match by boundaries.
    pub pairs_matched: usize,
    /// Characters by label in A (row) and B (column): O, candidate, member.
    pub characters: [[u64; 3]; 3],
    /// Labelled agreement of one kind at a time: candidates, then members.
    pub kinds: [KindTally; 2],
}

/// The spans of one kind on each side, and those of B at the same boundaries with that kind
/// too: the per-label F1 of tools such as bratiaa.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindTally {
    pub a: usize,
    pub b: usize,
    pub matched: usize,
}

impl KindTally {
    pub fn f1(&self) -> f64 {
        f1(self.matched, self.a, self.b)
    }
}

/// The index of a kind in [`Figures::kinds`].
pub fn kind_index(kind: SpanKind) -> usize {
    match kind {
        SpanKind::Candidate => 0,
        SpanKind::Member => 1,
    }
}

/// `2·matched / (a + b)`, and 1.0 when neither side has anything.
pub fn f1(matched: usize, a: usize, b: usize) -> f64 {
    if a + b == 0 {
        1.0
    } else {
        2.0 * matched as f64 / (a + b) as f64
    }
}

impl Figures {
    pub fn span_f1(&self) -> f64 {
        f1(self.same_boundaries, self.spans_a, self.spans_b)
    }

    pub fn labelled_f1(&self) -> f64 {
        f1(self.same_kind, self.spans_a, self.spans_b)
    }

    pub fn overlap_f1(&self) -> f64 {
        f1(self.overlapping, self.spans_a, self.spans_b)
    }

    pub fn pair_f1(&self) -> f64 {
        f1(self.pairs_matched, self.pairs_a, self.pairs_b)
    }

    pub fn only_a(&self) -> usize {
        self.spans_a - self.same_boundaries
    }

    pub fn only_b(&self) -> usize {
        self.spans_b - self.same_boundaries
    }

    /// Cohen's κ = (po − pe) / (1 − pe) over the characters, computed from integer counts so
    /// that "pe is 1" is exact.
    pub fn kappa(&self) -> f64 {
        let cells = &self.characters;
        let n: u128 = cells.iter().flatten().map(|&c| c as u128).sum();
        let agreed: u128 = (0..3).map(|k| cells[k][k] as u128).sum();
        let expected: u128 = (0..3)
            .map(|k| {
                let row: u128 = cells[k].iter().map(|&c| c as u128).sum();
                let column: u128 = cells.iter().map(|r| r[k] as u128).sum();
                row * column
            })
            .sum();
        let total = n * n;
        if expected == total {
            return 1.0;
        }
        (agreed as f64 * n as f64 - expected as f64) / (total as f64 - expected as f64)
    }

    fn add(&mut self, other: &Figures) {
        self.spans_a += other.spans_a;
        self.spans_b += other.spans_b;
        self.pairs_a += other.pairs_a;
        self.pairs_b += other.pairs_b;
        self.same_boundaries += other.same_boundaries;
        self.same_kind += other.same_kind;
        self.overlapping += other.overlapping;
        self.pairs_matched += other.pairs_matched;
        for (kind, other_kind) in self.kinds.iter_mut().zip(&other.kinds) {
            kind.a += other_kind.a;
            kind.b += other_kind.b;
            kind.matched += other_kind.matched;
        }
        for (row, other_row) in self.characters.iter_mut().zip(&other.characters) {
            for (cell, other_cell) in row.iter_mut().zip(other_row) {
                *cell += other_cell;
            }
        }
    }
}

/// One connective text: how often each side marks it, and how often at the same boundaries
/// with the same kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectiveRow {
    pub text: String,
    pub a: usize,
    pub b: usize,
    pub matched: usize,
}

impl ConnectiveRow {
    pub fn f1(&self) -> f64 {
        f1(self.matched, self.a, self.b)
    }

    /// Spans of this text the two sides do not agree on.
    pub fn disagreements(&self) -> usize {
        self.a + self.b - 2 * self.matched
    }
}

/// Where two versions disagree; span and pair ids are those of each side's document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disagreement {
    /// A span of A that B neither has at the same boundaries nor overlaps in the matching.
    OnlyA {
        a: SpanId,
    },
    OnlyB {
        b: SpanId,
    },
    /// The same boundaries, another kind.
    Kind {
        a: SpanId,
        b: SpanId,
    },
    /// Spans matched by overlap whose boundaries differ.
    Boundary {
        a: SpanId,
        b: SpanId,
    },
    /// A pair of A (or of B) that the other side does not have between the same members.
    PairA {
        a: PairId,
    },
    PairB {
        b: PairId,
    },
}

impl Disagreement {
    /// The name used in the DOM (`data-disagreement`) and in reports.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Disagreement::OnlyA { .. } => "only-a",
            Disagreement::OnlyB { .. } => "only-b",
            Disagreement::Kind { .. } => "kind",
            Disagreement::Boundary { .. } => "boundary",
            Disagreement::PairA { .. } | Disagreement::PairB { .. } => "pair",
        }
    }
}

/// The tag-free texts are not the same: the first place they differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextMismatch {
    /// 1-based line and column (in characters) in the tag-free text.
    pub line: usize,
    pub column: usize,
    /// Each side's text from a little before the difference to a little after; empty where a
    /// side has no such line.
    pub excerpt_a: String,
    pub excerpt_b: String,
}

impl fmt::Display for TextMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the texts differ at line {}, column {}: A has 「{}」, B has 「{}」",
            self.line, self.column, self.excerpt_a, self.excerpt_b
        )
    }
}

/// Two versions of one document compared.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocumentAgreement {
    pub figures: Figures,
    /// Sorted by how many spans are disagreed on, most first, then by text.
    pub connectives: Vec<ConnectiveRow>,
    /// In document order.
    pub disagreements: Vec<Disagreement>,
}

/// How many characters of context an excerpt shows on each side of a difference.
const EXCERPT_CONTEXT: usize = 10;

fn line_texts(doc: &Document) -> impl Iterator<Item = &str> {
    doc.lines.iter().map(|line| &doc.text[line.range.clone()])
}

/// The first difference between the lines of both texts (line ends ignored), if any.
pub fn text_mismatch(a: &Document, b: &Document) -> Option<TextMismatch> {
    let (mut lines_a, mut lines_b) = (line_texts(a), line_texts(b));
    let mut number = 0;
    loop {
        number += 1;
        let (line_a, line_b) = match (lines_a.next(), lines_b.next()) {
            (None, None) => return None,
            (line_a, line_b) => (line_a, line_b),
        };
        if line_a == line_b {
            continue;
        }
        let (text_a, text_b) = (line_a.unwrap_or(""), line_b.unwrap_or(""));
        let same = text_a
            .chars()
            .zip(text_b.chars())
            .take_while(|(x, y)| x == y)
            .count();
        let excerpt = |text: &str| -> String {
            text.chars()
                .skip(same.saturating_sub(EXCERPT_CONTEXT))
                .take(2 * EXCERPT_CONTEXT)
                .collect()
        };
        return Some(TextMismatch {
            line: number,
            column: same + 1,
            excerpt_a: excerpt(text_a),
            excerpt_b: excerpt(text_b),
        });
    }
}

fn label(kind: SpanKind) -> usize {
    match kind {
        SpanKind::Candidate => 1,
        SpanKind::Member => 2,
    }
}

fn chars_in(doc: &Document, range: Range<usize>) -> u64 {
    doc.text.get(range).map_or(0, |text| text.chars().count()) as u64
}

/// Compares B against A. Refused, with the first difference, when the tag-free texts differ.
pub fn compare(a: &Document, b: &Document) -> Result<DocumentAgreement, TextMismatch> {
    if let Some(mismatch) = text_mismatch(a, b) {
        return Err(mismatch);
    }
    let mut figures = Figures {
        spans_a: a.spans.len(),
        spans_b: b.spans.len(),
        pairs_a: a.pairs.len(),
        pairs_b: b.pairs.len(),
        ..Figures::default()
    };
    for span in &a.spans {
        figures.kinds[kind_index(span.kind)].a += 1;
    }
    for span in &b.spans {
        figures.kinds[kind_index(span.kind)].b += 1;
    }
    let mut found = Vec::new();

    // Same boundaries: both sides are sorted and do not overlap, so one merge finds them.
    let mut b_at_same: Vec<Option<SpanId>> = vec![None; a.spans.len()];
    let mut b_has_same = vec![false; b.spans.len()];
    let mut j = 0;
    for (i, span) in a.spans.iter().enumerate() {
        while j < b.spans.len() && b.spans[j].range.start < span.range.start {
            j += 1;
        }
        if j < b.spans.len() && b.spans[j].range == span.range {
            b_at_same[i] = Some(j);
            b_has_same[j] = true;
            figures.same_boundaries += 1;
            if b.spans[j].kind == span.kind {
                figures.same_kind += 1;
                figures.kinds[kind_index(span.kind)].matched += 1;
            } else {
                found.push((span.range.start, Disagreement::Kind { a: i, b: j }));
            }
        }
    }

    // Overlap: each span of A takes the first unmatched span of B on its line that overlaps
    // it. B's spans that overlap one span of A are consecutive, and the ones earlier spans
    // took come first, so one pointer walks B once.
    let mut b_matched = vec![false; b.spans.len()];
    for (line_a, line_b) in a.lines.iter().zip(&b.lines) {
        let mut j = line_b.spans.start;
        for i in line_a.spans.clone() {
            let span = &a.spans[i];
            while j < line_b.spans.end && (b.spans[j].range.end <= span.range.start || b_matched[j])
            {
                j += 1;
            }
            if j < line_b.spans.end && b.spans[j].range.start < span.range.end {
                b_matched[j] = true;
                figures.overlapping += 1;
                if b.spans[j].range != span.range {
                    found.push((span.range.start, Disagreement::Boundary { a: i, b: j }));
                }
                j += 1;
            } else if b_at_same[i].is_none() {
                found.push((span.range.start, Disagreement::OnlyA { a: i }));
            }
        }
    }
    for (j, span) in b.spans.iter().enumerate() {
        if !b_matched[j] && !b_has_same[j] {
            found.push((span.range.start, Disagreement::OnlyB { b: j }));
        }
    }

    // Pairs: both members of A's pair at the boundaries of members of one pair of B.
    let mut b_pair_matched = vec![false; b.pairs.len()];
    for (p, pair) in a.pairs.iter().enumerate() {
        let partner = |member: SpanId| b_at_same.get(member).copied().flatten();
        let pair_b = match (partner(pair.first), partner(pair.second)) {
            (Some(x), Some(y)) => match (b.spans[x].pair, b.spans[y].pair) {
                (Some(px), Some(py)) if px == py => Some(px),
                _ => None,
            },
            _ => None,
        };
        match pair_b {
            Some(q) => {
                b_pair_matched[q] = true;
                figures.pairs_matched += 1;
            }
            None => found.push((first_offset(a, pair.first), Disagreement::PairA { a: p })),
        }
    }
    for (q, pair) in b.pairs.iter().enumerate() {
        if !b_pair_matched[q] {
            found.push((first_offset(b, pair.first), Disagreement::PairB { b: q }));
        }
    }

    figures.characters = characters(a, b);
    found.sort_by_key(|(offset, _)| *offset);
    Ok(DocumentAgreement {
        figures,
        connectives: connectives(a, b, &b_at_same),
        disagreements: found.into_iter().map(|(_, d)| d).collect(),
    })
}

fn first_offset(doc: &Document, span: SpanId) -> usize {
    doc.spans.get(span).map_or(0, |s| s.range.start)
}

/// The confusion of labels per character. Only characters under spans are walked; the cells
/// with O follow from each side's totals.
fn characters(a: &Document, b: &Document) -> [[u64; 3]; 3] {
    let mut cells = [[0u64; 3]; 3];
    let mut total_a = [0u64; 3];
    let mut total_b = [0u64; 3];
    for span in &a.spans {
        total_a[label(span.kind)] += chars_in(a, span.range.clone());
    }
    for span in &b.spans {
        total_b[label(span.kind)] += chars_in(b, span.range.clone());
    }
    let mut j = 0;
    for span in &a.spans {
        while j < b.spans.len() && b.spans[j].range.end <= span.range.start {
            j += 1;
        }
        let mut k = j;
        while k < b.spans.len() && b.spans[k].range.start < span.range.end {
            let other = &b.spans[k];
            let common =
                span.range.start.max(other.range.start)..span.range.end.min(other.range.end);
            cells[label(span.kind)][label(other.kind)] += chars_in(a, common);
            k += 1;
        }
    }
    let characters: u64 = line_texts(a).map(|t| t.chars().count() as u64).sum();
    for k in 1..3 {
        cells[k][0] = total_a[k].saturating_sub(cells[k][1] + cells[k][2]);
        cells[0][k] = total_b[k].saturating_sub(cells[1][k] + cells[2][k]);
    }
    let labelled: u64 = cells.iter().flatten().sum();
    cells[0][0] = characters.saturating_sub(labelled);
    cells
}

fn connectives(a: &Document, b: &Document, b_at_same: &[Option<SpanId>]) -> Vec<ConnectiveRow> {
    let mut rows: HashMap<&str, ConnectiveRow> = HashMap::new();
    for (i, span) in a.spans.iter().enumerate() {
        let row = rows.entry(a.span_text(i)).or_default();
        row.a += 1;
        if let Some(j) = b_at_same[i] {
            if b.spans[j].kind == span.kind {
                row.matched += 1;
            }
        }
    }
    for j in 0..b.spans.len() {
        rows.entry(b.span_text(j)).or_default().b += 1;
    }
    let mut rows: Vec<ConnectiveRow> = rows
        .into_iter()
        .map(|(text, row)| ConnectiveRow {
            text: text.to_string(),
            ..row
        })
        .collect();
    sort_connectives(&mut rows);
    rows
}

fn sort_connectives(rows: &mut [ConnectiveRow]) {
    rows.sort_by(|x, y| {
        y.disagreements()
            .cmp(&x.disagreements())
            .then_with(|| x.text.cmp(&y.text))
    });
}

/// A corpus against another, documents matched by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CorpusAgreement {
    /// The sum over the compared documents.
    pub figures: Figures,
    /// Over the compared documents, sorted as [`DocumentAgreement::connectives`].
    pub connectives: Vec<ConnectiveRow>,
    /// Each document present on both sides with the same text, in A's order.
    pub documents: Vec<(String, DocumentAgreement)>,
    /// Documents on both sides whose texts differ; not counted in the figures.
    pub mismatched: Vec<(String, TextMismatch)>,
    /// Names only one side has; not counted either.
    pub only_in_a: Vec<String>,
    pub only_in_b: Vec<String>,
}

/// Compares corpus B against corpus A, document by document (by [`Entry::name`]). A name
/// given twice on one side counts once, its first document.
pub fn compare_corpora(a: &[Entry], b: &[Entry]) -> CorpusAgreement {
    let parsed = |entries: &[Entry]| -> Vec<(String, Document)> {
        entries
            .iter()
            .map(|e| (e.name.clone(), parse(&e.source)))
            .collect()
    };
    let (a, b) = (parsed(a), parsed(b));
    compare_named(&named(&a), &named(&b))
}

fn named(docs: &[(String, Document)]) -> Vec<(&str, &Document)> {
    docs.iter().map(|(n, d)| (n.as_str(), d)).collect()
}

/// [`compare_corpora`] of documents already read.
pub fn compare_named(a: &[(&str, &Document)], b: &[(&str, &Document)]) -> CorpusAgreement {
    let mut by_name: HashMap<&str, &Document> = HashMap::new();
    for (name, doc) in b {
        by_name.entry(name).or_insert(doc);
    }
    let mut result = CorpusAgreement::default();
    let mut seen: HashSet<&str> = HashSet::new();
    for (name, doc) in a {
        if !seen.insert(name) {
            continue;
        }
        let Some(other) = by_name.get(name) else {
            result.only_in_a.push(name.to_string());
            continue;
        };
        match compare(doc, other) {
            Ok(agreement) => result.documents.push((name.to_string(), agreement)),
            Err(mismatch) => result.mismatched.push((name.to_string(), mismatch)),
        }
    }
    let mut listed: HashSet<&str> = HashSet::new();
    for (name, _) in b {
        if !seen.contains(name) && listed.insert(name) {
            result.only_in_b.push(name.to_string());
        }
    }
    result.total();
    result
}

impl CorpusAgreement {
    /// The figures and connectives summed again over the documents.
    fn total(&mut self) {
        let mut figures = Figures::default();
        let mut rows: BTreeMap<&str, ConnectiveRow> = BTreeMap::new();
        for (_, agreement) in &self.documents {
            figures.add(&agreement.figures);
            for row in &agreement.connectives {
                let sum = rows.entry(&row.text).or_default();
                sum.a += row.a;
                sum.b += row.b;
                sum.matched += row.matched;
            }
        }
        let mut connectives: Vec<ConnectiveRow> = rows
            .into_iter()
            .map(|(text, row)| ConnectiveRow {
                text: text.to_string(),
                ..row
            })
            .collect();
        sort_connectives(&mut connectives);
        self.figures = figures;
        self.connectives = connectives;
    }

    /// Puts a document's new comparison in place (A was edited, a disagreement resolved) and
    /// sums again; a document not compared before is added.
    pub fn refresh(&mut self, name: &str, agreement: DocumentAgreement) {
        match self.documents.iter_mut().find(|(n, _)| n == name) {
            Some((_, slot)) => *slot = agreement,
            None => self.documents.push((name.to_string(), agreement)),
        }
        self.total();
    }

    /// The report of one pair of documents, named as the command line names two files (by A).
    pub fn of_document(name: &str, agreement: DocumentAgreement) -> CorpusAgreement {
        let mut report = CorpusAgreement::default();
        report.refresh(name, agreement);
        report
    }
}

/// A figure as reports give it: rounded to 3 decimals.
pub fn rounded(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn figures_json(figures: &Figures) -> serde_json::Map<String, Value> {
    let value = json!({
        "span_f1": rounded(figures.span_f1()),
        "labelled_f1": rounded(figures.labelled_f1()),
        "overlap_f1": rounded(figures.overlap_f1()),
        "pair_f1": rounded(figures.pair_f1()),
        "kappa": rounded(figures.kappa()),
        "only_a": figures.only_a(),
        "only_b": figures.only_b(),
        "spans_a": figures.spans_a,
        "spans_b": figures.spans_b,
        "pairs_a": figures.pairs_a,
        "pairs_b": figures.pairs_b,
        "kinds": {
            "candidate": kind_json(&figures.kinds[0]),
            "member": kind_json(&figures.kinds[1]),
        },
    });
    match value {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

fn kind_json(tally: &KindTally) -> Value {
    json!({
        "a": tally.a,
        "b": tally.b,
        "matched": tally.matched,
        "f1": rounded(tally.f1()),
    })
}

fn connectives_json(rows: &[ConnectiveRow]) -> Value {
    rows.iter()
        .map(|row| {
            json!({
                "text": row.text,
                "a": row.a,
                "b": row.b,
                "matched": row.matched,
                "f1": rounded(row.f1()),
            })
        })
        .collect()
}

/// The agreement report as JSON (docs/CLI.md, `agree`): the overall figures, `documents` and
/// `connectives`, and what was not compared (`only_in_a`, `only_in_b`, `texts_differ`).
pub fn report_json(report: &CorpusAgreement) -> Value {
    let mut top = figures_json(&report.figures);
    let documents: Vec<Value> = report
        .documents
        .iter()
        .map(|(name, agreement)| {
            let mut object = serde_json::Map::new();
            object.insert("name".into(), json!(name));
            object.extend(figures_json(&agreement.figures));
            object.insert(
                "connectives".into(),
                connectives_json(&agreement.connectives),
            );
            Value::Object(object)
        })
        .collect();
    top.insert("documents".into(), Value::Array(documents));
    top.insert("connectives".into(), connectives_json(&report.connectives));
    top.insert("only_in_a".into(), json!(report.only_in_a));
    top.insert("only_in_b".into(), json!(report.only_in_b));
    let differ: Vec<Value> = report
        .mismatched
        .iter()
        .map(|(name, m)| {
            json!({
                "name": name,
                "line": m.line,
                "column": m.column,
                "a": m.excerpt_a,
                "b": m.excerpt_b,
            })
        })
        .collect();
    top.insert("texts_differ".into(), Value::Array(differ));
    Value::Object(top)
}

/// The header of [`report_csv`].
pub const CSV_HEADER: &str = "name,span_f1,labelled_f1,overlap_f1,pair_f1,kappa,only_a,only_b,spans_a,spans_b,pairs_a,pairs_b";

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv_row(name: &str, figures: &Figures) -> String {
    format!(
        "{},{:.3},{:.3},{:.3},{:.3},{:.3},{},{},{},{},{},{}\n",
        csv_field(name),
        rounded(figures.span_f1()),
        rounded(figures.labelled_f1()),
        rounded(figures.overlap_f1()),
        rounded(figures.pair_f1()),
        rounded(figures.kappa()),
        figures.only_a(),
        figures.only_b(),
        figures.spans_a,
        figures.spans_b,
        figures.pairs_a,
        figures.pairs_b,
    )
}

/// The agreement report as CSV: a row per compared document, then `*total*` for the whole.
pub fn report_csv(report: &CorpusAgreement) -> String {
    let mut out = format!("{CSV_HEADER}\n");
    for (name, agreement) in &report.documents {
        out.push_str(&csv_row(name, &agreement.figures));
    }
    out.push_str(&csv_row("*total*", &report.figures));
    out
}
