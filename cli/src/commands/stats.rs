//! `connectives stats FILE…`: the counts, and the candidates and pairs that occur most often;
//! for several files, a folder or a zip, one row per document, the corpus's totals, and the
//! frequencies over the whole corpus.

use std::collections::HashMap;
use std::io::{self, Write};

use connectives_core::{parse, Counts, Document, SpanKind};

use super::{corpus, load_reporting, plural, summary};
use crate::input::InputPath;
use crate::{Streams, FAILURE, SUCCESS};

/// Each distinct item with its count, most frequent first; ties keep document order.
pub fn most_frequent<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Vec<(String, usize)> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut counted: Vec<(String, usize)> = Vec::new();
    for item in items {
        let item = item.as_ref();
        match index.get(item) {
            Some(&i) => counted[i].1 += 1,
            None => {
                index.insert(item.to_string(), counted.len());
                counted.push((item.to_string(), 1));
            }
        }
    }
    // A stable sort, so equal counts stay in the order they first appeared.
    counted.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    counted
}

fn section(
    title: &str,
    counted: &[(String, usize)],
    top: usize,
    out: &mut impl Write,
) -> io::Result<()> {
    if counted.is_empty() {
        return writeln!(out, "{title}: none");
    }
    writeln!(out, "{title} ({} distinct):", counted.len())?;
    for (item, count) in counted.iter().take(top) {
        writeln!(out, "  {item} ×{count}")?;
    }
    if counted.len() > top {
        writeln!(out, "  … and {} more", counted.len() - top)?;
    }
    Ok(())
}

fn candidate_texts(doc: &Document) -> impl Iterator<Item = &str> {
    doc.spans
        .iter()
        .enumerate()
        .filter(|(_, span)| span.kind == SpanKind::Candidate)
        .map(|(id, _)| doc.span_text(id))
}

fn pair_labels(doc: &Document) -> impl Iterator<Item = String> + '_ {
    (0..doc.pairs.len()).map(|id| doc.pair_label(id))
}

/// `FILE: <summary>`, then the `top` most frequent candidates and pair labels (`虽然…但 ×3`).
pub fn render(name: &str, doc: &Document, top: usize, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{name}: {}", summary(&doc.counts()))?;
    let candidates = most_frequent(candidate_texts(doc));
    let pairs = most_frequent(pair_labels(doc));
    writeln!(out)?;
    section("Candidates", &candidates, top, out)?;
    writeln!(out)?;
    section("Pairs", &pairs, top, out)
}

/// One row per document (`NAME: <summary>`), `total: N documents, <summary>` over all of
/// them, then the `top` most frequent candidates and pair labels of the whole corpus.
pub fn render_corpus(
    documents: &[(String, Document)],
    top: usize,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut total = Counts::default();
    for (name, doc) in documents {
        let counts = doc.counts();
        writeln!(out, "{name}: {}", summary(&counts))?;
        total.lines += counts.lines;
        total.candidates += counts.candidates;
        total.members += counts.members;
        total.pairs += counts.pairs;
        total.errors += counts.errors;
        total.warnings += counts.warnings;
    }
    writeln!(
        out,
        "total: {}, {}",
        plural(documents.len(), "document", "documents"),
        summary(&total)
    )?;
    let candidates = most_frequent(documents.iter().flat_map(|(_, doc)| candidate_texts(doc)));
    let pairs = most_frequent(documents.iter().flat_map(|(_, doc)| pair_labels(doc)));
    writeln!(out)?;
    section("Candidates", &candidates, top, out)?;
    writeln!(out)?;
    section("Pairs", &pairs, top, out)
}

pub fn run(inputs: &[InputPath], top: usize, streams: &mut Streams<'_>) -> io::Result<u8> {
    if let ([input], false) = (inputs, corpus::is_many(inputs)) {
        let Some(source) = load_reporting(input, streams)? else {
            return Ok(FAILURE);
        };
        render(&source.name, &parse(&source.text), top, &mut streams.stdout)?;
        return Ok(SUCCESS);
    }
    let (gathered, failed) = corpus::gather(inputs, streams)?;
    let documents: Vec<(String, Document)> = gathered
        .into_iter()
        .map(|g| (g.shown, parse(&g.entry.source)))
        .collect();
    render_corpus(&documents, top, &mut streams.stdout)?;
    Ok(if failed > 0 { FAILURE } else { SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_of(source: &str, top: usize) -> String {
        let mut out = Vec::new();
        render("f.txt", &parse(source), top, &mut out).expect("writing to a Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn most_frequent_sorts_by_count_then_first_appearance() {
        assert_eq!(
            most_frequent(["也", "但", "还", "但", "也", "但"]),
            vec![
                ("但".to_string(), 3),
                ("也".to_string(), 2),
                ("还".to_string(), 1)
            ]
        );
    }

    #[test]
    fn lists_candidates_and_pair_labels_with_counts() {
        let source = "<a>虽然</a>甲，<a>但</a>乙。<cand>也</cand>\n\
                      <a>虽然</a>丙，<a>但</a>丁。<cand>还</cand><cand>也</cand>\n\
                      <a>不仅</a>戊，<a>而且</a>己。\n";
        assert_eq!(
            render_of(source, 10),
            "f.txt: 3 lines, 3 candidates, 6 members, 3 pairs; 0 errors, 0 warnings\n\
             \n\
             Candidates (2 distinct):\n  也 ×2\n  还 ×1\n\
             \n\
             Pairs (2 distinct):\n  虽然…但 ×2\n  不仅…而且 ×1\n"
        );
    }

    #[test]
    fn a_corpus_gives_a_row_per_document_then_totals_and_its_frequencies() {
        let documents = vec![
            (
                "a.txt".to_string(),
                parse("<a>虽然</a>甲，<a>但</a>乙。<cand>也</cand>\n"),
            ),
            (
                "z/b.txt".to_string(),
                parse("<cand>也</cand><cand>还</cand>\n<cand>坏\n"),
            ),
        ];
        let mut out = Vec::new();
        render_corpus(&documents, 10, &mut out).expect("writing to a Vec");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "a.txt: 1 line, 1 candidate, 2 members, 1 pair; 0 errors, 0 warnings\n\
             z/b.txt: 2 lines, 2 candidates, 0 members, 0 pairs; 1 error, 0 warnings\n\
             total: 2 documents, 3 lines, 3 candidates, 2 members, 1 pair; 1 error, 0 warnings\n\
             \n\
             Candidates (2 distinct):\n  也 ×2\n  还 ×1\n\
             \n\
             Pairs (1 distinct):\n  虽然…但 ×1\n"
        );
    }

    #[test]
    fn top_cuts_the_lists_and_says_how_many_are_left() {
        let text = render_of(
            "<cand>也</cand><cand>还</cand><cand>也</cand><cand>但</cand>",
            1,
        );
        assert!(
            text.contains("Candidates (3 distinct):\n  也 ×2\n  … and 2 more\n"),
            "{text}"
        );
        assert!(text.ends_with("Pairs: none\n"), "{text}");
    }
}
