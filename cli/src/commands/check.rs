//! `connectives check FILE…`: the diagnostics, one per line in the form compilers use, so
//! editors and CI can jump to them.

use std::io::{self, Write};

use connectives_core::{parse, Counts, Document};

use super::{corpus, plural, summary};
use crate::input::InputPath;
use crate::{Streams, FAILURE, FOUND_ERRORS, SUCCESS};

/// `FILE:LINE:COL: error|warning: message` for each diagnostic, then `FILE: <summary>`.
pub fn report(name: &str, doc: &Document, out: &mut impl Write) -> io::Result<()> {
    for diagnostic in &doc.diagnostics {
        writeln!(
            out,
            "{name}:{}:{}: {}: {}",
            diagnostic.line,
            diagnostic.column,
            diagnostic.severity().as_str(),
            diagnostic.kind.message()
        )?;
    }
    writeln!(out, "{name}: {}", summary(&doc.counts()))
}

/// Exit code: 2 if a file could not be read, else 1 if any file has an error, else 0. Folders
/// stand for their `*.txt` files and zips for their documents, each checked on its own.
pub fn run(files: &[InputPath], streams: &mut Streams<'_>) -> io::Result<u8> {
    let mut total = Counts::default();
    let (gathered, unreadable) = corpus::gather(files, streams)?;
    for document in &gathered {
        let doc = parse(&document.entry.source);
        report(&document.shown, &doc, &mut streams.stdout)?;
        let counts = doc.counts();
        total.errors += counts.errors;
        total.warnings += counts.warnings;
    }
    if corpus::is_many(files) {
        let mut line = format!(
            "total: {}, {}, {}",
            plural(gathered.len() + unreadable, "file", "files"),
            plural(total.errors, "error", "errors"),
            plural(total.warnings, "warning", "warnings"),
        );
        if unreadable > 0 {
            line.push_str(&format!(", {unreadable} unreadable"));
        }
        writeln!(streams.stdout, "{line}")?;
    }
    Ok(if unreadable > 0 {
        FAILURE
    } else if total.errors > 0 {
        FOUND_ERRORS
    } else {
        SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report_of(source: &str) -> String {
        let mut out = Vec::new();
        report("f.txt", &parse(source), &mut out).expect("writing to a Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn well_formed_text_gives_only_the_summary() {
        assert_eq!(
            report_of("<a>虽然</a>下雨，<a>但</a>去了。<cand>也</cand>好。\n"),
            "f.txt: 1 line, 1 candidate, 2 members, 1 pair; 0 errors, 0 warnings\n"
        );
    }

    #[test]
    fn column_counts_characters_not_bytes() {
        let report = report_of("好。\n中文<cand>但\n");
        let first = report.lines().next().expect("a diagnostic line");
        assert!(first.starts_with("f.txt:2:3: error: "), "{first}");
    }

    #[test]
    fn warnings_are_reported_as_warnings() {
        let report = report_of("<a>虽然</a>下雨。");
        assert!(report.starts_with("f.txt:1:1: warning: "), "{report}");
    }
}
