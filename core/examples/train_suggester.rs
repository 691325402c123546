//! Trains the suggester's model and measures it by cross-validation.
//!
//! `cargo run --release -p connectives-core --example train_suggester -- [DOCS] [--folds K]
//! [--out FILE] [--no-write]`
//!
//! DOCS (default `../shared/corpus/docs`) is a folder of tagged `.txt` documents. The documents
//! (sorted by name) are dealt into K folds (default 5) by their index; each fold is scored by a
//! model trained on the others with [`Model::train`], the same function that then learns the
//! shipped model from all of them and writes it to FILE (default `core/data/suggester.tsv`).
//! The baseline of issue 18 is scored in the same run: every string tagged in at least 30 % of
//! its occurrences in the training folds, marked wherever it occurs (longest first).

use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;

use connectives_core::lexicon::Lexicon;
use connectives_core::parse;
use connectives_core::suggest::{
    suggest, with_pairs, Model, PairSide, SuggestedSpan, Suggestions, DEFAULT_MIN_CONFIDENCE,
};
use connectives_core::Document;

#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn add<T: std::hash::Hash + Eq>(&mut self, gold: &HashSet<T>, found: &HashSet<T>) {
        let tp = gold.intersection(found).count();
        self.tp += tp;
        self.fp += found.len() - tp;
        self.fn_ += gold.len() - tp;
    }
    fn p(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn r(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {:.3} | {:.3} | {:.3} | {} | {} | {} |",
            self.p(),
            self.r(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

type Ranges = HashSet<Range<usize>>;
type PairRanges = HashSet<(Range<usize>, Range<usize>)>;

fn gold(doc: &Document) -> (Ranges, PairRanges) {
    let spans = doc.spans.iter().map(|s| s.range.clone()).collect();
    let pairs = doc
        .pairs
        .iter()
        .map(|p| {
            (
                doc.spans[p.first].range.clone(),
                doc.spans[p.second].range.clone(),
            )
        })
        .collect();
    (spans, pairs)
}

fn found(s: &Suggestions) -> (Ranges, PairRanges) {
    let spans = s.spans.iter().map(|s| s.range.clone()).collect();
    let side = |side: PairSide| match side {
        PairSide::Suggested(i) => s.spans[i].range.clone(),
        PairSide::Span(_) => 0..0,
    };
    let pairs = s
        .pairs
        .iter()
        .map(|p| (side(p.first), side(p.second)))
        .collect();
    (spans, pairs)
}

/// The frequency threshold: every occurrence of a string tagged in ≥ 30 % of its occurrences,
/// longest first, then leftmost, none overlapping.
fn baseline(doc: &Document, model: &Model, lexicon: &Lexicon) -> Suggestions {
    let words: Vec<&str> = model
        .words()
        .iter()
        .filter(|w| w.tagged as f64 >= 0.3 * w.seen as f64)
        .map(|w| w.text.as_str())
        .collect();
    let mut spans = Vec::new();
    for (l, line) in doc.lines.iter().enumerate() {
        let text = doc.line_text(l);
        let mut hits: Vec<Range<usize>> = Vec::new();
        for w in &words {
            for (i, _) in text.match_indices(w) {
                hits.push(i..i + w.len());
            }
        }
        hits.sort_by(|a, b| b.len().cmp(&a.len()).then(a.start.cmp(&b.start)));
        let mut chosen: Vec<Range<usize>> = Vec::new();
        for h in hits {
            if chosen.iter().all(|c| h.end <= c.start || c.end <= h.start) {
                chosen.push(h);
            }
        }
        chosen.sort_by_key(|r| r.start);
        for r in chosen {
            spans.push(SuggestedSpan {
                line: l,
                range: line.range.start + r.start..line.range.start + r.end,
                confidence: 1.0,
            });
        }
    }
    with_pairs(doc, lexicon, &Model::default(), spans)
}

fn main() {
    let mut dir = PathBuf::from("../shared/corpus/docs");
    let mut out = PathBuf::from("core/data/suggester.tsv");
    let mut folds = 5usize;
    let mut write = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--folds" => folds = args.next().and_then(|s| s.parse().ok()).unwrap_or(5).max(2),
            "--out" => out = args.next().map(PathBuf::from).unwrap_or(out),
            "--no-write" => write = false,
            _ => dir = PathBuf::from(arg),
        }
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let docs: Vec<Document> = paths
        .iter()
        .map(|p| parse(&std::fs::read_to_string(p).expect("a UTF-8 document")))
        .collect();
    let lexicon = Lexicon::builtin();
    let thresholds = [0.15f32, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7];

    let mut base = (Score::default(), Score::default());
    let mut ours = vec![(Score::default(), Score::default()); thresholds.len()];
    for fold in 0..folds {
        let train: Vec<Document> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != fold)
            .map(|(_, d)| d.clone())
            .collect();
        let model = Model::train(&train, lexicon);
        for (_, doc) in docs.iter().enumerate().filter(|(i, _)| i % folds == fold) {
            let (gold_spans, gold_pairs) = gold(doc);
            let plain = parse(&doc.text);
            let (s, p) = found(&baseline(&plain, &model, lexicon));
            base.0.add(&gold_spans, &s);
            base.1.add(&gold_pairs, &p);
            let all = suggest(&plain, lexicon, &model);
            for (t, score) in thresholds.iter().zip(ours.iter_mut()) {
                let (s, p) = found(&all.above(*t));
                score.0.add(&gold_spans, &s);
                score.1.add(&gold_pairs, &p);
            }
        }
    }
    println!(
        "{} documents, {folds} folds by document (index mod {folds}).\n",
        docs.len()
    );
    println!("Candidate spans (exact boundaries; gold: every <cand> and <a>):\n");
    println!("| | precision | recall | F1 | TP | FP | FN |\n|---|---|---|---|---|---|---|");
    println!(
        "{}",
        base.0.row("baseline: tagged in ≥ 30 % of occurrences")
    );
    for (t, score) in thresholds.iter().zip(&ours) {
        let mark = if *t == DEFAULT_MIN_CONFIDENCE {
            " (default)"
        } else {
            ""
        };
        println!("{}", score.0.row(&format!("suggester ≥ {t}{mark}")));
    }
    println!("\nPairs (both members exact):\n");
    println!("| | precision | recall | F1 | TP | FP | FN |\n|---|---|---|---|---|---|---|");
    println!(
        "{}",
        base.1.row("baseline + lexicon pairing (no learned pairs)")
    );
    for (t, score) in thresholds.iter().zip(&ours) {
        println!("{}", score.1.row(&format!("suggester ≥ {t}")));
    }
    let default = thresholds
        .iter()
        .position(|t| *t == DEFAULT_MIN_CONFIDENCE)
        .unwrap_or(0);
    println!(
        "\nF1 ratio suggester (≥ {DEFAULT_MIN_CONFIDENCE}) / baseline: candidates {:.2}, pairs {:.2}",
        ours[default].0.f1() / base.0.f1().max(1e-9),
        ours[default].1.f1() / base.1.f1().max(1e-9)
    );

    if write {
        let model = Model::train(&docs, lexicon);
        let header = format!(
            "The connective suggester's model (connectives-core, src/suggest.rs): counts and weights only.\n\
             Learned from {} documents of the CDTB sample (Chinese Discourse Treebank, training split,\n\
             DISRPT format, via nelsonfilipecosta/Paired-Chinese-Discourse-Connectives), see core/data/README.md.\n\
             Made by: cargo run --release -p connectives-core --example train_suggester",
            docs.len()
        );
        std::fs::write(&out, model.to_text(&header))
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
        println!("\nwrote {}", out.display());
    }
}
