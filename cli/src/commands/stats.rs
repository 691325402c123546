//! `connectives stats FILE`: the counts, and the candidates and pairs that occur most often.

use std::collections::HashMap;
use std::io::{self, Write};

use connectives_core::{parse, Document, SpanKind};

use super::{load_reporting, summary};
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

/// `FILE: <summary>`, then the `top` most frequent candidates and pair labels (`虽然…但 ×3`).
pub fn render(name: &str, doc: &Document, top: usize, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{name}: {}", summary(&doc.counts()))?;
    let candidates = most_frequent(
        doc.spans
            .iter()
            .enumerate()
            .filter(|(_, span)| span.kind == SpanKind::Candidate)
            .map(|(id, _)| doc.span_text(id)),
    );
    let pairs = most_frequent((0..doc.pairs.len()).map(|id| doc.pair_label(id)));
    writeln!(out)?;
    section("Candidates", &candidates, top, out)?;
    writeln!(out)?;
    section("Pairs", &pairs, top, out)
}

pub fn run(input: &InputPath, top: usize, streams: &mut Streams<'_>) -> io::Result<u8> {
    let Some(source) = load_reporting(input, streams)? else {
        return Ok(FAILURE);
    };
    render(&source.name, &parse(&source.text), top, &mut streams.stdout)?;
    Ok(SUCCESS)
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
