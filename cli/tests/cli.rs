//! The real `connectives` binary, run on files each test writes to its own temporary folder.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use connectives_core::{formats::json, parse, DiagnosticKind};
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
    for target in [missing.as_path(), dir.0.as_path()] {
        for command in ["check", "export", "stats"] {
            let output = connectives(&[OsStr::new(command), target.as_os_str()], b"");
            assert_eq!(output.status.code(), Some(2), "{command} {}", name(target));
            let message = stderr(&output);
            assert!(
                message.starts_with(&format!("connectives: cannot read {}: ", name(target))),
                "{message}"
            );
        }
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
