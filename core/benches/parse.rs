//! Parser throughput: `parse` into the full model against quick-xml's bare event reader over
//! the same bytes; and a corpus of 1,000 documents (the same 10 MB, cut at line ends) written
//! to the corpus zip and read back, beside the parse of the one 10 MB document, for the ratio.
//! Run with `cargo bench -p connectives-core --bench parse`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::hint::black_box;

use connectives_core::corpus::{self, Entry};
use connectives_core::formats::Format;
use connectives_core::parse;

const EXAMPLE: &str = include_str!("../../www/examples/seed-zh.txt");

/// About this many bytes of generated text.
const GENERATED_SIZE: usize = 10 * 1024 * 1024;

/// A small deterministic generator (xorshift), so every run measures the same document.
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
    "上海浦东近年来颁布实行了涉及经济、贸易、建设的法规性文件",
    "确保了浦东开发的有序进行",
    "2022年1月25日",
    "双方决定建立元首会晤机制",
    "大量出现的是以前不曾遇到过的新情况、新问题",
    "C5+1机制",
    "“一带一路”建设受到极大欢迎",
    "签证便利化必定对两国之间的商业往来产生积极影响",
    "Central Asia (中亚)",
];
const CANDIDATES: &[&str] = &[
    "因此", "但", "也", "而", "还", "以来", "后", "其中", "然而", "例如",
];
const PAIRS: &[(&str, &str)] = &[
    ("虽然", "但"),
    ("不仅", "而且"),
    ("因为", "所以"),
    ("如果", "就"),
    ("不是", "而是"),
];
const PUNCTUATION: &[&str] = &["，", "。", "；", "、"];

/// Lines of CJK text with candidates, order pairs and, now and then, keyed pairs across lines.
fn generated_document(size: usize) -> String {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut out = String::with_capacity(size + 1024);
    let mut keyed = 0usize;
    let mut open_key: Option<usize> = None;
    while out.len() < size {
        let clauses = 1 + rng.below(6);
        for _ in 0..clauses {
            match rng.below(8) {
                0 | 1 => {
                    out.push_str("<cand>");
                    out.push_str(rng.pick(CANDIDATES));
                    out.push_str("</cand>");
                    out.push_str(rng.pick(PHRASES));
                }
                2 => {
                    let (first, second) = PAIRS[rng.below(PAIRS.len())];
                    out.push_str("<a>");
                    out.push_str(first);
                    out.push_str("</a>");
                    out.push_str(rng.pick(PHRASES));
                    out.push('，');
                    out.push_str("<a>");
                    out.push_str(second);
                    out.push_str("</a>");
                    out.push_str(rng.pick(PHRASES));
                }
                3 if rng.below(20) == 0 => {
                    let key = match open_key.take() {
                        Some(key) => key,
                        None => {
                            keyed += 1;
                            open_key = Some(keyed);
                            keyed
                        }
                    };
                    out.push_str(&format!("<a pair=\"k{key}\">"));
                    out.push_str(rng.pick(CANDIDATES));
                    out.push_str("</a>");
                }
                _ => out.push_str(rng.pick(PHRASES)),
            }
            out.push_str(rng.pick(PUNCTUATION));
        }
        out.push('\n');
    }
    out
}

/// Reads every event to the end; ill-formed spots are counted and skipped.
fn quick_xml_events(source: &str) -> (usize, usize) {
    let mut reader = Reader::from_str(source);
    reader.config_mut().check_end_names = false;
    let (mut events, mut errors) = (0usize, 0usize);
    loop {
        let before = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(event) => {
                black_box(event);
                events += 1;
            }
            Err(_) => {
                errors += 1;
                if reader.buffer_position() == before {
                    break;
                }
            }
        }
    }
    (events, errors)
}

fn bench_parse(c: &mut Criterion) {
    let generated = generated_document(GENERATED_SIZE);
    let inputs = [("example", EXAMPLE), ("generated-10MB", generated.as_str())];
    for (name, source) in inputs {
        // Both readers must have read everything, or the comparison means nothing.
        let doc = parse(source);
        assert_eq!(connectives_core::write(&doc), source);
        let (events, errors) = quick_xml_events(source);
        assert!(
            events > doc.spans.len() * 2 && errors == 0,
            "quick-xml stopped early"
        );

        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(source.len() as u64));
        if source.len() > 1024 * 1024 {
            group.sample_size(20);
        }
        group.bench_function("connectives parse", |b| b.iter(|| parse(black_box(source))));
        group.bench_function("quick-xml events", |b| {
            b.iter(|| quick_xml_events(black_box(source)))
        });
        group.finish();
    }
}

/// How many documents the generated corpus has.
const CORPUS_DOCUMENTS: usize = 1000;

/// The generated text cut at line ends into `count` documents of about the same size.
fn generated_corpus(source: &str, count: usize) -> Vec<Entry> {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    (0..count)
        .map(|i| {
            let chunk = &lines[i * lines.len() / count..(i + 1) * lines.len() / count];
            Entry::new(format!("part-{:02}/doc-{i:04}.txt", i % 10), chunk.concat())
        })
        .collect()
}

fn bench_corpus(c: &mut Criterion) {
    let generated = generated_document(GENERATED_SIZE);
    let entries = generated_corpus(&generated, CORPUS_DOCUMENTS);
    assert_eq!(entries.len(), CORPUS_DOCUMENTS);
    let mut group = c.benchmark_group("corpus-1000-documents-10MB");
    group.throughput(Throughput::Bytes(generated.len() as u64));
    group.sample_size(10);
    group.bench_function("parse the one 10 MB document", |b| {
        b.iter(|| parse(black_box(&generated)))
    });
    for format in [Format::Tagged, Format::Json, Format::Brat] {
        let zip = corpus::export_zip(&entries, format).expect("a zip under 4 GiB");
        // Every document comes back, or the reading time means nothing.
        let back = corpus::read_zip(&zip).expect("the corpus zip reads back");
        assert_eq!(back.entries.len(), CORPUS_DOCUMENTS, "{format:?}");
        assert!(back.refused.is_empty(), "{format:?}");
        group.bench_function(format!("write the {} corpus zip", format.name()), |b| {
            b.iter(|| corpus::export_zip(black_box(&entries), format))
        });
        group.bench_function(format!("read the {} corpus zip", format.name()), |b| {
            b.iter(|| corpus::read_zip(black_box(&zip)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_parse, bench_corpus);
criterion_main!(benches);
