//! The exports (tagged, JSON, JSONL, CSV, brat, doccano, Label Studio, BIO) and the imports
//! (JSON, JSONL, brat, doccano): structure and offsets on the example and on text where bytes,
//! code points and UTF-16 units differ; round trips; what each file is seen as; hostile input
//! to every importer.

use std::io::Read;

use connectives_core::formats::sniff::{self, Seen};
use connectives_core::formats::{self, brat, doccano, json, jsonl, label_studio, Format};
use connectives_core::model::AnnotationError;
use connectives_core::{parse, write, Document, LineEnding, SpanKind};
use proptest::prelude::*;
use serde_json::Value;

const SEED: &str = include_str!("../../www/examples/seed-zh.txt");

/// Astral characters, CRLF, a tab, a space, quotes and a comma, an empty line, a pair across
/// lines, a candidate at the very start and a last line without a newline.
const ASTRAL: &str = "<cand>𠮷</cand>但😀是\r\n<a>虽然</a>下雨 \t,\"x\"，<a>但</a>出门😀\r\n\
<a pair=\"k\">不仅</a>如此\r\n\r\n😀<a pair=\"k\">而且</a>好<cand>也</cand>";

fn documents() -> Vec<(&'static str, Document)> {
    vec![("seed", parse(SEED)), ("astral", parse(ASTRAL))]
}

type Annotations = (String, Vec<(SpanKind, String)>, Vec<(usize, usize)>);

/// What an import must keep: the text, each span's kind and text in order, and the pairs.
fn annotations(doc: &Document) -> Annotations {
    let spans = (0..doc.spans.len())
        .map(|id| (doc.spans[id].kind, doc.span_text(id).to_string()))
        .collect();
    let pairs = doc.pairs.iter().map(|p| (p.first, p.second)).collect();
    (doc.text.clone(), spans, pairs)
}

fn same_ranges(a: &Document, b: &Document) {
    let ranges = |d: &Document| d.spans.iter().map(|s| s.range.clone()).collect::<Vec<_>>();
    assert_eq!(ranges(a), ranges(b));
}

/// `text[start..end]` counted in code points.
fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// `text[start..end]` counted in UTF-16 units.
fn slice_utf16(text: &str, start: usize, end: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start..end]).expect("offsets on character boundaries")
}

fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("an entry");
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8");
            (file.name().to_string(), text)
        })
        .collect()
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .1
}

#[test]
fn the_astral_sample_is_what_the_tests_assume() {
    let doc = parse(ASTRAL);
    assert_eq!(write(&doc), ASTRAL);
    assert_eq!(doc.lines.len(), 5);
    assert_eq!(doc.lines[0].ending, LineEnding::CrLf);
    assert_eq!(doc.spans.len(), 6);
    assert_eq!(doc.pairs.len(), 2);
    assert_eq!(
        doc.spans[doc.pairs[1].second].line, 4,
        "a pair across lines"
    );
    assert!(doc.diagnostics.is_empty());
}

#[test]
fn format_names_round_trip_and_files_are_named_after_the_document() {
    for format in Format::ALL {
        assert_eq!(Format::from_name(format.name()), Some(format));
        assert!(!format.mime().is_empty());
    }
    assert_eq!(Format::from_name("label-studio"), Some(Format::LabelStudio));
    assert_eq!(Format::from_name("xml"), None);
    let doc = parse(SEED);
    let name = |f| formats::export(&doc, f, "seed-zh.txt").file_name;
    assert_eq!(name(Format::Jsonl), "seed-zh.jsonl");
    assert_eq!(name(Format::Tagged), "seed-zh.txt");
    assert_eq!(name(Format::Brat), "seed-zh.brat.zip");
    assert_eq!(name(Format::Doccano), "seed-zh.doccano.jsonl");
    assert_eq!(formats::file_name("dir/a.b.txt", Format::Csv), "a.b.csv");
    assert_eq!(formats::file_name("", Format::Json), "document.json");
    assert_eq!(formats::file_name(".txt", Format::Bio), ".txt.bio.tsv");
    assert_eq!(
        formats::file_name("seed-zh.txt", Format::Json),
        "seed-zh.json"
    );
    assert_eq!(formats::file_name("corpus", Format::Json), "corpus.json");
    assert_eq!(formats::stem("dir/seed-zh.txt"), "seed-zh");
}

#[test]
fn tagged_export_is_the_writer_and_json_export_is_connectives_1() {
    for (_, doc) in documents() {
        let tagged = formats::export(&doc, Format::Tagged, "x.txt");
        assert_eq!(tagged.bytes, write(&doc).into_bytes());
        let json = formats::export(&doc, Format::Json, "x.txt");
        assert_eq!(json.bytes, json::export(&doc).into_bytes());
    }
}

#[test]
fn json_export_then_import_gives_the_same_document() {
    for (name, doc) in documents() {
        let back = json::import(&json::export(&doc)).expect(name);
        assert_eq!(annotations(&back), annotations(&doc), "{name}");
        same_ranges(&back, &doc);
        assert_eq!(parse(&write(&back)), back, "{name}: import is normalised");
    }
}

#[test]
fn jsonl_has_one_record_per_line_with_line_relative_offsets() {
    for (name, doc) in documents() {
        let out = String::from_utf8(formats::export(&doc, Format::Jsonl, "x").bytes).unwrap();
        let records: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records.len(), doc.lines.len(), "{name}");
        let mut spans = 0;
        let mut pairs = 0;
        for (i, record) in records.iter().enumerate() {
            assert_eq!(record["line"], i + 1);
            let text = record["text"].as_str().unwrap();
            assert_eq!(text, doc.line_text(i));
            for span in record["spans"].as_array().unwrap() {
                let at = |k: &str| span[k].as_u64().unwrap() as usize;
                let covered = span["text"].as_str().unwrap();
                assert_eq!(slice_chars(text, at("start"), at("end")), covered);
                assert_eq!(
                    slice_utf16(text, at("start_utf16"), at("end_utf16")),
                    covered
                );
                assert_eq!(at("id"), spans);
                spans += 1;
            }
            for pair in record["pairs"].as_array().unwrap() {
                let first = pair["first"].as_u64().unwrap() as usize;
                let second = pair["second"].as_u64().unwrap() as usize;
                assert_eq!(
                    doc.spans[first].line, i,
                    "listed on its first member's line"
                );
                assert_eq!(pair["second_line"], doc.spans[second].line + 1);
                pairs += 1;
            }
        }
        assert_eq!((spans, pairs), (doc.spans.len(), doc.pairs.len()), "{name}");
    }
}

#[test]
fn jsonl_export_then_import_gives_the_same_document_pairs_across_lines_included() {
    for (name, doc) in documents() {
        let out = jsonl::export(&doc);
        let back = jsonl::import(&out).expect(name);
        let (text, spans, pairs) = annotations(&doc);
        let (back_text, back_spans, back_pairs) = annotations(&back);
        assert_eq!(back_spans, spans, "{name}");
        assert_eq!(back_pairs, pairs, "{name}");
        // Every record ends with LF, so a last line without one gains one.
        assert_eq!(
            back_text.trim_end_matches('\n'),
            text.trim_end_matches('\n')
        );
        same_ranges(&back, &doc);
        assert_eq!(parse(&write(&back)), back, "{name}: import is normalised");
    }
    let astral = parse(ASTRAL);
    assert!(
        astral
            .pairs
            .iter()
            .any(|p| astral.spans[p.first].line != astral.spans[p.second].line),
        "the sample has a pair across lines"
    );
}

#[test]
fn jsonl_import_refuses_what_it_cannot_keep_and_says_which_line() {
    let record = |line: usize, spans: &str, pairs: &str| {
        format!(r#"{{"line":{line},"text":"虽然𠮷但","spans":[{spans}],"pairs":[{pairs}]}}"#)
    };
    let member = |id: usize, start: usize, end: usize| {
        format!(r#"{{"id":{id},"kind":"member","start":{start},"end":{end}}}"#)
    };
    let two = format!("{},{}", member(0, 0, 2), member(1, 3, 4));
    let cases = [
        (
            record(1, r#"{"id":0,"kind":"connective","start":0,"end":2}"#, ""),
            1,
            "kind \"connective\"",
        ),
        (
            record(1, &member(0, 3, 9), ""),
            1,
            "not a span of the line (it has 4 characters)",
        ),
        (
            record(
                1,
                r#"{"id":0,"kind":"member","text":"虽","start":0,"end":2}"#,
                "",
            ),
            1,
            "says it covers \"虽\" but the line has \"虽然\"",
        ),
        (
            format!(
                "{}\n{}",
                record(1, &member(0, 0, 2), ""),
                record(2, &member(0, 3, 4), "")
            ),
            2,
            "span id 0 is used twice",
        ),
        (
            format!("{}\n{}", record(1, "", ""), record(3, "", "")),
            2,
            "says it is line 3 of the document, but it is record 2",
        ),
        (
            record(1, &two, r#"{"first":0,"second":7}"#),
            1,
            "names span 7, which no record has",
        ),
        (
            r#"{"text":"虽然","entities":[],"relations":[]}"#.to_string(),
            1,
            "this is a doccano record",
        ),
        (
            format!(
                "{}\n{{\"line\":2,\"text\":\"a\",\"spans\":[]}}",
                record(1, "", "")
            ),
            2,
            "missing field `pairs`",
        ),
    ];
    for (input, line, says) in cases {
        let err = jsonl::import(&input).expect_err(&input);
        assert_eq!(err.line, Some(line), "{input}: {err}");
        assert!(err.message.contains(says), "{input}: {err}");
    }
    let ok = jsonl::import(&record(1, &two, r#"{"first":0,"second":1}"#)).unwrap();
    assert_eq!(
        (ok.spans.len(), ok.pairs.len()),
        (2, 1),
        "the cases differ from a good record only where they say"
    );
}

#[test]
fn doccano_import_refuses_the_page_jsonl_and_reads_label_triples() {
    let ours = jsonl::export(&parse("<a>虽然</a>下雨，<a>但</a>出发\n"));
    let err = doccano::import(&ours).unwrap_err();
    assert_eq!(err.line, Some(1));
    assert!(err.message.contains("the page's own JSONL"), "{err}");
    // doccano's sequence labelling without relations: `label` as [start, end, label].
    let doc = doccano::import(
        "{\"id\":4,\"text\":\"𠮷虽然下雨\",\"label\":[[2,4,\"Member\"],[4,5,\"Candidate\"]]}\n",
    )
    .unwrap();
    let spans: Vec<(SpanKind, &str)> = (0..doc.spans.len())
        .map(|id| (doc.spans[id].kind, doc.span_text(id)))
        .collect();
    assert_eq!(
        spans,
        [(SpanKind::Member, "虽然"), (SpanKind::Candidate, "下")]
    );
    let err = doccano::import("{\"text\":\"好\",\"label\":[[0,1,\"PER\"]]}").unwrap_err();
    assert!(
        err.message.starts_with("label 1 has the label \"PER\""),
        "{err}"
    );
    let err = doccano::import("{\"text\":\"好\",\"label\":[\"positive\"]}").unwrap_err();
    assert_eq!((err.line, err.column), (Some(1), Some(31)), "{err}");
}

#[test]
fn every_export_is_seen_as_what_it_is_whatever_its_name() {
    for (name, doc) in documents() {
        for format in Format::ALL {
            let bytes = formats::export(&doc, format, "x.txt").bytes;
            let expected = match format {
                Format::Tagged => Seen::Tagged,
                Format::Json => Seen::Json,
                Format::Jsonl => Seen::Jsonl,
                Format::Csv => Seen::Csv,
                Format::Brat => Seen::BratZip,
                Format::Doccano => Seen::Doccano,
                Format::LabelStudio => Seen::LabelStudioZip,
                Format::Bio => Seen::Bio,
            };
            for file in [
                format!("x.{}", format.extension()),
                "x.txt".to_string(),
                "x".to_string(),
            ] {
                let seen = if sniff::is_zip(&file, &bytes) {
                    sniff::zip(&bytes)
                } else {
                    sniff::text(&file, std::str::from_utf8(&bytes).expect("text"))
                };
                assert_eq!(seen, expected, "{name} {format:?} as {file}");
            }
        }
    }
}

#[test]
fn json_and_jsonl_are_told_apart_by_content() {
    let tasks = label_studio::tasks_json(&parse(SEED));
    assert_eq!(sniff::text("t.json", &tasks), Seen::LabelStudioTasks);
    assert_eq!(sniff::text("t.txt", &tasks), Seen::LabelStudioTasks);
    // One compact connectives/1 object is JSON, though it sits on one line like a record.
    let compact = serde_json::to_string(&json::to_json_document(&parse(SEED))).unwrap();
    assert_eq!(sniff::text("d.jsonl", &compact), Seen::Json);
    // A record that does not parse is passed over for the next one, whose importer reports it.
    let doccano = "{\"text\": oops}\n{\"text\":\"a\",\"entities\":[]}\n";
    assert_eq!(sniff::text("d.jsonl", doccano), Seen::Doccano);
    assert_eq!(
        sniff::text("d.jsonl", "{\"text\":\"only text\"}"),
        Seen::Doccano
    );
    assert!(matches!(sniff::text("d.jsonl", "oops\n"), Seen::BrokenJsonl(e) if e.line == Some(1)));
    // A document that opens with a brace is still a document.
    assert_eq!(sniff::text("d.txt", "{注} <cand>也</cand>\n"), Seen::Tagged);
}

#[test]
fn csv_reads_back_as_one_row_per_span() {
    for (name, doc) in documents() {
        let bytes = formats::export(&doc, Format::Csv, "x").bytes;
        assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "BOM for Excel");
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, formats::csv::HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), doc.spans.len(), "{name}");
        for (id, record) in rows.iter().enumerate() {
            let span = &doc.spans[id];
            // Cells that look like formulas carry a leading apostrophe; read them without it.
            let row: Vec<&str> = record
                .iter()
                .map(|cell| match cell.strip_prefix('\'') {
                    Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
                    _ => cell,
                })
                .collect();
            let num = |i: usize| row[i].parse::<usize>().unwrap();
            assert_eq!(num(0), span.line + 1);
            assert_eq!(num(1), id);
            assert_eq!(row[2], span.kind.as_str());
            assert_eq!(row[3], doc.span_text(id));
            assert_eq!(slice_chars(&doc.text, num(4), num(5)), doc.span_text(id));
            assert_eq!(row[6].parse::<usize>().ok(), span.pair);
            let partner = doc.partner(id).map(|p| doc.span_text(p)).unwrap_or("");
            assert_eq!(row[7], partner);
            assert_eq!(
                row[8],
                span.pair.map(|p| doc.pair_label(p)).unwrap_or_default()
            );
            let line = &doc.text[doc.lines[span.line].range.clone()];
            let start = span.range.start - doc.lines[span.line].range.start;
            let end = span.range.end - doc.lines[span.line].range.start;
            assert!(line[..start].ends_with(row[9]) && row[9].chars().count() <= 10);
            assert!(line[end..].starts_with(row[10]) && row[10].chars().count() <= 10);
            assert_eq!(
                row[9].chars().count(),
                line[..start].chars().count().min(10)
            );
        }
    }
}

#[test]
fn csv_quotes_commas_quotes_and_tabs() {
    let doc = parse("a,\"b\"<cand>但</cand>c\n");
    let out = String::from_utf8(formats::export(&doc, Format::Csv, "x").bytes).unwrap();
    assert!(out.ends_with(",\"a,\"\"b\"\"\",c\r\n"), "{out}");
}

#[test]
fn brat_offsets_slice_the_txt_and_the_zip_has_its_configuration() {
    for (name, doc) in documents() {
        let files = unzip(&formats::export(&doc, Format::Brat, "dir/x.txt").bytes);
        let txt = file(&files, "x.txt");
        assert_eq!(txt, doc.text);
        assert!(!txt.contains('\r'));
        assert_eq!(file(&files, "annotation.conf"), brat::ANNOTATION_CONF);
        assert_eq!(file(&files, "visual.conf"), brat::VISUAL_CONF);
        let ann = file(&files, "x.ann");
        let mut t = 0;
        let mut r = 0;
        for line in ann.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields[0].starts_with('T') {
                let parts: Vec<&str> = fields[1].split(' ').collect();
                let kind = if parts[0] == "Candidate" {
                    SpanKind::Candidate
                } else {
                    SpanKind::Member
                };
                assert_eq!(kind, doc.spans[t].kind);
                let (start, end) = (parts[1].parse().unwrap(), parts[2].parse().unwrap());
                assert_eq!(slice_chars(txt, start, end), fields[2], "{name}: {line}");
                assert_eq!(fields[2], doc.span_text(t));
                t += 1;
            } else {
                let p = doc.pairs[r];
                assert_eq!(
                    fields[1],
                    format!("Pair Arg1:T{} Arg2:T{}", p.first + 1, p.second + 1)
                );
                r += 1;
            }
        }
        assert_eq!((t, r), (doc.spans.len(), doc.pairs.len()));
    }
}

#[test]
fn brat_export_then_import_gives_the_same_document() {
    for (name, doc) in documents() {
        let bytes = formats::export(&doc, Format::Brat, "x").bytes;
        let back = brat::import_zip(&bytes).expect(name);
        assert_eq!(annotations(&back), annotations(&doc), "{name}");
        same_ranges(&back, &doc);
        let again = brat::import(&doc.text, &brat::export_ann(&doc)).expect(name);
        assert_eq!(again, back);
    }
}

#[test]
fn brat_import_keeps_crlf_and_counts_its_carriage_returns() {
    // brat counts every character of the .txt, the CR of CRLF included.
    let txt = "甲😀\r\n乙虽然丙但\r\n";
    let ann = "T1\tMember 5 7\t虽然\nT2\tMember 8 9\t但\nR1\tPair Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tok\n";
    let doc = brat::import(txt, ann).unwrap();
    assert_eq!(doc.text, "甲😀\n乙虽然丙但\n");
    assert_eq!(write(&doc), "甲😀\r\n乙<a>虽然</a>丙<a>但</a>\r\n");
    assert_eq!(doc.pairs.len(), 1);
}

#[test]
fn brat_import_refuses_what_it_cannot_keep_and_says_which_line() {
    let txt = "虽然下雨但出门\n";
    let cases = [
        ("T1\tMember 0 2;4 5\t虽然 但\n", 1, "discontinuous"),
        ("T1\tConnective 0 2\t虽然\n", 1, "only Candidate and Member"),
        (
            "T1\tMember 0 2\t虽然\nR1\tCause Arg1:T1 Arg2:T1\n",
            2,
            "only Pair",
        ),
        ("T1\tMember 0 2\t下雨\n", 1, "the text there is"),
        ("T1\tMember 5 99\t门\n", 1, "not a span of the text"),
        ("T1\tMember 0 2\t虽然\nR1\tPair Arg1:T1 Arg2:T9\n", 2, "T9"),
        ("E1\tEvent:T1\n", 1, "only T and R"),
    ];
    for (ann, line, words) in cases {
        let err = brat::import(txt, ann).unwrap_err();
        assert_eq!(err.line, Some(line), "{ann}");
        assert!(err.message.contains(words), "{ann}: {err}");
    }
    let overlap = brat::import(txt, "T1\tMember 0 2\t虽然\nT2\tCandidate 1 3\t然下\n");
    let err = overlap.unwrap_err();
    assert_eq!(err.line, Some(2));
    assert!(err.message.contains("T2 overlaps T1"), "{err}");
}

#[test]
fn text_that_would_read_as_tags_is_refused_not_changed() {
    let err = Document::from_annotations("a\nx<cand>y</cand>\n", vec![], vec![]).unwrap_err();
    assert_eq!(err, AnnotationError::NotWritable { line: 2 });
    let err = brat::import("<a>但</a>", "T1\tCandidate 3 4\t但\n").unwrap_err();
    assert!(
        err.message.contains("tagged format would read as a tag"),
        "{err}"
    );
}

#[test]
fn from_annotations_builds_what_the_parser_would_read() {
    let text = "\u{FEFF}甲虽然乙但\r\n丙不仅\n丁而且";
    let at = |s: &str| text.find(s).unwrap();
    let spans = vec![
        (at("而且")..at("而且") + 6, SpanKind::Member),
        (at("虽然")..at("虽然") + 6, SpanKind::Member),
        (at("但")..at("但") + 3, SpanKind::Member),
        (at("不仅")..at("不仅") + 6, SpanKind::Member),
        (at("甲")..at("甲") + 3, SpanKind::Candidate),
    ];
    let doc = Document::from_annotations(text, spans, vec![(1, 2), (3, 0)]).unwrap();
    assert!(doc.bom);
    assert_eq!(doc.text, "甲虽然乙但\n丙不仅\n丁而且");
    assert_eq!(write(&doc), "\u{FEFF}<cand>甲</cand><a>虽然</a>乙<a>但</a>\r\n丙<a pair=\"p1\">不仅</a>\n丁<a pair=\"p1\">而且</a>");
    assert_eq!(parse(&write(&doc)), doc);
    let unpaired =
        Document::from_annotations("虽然", vec![(0..6, SpanKind::Member)], vec![]).unwrap();
    assert_eq!(
        unpaired.diagnostics.len(),
        1,
        "a member without a partner gets a warning"
    );
    assert!(matches!(
        Document::from_annotations("甲\n乙", vec![(0..7, SpanKind::Candidate)], vec![]),
        Err(AnnotationError::CrossesLine { .. })
    ));
    assert!(matches!(
        Document::from_annotations("甲乙", vec![(0..1, SpanKind::Candidate)], vec![]),
        Err(AnnotationError::NotCharBoundary { .. })
    ));
}

#[test]
fn a_span_that_takes_in_the_carriage_return_of_any_crlf_or_the_bom_is_refused() {
    // "\u{FEFF}" is bytes 0..3; then lines "a\r\n" … "d\r\n" from byte 3, three bytes each.
    let text = "\u{FEFF}a\r\nb\r\nc\r\nd\r\n";
    let import = |range: std::ops::Range<usize>| {
        Document::from_annotations(text, vec![(range, SpanKind::Candidate)], vec![])
    };
    for range in [0..4, 3..5, 6..8, 7..8, 10..11, 12..14, 13..14] {
        assert!(
            matches!(
                import(range.clone()),
                Err(AnnotationError::CrossesLine { .. })
            ),
            "{range:?} takes in a removed byte"
        );
    }
    for (range, letter) in [(3..4, "a"), (6..7, "b"), (9..10, "c"), (12..13, "d")] {
        let doc = import(range).unwrap();
        assert_eq!(doc.span_text(0), letter);
    }
}

#[test]
fn doccano_offsets_are_utf16_within_the_line_and_cross_line_pairs_are_left_out() {
    for (name, doc) in documents() {
        let out = String::from_utf8(formats::export(&doc, Format::Doccano, "x").bytes).unwrap();
        let records: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records.len(), doc.lines.len(), "{name}");
        let mut entities = 0;
        let mut relations = 0;
        for record in &records {
            let text = record["text"].as_str().unwrap();
            for e in record["entities"].as_array().unwrap() {
                let id = e["id"].as_u64().unwrap() as usize;
                let at = |k: &str| e[k].as_u64().unwrap() as usize;
                assert_eq!(
                    slice_utf16(text, at("start_offset"), at("end_offset")),
                    doc.span_text(id),
                    "{name}"
                );
                let label = if doc.spans[id].kind == SpanKind::Member {
                    "Member"
                } else {
                    "Candidate"
                };
                assert_eq!(e["label"], label);
                entities += 1;
            }
            relations += record["relations"].as_array().unwrap().len();
        }
        let same_line = doc
            .pairs
            .iter()
            .filter(|p| doc.spans[p.first].line == doc.spans[p.second].line)
            .count();
        assert_eq!(
            (entities, relations),
            (doc.spans.len(), same_line),
            "{name}"
        );
    }
}

#[test]
fn doccano_export_then_import_gives_the_same_spans_and_the_same_line_pairs() {
    for (name, doc) in documents() {
        let out = doccano::export(&doc);
        let back = doccano::import(&out).expect(name);
        let (text, spans, pairs) = annotations(&doc);
        let (back_text, back_spans, back_pairs) = annotations(&back);
        assert_eq!(back_spans, spans, "{name}");
        let same_line: Vec<(usize, usize)> = pairs
            .into_iter()
            .filter(|&(a, b)| doc.spans[a].line == doc.spans[b].line)
            .collect();
        assert_eq!(back_pairs, same_line, "{name}");
        // Every record ends with LF, so a last line without one gains one.
        assert_eq!(
            back_text.trim_end_matches('\n'),
            text.trim_end_matches('\n')
        );
        same_ranges(&back, &doc);
    }
}

#[test]
fn doccano_import_refuses_offsets_that_split_a_character() {
    let err = doccano::import(
        "{\"text\":\"𠮷但\",\"entities\":[{\"id\":1,\"start_offset\":1,\"end_offset\":3,\"label\":\"Candidate\"}]}",
    )
    .unwrap_err();
    assert_eq!(err.line, Some(1));
    assert!(err.message.contains("UTF-16"), "{err}");
    let err = doccano::import("{\"text\":\"a\"}\nnot json\n").unwrap_err();
    assert_eq!(err.line, Some(2));
}

#[test]
fn label_studio_regions_are_code_points_of_the_line_and_relations_name_regions() {
    for (name, doc) in documents() {
        let files = unzip(&formats::export(&doc, Format::LabelStudio, "x").bytes);
        assert_eq!(file(&files, "config.xml"), label_studio::LABELING_CONFIG);
        let mut reader = quick_xml::Reader::from_str(label_studio::LABELING_CONFIG);
        let mut names = Vec::new();
        loop {
            match reader.read_event().expect("well-formed XML") {
                quick_xml::events::Event::Eof => break,
                quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                    names.push(e.name().as_ref().to_string())
                }
                _ => {}
            }
        }
        assert_eq!(
            names,
            [
                "View",
                "Labels",
                "Label",
                "Label",
                "Text",
                "Relations",
                "Relation"
            ]
        );
        let tasks: Value = serde_json::from_str(file(&files, "tasks.json")).unwrap();
        let tasks = tasks.as_array().unwrap();
        assert_eq!(tasks.len(), doc.lines.len(), "{name}");
        let (mut regions, mut relations) = (0, 0);
        for task in tasks {
            let text = task["data"]["text"].as_str().unwrap();
            let result = task["annotations"][0]["result"].as_array().unwrap();
            let ids: Vec<&str> = result.iter().filter_map(|r| r["id"].as_str()).collect();
            for item in result {
                if item["type"] == "labels" {
                    assert_eq!(
                        (&item["from_name"], &item["to_name"]),
                        (&"label".into(), &"text".into())
                    );
                    let v = &item["value"];
                    let at = |k: &str| v[k].as_u64().unwrap() as usize;
                    assert_eq!(
                        slice_chars(text, at("start"), at("end")),
                        v["text"].as_str().unwrap()
                    );
                    regions += 1;
                } else {
                    assert_eq!(item["type"], "relation");
                    assert_eq!(item["labels"][0], "Pair");
                    assert!(ids.contains(&item["from_id"].as_str().unwrap()));
                    assert!(ids.contains(&item["to_id"].as_str().unwrap()));
                    relations += 1;
                }
            }
        }
        let same_line = doc
            .pairs
            .iter()
            .filter(|p| doc.spans[p.first].line == doc.spans[p.second].line)
            .count();
        assert_eq!((regions, relations), (doc.spans.len(), same_line), "{name}");
    }
}

#[test]
fn bio_has_a_row_per_character_and_a_blank_row_after_each_line() {
    for (name, doc) in documents() {
        let out = String::from_utf8(formats::export(&doc, Format::Bio, "x").bytes).unwrap();
        let rows: Vec<&str> = out.split_terminator('\n').collect();
        let chars: usize = (0..doc.lines.len())
            .map(|i| doc.line_text(i).chars().count())
            .sum();
        assert_eq!(rows.len(), chars + doc.lines.len(), "{name}");
        assert_eq!(
            rows.iter().filter(|r| r.is_empty()).count(),
            doc.lines.len()
        );
        // Rebuild the spans from the tags.
        let mut spans = Vec::new();
        for row in rows.iter().filter(|r| !r.is_empty()) {
            let (ch, tag) = row.split_once('\t').expect("two columns");
            assert!(!tag.contains('\t'));
            let ch = match ch.strip_prefix("U+") {
                Some(hex) => char::from_u32(u32::from_str_radix(hex, 16).unwrap())
                    .unwrap()
                    .to_string(),
                None => {
                    assert_eq!(ch.chars().count(), 1, "{row}");
                    ch.to_string()
                }
            };
            match tag {
                "O" => {}
                "B-CAND" => spans.push((SpanKind::Candidate, ch)),
                "B-MEMBER" => spans.push((SpanKind::Member, ch)),
                "I-CAND" | "I-MEMBER" => spans.last_mut().unwrap().1.push_str(&ch),
                other => panic!("unknown tag {other}"),
            }
        }
        assert_eq!(spans, annotations(&doc).1, "{name}");
    }
    let out = formats::bio::export(&parse("a b\t\u{3000}c\n"));
    assert_eq!(out, "a\tO\nU+0020\tO\nb\tO\nU+0009\tO\nU+3000\tO\nc\tO\n\n");
}

#[test]
fn hostile_zips_are_refused() {
    assert!(brat::import_zip(b"").is_err());
    assert!(brat::import_zip(b"PK\x03\x04 not really").is_err());
    let mut bytes = formats::export(&parse(SEED), Format::Brat, "x").bytes;
    let len = bytes.len();
    bytes.truncate(len / 2);
    assert!(brat::import_zip(&bytes).is_err());
    let ls = formats::export(&parse(SEED), Format::LabelStudio, "x").bytes;
    assert!(brat::import_zip(&ls)
        .unwrap_err()
        .message
        .contains("no .ann"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn importers_never_panic_on_any_text(s in "\\PC*", t in "[a-z0-9 \\t\\n\\r:;{}\"<>/TR𠮷😀\\[\\],.-]*") {
        let _ = json::import(&s);
        let _ = json::import(&t);
        let _ = doccano::import(&s);
        let _ = doccano::import(&t);
        let _ = jsonl::import(&s);
        let _ = jsonl::import(&t);
        let _ = sniff::text("x.jsonl", &s);
        let _ = sniff::text("x.json", &t);
        let _ = sniff::text("x.txt", &t);
        let _ = sniff::zip(s.as_bytes());
        let _ = brat::import(&s, &t);
        let _ = brat::import(&t, &s);
        let _ = brat::import_zip(s.as_bytes());
    }

    #[test]
    fn importers_never_panic_on_wild_offsets(
        text in "[a<>/\\r\\n𠮷😀但 ]{0,12}",
        spans in proptest::collection::vec((0usize..20, 0usize..20, any::<bool>()), 0..5),
        pairs in proptest::collection::vec((0usize..6, 0usize..6), 0..3),
    ) {
        let kind = |m: bool| if m { "Member" } else { "Candidate" };
        let mut ann = String::new();
        for (i, (s, e, m)) in spans.iter().enumerate() {
            ann.push_str(&format!("T{}\t{} {s} {e}\n", i + 1, kind(*m)));
        }
        for (i, (a, b)) in pairs.iter().enumerate() {
            ann.push_str(&format!("R{}\tPair Arg1:T{a} Arg2:T{b}\n", i + 1));
        }
        if let Ok(doc) = brat::import(&text, &ann) {
            prop_assert_eq!(parse(&write(&doc)), doc);
        }
        let entities: Vec<Value> = spans.iter().enumerate().map(|(i, (s, e, m))| {
            serde_json::json!({"id": i, "start_offset": s, "end_offset": e, "label": kind(*m)})
        }).collect();
        let relations: Vec<Value> = pairs.iter().enumerate().map(|(i, (a, b))| {
            serde_json::json!({"id": i, "from_id": a, "to_id": b, "type": "Pair"})
        }).collect();
        let record = serde_json::json!({"text": text, "entities": entities, "relations": relations});
        if let Ok(doc) = doccano::import(&record.to_string()) {
            prop_assert_eq!(parse(&write(&doc)), doc);
        }
        let json_spans: Vec<Value> = spans.iter().enumerate().map(|(i, (s, e, m))| {
            serde_json::json!({"id": i, "kind": if *m { "member" } else { "candidate" }, "start": s, "end": e})
        }).collect();
        let json_pairs: Vec<Value> = pairs.iter().map(|(a, b)| serde_json::json!({"first": a, "second": b})).collect();
        let document = serde_json::json!({"format": "connectives/1", "text": text, "spans": json_spans, "pairs": json_pairs});
        if let Ok(doc) = json::import(&document.to_string()) {
            prop_assert_eq!(parse(&write(&doc)), doc);
        }
    }
}
