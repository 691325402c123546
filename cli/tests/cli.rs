//! The real `connectives` binary, run on files each test writes to its own temporary folder.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use connectives_core::corpus;
use connectives_core::formats::{self, brat, json, Format};
use connectives_core::{parse, write, DiagnosticKind, Document};
use serde_json::Value;

const EXAMPLE: &str = include_str!("../../www/examples/seed-zh.txt");

/// A folder of its own for one test, removed when the test ends.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("connectives-cli-{}-{n}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the temporary folder");
        TempDir(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write the test file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn connectives<S: AsRef<OsStr>>(args: &[S], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_connectives"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start connectives");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // The command may exit before reading everything; a broken pipe here is its business.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child.wait_with_output().expect("wait for connectives")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn name(path: &Path) -> String {
    path.display().to_string()
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    for unit in std::iter::once(0xFEFF).chain(text.encode_utf16()) {
        if little_endian {
            bytes.extend_from_slice(&unit.to_le_bytes());
        } else {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
    }
    bytes
}

#[test]
fn check_of_a_well_formed_file_prints_the_summary_and_exits_0() {
    let dir = TempDir::new("check-ok");
    let path = dir.file(
        "ok.txt",
        "甲<a>虽然</a>乙，<a>但</a>丙。\n<cand>也</cand>好。\n".as_bytes(),
    );
    let output = connectives(&[OsStr::new("check"), path.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{}: 2 lines, 1 candidate, 2 members, 1 pair; 0 errors, 0 warnings\n",
            name(&path)
        )
    );
    assert_eq!(stderr(&output), "");
}

#[test]
fn check_of_a_malformed_file_prints_file_line_column_in_characters_and_exits_1() {
    let dir = TempDir::new("check-bad");
    // 𠮷 is one character but four bytes and two UTF-16 units: the column must say 4.
    let path = dir.file("bad.txt", "好。\n中亚𠮷<cand>但\n".as_bytes());
    let output = connectives(&[OsStr::new("check"), path.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(1));
    let message = DiagnosticKind::UnclosedTag {
        tag: "<cand>".to_string(),
    }
    .message();
    assert_eq!(
        stdout(&output),
        format!(
            "{file}:2:4: error: {message}\n\
             {file}: 2 lines, 0 candidates, 0 members, 0 pairs; 1 error, 0 warnings\n",
            file = name(&path)
        )
    );
}

#[test]
fn check_with_only_warnings_exits_0() {
    let dir = TempDir::new("check-warn");
    let path = dir.file("warn.txt", "甲<a>虽然</a>乙。\n".as_bytes());
    let output = connectives(&[OsStr::new("check"), path.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(0));
    let first = stdout(&output);
    assert!(
        first.starts_with(&format!("{}:1:2: warning: ", name(&path))),
        "{first}"
    );
}

#[test]
fn check_of_several_files_adds_a_total() {
    let dir = TempDir::new("check-many");
    let good = dir.file("good.txt", "<cand>也</cand>\n".as_bytes());
    let bad = dir.file("bad.txt", "</a>\n".as_bytes());
    let output = connectives(
        &[OsStr::new("check"), good.as_os_str(), bad.as_os_str()],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(
        out.contains(&format!("{}:1:1: error: ", name(&bad))),
        "{out}"
    );
    assert!(
        out.ends_with("total: 2 files, 1 error, 0 warnings\n"),
        "{out}"
    );
}

#[test]
fn export_json_is_the_core_export_with_code_point_and_utf16_offsets() {
    let dir = TempDir::new("export-json");
    let text = "𠮷<cand>而</cand>且\n<a>虽然</a>甲<a>但</a>\n";
    let path = dir.file("doc.txt", text.as_bytes());
    let output = connectives(
        &[
            OsStr::new("export"),
            OsStr::new("--format"),
            OsStr::new("json"),
            path.as_os_str(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert_eq!(out, json::export(&parse(text)));

    let value: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(value["format"], "connectives/1");
    assert_eq!(value["counts"]["lines"], 2);
    assert_eq!(value["counts"]["candidates"], 1);
    assert_eq!(value["counts"]["members"], 2);
    assert_eq!(value["counts"]["pairs"], 1);
    assert_eq!(value["counts"]["errors"], 0);
    let span = &value["spans"][0];
    assert_eq!(span["text"], "而");
    // After 𠮷: one code point, two UTF-16 units.
    assert_eq!(
        (&span["start"], &span["end"]),
        (&Value::from(1), &Value::from(2))
    );
    assert_eq!(
        (&span["start_utf16"], &span["end_utf16"]),
        (&Value::from(2), &Value::from(3))
    );
    assert_eq!(value["pairs"][0]["label"], "虽然…但");
}

#[test]
fn export_tagged_gives_back_the_input_byte_for_byte_with_bom_and_crlf() {
    let dir = TempDir::new("export-tagged");
    let source = "\u{FEFF}甲<a>虽然</a>乙，<a>但</a>丙。\r\n<cand>也</cand>好<CAND>坏\r\n</a>未完";
    let path = dir.file("crlf.txt", source.as_bytes());
    let output = connectives(
        &[
            OsStr::new("export"),
            OsStr::new("--format=tagged"),
            path.as_os_str(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, source.as_bytes());
    assert_eq!(stderr(&output), "", "plain UTF-8 needs no notice");
}

#[test]
fn dash_reads_standard_input() {
    let source = "<a>不仅</a>甲，<a>而且</a>乙。\n";
    let tagged = connectives(&["export", "-f", "tagged", "-"], source.as_bytes());
    assert_eq!(tagged.status.code(), Some(0));
    assert_eq!(tagged.stdout, source.as_bytes());

    let checked = connectives(&["check", "-"], "<cand>也\n".as_bytes());
    assert_eq!(checked.status.code(), Some(1));
    assert!(stdout(&checked).starts_with("<stdin>:1:1: error: "));
}

#[test]
fn out_writes_the_export_to_a_file_and_nothing_to_stdout() {
    let dir = TempDir::new("export-out");
    let text = "<cand>也</cand>\n";
    let input = dir.file("in.txt", text.as_bytes());
    let out = dir.0.join("out.json");
    let output = connectives(
        &[
            OsStr::new("export"),
            input.as_os_str(),
            OsStr::new("--out"),
            out.as_os_str(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&out).expect("the export was written");
    assert_eq!(written, json::export(&parse(text)));
}

#[test]
fn out_into_a_missing_folder_exits_2() {
    let dir = TempDir::new("export-out-bad");
    let input = dir.file("in.txt", b"x\n");
    let out = dir.0.join("no-such-folder").join("out.json");
    let output = connectives(
        &[
            OsStr::new("export"),
            input.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(&format!("cannot write {}", name(&out))));
}

#[test]
fn gb18030_input_is_decoded_with_a_notice_naming_the_encoding() {
    let dir = TempDir::new("gb18030");
    // 中文<a>虽然</a>，<a>但</a>中文, encoded by hand in GB18030.
    let bytes = b"\xD6\xD0\xCE\xC4<a>\xCB\xE4\xC8\xBB</a>\xA3\xAC<a>\xB5\xAB</a>\xD6\xD0\xCE\xC4\n";
    let path = dir.file("gb.txt", bytes);
    let output = connectives(
        &[
            OsStr::new("export"),
            OsStr::new("--format"),
            OsStr::new("tagged"),
            path.as_os_str(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "中文<a>虽然</a>，<a>但</a>中文\n");
    let notice = stderr(&output);
    assert!(notice.contains(&name(&path)), "{notice}");
    assert!(notice.contains("decoded as GB18030"), "{notice}");

    let stats = connectives(&[OsStr::new("stats"), path.as_os_str()], b"");
    assert!(
        stdout(&stats).contains("  虽然…但 ×1\n"),
        "{}",
        stdout(&stats)
    );
}

#[test]
fn utf16_with_a_byte_order_mark_decodes_in_both_byte_orders() {
    let dir = TempDir::new("utf16");
    let text = "𠮷<a>虽然</a>甲<a>但</a>\r\n<cand>也</cand>\r\n";
    for (little_endian, encoding) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
        let path = dir.file(&format!("{encoding}.txt"), &utf16(text, little_endian));
        let output = connectives(
            &[
                OsStr::new("export"),
                OsStr::new("-f"),
                OsStr::new("tagged"),
                path.as_os_str(),
            ],
            b"",
        );
        assert_eq!(output.status.code(), Some(0), "{encoding}");
        // The mark is kept, now as UTF-8's.
        assert_eq!(stdout(&output), format!("\u{FEFF}{text}"), "{encoding}");
        assert!(
            stderr(&output).contains(&format!("decoded as {encoding}")),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn nul_bytes_are_not_text_and_exit_2() {
    let dir = TempDir::new("nul");
    let path = dir.file("binary.dat", b"<cand>x</cand>\0\x01\x02");
    for command in ["check", "export", "stats"] {
        let output = connectives(&[OsStr::new(command), path.as_os_str()], b"");
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert!(output.stdout.is_empty(), "{command}");
        let message = stderr(&output);
        assert!(
            message.contains(&format!(
                "{}: not a text file: NUL byte at offset 14",
                name(&path)
            )),
            "{command}: {message}"
        );
    }
}

#[test]
fn missing_file_and_directory_exit_2_with_a_message() {
    let dir = TempDir::new("missing");
    let missing = dir.0.join("no-such-file.txt");
    for command in ["check", "export", "stats"] {
        let output = connectives(&[OsStr::new(command), missing.as_os_str()], b"");
        assert_eq!(output.status.code(), Some(2), "{command}");
        let message = stderr(&output);
        assert!(
            message.starts_with(&format!("connectives: cannot read {}: ", name(&missing))),
            "{message}"
        );
    }
    // A folder is a corpus of its .txt files; this one has none.
    for (command, says) in [
        (
            "check",
            format!(
                "connectives: {}: no .txt files in this folder",
                name(&dir.0)
            ),
        ),
        (
            "stats",
            format!(
                "connectives: {}: no .txt files in this folder",
                name(&dir.0)
            ),
        ),
        (
            "export",
            format!("connectives: cannot read {}: it is a folder", name(&dir.0)),
        ),
    ] {
        let output = connectives(&[OsStr::new(command), dir.0.as_os_str()], b"");
        assert_eq!(output.status.code(), Some(2), "{command}");
        let message = stderr(&output);
        assert!(message.starts_with(&says), "{command}: {message}");
    }
}

#[test]
fn usage_errors_print_usage_and_exit_2_and_help_exits_0() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["export"],
        &["stats", "--top", "x", "f"],
    ] {
        let output = connectives(args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(stderr(&output).contains("Usage:"), "{args:?}");
    }
    for args in [&["--help"][..], &["help"], &["stats", "-h"]] {
        let output = connectives(args, b"");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(stdout(&output).contains("Usage:"), "{args:?}");
    }
}

#[test]
fn stats_of_the_example_counts_and_lists_the_most_frequent_pairs() {
    let dir = TempDir::new("stats");
    let path = dir.file("seed-zh.txt", EXAMPLE.as_bytes());
    let output = connectives(&[OsStr::new("stats"), path.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(
        out.starts_with(&format!(
            "{}: 33 lines, 24 candidates, 16 members, 8 pairs; 0 errors, 0 warnings\n",
            name(&path)
        )),
        "{out}"
    );
    let first = out.find("  虽然…但 ×3\n").expect("虽然…但 ×3 is listed");
    let second = out
        .find("  不仅…而且 ×2\n")
        .expect("不仅…而且 ×2 is listed");
    assert!(first < second, "most frequent first:\n{out}");
    assert!(out.contains("Pairs (5 distinct):\n"), "{out}");
    // 后 comes first in the text, but 也 is more frequent.
    assert!(
        out.contains("Candidates (14 distinct):\n  也 ×5\n"),
        "{out}"
    );
}

/// 𠮷 (one character, four bytes, two UTF-16 units), a byte order mark, CRLF, pairs and a
/// candidate: everything an export has to convert.
const ROUND_TRIP: &str =
    "\u{FEFF}甲𠮷<a>虽然</a>乙，<a>但</a>丙。\r\n<cand>也</cand>好，<a>不仅</a>丁<a>而且</a>戊\r\n";

fn args(parts: &[&dyn AsRef<OsStr>]) -> Vec<std::ffi::OsString> {
    parts.iter().map(|p| p.as_ref().to_os_string()).collect()
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder exists")
        .map(|entry| {
            entry
                .expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Text, spans (kind and text) and pairs: what an import must give back (it writes LF and no
/// byte order mark).
#[derive(Debug, PartialEq)]
struct Annotations {
    text: String,
    spans: Vec<(&'static str, std::ops::Range<usize>, String)>,
    pairs: Vec<(usize, usize)>,
}

fn annotations(doc: &Document) -> Annotations {
    Annotations {
        text: doc.text.clone(),
        spans: doc
            .spans
            .iter()
            .enumerate()
            .map(|(id, span)| {
                let text = doc.span_text(id).to_string();
                (span.kind.as_str(), span.range.clone(), text)
            })
            .collect(),
        pairs: doc.pairs.iter().map(|p| (p.first, p.second)).collect(),
    }
}

#[test]
fn export_of_every_format_is_the_core_export_byte_for_byte() {
    let dir = TempDir::new("export-all");
    let path = dir.file("doc.txt", ROUND_TRIP.as_bytes());
    let doc = parse(ROUND_TRIP);
    for format in Format::ALL {
        let expected = formats::export(&doc, format, "doc.txt").bytes;
        let output = connectives(&args(&[&"export", &"--format", &format.name(), &path]), b"");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}: {}",
            format.name(),
            stderr(&output)
        );
        assert!(
            output.stdout == expected,
            "{} differs from the core's export",
            format.name()
        );

        let out = dir.0.join(format!("out.{}", format.extension()));
        let written = connectives(
            &args(&[&"export", &"-f", &format.name(), &path, &"--out", &out]),
            b"",
        );
        assert_eq!(written.status.code(), Some(0), "{}", format.name());
        assert!(written.stdout.is_empty(), "{}", format.name());
        let bytes = std::fs::read(&out).expect("the export was written");
        assert!(bytes == expected, "{} --out differs", format.name());
    }
}

#[test]
fn folder_export_writes_one_file_per_input_and_names_the_missing_one_with_exit_2() {
    let dir = TempDir::new("export-folder");
    let first = dir.file("first.txt", ROUND_TRIP.as_bytes());
    let second = dir.file("second.txt", "<cand>还</cand>好<cand>坏\n".as_bytes());
    let missing = dir.0.join("missing.txt");
    let out = dir.0.join("out").join("jsonl");
    let output = connectives(
        &args(&[
            &"export", &"-f", &"jsonl", &first, &missing, &second, &"--out", &out,
        ]),
        b"",
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert_eq!(listing(&out), ["first.jsonl", "second.jsonl"]);
    for (name, source) in [
        ("first", ROUND_TRIP),
        ("second", "<cand>还</cand>好<cand>坏\n"),
    ] {
        let written = std::fs::read(out.join(format!("{name}.jsonl"))).expect("written");
        assert_eq!(
            written,
            formats::export(&parse(source), Format::Jsonl, "x.txt").bytes,
            "{name}"
        );
    }
    let message = stderr(&output);
    assert!(
        message.contains(&format!("connectives: cannot read {}: ", name(&missing))),
        "{message}"
    );
    // Markup errors are reported with their counts but do not fail the export.
    assert!(
        message.contains(&format!("{}: 1 error, 0 warnings", name(&second))),
        "{message}"
    );
}

#[test]
fn folder_export_of_good_files_exits_0_and_a_folder_means_its_txt_files() {
    let dir = TempDir::new("export-folder-ok");
    let corpus = dir.0.join("corpus");
    std::fs::create_dir(&corpus).expect("create the corpus folder");
    std::fs::write(corpus.join("a.txt"), "<cand>也</cand>\n").expect("write a.txt");
    std::fs::write(corpus.join("b.txt"), "<a>虽然</a>甲<a>但</a>\n").expect("write b.txt");
    std::fs::write(corpus.join("notes.md"), "not a document").expect("write notes.md");
    let out = dir.0.join("out");
    let output = connectives(
        &args(&[&"export", &"-f", &"csv", &corpus, &"-o", &out]),
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(listing(&out), ["a.csv", "b.csv"]);

    let refused = connectives(&args(&[&"export", &corpus]), b"");
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("give --out DIR"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn several_inputs_without_out_are_a_usage_error() {
    for command in [
        &["export", "a.txt", "b.txt"][..],
        &["import", "--from", "json", "a", "b"],
    ] {
        let output = connectives(command, b"");
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        assert!(stderr(&output).contains("needs --out DIR"), "{command:?}");
        assert!(stderr(&output).contains("Usage:"), "{command:?}");
    }
}

#[test]
fn brat_folder_export_writes_one_zip_holding_every_document_and_imports_back() {
    let dir = TempDir::new("export-brat");
    let sources = [
        ("first", ROUND_TRIP),
        ("second", "<a>不仅</a>甲<a>而且</a>乙\n"),
    ];
    let paths: Vec<PathBuf> = sources
        .iter()
        .map(|(stem, text)| dir.file(&format!("{stem}.txt"), text.as_bytes()))
        .collect();
    let out = dir.0.join("out");
    let output = connectives(
        &args(&[
            &"export",
            &"--format=brat",
            &paths[0],
            &paths[1],
            &"--out",
            &out,
        ]),
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(listing(&out), ["brat.zip"]);

    let bytes = std::fs::read(out.join("brat.zip")).expect("the zip was written");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut names: Vec<String> = archive.file_names().map(str::to_string).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "annotation.conf",
            "first.ann",
            "first.txt",
            "second.ann",
            "second.txt",
            "visual.conf"
        ]
    );
    for (stem, source) in sources {
        let doc = parse(source);
        let mut read = |entry: String| {
            let mut text = String::new();
            std::io::Read::read_to_string(
                &mut archive.by_name(&entry).expect("the entry is there"),
                &mut text,
            )
            .expect("UTF-8");
            text
        };
        assert_eq!(read(format!("{stem}.txt")), doc.text, "{stem}");
        assert_eq!(
            read(format!("{stem}.ann")),
            brat::export_ann(&doc),
            "{stem}"
        );
    }

    // The zip of several documents comes back as one text each.
    let back = dir.0.join("back");
    let imported = connectives(
        &args(&[
            &"import",
            &"--from",
            &"brat",
            &out.join("brat.zip"),
            &"--out",
            &back,
        ]),
        b"",
    );
    assert_eq!(imported.status.code(), Some(0), "{}", stderr(&imported));
    assert_eq!(listing(&back), ["first.txt", "second.txt"]);
    for (stem, source) in sources {
        let text = std::fs::read_to_string(back.join(format!("{stem}.txt"))).expect("written");
        assert_eq!(
            annotations(&parse(&text)),
            annotations(&parse(source)),
            "{stem}"
        );
    }
}

#[test]
fn import_from_brat_zip_ann_and_txt_doccano_json_and_jsonl_gives_back_the_tagged_text() {
    let dir = TempDir::new("import");
    let doc = parse(ROUND_TRIP);
    assert_eq!(doc.pairs.len(), 2, "the test document has pairs");
    // The import writes LF and no byte order mark; everything else is as written.
    let expected = write(&doc)
        .trim_start_matches('\u{FEFF}')
        .replace("\r\n", "\n");
    let zip = dir.file(
        "doc.brat.zip",
        &formats::export(&doc, Format::Brat, "doc.txt").bytes,
    );
    let ann = dir.file("pair.ann", brat::export_ann(&doc).as_bytes());
    dir.file("pair.txt", doc.text.as_bytes());
    let doccano = dir.file(
        "doc.doccano.jsonl",
        &formats::export(&doc, Format::Doccano, "doc.txt").bytes,
    );
    let json = dir.file(
        "doc.json",
        &formats::export(&doc, Format::Json, "doc.txt").bytes,
    );
    let jsonl = dir.file(
        "doc.jsonl",
        &formats::export(&doc, Format::Jsonl, "doc.txt").bytes,
    );
    for (from, input) in [
        ("brat", &zip),
        ("brat", &ann),
        ("doccano", &doccano),
        ("json", &json),
        ("jsonl", &jsonl),
    ] {
        let output = connectives(&args(&[&"import", &"--from", &from, input]), b"");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{from} {}: {}",
            name(input),
            stderr(&output)
        );
        let text = stdout(&output);
        assert_eq!(
            annotations(&parse(&text)),
            annotations(&doc),
            "{from} {}",
            name(input)
        );
        assert_eq!(text, expected, "{from} {}", name(input));
    }

    // Several inputs into a folder, named after the document each came from.
    let out = dir.0.join("out");
    let output = connectives(
        &args(&[
            &"import", &"--from", &"doccano", &doccano, &"-", &"--out", &out,
        ]),
        &formats::export(&doc, Format::Doccano, "doc.txt").bytes,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(listing(&out), ["doc.txt", "stdin.txt"]);
    assert_eq!(
        std::fs::read_to_string(out.join("doc.txt")).expect("written"),
        expected
    );
}

#[test]
fn import_of_a_malformed_doccano_line_reports_file_line_and_column_and_goes_on_with_exit_2() {
    let dir = TempDir::new("import-bad");
    let bad = dir.file(
        "bad.jsonl",
        b"{\"text\": \"\xE5\xA5\xBD\", \"entities\": []}\n{\"text\": oops}\n",
    );
    let good = dir.file(
        "good.jsonl",
        &formats::export(&parse(ROUND_TRIP), Format::Doccano, "good.txt").bytes,
    );
    let out = dir.0.join("out");
    let output = connectives(
        &args(&[
            &"import", &"--from", &"doccano", &bad, &good, &"--out", &out,
        ]),
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(&format!(
            "connectives: {}:2:10: not a doccano record: expected value",
            name(&bad)
        )),
        "{message}"
    );
    assert_eq!(listing(&out), ["good.txt"]);

    let alone = connectives(&args(&[&"import", &"--from", &"doccano", &bad]), b"");
    assert_eq!(alone.status.code(), Some(2));
    assert!(alone.stdout.is_empty());
    assert!(stderr(&alone).contains(&format!("{}:2:10: ", name(&bad))));
}

#[test]
fn importing_the_page_jsonl_as_doccano_or_doccano_as_jsonl_says_which_it_is() {
    let dir = TempDir::new("import-mixed-up");
    let doc = parse(ROUND_TRIP);
    let ours = dir.file(
        "ours.jsonl",
        &formats::export(&doc, Format::Jsonl, "ours.txt").bytes,
    );
    let theirs = dir.file(
        "theirs.jsonl",
        &formats::export(&doc, Format::Doccano, "theirs.txt").bytes,
    );
    for (from, input, says) in [
        ("doccano", &ours, "the page's own JSONL"),
        ("jsonl", &theirs, "this is a doccano record"),
    ] {
        let output = connectives(&args(&[&"import", &"--from", &from, input]), b"");
        assert_eq!(output.status.code(), Some(2), "{from}");
        assert!(output.stdout.is_empty(), "{from}: nothing is written");
        let message = stderr(&output);
        assert!(
            message.contains(&format!("{}:1: ", name(input))) && message.contains(says),
            "{from}: {message}"
        );
    }
}

#[test]
fn import_of_a_brat_ann_without_its_txt_or_a_file_that_is_no_zip_exits_2() {
    let dir = TempDir::new("import-brat-bad");
    let ann = dir.file("lonely.ann", "T1\tCandidate 0 1\t也\n".as_bytes());
    let output = connectives(&args(&[&"import", &"--from", &"brat", &ann]), b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!("cannot read {}", name(&dir.0.join("lonely.txt")))),
        "{}",
        stderr(&output)
    );
    let not_zip = dir.file("notes.zip", b"hello");
    let output = connectives(&args(&[&"import", &"--from", &"brat", &not_zip]), b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&name(&not_zip)),
        "{}",
        stderr(&output)
    );
}

/// A folder of three tagged texts (and a file that is not one), as a corpus.
fn corpus_folder(dir: &TempDir) -> (PathBuf, Vec<(&'static str, &'static str)>) {
    let folder = dir.0.join("corpus");
    std::fs::create_dir_all(&folder).expect("create the corpus folder");
    let texts = vec![
        ("a.txt", "<a>虽然</a>下雨，<a>但</a>出发。<cand>也</cand>\n"),
        (
            "b.txt",
            "<cand>也</cand>好。<cand>还</cand>行。\n第二行<cand>坏\n",
        ),
        ("c.txt", "没有连接词。\n"),
    ];
    for (name, text) in &texts {
        std::fs::write(folder.join(name), text).expect("write a document");
    }
    std::fs::write(folder.join("notes.md"), "not a document\n").expect("write");
    (folder, texts)
}

#[test]
fn stats_of_a_folder_gives_a_row_per_document_and_the_corpus_totals() {
    let dir = TempDir::new("corpus-stats");
    let (folder, _) = corpus_folder(&dir);
    let output = connectives(&[OsStr::new("stats"), folder.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let a = name(&folder.join("a.txt"));
    let b = name(&folder.join("b.txt"));
    let c = name(&folder.join("c.txt"));
    assert_eq!(
        stdout(&output),
        format!(
            "{a}: 1 line, 1 candidate, 2 members, 1 pair; 0 errors, 0 warnings\n\
             {b}: 2 lines, 2 candidates, 0 members, 0 pairs; 1 error, 0 warnings\n\
             {c}: 1 line, 0 candidates, 0 members, 0 pairs; 0 errors, 0 warnings\n\
             total: 3 documents, 4 lines, 3 candidates, 2 members, 1 pair; 1 error, 0 warnings\n\
             \n\
             Candidates (2 distinct):\n  也 ×2\n  还 ×1\n\
             \n\
             Pairs (1 distinct):\n  虽然…但 ×1\n"
        )
    );
}

#[test]
fn export_of_a_folder_to_a_zip_is_the_core_corpus_export_byte_for_byte() {
    let dir = TempDir::new("corpus-export");
    let (folder, texts) = corpus_folder(&dir);
    let entries: Vec<corpus::Entry> = texts
        .iter()
        .map(|(name, text)| corpus::Entry::new(*name, *text))
        .collect();
    for format in Format::ALL {
        let out = dir.0.join(format!("corpus.{}.zip", format.name()));
        let output = connectives(
            &args(&[
                &"export",
                &"--format",
                &format.name(),
                &folder,
                &"--out",
                &out,
            ]),
            b"",
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format:?}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty());
        assert!(
            stderr(&output).ends_with(&format!(
                "connectives: wrote {} with 3 documents\n",
                name(&out)
            )),
            "{}",
            stderr(&output)
        );
        let written = std::fs::read(&out).expect("the zip is written");
        let expected = corpus::export_zip(&entries, format).expect("a zip");
        assert!(
            written == expected,
            "{format:?}: the CLI's zip differs from the core's"
        );
    }
    // An --out folder still means one file per document, as before.
    let into = dir.0.join("into");
    std::fs::create_dir_all(&into).expect("create");
    let output = connectives(
        &args(&[&"export", &"-f", &"csv", &folder, &"--out", &into]),
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(listing(&into), ["a.csv", "b.csv", "c.csv"]);
}

#[test]
fn export_of_a_corpus_zip_keeps_its_statuses_and_notes_and_equals_the_core() {
    let dir = TempDir::new("corpus-zip-export");
    let mut entries = vec![
        corpus::Entry::new("x/a.txt", "<a>不仅</a>甲，<a>而且</a>乙。\n"),
        corpus::Entry::new("b.txt", "<cand>也</cand>\n"),
    ];
    entries[0].status = corpus::Status::Done;
    entries[0].note = "ok".to_string();
    let input = dir.file(
        "in.zip",
        &corpus::export_zip(&entries, Format::Tagged).expect("a zip"),
    );
    let out = dir.0.join("out.brat.zip");
    let output = connectives(
        &args(&[&"export", &"-f", &"brat", &input, &"--out", &out]),
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read(&out).expect("written");
    assert!(written == corpus::export_zip(&entries, Format::Brat).expect("a zip"));
    let back = corpus::read_zip(&written).expect("reads back");
    assert_eq!(back.entries, entries);

    // Writing over the input is refused.
    let output = connectives(
        &args(&[&"export", &"-f", &"tagged", &input, &"--out", &input]),
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("it is one of the inputs"),
        "{}",
        stderr(&output)
    );
    // A zip without --out says what to give.
    let output = connectives(&args(&[&"export", &input]), b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("give --out DIR or --out X.zip"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_of_a_zip_checks_each_document_and_a_bad_member_exits_2() {
    let dir = TempDir::new("corpus-check");
    let zip = connectives_core::formats::zip::write(&[
        ("good.txt", "<cand>也</cand>\n".as_bytes()),
        ("bad.txt", b"\x89PNG\x00\x00".as_slice()),
        ("broken.txt", "<cand>坏\n".as_bytes()),
    ])
    .expect("a zip");
    let input = dir.file("docs.zip", &zip);
    let output = connectives(&args(&[&"check", &input]), b"");
    assert_eq!(output.status.code(), Some(2), "unreadable wins over errors");
    let shown = name(&input);
    let out = stdout(&output);
    assert!(
        out.starts_with(&format!(
            "{shown}/good.txt: 1 line, 1 candidate, 0 members, 0 pairs; 0 errors, 0 warnings\n{shown}/broken.txt:1:1: error: "
        )),
        "{out}"
    );
    assert!(
        out.ends_with("total: 3 files, 1 error, 0 warnings, 1 unreadable\n"),
        "{out}"
    );
    assert_eq!(
        stderr(&output),
        format!("connectives: {shown}/bad.txt: not a text file (a NUL byte at byte 4)\n")
    );
    // Without the bad member, the markup error alone gives 1.
    let zip = connectives_core::formats::zip::write(&[("broken.txt", "<cand>坏\n".as_bytes())])
        .expect("a zip");
    let input = dir.file("only.zip", &zip);
    assert_eq!(
        connectives(&args(&[&"check", &input]), b"").status.code(),
        Some(1)
    );
    // A file that is no zip at all is unreadable.
    let input = dir.file("fake.zip", b"not a zip");
    let output = connectives(&args(&[&"stats", &input]), b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("fake.zip: this is not a zip file"),
        "{}",
        stderr(&output)
    );
}

// A: 虽然–但 paired and 也 a candidate; B: 但 as a candidate, no 也 (worked out in the core's
// tests: span F1 0.8, labelled 0.4, κ 26/44).
const VERSION_A: &str = "<a>虽然</a>下雨，<a>但</a>是<cand>也</cand>好\n";
const VERSION_B: &str = "<a>虽然</a>下雨，<cand>但</cand>是也好\n";

#[test]
fn agree_of_two_files_prints_a_table() {
    let dir = TempDir::new("agree-table");
    let a = dir.file("a.txt", VERSION_A.as_bytes());
    let b = dir.file("other-name.txt", VERSION_B.as_bytes());
    let output = connectives(&[OsStr::new("agree"), a.as_os_str(), b.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "spans: A 3, B 2; pairs: A 1, B 0\n\
             span_f1       0.800\n\
             labelled_f1   0.400\n\
             overlap_f1    0.800\n\
             pair_f1       0.000\n\
             kappa         0.591\n\
             only_a            1\n\
             only_b            0\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("       1      1        0  0.000  但\n"),
        "{text}"
    );
}

#[test]
fn agree_json_has_the_issue_keys_and_csv_a_row_per_document() {
    let dir = TempDir::new("agree-json");
    let a = dir.file("a.txt", VERSION_A.as_bytes());
    let output = connectives(
        &["agree", "--format", "json", &name(&a), "-"],
        VERSION_B.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    for (key, value) in [
        ("span_f1", 0.8),
        ("labelled_f1", 0.4),
        ("overlap_f1", 0.8),
        ("pair_f1", 0.0),
        ("kappa", 0.591),
    ] {
        assert_eq!(json[key].as_f64(), Some(value), "{key}");
    }
    for (key, value) in [
        ("only_a", 1),
        ("only_b", 0),
        ("spans_a", 3),
        ("spans_b", 2),
        ("pairs_a", 1),
        ("pairs_b", 0),
    ] {
        assert_eq!(json[key].as_u64(), Some(value), "{key}");
    }
    assert_eq!(json["documents"][0]["name"], "a.txt");
    assert_eq!(json["documents"][0]["kappa"].as_f64(), Some(0.591));
    let connective = &json["connectives"][0];
    assert_eq!(
        (
            &connective["text"],
            &connective["a"],
            &connective["b"],
            &connective["matched"]
        ),
        (
            &Value::from("但"),
            &Value::from(1),
            &Value::from(1),
            &Value::from(0)
        )
    );

    let output = connectives(
        &["agree", "-f", "csv", &name(&a), "-"],
        VERSION_B.as_bytes(),
    );
    assert_eq!(
        stdout(&output),
        "name,span_f1,labelled_f1,overlap_f1,pair_f1,kappa,only_a,only_b,spans_a,spans_b,pairs_a,pairs_b\n\
         a.txt,0.800,0.400,0.800,0.000,0.591,1,0,3,2,1,0\n\
         *total*,0.800,0.400,0.800,0.000,0.591,1,0,3,2,1,0\n"
    );
}

#[test]
fn agree_matches_a_folder_and_a_zip_by_document_name() {
    let dir = TempDir::new("agree-corpus");
    let folder = dir.0.join("a");
    std::fs::create_dir_all(&folder).expect("create the folder");
    std::fs::write(folder.join("one.txt"), VERSION_A).expect("write");
    std::fs::write(folder.join("two.txt"), "<cand>也</cand>好\n").expect("write");
    std::fs::write(folder.join("mine.txt"), "x\n").expect("write");
    let entries = [
        corpus::Entry::new("two.txt", "<cand>也</cand>好\n"),
        corpus::Entry::new("one.txt", VERSION_B),
        corpus::Entry::new("theirs.txt", "y\n"),
    ];
    let zip = dir.file(
        "b.zip",
        &corpus::export_zip(&entries, Format::Tagged).expect("a zip"),
    );
    let output = connectives(
        &["agree", "--format=json", &name(&folder), &name(&zip)],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let names: Vec<&str> = json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(names, ["one.txt", "two.txt"]);
    assert_eq!(json["only_in_a"], serde_json::json!(["mine.txt"]));
    assert_eq!(json["only_in_b"], serde_json::json!(["theirs.txt"]));
    // Summed: A 4 spans, B 3; same boundaries 虽然, 但, 也 → 2·3/7 = 0.857; same kind 2 → 4/7.
    assert_eq!(json["span_f1"].as_f64(), Some(0.857));
    assert_eq!(json["labelled_f1"].as_f64(), Some(0.571));
    assert_eq!(json["documents"][1]["labelled_f1"].as_f64(), Some(1.0));
    assert!(
        stderr(&output).contains("mine.txt is only in "),
        "{}",
        stderr(&output)
    );

    let output = connectives(&["agree", &name(&folder), &name(&zip)], b"");
    assert!(
        stdout(&output)
            .starts_with("documents: 2 compared, 1 only in A, 1 only in B, 0 with another text\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn agree_refuses_texts_that_differ_with_the_place() {
    let dir = TempDir::new("agree-differ");
    let a = dir.file("a.txt", "第一行\n虽然<cand>下雨</cand>了\n".as_bytes());
    let b = dir.file("b.txt", "第一行\n虽然下午了\n".as_bytes());
    let output = connectives(&[OsStr::new("agree"), a.as_os_str(), b.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr(&output),
        format!(
            "connectives: {} and {}: the texts differ at line 2, column 4: A has 「虽然下雨了」, B has 「虽然下午了」\n",
            name(&a),
            name(&b)
        )
    );
}

#[test]
fn agree_needs_exactly_two_inputs_and_a_known_format() {
    for (args, message) in [
        (&["agree", "a.txt"][..], "<B>"),
        (&["agree", "a", "b", "c"], "unexpected argument 'c'"),
        (
            &["agree", "-f", "brat", "a", "b"],
            "[possible values: table, json, csv]",
        ),
        (
            &["agree", "--top", "3", "a", "b"],
            "unexpected argument '--top'",
        ),
        (
            &["agre", "a", "b"],
            "tip: a similar subcommand exists: 'agree'",
        ),
    ] {
        let output = connectives(args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&output).starts_with("connectives: error: "),
            "{}",
            stderr(&output)
        );
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("Usage: connectives"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn agree_has_its_own_help() {
    let output = connectives(&["agree", "--help"], b"");
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("Usage: connectives agree [OPTIONS] <A> <B>"),
        "{text}"
    );
    assert!(
        text.contains("[possible values: table, json, csv]"),
        "{text}"
    );
}
