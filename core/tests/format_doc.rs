//! docs/FORMAT.md is a test input: every example in it is parsed here and must have the outcome
//! written beside it (the convention is described at the top of that file), and its table of
//! messages must be the parser's.

use std::collections::BTreeSet;

use connectives_core::{parse, write, DiagnosticKind, Document, SpanKind};

const FORMAT_MD: &str = include_str!("../../docs/FORMAT.md");

struct Example {
    /// 1-based line in FORMAT.md of the input's opening fence, for failure messages.
    at: usize,
    input: String,
    expect: Vec<String>,
}

/// Fenced blocks as (line of the opening fence, info string, content lines).
fn fenced_blocks(md: &str) -> Vec<(usize, &str, Vec<&str>)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, &str, Vec<&str>)> = None;
    for (i, line) in md.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((i + 1, info.trim(), Vec::new())),
            (Some(_), Some("")) => blocks.extend(open.take()),
            (Some((_, _, content)), _) => content.push(line),
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "FORMAT.md ends inside a fenced block");
    blocks
}

fn unescape(escaped: &str) -> String {
    let mut out = String::new();
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let rest: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let hex = rest.strip_prefix('{').expect("\\u is followed by {hex}");
                let code = u32::from_str_radix(hex, 16).expect("hexadecimal code");
                out.push(char::from_u32(code).expect("a Unicode scalar value"));
            }
            other => panic!("unknown escape \\{other:?} in a tagged-escaped block"),
        }
    }
    out
}

fn examples() -> Vec<Example> {
    let blocks = fenced_blocks(FORMAT_MD);
    let mut examples = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let (at, info, content) = &blocks[i];
        let input = match *info {
            "tagged" => content.iter().map(|line| format!("{line}\n")).collect(),
            "tagged-escaped" => unescape(&content.concat()),
            "expect" => panic!("FORMAT.md line {at}: an expect block without an input before it"),
            _ => {
                i += 1;
                continue;
            }
        };
        let Some((_, "expect", expect)) = blocks.get(i + 1) else {
            panic!("FORMAT.md line {at}: an input block must be followed by an expect block");
        };
        examples.push(Example {
            at: *at,
            input,
            expect: expect.iter().map(|l| l.to_string()).collect(),
        });
        i += 2;
    }
    examples
}

/// The JSON string at the start of `s`, and what follows it.
fn json_string(s: &str) -> (String, &str) {
    let mut stream = serde_json::Deserializer::from_str(s).into_iter::<String>();
    let value = match stream.next() {
        Some(Ok(value)) => value,
        other => panic!("expected a JSON string in {s:?}: {other:?}"),
    };
    (value, s[stream.byte_offset()..].trim())
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// One `expect` statement, rewritten in a canonical form to compare with the parser's.
fn canonical(statement: &str) -> String {
    let (word, rest) = statement.split_once(' ').unwrap_or((statement, ""));
    match word {
        "text" => format!("text {}", quoted(&json_string(rest).0)),
        "lines" => format!("lines {}", rest.trim()),
        "candidate" | "member" => {
            let (text, tail) = json_string(rest);
            let tail = tail.split_whitespace().collect::<Vec<_>>().join(" ");
            format!(
                "{word} {}{}{tail}",
                quoted(&text),
                if tail.is_empty() { "" } else { " " }
            )
        }
        "error" | "warning" => {
            let (position, rest) = rest.split_once(' ').unwrap_or((rest, ""));
            format!("{word} {position} {}", quoted(&json_string(rest).0))
        }
        _ => panic!("unknown expect statement {statement:?}"),
    }
}

/// What the parser says about `doc`, in the same canonical form.
fn outcome(doc: &Document, with_text: bool, with_lines: bool) -> Vec<String> {
    let mut out = Vec::new();
    if with_text {
        out.push(format!("text {}", quoted(&doc.text)));
    }
    if with_lines {
        out.push(format!("lines {}", doc.lines.len()));
    }
    for (id, span) in doc.spans.iter().enumerate() {
        let kind = match span.kind {
            SpanKind::Candidate => "candidate",
            SpanKind::Member => "member",
        };
        let pair = span
            .pair
            .map(|p| format!(" pair {}", p + 1))
            .unwrap_or_default();
        out.push(format!("{kind} {}{pair}", quoted(doc.span_text(id))));
    }
    for d in &doc.diagnostics {
        let (line, column, message) = (d.line, d.column, quoted(&d.kind.message()));
        out.push(format!(
            "{} {line}:{column} {message}",
            d.severity().as_str()
        ));
    }
    out
}

fn kind_name(kind: &DiagnosticKind) -> &'static str {
    match kind {
        DiagnosticKind::UnclosedTag { .. } => "UnclosedTag",
        DiagnosticKind::UnmatchedClosingTag { .. } => "UnmatchedClosingTag",
        DiagnosticKind::TagInsideSpan { .. } => "TagInsideSpan",
        DiagnosticKind::EmptySpan { .. } => "EmptySpan",
        DiagnosticKind::LookalikeTag { .. } => "LookalikeTag",
        DiagnosticKind::UnpairedMember { .. } => "UnpairedMember",
        DiagnosticKind::PairKeyReused { .. } => "PairKeyReused",
    }
}

fn sample_diagnostics() -> Vec<DiagnosticKind> {
    let s = |v: &str| v.to_string();
    vec![
        DiagnosticKind::UnclosedTag { tag: s("<cand>") },
        DiagnosticKind::UnmatchedClosingTag { tag: s("</a>") },
        DiagnosticKind::TagInsideSpan {
            tag: s("<a>"),
            open: s("<cand>"),
        },
        DiagnosticKind::EmptySpan {
            tag: s("<cand></cand>"),
        },
        DiagnosticKind::LookalikeTag { tag: s("<CAND>") },
        DiagnosticKind::UnpairedMember { text: s("也") },
        DiagnosticKind::PairKeyReused { key: s("k") },
    ]
}

#[test]
fn every_example_in_format_md_has_the_stated_outcome() {
    let examples = examples();
    assert!(
        examples.len() >= 15,
        "found only {} examples",
        examples.len()
    );
    let mut failures = Vec::new();
    for example in &examples {
        let doc = parse(&example.input);
        assert_eq!(
            write(&doc),
            example.input,
            "FORMAT.md line {}: writing back changed the input",
            example.at
        );
        let expected: Vec<String> = example
            .expect
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(canonical)
            .collect();
        let with_text = expected.iter().any(|l| l.starts_with("text "));
        let with_lines = expected.iter().any(|l| l.starts_with("lines "));
        let found = outcome(&doc, with_text, with_lines);
        if found != expected {
            failures.push(format!(
                "FORMAT.md line {}:\n  expected:\n    {}\n  found:\n    {}",
                example.at,
                expected.join("\n    "),
                found.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn format_md_shows_every_kind_of_diagnostic_in_an_example() {
    let shown: BTreeSet<&str> = examples()
        .iter()
        .flat_map(|e| parse(&e.input).diagnostics)
        .map(|d| kind_name(&d.kind))
        .collect();
    let all: BTreeSet<&str> = sample_diagnostics().iter().map(kind_name).collect();
    assert_eq!(shown, all);
}

#[test]
fn format_md_message_table_matches_the_parser() {
    let rows: Vec<&str> = FORMAT_MD.lines().filter(|l| l.starts_with("| ")).collect();
    for kind in sample_diagnostics() {
        let cell = format!("`{}`", kind.message());
        let row = rows
            .iter()
            .find(|row| row.contains(&cell))
            .unwrap_or_else(|| panic!("no table row with {cell}"));
        assert!(
            row.starts_with(&format!("| {} |", kind.severity().as_str())),
            "{row}"
        );
    }
}
