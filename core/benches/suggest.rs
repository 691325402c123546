//! The suggester over 10 MB of untagged text (sentences shaped like news, with connectives
//! and words that merely contain their characters). Run with
//! `cargo bench -p connectives-core --bench suggest`; the goal is 10 MB in at most 1 s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use connectives_core::edit::History;
use connectives_core::lexicon::Lexicon;
use connectives_core::parse;
use connectives_core::suggest::{accept, suggest, ByLine, Model};

const SIZE: usize = 10 * 1024 * 1024;

const CLAUSES: &[&str] = &[
    "中国与中亚五国的友好交往源远流长",
    "地区整体局势保持了基本稳定",
    "但是外商投资企业在改善出口商品结构中发挥了显著作用",
    "虽然进口年均增长百分之三十八点六",
    "同时也存在一些问题",
    "因此双方决定建立元首会晤机制",
    "随着改革开放的深入",
    "而且签证便利化必定对两国之间的商业往来产生积极影响",
    "Central Asia (中亚) 𠮷野家",
];
const MARKS: &[&str] = &["，", "。", "；", "：", "、"];

fn text() -> String {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut out = String::with_capacity(SIZE + 256);
    while out.len() < SIZE {
        for _ in 0..1 + next(4) {
            out.push_str(CLAUSES[next(CLAUSES.len())]);
            out.push_str(MARKS[next(MARKS.len())]);
        }
        out.push_str("。\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    let doc = parse(&text());
    let lexicon = Lexicon::builtin();
    let model = Model::builtin();
    let mut group = c.benchmark_group("suggest");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(doc.text.len() as u64));
    group.bench_function("10 MB of untagged text", |b| {
        b.iter(|| suggest(black_box(&doc), lexicon, model))
    });
    // What the page does after accepting one suggestion: suggest again on the one line the
    // edit changed, the rest kept (against suggesting the whole document again above).
    let by_line = ByLine::new(&doc, lexicon, model);
    let found = by_line.suggestions(&doc);
    let mut accepted = doc.clone();
    accept(
        &mut History::new(),
        &mut accepted,
        &found,
        &[found.spans.len() / 2],
    )
    .expect("one accepted");
    group.bench_function("10 MB, again after one accept", |b| {
        b.iter(|| {
            by_line
                .update(&doc, black_box(&accepted), lexicon, model)
                .suggestions(&accepted)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
