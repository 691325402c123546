//! The corpus: its zip export in every format, reading it back (statuses and notes from
//! `corpus.json`), zips with members that do not open, unique names, and the single document's
//! brat zip named after the document.

use std::ops::Range;

use connectives_core::corpus::{
    self, corpus_json, export_zip, is_corpus_zip, member_stems, read_corpus_json, read_zip, Entry,
    Status,
};
use connectives_core::formats::{self, brat, label_studio, zip, Format};
use connectives_core::{parse, Document, SpanKind};

/// Three documents: pairs on one line, a keyed pair across two lines with CRLF and a BOM, and
/// one with no connective at all, in a folder.
fn entries() -> Vec<Entry> {
    let mut first = Entry::new(
        "a.txt",
        "<a>虽然</a>下雨，<a>但</a>出发。<cand>也</cand>好\n",
    );
    first.status = Status::Done;
    first.note = "checked twice; \"虽然…但\" ok".to_string();
    let mut second = Entry::new(
        "dir/b.txt",
        "\u{FEFF}<a pair=\"k\">不仅</a>如此\r\n𠮷<a pair=\"k\">而且</a>好<cand>还</cand>\r\n",
    );
    second.status = Status::InProgress;
    let third = Entry::new("dir/sub/c.txt", "没有连接词的一行。\n");
    vec![first, second, third]
}

type Annotations = (String, Vec<(SpanKind, Range<usize>)>, Vec<(usize, usize)>);

fn annotations(doc: &Document) -> Annotations {
    (
        doc.text.clone(),
        doc.spans
            .iter()
            .map(|s| (s.kind, s.range.clone()))
            .collect(),
        doc.pairs.iter().map(|p| (p.first, p.second)).collect(),
    )
}

fn members(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    zip::read(bytes).expect("our zip reads back")
}

fn member<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} is not in the zip"))
        .1
}

const REOPENED: [Format; 5] = [
    Format::Tagged,
    Format::Json,
    Format::Jsonl,
    Format::Brat,
    Format::Doccano,
];

#[test]
fn every_importable_format_reopens_as_the_same_corpus_with_statuses_and_notes() {
    let entries = entries();
    for format in REOPENED {
        let bytes = export_zip(&entries, format).expect("a small zip");
        assert!(is_corpus_zip(&bytes), "{format:?}");
        let back = read_zip(&bytes).expect("the export reads back");
        assert_eq!(back.refused, vec![], "{format:?}");
        assert_eq!(back.messages, Vec::<String>::new(), "{format:?}");
        assert_eq!(back.entries.len(), entries.len(), "{format:?}");
        for (was, now) in entries.iter().zip(&back.entries) {
            assert_eq!(now.name, was.name, "{format:?}");
            assert_eq!(now.status, was.status, "{format:?} {}", was.name);
            assert_eq!(now.note, was.note, "{format:?} {}", was.name);
            let (text, spans, pairs) = annotations(&parse(&was.source));
            let (text_now, spans_now, pairs_now) = annotations(&parse(&now.source));
            assert_eq!(text_now, text, "{format:?} {}", was.name);
            assert_eq!(spans_now, spans, "{format:?} {}", was.name);
            if format == Format::Doccano && was.name == "dir/b.txt" {
                // A doccano relation joins entities of one record: the pair across lines is lost.
                assert_eq!(pairs_now, vec![], "{format:?}");
            } else {
                assert_eq!(pairs_now, pairs, "{format:?} {}", was.name);
            }
        }
    }
}

#[test]
fn the_tagged_corpus_gives_back_every_source_byte_for_byte() {
    let entries = entries();
    let back = read_zip(&export_zip(&entries, Format::Tagged).expect("a zip")).expect("read");
    assert_eq!(back.entries, entries);
}

#[test]
fn formats_that_cannot_be_opened_again_list_their_files_with_reasons() {
    let entries = entries();
    for (format, says) in [
        (Format::Csv, "CSV export"),
        (Format::Bio, "BIO tags"),
        (Format::LabelStudio, "Label Studio"),
    ] {
        let back = read_zip(&export_zip(&entries, format).expect("a zip")).expect("read");
        assert_eq!(back.entries, vec![], "{format:?}");
        let expected = if format == Format::LabelStudio { 1 } else { 3 };
        assert_eq!(
            back.refused.len(),
            expected,
            "{format:?}: {:?}",
            back.refused
        );
        assert!(
            back.refused.iter().all(|r| r.reason.contains(says)),
            "{format:?}: {:?}",
            back.refused
        );
        // corpus.json names each document that did not come back.
        assert_eq!(back.messages.len(), 3, "{format:?}: {:?}", back.messages);
        assert!(
            back.messages[1].contains("dir/b.txt"),
            "{:?}",
            back.messages
        );
    }
}

#[test]
fn each_file_in_the_corpus_zip_is_the_single_document_export() {
    let entries = entries();
    for format in Format::ALL {
        let bytes = export_zip(&entries, format).expect("a zip");
        assert_eq!(
            bytes,
            export_zip(&entries, format).expect("a zip"),
            "{format:?}"
        );
        let files = members(&bytes);
        assert_eq!(files[0].0, corpus::CORPUS_JSON, "{format:?}");
        for entry in &entries {
            let doc = parse(&entry.source);
            let single = formats::export(&doc, format, &entry.name);
            let stem = entry.name.strip_suffix(".txt").expect("named .txt");
            match format {
                Format::Brat => {
                    let inside = members(&single.bytes);
                    let base = formats::stem(&entry.name);
                    let txt = member(&inside, &format!("{base}.txt"));
                    let ann = member(&inside, &format!("{base}.ann"));
                    assert_eq!(member(&files, &format!("{stem}.txt")), txt);
                    assert_eq!(member(&files, &format!("{stem}.ann")), ann);
                }
                Format::LabelStudio => {}
                _ => assert_eq!(
                    member(&files, &format!("{stem}.{}", format.extension())),
                    single.bytes,
                    "{format:?} {}",
                    entry.name
                ),
            }
        }
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        match format {
            Format::Brat => {
                assert_eq!(names.len(), 1 + 2 * entries.len() + 2);
                assert_eq!(
                    member(&files, "annotation.conf"),
                    brat::ANNOTATION_CONF.as_bytes()
                );
                assert_eq!(member(&files, "visual.conf"), brat::VISUAL_CONF.as_bytes());
            }
            Format::LabelStudio => {
                assert_eq!(names, ["corpus.json", "tasks.json", "config.xml"]);
                assert_eq!(
                    member(&files, "config.xml"),
                    label_studio::LABELING_CONFIG.as_bytes()
                );
                let tasks: serde_json::Value =
                    serde_json::from_slice(member(&files, "tasks.json")).expect("JSON");
                let tasks = tasks.as_array().expect("an array of tasks");
                let lines: usize = entries.iter().map(|e| parse(&e.source).lines.len()).sum();
                assert_eq!(tasks.len(), lines);
                assert_eq!(tasks[0]["data"]["document"], "a.txt");
                assert_eq!(tasks[2]["data"]["document"], "dir/b.txt");
                assert_eq!(tasks[2]["data"]["line"], 2);
            }
            _ => assert_eq!(names.len(), 1 + entries.len(), "{format:?}"),
        }
    }
}

#[test]
fn corpus_json_records_names_files_statuses_notes_and_counts() {
    let entries = entries();
    let files = members(&export_zip(&entries, Format::Jsonl).expect("a zip"));
    let written: serde_json::Value =
        serde_json::from_slice(member(&files, "corpus.json")).expect("JSON");
    assert_eq!(written["format"], "connectives-corpus/1");
    let second = &written["documents"][1];
    assert_eq!(second["name"], "dir/b.txt");
    assert_eq!(second["file"], "dir/b.jsonl");
    assert_eq!(second["status"], "in-progress");
    assert_eq!(second["note"], "");
    assert_eq!(
        (
            &second["candidates"],
            &second["members"],
            &second["pairs"],
            &second["problems"]
        ),
        (&1.into(), &2.into(), &1.into(), &0.into())
    );
    assert_eq!(written["documents"][0]["status"], "done");

    let (records, messages) = read_corpus_json(&corpus_json(&entries));
    assert_eq!(messages, Vec::<String>::new());
    let read: Vec<(&str, Status, &str)> = records
        .iter()
        .map(|r| (r.name.as_str(), r.status, r.note.as_str()))
        .collect();
    let expected: Vec<(&str, Status, &str)> = entries
        .iter()
        .map(|e| (e.name.as_str(), e.status, e.note.as_str()))
        .collect();
    assert_eq!(read, expected);
    assert!(records.iter().all(|r| r.file.is_none()));
}

#[test]
fn status_names_are_the_ones_corpus_json_writes() {
    for status in Status::ALL {
        assert_eq!(
            serde_json::to_string(&status).expect("a name"),
            format!("\"{}\"", status.name())
        );
        assert_eq!(Status::from_name(status.name()), Some(status));
    }
    assert_eq!(Status::InProgress.name(), "in-progress");
    assert_eq!(Status::from_name("finished"), None);
}

#[test]
fn a_damaged_corpus_json_is_read_as_far_as_it_goes_with_messages() {
    let text = r#"{"format":"connectives-corpus/9","documents":[
        {"name":"a.txt","status":"finished","note":"n"},
        {"name":"b.txt"},
        {"status":"done"},
        {"name":"c.txt","status":3,"note":["x"]},
        {"name":"d.txt","status":"done","note":null}
    ]}"#;
    let (records, messages) = read_corpus_json(text);
    let read: Vec<(&str, Status, &str)> = records
        .iter()
        .map(|r| (r.name.as_str(), r.status, r.note.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            ("a.txt", Status::New, "n"),
            ("b.txt", Status::New, ""),
            ("c.txt", Status::New, ""),
            ("d.txt", Status::Done, ""),
        ]
    );
    let said = messages.join("\n");
    for expected in [
        "connectives-corpus/9",
        "\"finished\"",
        "b.txt has no status",
        "document 3 has no name",
        "c.txt has a status that is not a name",
        "c.txt has a note that is not text",
    ] {
        assert!(said.contains(expected), "{expected} missing from:\n{said}");
    }
    for garbage in [
        "",
        "[]",
        "{",
        "null",
        "{\"documents\":{}}",
        "\u{FEFF}{\"documents\":[1,\"x\"]}",
    ] {
        let (records, messages) = read_corpus_json(garbage);
        assert_eq!(records, vec![], "{garbage:?}");
        assert!(!messages.is_empty(), "{garbage:?}");
    }
}

#[test]
fn members_that_cannot_open_are_listed_with_reasons_and_the_rest_open() {
    let bad_ann = "T1\tEvent 0 1\t坏\n";
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("good.txt", "<cand>也</cand>好\n".as_bytes().to_vec()),
        ("dir/", Vec::new()),
        ("__MACOSX/._good.txt", vec![0, 5, 22, 7]),
        ("__MACOSX/dir/copy.txt", b"<cand>x</cand>\n".to_vec()),
        ("dir/.DS_Store", vec![0, 0, 0, 1]),
        ("dir/binary.txt", b"abc\x00def".to_vec()),
        ("latin1.txt", b"caf\xe9\n".to_vec()),
        ("pair.txt", "虽然但\n".as_bytes().to_vec()),
        (
            "pair.ann",
            "T1\tMember 0 2\t虽然\nT2\tMember 2 3\t但\nR1\tPair Arg1:T1 Arg2:T2\n"
                .as_bytes()
                .to_vec(),
        ),
        ("bad.txt", "坏\n".as_bytes().to_vec()),
        ("bad.ann", bad_ann.as_bytes().to_vec()),
        ("lonely.ann", bad_ann.as_bytes().to_vec()),
        ("annotation.conf", brat::ANNOTATION_CONF.as_bytes().to_vec()),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00".to_vec()),
        ("readme.md", b"# notes\n".to_vec()),
        ("damaged.txt", b"DAMAGED-MEMBER-TEXT\n".to_vec()),
        (
            "last.txt",
            "<a>不仅</a>甲<a>而且</a>乙\n".as_bytes().to_vec(),
        ),
    ];
    let listed: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let mut bytes = zip::write(&listed).expect("a zip");
    // Damage one member's data so that its CRC-32 no longer matches.
    let at = bytes
        .windows(b"DAMAGED".len())
        .position(|w| w == b"DAMAGED")
        .expect("stored data");
    bytes[at] = b'X';

    let corpus = read_zip(&bytes).expect("the zip itself is fine");
    let opened: Vec<&str> = corpus.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(opened, ["good.txt", "pair.txt", "last.txt"]);
    assert_eq!(corpus.entries[1].source, "<a>虽然</a><a>但</a>\n");
    let refused: Vec<(&str, &str)> = corpus
        .refused
        .iter()
        .map(|r| (r.name.as_str(), r.reason.as_str()))
        .collect();
    let names: Vec<&str> = refused.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "dir/binary.txt",
            "latin1.txt",
            "bad.txt",
            "lonely.ann",
            "image.png",
            "readme.md",
            "damaged.txt"
        ]
    );
    let reason = |name: &str| refused.iter().find(|(n, _)| *n == name).map(|(_, r)| *r);
    assert_eq!(
        reason("dir/binary.txt"),
        Some("not a text file (a NUL byte at byte 3)")
    );
    assert!(reason("latin1.txt").is_some_and(|r| r.contains("not UTF-8")));
    assert!(reason("bad.txt")
        .is_some_and(|r| r.starts_with("bad.ann: line 1: ") && r.contains("Event")));
    assert!(reason("lonely.ann").is_some_and(|r| r.contains("without lonely.txt")));
    assert!(reason("image.png").is_some_and(|r| r.contains("NUL")));
    assert!(reason("readme.md").is_some_and(|r| r.contains("not a .txt file")));
    assert!(reason("damaged.txt").is_some_and(|r| r.contains("CRC-32")));
    assert_eq!(corpus.messages, Vec::<String>::new());
}

#[test]
fn a_zip_that_cannot_be_read_at_all_is_an_error_and_garbage_never_panics() {
    assert!(read_zip(b"not a zip").is_err());
    let good = export_zip(&entries(), Format::Brat).expect("a zip");
    for cut in [0, 10, good.len() / 2, good.len() - 1] {
        let _ = read_zip(&good[..cut]);
        let _ = is_corpus_zip(&good[..cut]);
    }
    for i in (0..good.len()).step_by(37) {
        let mut bent = good.clone();
        bent[i] ^= 0x5A;
        let _ = read_zip(&bent);
    }
}

#[test]
fn names_stay_unique_without_case_and_never_take_the_corpus_files() {
    let names = [
        "a.txt",
        "A.txt",
        "a.md",
        "corpus.txt",
        "dir/a.txt",
        "../dir/a.txt",
    ];
    assert_eq!(
        member_stems(&names, Format::Json),
        ["a", "A-2", "a-3", "corpus-2", "dir/a", "dir/a-2"]
    );
    assert_eq!(
        member_stems(&names, Format::Tagged),
        ["a", "A-2", "a-3", "corpus", "dir/a", "dir/a-2"]
    );
    // brat's .txt and .ann both have to be free.
    assert_eq!(
        member_stems(&["annotation.txt", "x/b.txt", "x/B.TXT"], Format::Brat),
        ["annotation", "x/b", "x/B-2"]
    );

    let entries: Vec<Entry> = names
        .iter()
        .enumerate()
        .map(|(i, n)| Entry::new(*n, format!("第{i}篇<cand>也</cand>\n")))
        .collect();
    for format in REOPENED {
        let bytes = export_zip(&entries, format).expect("a zip");
        let files = members(&bytes);
        let mut lower: Vec<String> = files.iter().map(|(n, _)| n.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), files.len(), "{format:?}: {files:?}");
        let back = read_zip(&bytes).expect("read");
        let back_names: Vec<&str> = back.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(back_names, names, "{format:?}");
        for (entry, again) in entries.iter().zip(&back.entries) {
            assert_eq!(parse(&again.source).text, parse(&entry.source).text);
        }
    }
}

#[test]
fn a_single_document_brat_zip_names_its_files_after_the_document() {
    let doc = parse("<a>虽然</a>下雨，<a>但</a>出发。\n");
    let single = formats::export(&doc, Format::Brat, "corpus/seed-zh.txt");
    let names: Vec<String> = members(&single.bytes).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "seed-zh.txt",
            "seed-zh.ann",
            "annotation.conf",
            "visual.conf"
        ]
    );
    assert_eq!(brat::import_zip(&single.bytes).expect("reads back"), doc);
    assert!(
        !is_corpus_zip(&single.bytes),
        "one brat document opens as one"
    );

    // Zips from before, named doc.txt and doc.ann, still open, alone or beside others.
    let ann = brat::export_ann(&doc);
    let old = zip::write(&[
        ("doc.txt", doc.text.as_bytes()),
        ("doc.ann", ann.as_bytes()),
        ("other.txt", "x\n".as_bytes()),
        ("other.ann", "".as_bytes()),
    ])
    .expect("a zip");
    assert_eq!(brat::import_zip(&old).expect("old names"), doc);

    // Two single exports unpacked into one collection no longer overwrite each other.
    let other = formats::export(&doc, Format::Brat, "other.txt");
    let mut together = members(&single.bytes);
    together.extend(members(&other.bytes));
    together.sort();
    together.dedup_by(|a, b| a.0 == b.0);
    let listed: Vec<(&str, &[u8])> = together
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let collection = read_zip(&zip::write(&listed).expect("a zip")).expect("read");
    let opened: Vec<&str> = collection.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(opened, ["other.txt", "seed-zh.txt"]);
}

#[test]
fn which_zips_open_as_a_corpus() {
    let two =
        zip::write(&[("a.txt", b"a\n".as_slice()), ("b.txt", b"b\n".as_slice())]).expect("a zip");
    assert!(is_corpus_zip(&two));
    let one_text = zip::write(&[("a.txt", b"a\n".as_slice())]).expect("a zip");
    assert!(
        is_corpus_zip(&one_text),
        "a zip of one tagged text opens as a corpus of one"
    );
    let one_doc = vec![Entry::new("only.txt", "<cand>也</cand>\n")];
    let exported = export_zip(&one_doc, Format::Brat).expect("a zip");
    assert!(is_corpus_zip(&exported), "corpus.json makes it a corpus");
    let label_studio = formats::export(&parse("x\n"), Format::LabelStudio, "x.txt").bytes;
    assert!(!is_corpus_zip(&label_studio));
    assert!(!is_corpus_zip(b"PK\x03\x04 broken"));
}

#[test]
fn junk_beside_a_single_brat_document_keeps_it_one_document() {
    let doc = parse("<a>虽然</a>甲<a>但</a>乙\n");
    let ann = brat::export_ann(&doc);
    let zip = zip::write(&[
        ("seed.txt", doc.text.as_bytes()),
        ("seed.ann", ann.as_bytes()),
        ("__MACOSX/._seed.ann", b"\x00\x05".as_slice()),
        ("._seed.ann", b"\x00\x05".as_slice()),
    ])
    .expect("a zip");
    assert!(!is_corpus_zip(&zip));
    let corpus = read_zip(&zip).expect("read");
    assert_eq!(corpus.refused, vec![]);
    assert_eq!(corpus.entries.len(), 1);
}

#[test]
fn a_broken_corpus_json_in_the_zip_leaves_the_documents_new_and_says_so() {
    let entries = entries();
    let files = members(&export_zip(&entries, Format::Tagged).expect("a zip"));
    let mut listed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    listed[0].1 = b"{\"format\": \"connectives-corpus/1\", \"documents\": [";
    let corpus = read_zip(&zip::write(&listed).expect("a zip")).expect("read");
    assert_eq!(corpus.entries.len(), 3);
    assert!(corpus
        .entries
        .iter()
        .all(|e| e.status == Status::New && e.note.is_empty()));
    assert_eq!(corpus.messages.len(), 1, "{:?}", corpus.messages);
    assert!(
        corpus.messages[0].contains("corpus.json is not JSON"),
        "{:?}",
        corpus.messages
    );
}
