//! Finding text in a document: plain substrings here; regular expressions are run by the
//! caller (the page uses the browser's engine) and brought back with [`from_utf16`].

use std::ops::Range;

use memchr::memmem;

use crate::offsets::bytes_of_utf16;

/// Non-overlapping occurrences of `query` in `text`, at most `limit`, each cut at a line end.
pub fn find_plain(text: &str, query: &str, limit: usize) -> Vec<Range<usize>> {
    if query.is_empty() {
        return Vec::new();
    }
    let found = memmem::find_iter(text.as_bytes(), query.as_bytes())
        .take(limit)
        .map(|start| start..start + query.len());
    within_lines(text, found)
}

/// Matches given as UTF-16 ranges (as JavaScript reports them) as byte ranges, each cut at a
/// line end; empty ones are dropped.
pub fn from_utf16(text: &str, ranges: &[(usize, usize)]) -> Vec<Range<usize>> {
    // Ends can be out of order with later starts only if ranges overlap, which they do not.
    let bytes = bytes_of_utf16(text, ranges.iter().flat_map(|&(s, e)| [s, e]));
    within_lines(text, bytes.chunks(2).map(|pair| pair[0]..pair[1]))
}

fn within_lines(text: &str, ranges: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    ranges
        .filter_map(|r| {
            let end =
                memchr::memchr(b'\n', &text.as_bytes()[r.clone()]).map_or(r.end, |i| r.start + i);
            (end > r.start).then_some(r.start..end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_search_finds_every_occurrence_without_overlap() {
        let text = "甲乙甲乙甲\n甲甲\n";
        assert_eq!(
            find_plain(text, "甲", 10),
            vec![0..3, 6..9, 12..15, 16..19, 19..22]
        );
        assert_eq!(find_plain(text, "甲甲", 10), vec![16..22]);
        assert_eq!(find_plain(text, "甲", 2).len(), 2);
        assert!(find_plain(text, "", 10).is_empty());
    }

    #[test]
    fn a_match_never_runs_past_its_line() {
        assert_eq!(find_plain("甲\n乙", "甲\n乙", 10), vec![0..3]);
        assert_eq!(from_utf16("ab\ncd", &[(1, 4)]), vec![1..2]);
        assert_eq!(from_utf16("ab\ncd", &[(2, 3)]), vec![], "only the newline");
    }

    #[test]
    fn utf16_matches_after_astral_characters_land_on_the_right_bytes() {
        // 𠮷 is 2 UTF-16 units and 4 bytes.
        let text = "𠮷但是";
        assert_eq!(from_utf16(text, &[(2, 3)]), vec![4..7]);
    }
}
