//! `connectives agree A B`: how far two annotators' versions agree, for two files or two
//! corpora (folders, zips) matched by document name. The figures are the core's
//! (`connectives_core::agreement`); this only reads the inputs and lays the report out.

use std::io::{self, Write};

use connectives_core::agreement::{self, rounded, ConnectiveRow, CorpusAgreement, Figures};
use connectives_core::corpus::Entry;

use super::corpus;
use crate::input::InputPath;
use crate::{Streams, FAILURE, FOUND_ERRORS, SUCCESS};

/// How the report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreeFormat {
    Table,
    Json,
    Csv,
}

impl AgreeFormat {
    pub fn from_name(name: &str) -> Option<AgreeFormat> {
        match name {
            "table" => Some(AgreeFormat::Table),
            "json" => Some(AgreeFormat::Json),
            "csv" => Some(AgreeFormat::Csv),
            _ => None,
        }
    }
}

fn measures(figures: &Figures) -> [(&'static str, String); 7] {
    let figure = |value: f64| format!("{:.3}", rounded(value));
    [
        ("span_f1", figure(figures.span_f1())),
        ("labelled_f1", figure(figures.labelled_f1())),
        ("overlap_f1", figure(figures.overlap_f1())),
        ("pair_f1", figure(figures.pair_f1())),
        ("kappa", figure(figures.kappa())),
        ("only_a", figures.only_a().to_string()),
        ("only_b", figures.only_b().to_string()),
    ]
}

fn connective_table(rows: &[ConnectiveRow], out: &mut impl Write) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "Connectives: none");
    }
    writeln!(out, "Connectives (most disagreed first):")?;
    // The text comes last: Chinese characters are two columns wide in a terminal.
    writeln!(
        out,
        "  {:>6} {:>6} {:>8} {:>6}  text",
        "A", "B", "matched", "F1"
    )?;
    for row in rows {
        writeln!(
            out,
            "  {:>6} {:>6} {:>8} {:>6.3}  {}",
            row.a,
            row.b,
            row.matched,
            rounded(row.f1()),
            row.text
        )?;
    }
    Ok(())
}

/// The report as a table: the overall figures, a row per document for a corpus, and the
/// connective texts.
pub fn render_table(
    report: &CorpusAgreement,
    corpus: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let f = &report.figures;
    if corpus {
        writeln!(
            out,
            "documents: {} compared, {} only in A, {} only in B, {} with another text",
            report.documents.len(),
            report.only_in_a.len(),
            report.only_in_b.len(),
            report.mismatched.len()
        )?;
    }
    writeln!(
        out,
        "spans: A {}, B {}; pairs: A {}, B {}",
        f.spans_a, f.spans_b, f.pairs_a, f.pairs_b
    )?;
    for (name, value) in measures(f) {
        writeln!(out, "{name:<12} {value:>6}")?;
    }
    if corpus && !report.documents.is_empty() {
        writeln!(out)?;
        write!(out, "{:<24}", "document")?;
        for (name, _) in measures(f) {
            write!(out, " {name:>11}")?;
        }
        writeln!(out)?;
        for (name, agreement) in &report.documents {
            write!(out, "{name:<24}")?;
            for (_, value) in measures(&agreement.figures) {
                write!(out, " {value:>11}")?;
            }
            writeln!(out)?;
        }
    }
    writeln!(out)?;
    connective_table(&report.connectives, out)
}

/// The documents of one side, and how many of its files could not be read (reported on
/// stderr); `None` when nothing could be read.
fn side(input: &InputPath, streams: &mut Streams<'_>) -> io::Result<Option<(Vec<Entry>, usize)>> {
    let (gathered, failed) = corpus::gather(std::slice::from_ref(input), streams)?;
    if failed > 0 && gathered.is_empty() {
        return Ok(None);
    }
    Ok(Some((
        gathered.into_iter().map(|g| g.entry).collect(),
        failed,
    )))
}

pub fn run(
    a: &InputPath,
    b: &InputPath,
    format: AgreeFormat,
    streams: &mut Streams<'_>,
) -> io::Result<u8> {
    let many = corpus::is_many(std::slice::from_ref(a)) || corpus::is_many(std::slice::from_ref(b));
    let (Some((side_a, failed_a)), Some((mut side_b, failed_b))) =
        (side(a, streams)?, side(b, streams)?)
    else {
        return Ok(FAILURE);
    };
    // Two files are one document, whatever their names.
    if !many {
        if let ([entry_a], [entry_b]) = (side_a.as_slice(), side_b.as_mut_slice()) {
            entry_b.name = entry_a.name.clone();
        }
    }
    let report = agreement::compare_corpora(&side_a, &side_b);
    for (name, mismatch) in &report.mismatched {
        let shown = if many {
            name.clone()
        } else {
            format!("{} and {}", a.name(), b.name())
        };
        writeln!(streams.stderr, "connectives: {shown}: {mismatch}")?;
    }
    for name in &report.only_in_a {
        writeln!(
            streams.stderr,
            "connectives: {name} is only in {}",
            a.name()
        )?;
    }
    for name in &report.only_in_b {
        writeln!(
            streams.stderr,
            "connectives: {name} is only in {}",
            b.name()
        )?;
    }
    if !many && !report.mismatched.is_empty() {
        return Ok(FOUND_ERRORS);
    }
    match format {
        AgreeFormat::Table => render_table(&report, many, &mut streams.stdout)?,
        AgreeFormat::Json => writeln!(streams.stdout, "{}", agreement::report_json(&report))?,
        AgreeFormat::Csv => streams
            .stdout
            .write_all(agreement::report_csv(&report).as_bytes())?,
    }
    Ok(if failed_a + failed_b > 0 {
        FAILURE
    } else if report.mismatched.is_empty() {
        SUCCESS
    } else {
        FOUND_ERRORS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_gives_the_figures_and_the_connectives() {
        let report = agreement::compare_corpora(
            &[Entry::new("d.txt", "<cand>但</cand>是<cand>也</cand>")],
            &[Entry::new("d.txt", "<cand>但</cand>是也")],
        );
        let mut out = Vec::new();
        render_table(&report, false, &mut out).expect("writing to a Vec");
        let text = String::from_utf8(out).expect("UTF-8");
        // 2·1/(2+1) = 0.667.
        assert!(
            text.starts_with("spans: A 2, B 1; pairs: A 0, B 0\nspan_f1       0.667\n"),
            "{text}"
        );
        assert!(text.contains("only_a            1\n"), "{text}");
        // 3 characters: C·C, C·O, O·O; po 2/3, pe (2·1 + 1·2)/9 = 4/9, κ = (6 − 4)/(9 − 4).
        assert!(text.contains("kappa         0.400\n"), "{text}");
        assert!(
            text.ends_with(
                "       1      0        0  0.000  也\n       1      1        1  1.000  但\n"
            ),
            "{text}"
        );
    }
}
