//! A line cut into the pieces the view renders: plain text, spans, marked problems and search
//! matches. Pure, so the cutting is tested natively.

use std::ops::Range;

use connectives_core::{DiagnosticKind, Document, SpanId};

/// A run of text with the same marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    /// The diagnostic whose literal markup this is.
    pub problem: Option<usize>,
    /// The search match this text is part of.
    pub matched: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Text outside any span.
    Text(Piece),
    /// A span; `problem` is a diagnostic inside it or about it, if any.
    Span {
        id: SpanId,
        problem: Option<usize>,
        pieces: Vec<Piece>,
    },
}

/// The text a diagnostic is about, as a byte range of the document text.
pub fn problem_range(doc: &Document, index: usize) -> Range<usize> {
    let d = &doc.diagnostics[index];
    let len = match &d.kind {
        DiagnosticKind::UnclosedTag { tag }
        | DiagnosticKind::UnmatchedClosingTag { tag }
        | DiagnosticKind::TagInsideSpan { tag, .. }
        | DiagnosticKind::EmptySpan { tag }
        | DiagnosticKind::LookalikeTag { tag } => tag.len(),
        // About a member: the offset is the span's start, and the span gets the mark.
        DiagnosticKind::UnpairedMember { .. } | DiagnosticKind::PairKeyReused { .. } => 0,
    };
    d.offset..(d.offset + len).min(doc.text.len())
}

/// The indices of the diagnostics on line `index` (diagnostics are sorted by line).
pub fn problems_on_line(doc: &Document, index: usize) -> Range<usize> {
    let number = index + 1;
    let start = doc.diagnostics.partition_point(|d| d.line < number);
    let end = doc.diagnostics.partition_point(|d| d.line <= number);
    start..end
}

/// The indices of the matches (sorted byte ranges) that start on line `index`.
pub fn matches_on_line(doc: &Document, matches: &[Range<usize>], index: usize) -> Range<usize> {
    let line = &doc.lines[index].range;
    let start = matches.partition_point(|m| m.start < line.start);
    let end = matches.partition_point(|m| m.start <= line.end);
    start..end
}

/// Cuts line `index` into segments. `problems` are indices of diagnostics on the line;
/// `matches` are (index, byte range) of search matches on it. Cuts fall only on the
/// boundaries of spans, literal markup and matches, which are all character boundaries.
pub fn line_segments(
    doc: &Document,
    index: usize,
    problems: &[usize],
    matches: &[(usize, Range<usize>)],
) -> Vec<Segment> {
    let line = &doc.lines[index];
    let spans = &doc.spans[line.spans.clone()];
    let clip = |r: &Range<usize>| r.start.max(line.range.start)..r.end.min(line.range.end);
    let span_at = |offset: usize| {
        spans
            .iter()
            .position(|s| s.range.start <= offset && offset < s.range.end)
    };

    let mut span_problems: Vec<Option<usize>> = vec![None; spans.len()];
    let mut marks: Vec<(Range<usize>, usize)> = Vec::new();
    for &p in problems {
        let range = problem_range(doc, p);
        match span_at(range.start) {
            Some(s) => {
                span_problems[s].get_or_insert(p);
            }
            None if !range.is_empty() => marks.push((clip(&range), p)),
            None => {}
        }
    }

    let mut cuts = vec![line.range.start, line.range.end];
    cuts.extend(spans.iter().flat_map(|s| [s.range.start, s.range.end]));
    cuts.extend(marks.iter().flat_map(|(r, _)| [r.start, r.end]));
    cuts.extend(matches.iter().flat_map(|(_, r)| {
        let r = clip(r);
        [r.start, r.end.max(r.start)]
    }));
    cuts.retain(|&c| c >= line.range.start && c <= line.range.end);
    cuts.sort_unstable();
    cuts.dedup();

    let mut out: Vec<Segment> = Vec::with_capacity(spans.len() * 2 + 1);
    for window in cuts.windows(2) {
        let (a, b) = (window[0], window[1]);
        let problem = marks
            .iter()
            .find(|(r, _)| r.start <= a && a < r.end)
            .map(|m| m.1);
        let matched = matches
            .iter()
            .find(|(_, r)| r.start <= a && a < r.end)
            .map(|m| m.0);
        let piece = Piece {
            range: a..b,
            problem,
            matched,
        };
        match span_at(a) {
            Some(s) => {
                let id = line.spans.start + s;
                match out.last_mut() {
                    Some(Segment::Span {
                        id: last, pieces, ..
                    }) if *last == id => push_piece(pieces, piece),
                    _ => out.push(Segment::Span {
                        id,
                        problem: span_problems[s],
                        pieces: vec![piece],
                    }),
                }
            }
            None => match out.last_mut() {
                Some(Segment::Text(last)) if same_marks(last, &piece) && last.range.end == a => {
                    last.range.end = b;
                }
                _ => out.push(Segment::Text(piece)),
            },
        }
    }
    out
}

fn same_marks(a: &Piece, b: &Piece) -> bool {
    a.problem == b.problem && a.matched == b.matched
}

fn push_piece(pieces: &mut Vec<Piece>, piece: Piece) {
    match pieces.last_mut() {
        Some(last) if same_marks(last, &piece) => last.range.end = piece.range.end,
        _ => pieces.push(piece),
    }
}

#[cfg(test)]
// Lists of match ranges with one match are meant.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;
    use connectives_core::parse;

    /// `[span]`, `!p:` for a problem, `{match}` for a match.
    fn show(doc: &Document, segments: &[Segment]) -> String {
        let piece = |p: &Piece| {
            let text = &doc.text[p.range.clone()];
            let text = match p.problem {
                Some(n) => format!("!{n}:{text}"),
                None => text.to_string(),
            };
            match p.matched {
                Some(_) => format!("{{{text}}}"),
                None => text,
            }
        };
        segments
            .iter()
            .map(|s| match s {
                Segment::Text(p) => piece(p),
                Segment::Span {
                    problem, pieces, ..
                } => format!(
                    "[{}{}]",
                    pieces.iter().map(piece).collect::<String>(),
                    problem.map_or(String::new(), |p| format!("!{p}"))
                ),
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    fn cut(source: &str, problems: &[usize], matches: &[Range<usize>]) -> String {
        let doc = parse(source);
        let matches: Vec<(usize, Range<usize>)> = matches.iter().cloned().enumerate().collect();
        show(&doc, &line_segments(&doc, 0, problems, &matches))
    }

    #[test]
    fn a_line_is_cut_at_its_spans() {
        assert_eq!(
            cut("甲<a>虽然</a>乙<cand>还</cand>丙<a>但</a>", &[], &[]),
            "甲|[虽然]|乙|[还]|丙|[但]"
        );
    }

    #[test]
    fn literal_markup_with_a_problem_is_its_own_segment() {
        assert_eq!(
            cut("甲</cand>乙<cand>丙</cand>", &[0], &[]),
            "甲|!0:</cand>|乙|[丙]"
        );
    }

    #[test]
    fn a_problem_about_a_member_marks_the_member() {
        assert_eq!(cut("甲<a>虽然</a>乙", &[0], &[]), "甲|[虽然!0]|乙");
    }

    #[test]
    fn a_tag_inside_a_span_marks_the_span() {
        assert_eq!(cut("<cand>甲<a>乙</cand>", &[0], &[]), "[甲<a>乙!0]");
    }

    #[test]
    fn matches_are_marked_inside_and_outside_spans() {
        // 甲乙 is bytes 0..6, 虽然 6..12, 丙 12..15.
        assert_eq!(
            cut("甲乙<a>虽然</a>丙", &[], &[3..9]),
            "甲|{乙}|[{虽}然]|丙"
        );
        assert_eq!(
            cut("甲乙<a>虽然</a>丙", &[], &[6..15]),
            "甲乙|[{虽然}]|{丙}"
        );
    }

    #[test]
    fn a_match_over_literal_markup_keeps_both_marks() {
        // "甲" is 0..3, "<cand>" 3..9.
        assert_eq!(cut("甲<cand>乙", &[0], &[3..9]), "甲|{!0:<cand>}|乙");
    }

    #[test]
    fn matches_and_problems_are_found_by_line() {
        let doc = parse("一<cand>二\n三<cand>四</cand>\n</a>五\n");
        assert_eq!(problems_on_line(&doc, 0), 0..1);
        assert_eq!(problems_on_line(&doc, 1), 1..1);
        assert_eq!(problems_on_line(&doc, 2), 1..2);
        let matches = [0..3, 13..16, 16..19, 20..23];
        assert_eq!(matches_on_line(&doc, &matches, 0), 0..1);
        assert_eq!(matches_on_line(&doc, &matches, 1), 1..3);
    }
}
