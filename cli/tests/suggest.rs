//! `connectives suggest`, the real binary: suggestions added as tags, the existing markup kept
//! byte for byte, folders, and the threshold.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use connectives_core::{parse, write, SpanKind};

struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "connectives-cli-suggest-{}-{test}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("create the temporary folder");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn connectives(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_connectives"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start connectives");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let _ = pipe.write_all(stdin.as_bytes());
    drop(pipe);
    child.wait_with_output().expect("wait for connectives")
}

const TAGGED: &str = "\u{FEFF}<a pair=\"k\">虽然</a>天气很冷，<a pair=\"k\">但是</a>我们还是去了，而且玩得很开心。\r\n\
<cand>因此</cand>，大家都很满意。但是有人在家中休息。\r\n\
<a>如果</a>下雨，<a>就</a>不去<CAND>了</cand>。\r\n";

/// Removes every tag the output added: what is left is `write(parse(source))` byte for byte.
fn without_added_tags(out: &str, original: &str) -> String {
    let mut rest = out;
    let mut kept = String::new();
    while !rest.is_empty() {
        let tag = ["<cand>", "</cand>", "</a>", "<a>"]
            .iter()
            .find(|t| rest.starts_with(**t))
            .map(|t| t.len())
            .or_else(|| {
                rest.strip_prefix("<a pair=\"s")
                    .and_then(|r| r.find("\">").map(|i| "<a pair=\"s".len() + i + 2))
            });
        match tag {
            Some(len) if !original[kept.len()..].starts_with(&rest[..len]) => rest = &rest[len..],
            _ => {
                let c = rest.chars().next().map_or(1, char::len_utf8);
                kept.push_str(&rest[..c]);
                rest = &rest[c..];
            }
        }
    }
    kept
}

#[test]
fn suggest_adds_tags_and_keeps_existing_marks_byte_for_byte() {
    let output = connectives(&["suggest", "-"], TAGGED);
    assert!(output.status.success(), "{output:?}");
    let out = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(without_added_tags(&out, TAGGED), TAGGED);
    assert_eq!(write(&parse(TAGGED)), TAGGED);
    let (before, after) = (parse(TAGGED), parse(&out));
    assert_eq!(after.text, before.text);
    assert!(
        after.spans.len() > before.spans.len(),
        "something suggested: {out}"
    );
    for span in &before.spans {
        let same = after
            .spans
            .iter()
            .find(|s| s.range == span.range)
            .expect("an existing span is kept");
        assert_eq!(same.kind, span.kind);
    }
    for pair in &before.pairs {
        let range = |id: usize, doc: &connectives_core::Document| doc.spans[id].range.clone();
        assert!(after
            .pairs
            .iter()
            .any(|p| range(p.first, &after) == range(pair.first, &before)
                && range(p.second, &after) == range(pair.second, &before)));
    }
    // 而且 after a comma is a likely connective.
    assert!(out.contains("<cand>而且</cand>"), "{out}");
}

#[test]
fn an_untagged_pair_comes_out_as_members() {
    let output = connectives(&["suggest", "-"], "虽然下了大雨，但是比赛照常进行。\n");
    let out = String::from_utf8(output.stdout).expect("UTF-8");
    let doc = parse(&out);
    assert_eq!(doc.pairs.len(), 1, "{out}");
    assert_eq!(doc.pair_label(0), "虽然…但是");
    assert!(
        doc.spans
            .iter()
            .filter(|s| s.kind == SpanKind::Member)
            .count()
            == 2
    );
}

#[test]
fn min_confidence_one_adds_nothing_and_a_bad_value_is_refused() {
    let output = connectives(&["suggest", "--min-confidence", "1", "-"], TAGGED);
    assert!(output.status.success());
    // A suggestion is at most 0.999 confident: at 1 nothing passes.
    let out = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(out, TAGGED);
    let refused = connectives(&["suggest", "--min-confidence", "2", "-"], TAGGED);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn a_folder_goes_into_out_one_file_each() {
    let dir = TempDir::new("folder");
    let input = dir.0.join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("a.txt"), TAGGED).expect("write");
    std::fs::write(input.join("b.txt"), "他来了，但是她没来。\n").expect("write");
    let out = dir.0.join("out");
    let output = connectives(
        &[
            "suggest",
            input.to_str().expect("path"),
            "--out",
            out.to_str().expect("path"),
        ],
        "",
    );
    assert!(output.status.success(), "{output:?}");
    let b = std::fs::read_to_string(out.join("b.txt")).expect("b.txt written");
    assert!(b.contains("<cand>但是</cand>"), "{b}");
    let a = std::fs::read_to_string(out.join("a.txt")).expect("a.txt written");
    assert_eq!(without_added_tags(&a, TAGGED), TAGGED);
    let refused = connectives(&["suggest", input.to_str().expect("path")], "");
    assert_eq!(refused.status.code(), Some(2));
}
