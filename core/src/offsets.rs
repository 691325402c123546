//! Converting the core's byte offsets into the units other tools count in.

/// Code-point and UTF-16 offsets of `positions` (byte offsets into `text`, non-decreasing),
/// found in one pass over the text.
pub fn char_and_utf16(
    text: &str,
    positions: impl IntoIterator<Item = usize>,
) -> Vec<(usize, usize)> {
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

/// Byte offsets of `positions` given in UTF-16 units (non-decreasing), found in one pass. A
/// position inside a surrogate pair, or past the end, moves to the next character boundary.
pub fn bytes_of_utf16(text: &str, positions: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut byte, mut units) = (0usize, 0usize);
    let mut iter = text.chars();
    for target in positions {
        while units < target {
            let Some(c) = iter.next() else { break };
            byte += c.len_utf8();
            units += c.len_utf16();
        }
        out.push(byte);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_map_back_to_bytes() {
        let text = "a𠮷b😀c";
        assert_eq!(
            bytes_of_utf16(text, [0, 1, 3, 4, 6, 7]),
            vec![0, 1, 5, 6, 10, 11]
        );
        assert_eq!(
            bytes_of_utf16(text, [2]),
            vec![5],
            "inside a surrogate pair"
        );
        assert_eq!(bytes_of_utf16(text, [99]), vec![11], "past the end");
    }

    #[test]
    fn astral_characters_count_once_as_code_points_and_twice_as_utf16() {
        let text = "a𠮷b😀c";
        let b = text.find('b').unwrap();
        let c = text.find('c').unwrap();
        assert_eq!(
            char_and_utf16(text, [0, b, c, text.len()]),
            vec![(0, 0), (2, 3), (4, 6), (5, 7)]
        );
    }
}
