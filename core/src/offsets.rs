//! Converting the core's byte offsets into the units other tools count in.

/// Code-point and UTF-16 offsets of `positions` (byte offsets into `text`, non-decreasing),
/// found in one pass over the text.
pub fn char_and_utf16(text: &str, positions: impl IntoIterator<Item = usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut byte, mut chars, mut units) = (0usize, 0usize, 0usize);
    let mut iter = text.char_indices();
    for target in positions {
        while byte < target {
            let Some((_, c)) = iter.next() else { break };
            byte += c.len_utf8();
            chars += 1;
            units += c.len_utf16();
        }
        out.push((chars, units));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astral_characters_count_once_as_code_points_and_twice_as_utf16() {
        let text = "a𠮷b😀c";
        let b = text.find('b').unwrap();
        let c = text.find('c').unwrap();
        assert_eq!(char_and_utf16(text, [0, b, c, text.len()]), vec![(0, 0), (2, 3), (4, 6), (5, 7)]);
    }
}
