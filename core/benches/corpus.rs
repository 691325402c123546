//! Corpus-wide search and statistics over a generated corpus of 1,000 documents, 10 MB in all.
//! Run with `cargo bench -p connectives-core --bench corpus`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use connectives_core::corpus_search::search_corpus;
use connectives_core::stats::corpus_stats;
use connectives_core::{parse, Document};

const DOCUMENTS: usize = 1_000;
/// About this many bytes of tagged text per document (10 MB in all).
const DOCUMENT_SIZE: usize = 10 * 1024 * 1024 / DOCUMENTS;

const PHRASES: &[&str] = &[
    "中国与中亚五国的友好交往源远流长",
    "地区整体局势保持了基本稳定",
    "确保了浦东开发的有序进行",
    "双方决定建立元首会晤机制",
    "签证便利化必定对两国之间的商业往来产生积极影响",
    "Central Asia (中亚)",
    "𠮷野家的新店",
];
const CANDIDATES: &[&str] = &["因此", "但", "也", "而", "还", "然而"];
const PAIRS: &[(&str, &str)] = &[("虽然", "但"), ("不仅", "而且"), ("因为", "所以")];

/// Deterministic documents: every run measures the same corpus.
fn corpus() -> Vec<(String, Document)> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    (0..DOCUMENTS)
        .map(|i| {
            let mut source = String::with_capacity(DOCUMENT_SIZE + 256);
            while source.len() < DOCUMENT_SIZE {
                source.push_str(PHRASES[next(PHRASES.len())]);
                match next(4) {
                    0 => {
                        let c = CANDIDATES[next(CANDIDATES.len())];
                        source.push_str(&format!("<cand>{c}</cand>"));
                    }
                    1 => {
                        let (a, b) = PAIRS[next(PAIRS.len())];
                        let middle = PHRASES[next(PHRASES.len())];
                        source.push_str(&format!("<a>{a}</a>{middle}，<a>{b}</a>"));
                    }
                    2 => source.push('\n'),
                    _ => source.push('，'),
                }
            }
            (format!("doc-{i:04}.txt"), parse(&source))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let docs: Vec<(&str, &Document)> = corpus.iter().map(|(n, d)| (n.as_str(), d)).collect();
    let bytes: usize = corpus.iter().map(|(_, d)| d.text.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    // A rare query reads every byte; a frequent one builds the most hits.
    group.bench_function("search rare", |b| {
        b.iter(|| search_corpus(black_box(&docs), "𠮷野家的新店", 100_000))
    });
    group.bench_function("search frequent, 100,000 hits", |b| {
        b.iter(|| search_corpus(black_box(&docs), "的", 100_000))
    });
    group.bench_function("statistics", |b| {
        b.iter(|| corpus_stats(black_box(&corpus).iter().map(|(_, d)| d)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
