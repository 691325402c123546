//! A line cut into the pieces the view renders: plain text, spans, marked problems and search
//! matches. Pure, so the cutting is tested natively.

use std::ops::Range;

use connectives_core::{DiagnosticKind, Document, SpanId};

use crate::window::text_width_em;

/// A run of text with the same marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    /// The diagnostic whose literal markup this is.
    pub problem: Option<usize>,
    /// The search match this text is part of.
    pub matched: Option<usize>,
    /// The other version's span (of those given, while comparing) this text is part of.
    pub other: Option<usize>,
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

/// Cuts the text `range` of line `index` (the whole line, or one of its [`line_parts`]) into
/// segments. `problems` are indices of diagnostics on the line (those outside `range` are left
/// out); `matches` are (index, byte range) of search matches on it, cut at the ends of `range`.
/// Cuts fall only on the boundaries of spans, literal markup, matches and `range`, which are
/// all character boundaries. A span that `range` cuts gives the piece of it inside `range`.
/// `others` are (index, byte range) of the other version's spans shown over the text while
/// comparing (sorted, not overlapping), cut like matches.
///
/// Every lookup is a binary search, so a line with 100,000 spans or problems is cut in
/// O(n log n): the view cuts such lines part by part, and each part must not cost the line.
pub fn line_segments(
    doc: &Document,
    index: usize,
    range: Range<usize>,
    problems: &[usize],
    matches: &[(usize, Range<usize>)],
    others: &[(usize, Range<usize>)],
) -> Vec<Segment> {
    let line = &doc.lines[index];
    let range = range.start.max(line.range.start)..range.end.min(line.range.end);
    let line_spans = &doc.spans[line.spans.clone()];
    // The spans that reach into `range` (spans are in order and do not overlap).
    let first = line_spans.partition_point(|s| s.range.end <= range.start);
    let last = line_spans.partition_point(|s| s.range.start < range.end);
    let spans = &line_spans[first..last.max(first)];
    let first_id = line.spans.start + first;
    let clip = |r: &Range<usize>| r.start.max(range.start)..r.end.min(range.end);
    let span_at = |offset: usize| {
        let i = spans.partition_point(|s| s.range.end <= offset);
        (i < spans.len() && spans[i].range.start <= offset).then_some(i)
    };

    let mut span_problems: Vec<Option<usize>> = vec![None; spans.len()];
    let mut marks: Vec<(Range<usize>, usize)> = Vec::new();
    for &p in problems {
        let problem = problem_range(doc, p);
        match span_at(problem.start) {
            Some(s) => {
                span_problems[s].get_or_insert(p);
            }
            None => {
                let clipped = clip(&problem);
                if clipped.start < clipped.end {
                    marks.push((clipped, p));
                }
            }
        }
    }
    // Literal markup does not overlap; in order of where it starts, a binary search finds it.
    marks.sort_by_key(|(r, _)| r.start);

    let mut cuts = vec![range.start, range.end];
    cuts.extend(spans.iter().flat_map(|s| [s.range.start, s.range.end]));
    cuts.extend(marks.iter().flat_map(|(r, _)| [r.start, r.end]));
    cuts.extend(matches.iter().chain(others).flat_map(|(_, r)| {
        let r = clip(r);
        [r.start, r.end.max(r.start)]
    }));
    cuts.retain(|&c| c >= range.start && c <= range.end);
    cuts.sort_unstable();
    cuts.dedup();

    // The entry of `list` (sorted by start, not overlapping) whose range holds `at`.
    fn holding<T>(list: &[T], at: usize, range_of: impl Fn(&T) -> &Range<usize>) -> Option<&T> {
        let i = list.partition_point(|item| range_of(item).start <= at);
        list[..i].last().filter(|item| at < range_of(item).end)
    }

    let mut out: Vec<Segment> = Vec::with_capacity(spans.len() * 2 + 1);
    for window in cuts.windows(2) {
        let (a, b) = (window[0], window[1]);
        let problem = holding(&marks, a, |m| &m.0).map(|m| m.1);
        let matched = holding(matches, a, |m| &m.1).map(|m| m.0);
        let other = holding(others, a, |m| &m.1).map(|m| m.0);
        let piece = Piece {
            range: a..b,
            problem,
            matched,
            other,
        };
        match span_at(a) {
            Some(s) => {
                let id = first_id + s;
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

/// A line the view renders in parts ([`line_parts`]), with what it needs of each part.
#[derive(Clone, Debug, PartialEq)]
pub struct LineParts {
    pub ranges: Vec<Range<usize>>,
    /// Each part's text width in em, for its estimated height.
    pub widths: Vec<f32>,
    /// Where each part starts in the line's text, in UTF-16 units, so that a selection in a
    /// part is placed in the line.
    pub utf16_starts: Vec<usize>,
}

impl LineParts {
    /// The parts of line `index`, or `None` when it is short enough to render whole.
    pub fn of(doc: &Document, index: usize) -> Option<LineParts> {
        let ranges = line_parts(doc, index);
        if ranges.len() < 2 {
            return None;
        }
        let widths = ranges
            .iter()
            .map(|r| text_width_em(&doc.text[r.clone()]))
            .collect();
        let mut utf16_starts = Vec::with_capacity(ranges.len());
        let mut units = 0;
        for r in &ranges {
            utf16_starts.push(units);
            units += doc.text[r.clone()].encode_utf16().count();
        }
        Some(LineParts {
            ranges,
            widths,
            utf16_starts,
        })
    }

    /// The part that holds byte offset `offset` (the last part for the line's end).
    pub fn part_at(&self, offset: usize) -> usize {
        self.ranges
            .partition_point(|r| r.end <= offset)
            .min(self.ranges.len().saturating_sub(1))
    }
}

/// A line longer than this many bytes is rendered in parts of about this size.
pub const PART_BYTES: usize = 4096;
/// A line with more spans and problems than this is rendered in parts of about this many.
pub const PART_MARKS: usize = 256;
/// A span or literal markup longer than this is cut between parts; shorter ones never are.
pub const PART_MAX_BYTES: usize = 32 * 1024;

/// Where line `index` is cut into parts that the view renders (and the browser lays out) one
/// at a time: byte ranges of the document text that cover the line in order, each about
/// [`PART_BYTES`] long with at most about [`PART_MARKS`] spans and problems. A line within
/// both limits is one part. Parts end after a sentence where one is near, and never inside a
/// span or a problem's markup unless that is longer than [`PART_MAX_BYTES`], so no part is
/// longer than that.
pub fn line_parts(doc: &Document, index: usize) -> Vec<Range<usize>> {
    let line = &doc.lines[index];
    let problems = problems_on_line(doc, index);
    if line.range.len() <= PART_BYTES && line.spans.len() + problems.len() <= PART_MARKS {
        return vec![line.range.clone()];
    }
    let text = &doc.text;
    let spans = &doc.spans[line.spans.clone()];
    // Where a cut may not fall: inside a span or a problem's markup (merged, in order).
    let mut whole: Vec<Range<usize>> = spans.iter().map(|s| s.range.clone()).collect();
    whole.extend(
        problems
            .clone()
            .map(|p| problem_range(doc, p))
            .filter(|r| !r.is_empty()),
    );
    whole.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(whole.len());
    for r in whole {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let inside = |at: usize| {
        let i = merged.partition_point(|r| r.end <= at);
        merged.get(i).filter(|r| r.start < at)
    };
    // Where each span and problem starts, to count how many a part holds.
    let mut starts: Vec<usize> = spans.iter().map(|s| s.range.start).collect();
    starts.extend(problems.map(|p| doc.diagnostics[p].offset));
    starts.sort_unstable();

    let floor = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let mut parts = Vec::new();
    let mut start = line.range.start;
    loop {
        let marks_end = starts
            .get(starts.partition_point(|&s| s < start) + PART_MARKS)
            .copied()
            .unwrap_or(usize::MAX);
        let mut end = (start + PART_BYTES).min(marks_end);
        if end >= line.range.end {
            parts.push(start..line.range.end);
            return parts;
        }
        end = floor(end.max(start + 1));
        if end <= start {
            end = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        match inside(end) {
            // A span too long for one part is cut inside, at a character.
            Some(r) if r.len() > PART_MAX_BYTES => {}
            Some(r) if r.end - start <= PART_MAX_BYTES || r.start <= start => end = r.end,
            Some(r) => end = r.start,
            None => {
                // End after a sentence within the last quarter, if there is one.
                let from = floor(end - (end - start) / 4);
                if let Some((i, c)) = text[from..end]
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';'))
                {
                    let after = from + i + c.len_utf8();
                    if after > start && after < end && inside(after).is_none() {
                        end = after;
                    }
                }
            }
        }
        parts.push(start..end);
        start = end;
        if start >= line.range.end {
            return parts;
        }
    }
}

fn same_marks(a: &Piece, b: &Piece) -> bool {
    a.problem == b.problem && a.matched == b.matched && a.other == b.other
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
        show(
            &doc,
            &line_segments(&doc, 0, doc.lines[0].range.clone(), problems, &matches, &[]),
        )
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

    fn cut_range(source: &str, range: Range<usize>) -> String {
        let doc = parse(source);
        let problems: Vec<usize> = (0..doc.diagnostics.len()).collect();
        show(&doc, &line_segments(&doc, 0, range, &problems, &[], &[]))
    }

    #[test]
    fn a_part_of_a_line_gives_its_piece_of_a_span_it_cuts() {
        // 甲 0..3, 虽然 3..9, 乙 9..12, 还 12..15, 丙 15..18; 虽然 has no partner (!0).
        let source = "甲<a>虽然</a>乙<cand>还</cand>丙";
        assert_eq!(cut_range(source, 6..15), "[然!0]|乙|[还]");
        assert_eq!(cut_range(source, 0..6), "甲|[虽!0]");
        assert_eq!(cut_range(source, 15..18), "丙");
    }

    #[test]
    fn problems_outside_the_part_are_left_out_and_those_inside_marked() {
        // 甲 0..3, </a> 3..7, 乙 7..10, </cand> 10..17, 丙 17..20.
        let source = "甲</a>乙</cand>丙";
        assert_eq!(cut_range(source, 0..10), "甲|!0:</a>|乙");
        assert_eq!(cut_range(source, 7..20), "乙|!1:</cand>|丙");
    }

    #[test]
    fn a_line_with_fifty_thousand_stray_closers_marks_each_once_in_order() {
        let doc = parse(&"</cand>".repeat(50_000));
        let problems: Vec<usize> = problems_on_line(&doc, 0).collect();
        assert_eq!(problems.len(), 50_000);
        let segments = line_segments(&doc, 0, doc.lines[0].range.clone(), &problems, &[], &[]);
        let marked: Vec<Option<usize>> = segments
            .iter()
            .map(|s| match s {
                Segment::Text(p) => p.problem,
                Segment::Span { .. } => None,
            })
            .collect();
        assert_eq!(marked, (0..50_000).map(Some).collect::<Vec<_>>());
    }

    /// Checks that `parts` cover line `index` in order, at character boundaries.
    fn assert_cover(doc: &Document, index: usize, parts: &[Range<usize>]) {
        let line = &doc.lines[index].range;
        assert_eq!(parts.first().map(|p| p.start), Some(line.start));
        assert_eq!(parts.last().map(|p| p.end), Some(line.end));
        for pair in parts.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "parts follow each other");
        }
        for part in parts {
            assert!(part.start < part.end, "no empty part: {part:?}");
            assert!(part.len() <= PART_MAX_BYTES, "{part:?} is too long");
            assert!(doc.text.is_char_boundary(part.start));
        }
    }

    /// Whether a cut between parts falls strictly inside `range`.
    fn cut_inside(parts: &[Range<usize>], range: &Range<usize>) -> bool {
        parts
            .iter()
            .skip(1)
            .any(|p| range.start < p.start && p.start < range.end)
    }

    #[test]
    fn a_short_line_is_one_part() {
        let doc = parse("甲<a>虽然</a>乙<a>但</a>\n");
        assert_eq!(line_parts(&doc, 0), vec![doc.lines[0].range.clone()]);
        assert_eq!(LineParts::of(&doc, 0), None);
    }

    #[test]
    fn parts_know_their_width_their_utf16_start_and_which_holds_an_offset() {
        let doc = parse(&format!("甲\n{}", "𠮷".repeat(2_000)));
        let parts = LineParts::of(&doc, 1).expect("a long line has parts");
        let n = parts.ranges.len();
        assert_eq!(parts.widths.len(), n);
        assert_eq!(parts.utf16_starts[0], 0);
        for k in 1..n {
            // 𠮷 is 4 bytes and 2 UTF-16 units; the line starts after "甲\n".
            let bytes = parts.ranges[k].start - doc.lines[1].range.start;
            assert_eq!(parts.utf16_starts[k], bytes / 2);
            assert_eq!(parts.widths[k - 1], (parts.ranges[k - 1].len() / 4) as f32);
        }
        assert_eq!(parts.part_at(doc.lines[1].range.start), 0);
        assert_eq!(parts.part_at(parts.ranges[1].start), 1);
        assert_eq!(parts.part_at(parts.ranges[1].start - 1), 0);
        assert_eq!(parts.part_at(doc.lines[1].range.end), n - 1);
    }

    #[test]
    fn a_long_line_is_cut_after_sentences_and_never_inside_a_span() {
        let sentence = "中亚国家<a>虽然</a>多次爆发骚乱冲突，<cand>还</cand>发生过颜色革命，<a>但</a>地区局势稳定。";
        let doc = parse(&sentence.repeat(2_000));
        let parts = line_parts(&doc, 0);
        assert_cover(&doc, 0, &parts);
        assert!(parts.len() > 20, "{} parts", parts.len());
        for part in &parts[..parts.len() - 1] {
            assert!(part.len() <= PART_BYTES, "{part:?}");
            assert!(
                doc.text[part.clone()].ends_with('。'),
                "ends after a sentence"
            );
        }
        for span in &doc.spans {
            assert!(
                !cut_inside(&parts, &span.range),
                "span {:?} cut",
                span.range
            );
        }
    }

    #[test]
    fn a_line_of_many_small_spans_is_cut_by_their_number() {
        let source: String = (0..10_000)
            .map(|i| format!("<a pair=\"k{i}\">x</a>"))
            .collect();
        let doc = parse(&source);
        assert_eq!(doc.diagnostics.len(), 10_000, "every member is unpaired");
        let parts = line_parts(&doc, 0);
        assert_cover(&doc, 0, &parts);
        for part in &parts {
            let spans = doc
                .spans
                .iter()
                .filter(|s| part.start <= s.range.start && s.range.start < part.end)
                .count();
            // Each span brings its problem: PART_MARKS marks are half as many spans.
            assert!(spans <= PART_MARKS / 2 + 1, "{spans} spans in {part:?}");
        }
    }

    #[test]
    fn markup_with_a_problem_is_not_cut_but_a_span_too_long_for_a_part_is() {
        // One span of 20,000 stray tags inside it (longer than PART_MAX_BYTES), then strays.
        let source = format!(
            "<cand>{}x</cand>{}",
            "<cand>".repeat(20_000),
            "</cand>".repeat(20_000)
        );
        let doc = parse(&source);
        let parts = line_parts(&doc, 0);
        assert_cover(&doc, 0, &parts);
        let span = &doc.spans[0].range;
        assert!(span.len() > PART_MAX_BYTES);
        assert!(cut_inside(&parts, span), "the long span is cut");
        for p in problems_on_line(&doc, 0) {
            let range = problem_range(&doc, p);
            if range.start >= span.end {
                assert!(!cut_inside(&parts, &range), "markup {range:?} cut");
            }
        }
    }

    #[test]
    fn a_line_of_one_character_kind_without_sentences_is_cut_at_characters() {
        let doc = parse(&"𠮷".repeat(5_000));
        let parts = line_parts(&doc, 0);
        assert_cover(&doc, 0, &parts);
        assert!(parts.len() >= 4);
        assert!(parts
            .iter()
            .all(|p| p.len() <= PART_BYTES && p.len() % 4 == 0));
    }
}
