//! Agreement between two 10 MB versions of a generated document: `compare` of the two parsed
//! versions, beside the parse of the same two files in the same run, for the ratio; and the
//! corpus comparison (1,000 documents a side, parsing included) that `connectives agree` runs.
//! Run with `cargo bench -p connectives-core --bench agreement`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use connectives_core::agreement::{compare, compare_corpora};
use connectives_core::corpus::Entry;
use connectives_core::parse;

/// About this many bytes of generated text per version.
const GENERATED_SIZE: usize = 10 * 1024 * 1024;

/// How many documents each generated corpus has.
const CORPUS_DOCUMENTS: usize = 1_000;

/// A small deterministic generator (xorshift), so every run measures the same versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PHRASES: &[&str] = &[
    "中国与中亚五国的友好交往源远流长",
    "地区整体局势保持了基本稳定",
    "确保了浦东开发的有序进行",
    "双方决定建立元首会晤机制",
    "“一带一路”建设受到极大欢迎",
    "Central Asia (中亚)",
];
const CANDIDATES: &[&str] = &["因此", "但", "也", "而", "还", "以来", "然而"];
const PAIRS: &[(&str, &str)] = &[("虽然", "但"), ("不仅", "而且"), ("因为", "所以")];

/// The tags of a span of `kind` around `text`; kind 0 is no span.
fn push_span(out: &mut String, kind: usize, text: &str) {
    match kind {
        1 => {
            out.push_str("<cand>");
            out.push_str(text);
            out.push_str("</cand>");
        }
        2 => {
            out.push_str("<a>");
            out.push_str(text);
            out.push_str("</a>");
        }
        _ => out.push_str(text),
    }
}

/// Version A, and version B as another annotator would differ: about one span in five
/// dropped, given the other kind or cut short, and now and then a span A does not have.
fn generated_versions(size: usize) -> (String, String) {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (mut a, mut b) = (String::with_capacity(size), String::with_capacity(size));
    while a.len() < size {
        for _ in 0..1 + rng.below(6) {
            match rng.below(6) {
                0 | 1 => {
                    let word = rng.pick(CANDIDATES);
                    push_span(&mut a, 1, word);
                    match rng.below(10) {
                        0 => push_span(&mut b, 0, word),
                        1 => push_span(&mut b, 2, word),
                        2 if word.chars().count() > 1 => {
                            let cut = word.char_indices().nth(1).map_or(word.len(), |(i, _)| i);
                            push_span(&mut b, 1, &word[..cut]);
                            b.push_str(&word[cut..]);
                        }
                        _ => push_span(&mut b, 1, word),
                    }
                }
                2 => {
                    let (first, second) = PAIRS[rng.below(PAIRS.len())];
                    let phrase = rng.pick(PHRASES);
                    let kept = rng.below(8) != 0;
                    for (word, tail) in [(first, phrase), (second, "")] {
                        push_span(&mut a, 2, word);
                        push_span(&mut b, if kept { 2 } else { 0 }, word);
                        a.push_str(tail);
                        b.push_str(tail);
                    }
                }
                3 if rng.below(10) == 0 => {
                    let word = rng.pick(CANDIDATES);
                    push_span(&mut a, 0, word);
                    push_span(&mut b, 1, word);
                }
                _ => {
                    let phrase = rng.pick(PHRASES);
                    a.push_str(phrase);
                    b.push_str(phrase);
                }
            }
            a.push('，');
            b.push('，');
        }
        a.push('\n');
        b.push('\n');
    }
    (a, b)
}

/// Both versions cut into `count` documents at the same line ends, named alike.
fn generated_corpora(a: &str, b: &str, count: usize) -> (Vec<Entry>, Vec<Entry>) {
    let (lines_a, lines_b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let per = lines_a.len().div_ceil(count);
    let cut = |lines: &[&str]| -> Vec<Entry> {
        lines
            .chunks(per)
            .enumerate()
            .map(|(n, chunk)| Entry::new(format!("doc{n:04}.txt"), chunk.join("\n") + "\n"))
            .collect()
    };
    (cut(&lines_a), cut(&lines_b))
}

fn bench_agreement(c: &mut Criterion) {
    let (a, b) = generated_versions(GENERATED_SIZE);
    let (doc_a, doc_b) = (parse(&a), parse(&b));
    // Not a measurement: the versions must be comparable and differ, or the bench says nothing.
    let figures = compare(&doc_a, &doc_b).map(|r| r.figures);
    assert!(
        figures.is_ok_and(|f| f.labelled_f1() < 1.0 && f.labelled_f1() > 0.5),
        "the generated versions should mostly agree"
    );
    let mut group = c.benchmark_group("agreement of two 10 MB versions");
    group.sample_size(10);
    group.throughput(Throughput::Bytes((a.len() + b.len()) as u64));
    group.bench_function("parse both versions", |bench| {
        bench.iter(|| (parse(black_box(&a)), parse(black_box(&b))))
    });
    group.bench_function("compare the parsed versions", |bench| {
        bench.iter(|| compare(black_box(&doc_a), black_box(&doc_b)))
    });
    let (corpus_a, corpus_b) = generated_corpora(&a, &b, CORPUS_DOCUMENTS);
    group.bench_function(
        "compare two 1,000-document corpora, parsing included",
        |bench| bench.iter(|| compare_corpora(black_box(&corpus_a), black_box(&corpus_b))),
    );
    group.finish();
}

criterion_group!(benches, bench_agreement);
criterion_main!(benches);
