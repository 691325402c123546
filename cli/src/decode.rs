//! Bytes → text. UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark,
//! and otherwise GB18030, the encoding most Chinese text that is not UTF-8 is in.
//!
//! A byte order mark stays in the text as U+FEFF, whatever the encoding: the core reads it,
//! remembers it and writes it back.

use std::fmt;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl SourceEncoding {
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Gb18030 => "GB18030",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: SourceEncoding,
    /// Some bytes did not decode and became U+FFFD.
    pub malformed: bool,
    /// For input that fell back to GB18030: the byte at which it stopped being UTF-8.
    pub utf8_error_at: Option<usize>,
}

impl Decoded {
    /// What the user should hear about the decoding, if anything: plain UTF-8 is silent.
    pub fn notice(&self) -> Option<String> {
        let mut notice = match (self.encoding, self.utf8_error_at) {
            (SourceEncoding::Utf8, _) if !self.malformed => return None,
            (SourceEncoding::Utf8, _) => "not valid UTF-8 despite its byte order mark".to_string(),
            (SourceEncoding::Gb18030, Some(at)) => {
                format!("not valid UTF-8 (byte {at}); decoded as GB18030")
            }
            (encoding, _) => format!("decoded as {}", encoding.name()),
        };
        if self.malformed {
            notice.push_str("; malformed byte sequences were replaced with U+FFFD");
        }
        Some(notice)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL character: binary data, or UTF-16 without a byte order mark.
    NotText { offset: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotText { offset } => write!(
                f,
                "not a text file: NUL byte at offset {offset} (binary data, or UTF-16 without a byte order mark?)"
            ),
        }
    }
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(body) = bytes.strip_prefix(UTF16LE_BOM) {
        return utf16(body, UTF_16LE, SourceEncoding::Utf16Le);
    }
    if let Some(body) = bytes.strip_prefix(UTF16BE_BOM) {
        return utf16(body, UTF_16BE, SourceEncoding::Utf16Be);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::NotText { offset });
    }
    let decoded = match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_string(),
            encoding: SourceEncoding::Utf8,
            malformed: false,
            utf8_error_at: None,
        },
        // The mark says UTF-8: trust it over a guess, and keep what can be kept.
        Err(_) if bytes.starts_with(UTF8_BOM) => Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: SourceEncoding::Utf8,
            malformed: true,
            utf8_error_at: None,
        },
        Err(error) => {
            let (text, malformed) = GB18030.decode_without_bom_handling(bytes);
            Decoded {
                text: text.into_owned(),
                encoding: SourceEncoding::Gb18030,
                malformed,
                utf8_error_at: Some(error.valid_up_to()),
            }
        }
    };
    Ok(decoded)
}

fn utf16(
    body: &[u8],
    encoding: &'static Encoding,
    source: SourceEncoding,
) -> Result<Decoded, DecodeError> {
    if let Some(unit) = body.chunks_exact(2).position(|unit| unit == [0, 0]) {
        let bom_len = 2;
        return Err(DecodeError::NotText {
            offset: bom_len + 2 * unit,
        });
    }
    let (body, malformed) = encoding.decode_without_bom_handling(body);
    let mut text = String::with_capacity(body.len() + 3);
    text.push('\u{FEFF}');
    text.push_str(&body);
    Ok(Decoded {
        text,
        encoding: source,
        malformed,
        utf8_error_at: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_bytes(text: &str, little_endian: bool) -> Vec<u8> {
        let mut bytes = if little_endian {
            UTF16LE_BOM.to_vec()
        } else {
            UTF16BE_BOM.to_vec()
        };
        for unit in text.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    #[test]
    fn plain_utf8_decodes_silently() {
        let decoded = decode("<a>虽然</a>𠮷".as_bytes()).expect("text");
        assert_eq!(decoded.text, "<a>虽然</a>𠮷");
        assert_eq!(decoded.encoding, SourceEncoding::Utf8);
        assert_eq!(decoded.notice(), None);
    }

    #[test]
    fn utf8_bom_is_kept_in_the_text() {
        let decoded = decode("\u{FEFF}但".as_bytes()).expect("text");
        assert_eq!(decoded.text, "\u{FEFF}但");
        assert_eq!(decoded.notice(), None);
    }

    #[test]
    fn utf8_bom_with_bad_bytes_stays_utf8_and_says_so() {
        let decoded = decode(b"\xEF\xBB\xBFab\xFFc").expect("text");
        assert_eq!(decoded.encoding, SourceEncoding::Utf8);
        assert_eq!(decoded.text, "\u{FEFF}ab\u{FFFD}c");
        let notice = decoded.notice().expect("a notice");
        assert!(notice.contains("U+FFFD"), "{notice}");
    }

    #[test]
    fn non_utf8_falls_back_to_gb18030_with_a_notice() {
        // 虽然 in GB18030, then 𠮷 as a four-byte sequence.
        let decoded = decode(b"<a>\xCB\xE4\xC8\xBB</a>\x95\x34\xB2\x35").expect("text");
        assert_eq!(decoded.text, "<a>虽然</a>𠮷");
        assert_eq!(decoded.encoding, SourceEncoding::Gb18030);
        assert!(!decoded.malformed);
        assert_eq!(
            decoded.notice().as_deref(),
            Some("not valid UTF-8 (byte 3); decoded as GB18030")
        );
    }

    #[test]
    fn utf16_with_either_byte_order_mark_decodes_and_keeps_the_mark() {
        let source = "\u{FEFF}𠮷<cand>但</cand>\r\n";
        for (little_endian, encoding) in [
            (true, SourceEncoding::Utf16Le),
            (false, SourceEncoding::Utf16Be),
        ] {
            let decoded = decode(&utf16_bytes(&source[3..], little_endian)).expect("text");
            assert_eq!(decoded.text, source);
            assert_eq!(decoded.encoding, encoding);
            assert_eq!(
                decoded.notice(),
                Some(format!("decoded as {}", encoding.name()))
            );
        }
    }

    #[test]
    fn utf16_with_an_odd_trailing_byte_is_reported_as_malformed() {
        let mut bytes = utf16_bytes("ab", true);
        bytes.push(b'c');
        let decoded = decode(&bytes).expect("text");
        assert_eq!(decoded.text, "\u{FEFF}ab\u{FFFD}");
        assert!(decoded.malformed);
    }

    #[test]
    fn nul_byte_is_not_text() {
        assert_eq!(decode(b"abc\0def"), Err(DecodeError::NotText { offset: 3 }));
    }

    #[test]
    fn utf16_without_a_bom_is_not_text() {
        let mut bytes = utf16_bytes("ab", true);
        bytes.drain(..2);
        assert_eq!(decode(&bytes), Err(DecodeError::NotText { offset: 1 }));
    }

    #[test]
    fn nul_character_in_utf16_is_not_text() {
        // UTF-32LE starts like UTF-16LE, then has NUL units.
        let bytes = b"\xFF\xFE\x00\x00a\x00\x00\x00";
        assert_eq!(decode(bytes), Err(DecodeError::NotText { offset: 2 }));
    }

    #[test]
    fn empty_input_is_empty_utf8_text() {
        let decoded = decode(b"").expect("text");
        assert_eq!(decoded.text, "");
        assert_eq!(decoded.encoding, SourceEncoding::Utf8);
    }
}
