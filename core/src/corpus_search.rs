//! Finding a plain text in every document of a corpus: each hit with its document, line and a
//! short context to show in a list. Regular expressions run in the browser; their byte ranges
//! become hits with [`hits_from_ranges`].

use std::ops::Range;

use crate::model::Document;
use crate::search::find_plain;

/// Characters of context shown on each side of a match (fewer at a line's start or end).
pub const CONTEXT_CHARS: usize = 12;

/// One occurrence of the query in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusHit {
    /// The document's index in the list searched.
    pub document: usize,
    /// 1-based.
    pub line: usize,
    /// Bytes in the document's [`Document::text`]; never past the line's end.
    pub range: Range<usize>,
    /// Up to [`CONTEXT_CHARS`] characters of the line before the match.
    pub before: String,
    /// The matched text.
    pub matched: String,
    /// Up to [`CONTEXT_CHARS`] characters of the line after the match.
    pub after: String,
}

/// The hits of a search, in document order then text order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorpusHits {
    pub hits: Vec<CorpusHit>,
    /// The search stopped at its limit: there are more hits than listed.
    pub cut: bool,
}

impl CorpusHits {
    /// How many documents the listed hits are in.
    pub fn documents(&self) -> usize {
        // Hits are in document order, so each document's hits are contiguous.
        let mut last = None;
        self.hits
            .iter()
            .filter(|h| last.replace(h.document) != Some(h.document))
            .count()
    }
}

/// Every occurrence of `query` in the tag-free text of `docs` (name, document), at most
/// `limit`. An empty query finds nothing.
pub fn search_corpus(docs: &[(&str, &Document)], query: &str, limit: usize) -> CorpusHits {
    let mut out = CorpusHits::default();
    for (index, (_, doc)) in docs.iter().enumerate() {
        let room = limit - out.hits.len();
        // One more than there is room for tells whether the list is cut.
        let mut ranges = find_plain(&doc.text, query, room.saturating_add(1));
        if ranges.len() > room {
            ranges.truncate(room);
            out.hits.extend(hits_from_ranges(index, doc, &ranges));
            out.cut = true;
            break;
        }
        out.hits.extend(hits_from_ranges(index, doc, &ranges));
    }
    out
}

/// Hits for byte ranges found in `doc` by other means (the browser's regular expressions), in
/// the order given. A range that is empty, out of the text or not on character boundaries is
/// dropped; one that runs past its line is cut at the line's end.
pub fn hits_from_ranges(
    document: usize,
    doc: &Document,
    ranges: &[Range<usize>],
) -> Vec<CorpusHit> {
    let text = doc.text.as_str();
    ranges
        .iter()
        .filter_map(|range| {
            let (start, end) = (range.start, range.end);
            if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                return None;
            }
            // The line holding `start`: the last whose range starts at or before it.
            let line = doc.lines.partition_point(|l| l.range.start <= start);
            let line_range = doc.lines.get(line.checked_sub(1)?)?.range.clone();
            let end = end.min(line_range.end);
            if start >= end {
                return None;
            }
            let before = &text[line_range.start..start];
            let after = &text[end..line_range.end];
            let cut_before = before
                .char_indices()
                .rev()
                .nth(CONTEXT_CHARS - 1)
                .map_or(0, |(i, _)| i);
            let cut_after = after
                .char_indices()
                .nth(CONTEXT_CHARS)
                .map_or(after.len(), |(i, _)| i);
            Some(CorpusHit {
                document,
                line,
                range: start..end,
                before: before[cut_before..].to_string(),
                matched: text[start..end].to_string(),
                after: after[..cut_after].to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn places(hits: &CorpusHits) -> Vec<(usize, usize, Range<usize>)> {
        hits.hits
            .iter()
            .map(|h| (h.document, h.line, h.range.clone()))
            .collect()
    }

    #[test]
    fn hits_are_in_document_then_text_order_with_lines_and_context() {
        let a = parse("第一行没有\n<a>虽然</a>下雨，<a>但</a>我们还是去了。\n");
        let b = parse("一\n二\n<cand>但</cand>是");
        let c = parse("没有");
        let docs = [("a.txt", &a), ("b.txt", &b), ("c.txt", &c)];
        let hits = search_corpus(&docs, "但", 100);
        assert_eq!(places(&hits), [(0, 2, 31..34), (1, 3, 8..11)]);
        assert!(!hits.cut);
        assert_eq!(hits.documents(), 2);
        let first = &hits.hits[0];
        assert_eq!(
            (
                first.before.as_str(),
                first.matched.as_str(),
                first.after.as_str()
            ),
            ("虽然下雨，", "但", "我们还是去了。")
        );
        assert_eq!(&a.text[first.range.clone()], "但");
        assert_eq!(
            (hits.hits[1].before.as_str(), hits.hits[1].after.as_str()),
            ("", "是")
        );
    }

    #[test]
    fn context_is_twelve_characters_each_side_cut_on_characters() {
        // Astral characters (4 bytes each) and CJK (3) around an ASCII match.
        let line = format!("{}X{}", "𠮷".repeat(20), "中".repeat(20));
        let doc = parse(&line);
        let hits = search_corpus(&[("d", &doc)], "X", 10);
        let hit = &hits.hits[0];
        assert_eq!(hit.before, "𠮷".repeat(12));
        assert_eq!(hit.after, "中".repeat(12));
        assert_eq!(hit.range, 80..81);
    }

    #[test]
    fn context_stays_on_the_matchs_line() {
        let doc = parse("上一行的文字\n甲但乙\n下一行的文字\n");
        let hits = search_corpus(&[("d", &doc)], "但", 10);
        let hit = &hits.hits[0];
        assert_eq!(
            (hit.line, hit.before.as_str(), hit.after.as_str()),
            (2, "甲", "乙")
        );
    }

    #[test]
    fn the_limit_stops_the_search_and_says_so() {
        let a = parse("也也\n");
        let b = parse("也也也\n");
        let docs = [("a", &a), ("b", &b)];
        let hits = search_corpus(&docs, "也", 3);
        assert_eq!(places(&hits), [(0, 1, 0..3), (0, 1, 3..6), (1, 1, 0..3)]);
        assert!(hits.cut);
        let exact = search_corpus(&docs, "也", 5);
        assert_eq!((exact.hits.len(), exact.cut), (5, false));
        // Full at the end of one document, with hits in the next: still cut.
        let at_edge = search_corpus(&docs, "也", 2);
        assert_eq!((at_edge.hits.len(), at_edge.cut), (2, true));
        let none = search_corpus(&docs, "也", 0);
        assert!(none.hits.is_empty() && none.cut);
    }

    #[test]
    fn an_empty_query_or_corpus_finds_nothing() {
        let doc = parse("文字\n");
        assert_eq!(search_corpus(&[("d", &doc)], "", 10), CorpusHits::default());
        assert_eq!(search_corpus(&[], "文", 10), CorpusHits::default());
        assert_eq!(
            search_corpus(&[("d", &doc)], "无", 10),
            CorpusHits::default()
        );
    }

    #[test]
    fn ranges_found_elsewhere_become_hits_and_bad_ones_are_dropped() {
        let doc = parse("甲乙丙\n丁戊\n");
        let hits = hits_from_ranges(4, &doc, &[3..6, 1..4, 10..13, 5..5, 9..100, 3..13]);
        let got: Vec<_> = hits
            .iter()
            .map(|h| (h.document, h.line, h.range.clone(), h.matched.as_str()))
            .collect();
        // 1..4 is inside 甲; 9..100 ends out of the text; 3..13 is cut at line 1's end.
        assert_eq!(
            got,
            [
                (4, 1, 3..6, "乙"),
                (4, 2, 10..13, "丁"),
                (4, 1, 3..9, "乙丙")
            ]
        );
        assert!(hits_from_ranges(0, &parse(""), &[0..1, 1..2]).is_empty());
    }
}
