//! A built-in lexicon of Chinese paired connectives (虽然…但, 不仅…而且, …), for suggesting a
//! member's partner and for telling how many annotated pairs are familiar ones.
//!
//! Sources: the list is the project's own selection, compiled for its issue 6 from the paired
//! connectives described in standard grammars of modern Chinese, such as 吕叔湘《现代汉语八百词》
//! and 刘月华等《实用现代汉语语法》. It is deliberately short: common pairs only, each first
//! word with the second words it usually takes. It is not a complete inventory.

use std::ops::Range;

use crate::model::{Document, SpanId};

/// First words that take any of the second words: 虽然/虽/尽管 … 但/但是/却/可是.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connective {
    pub firsts: &'static [&'static str],
    pub seconds: &'static [&'static str],
}

/// The lexicon. A first word appears in one entry only; a second word may appear in several.
pub const LEXICON: &[Connective] = &[
    Connective {
        firsts: &["虽然", "虽", "尽管"],
        seconds: &["但", "但是", "却", "可是"],
    },
    Connective {
        firsts: &["不仅", "不但"],
        seconds: &["而且", "也", "还", "更"],
    },
    Connective {
        firsts: &["因为"],
        seconds: &["所以"],
    },
    Connective {
        firsts: &["如果", "假如", "要是"],
        seconds: &["就", "那么", "便"],
    },
    Connective {
        firsts: &["不是"],
        seconds: &["而是", "就是"],
    },
    Connective {
        firsts: &["即使", "哪怕"],
        seconds: &["也"],
    },
    Connective {
        firsts: &["既"],
        seconds: &["又", "也"],
    },
    Connective {
        firsts: &["一方面"],
        seconds: &["另一方面"],
    },
    Connective {
        firsts: &["无论", "不管"],
        seconds: &["都", "也", "总"],
    },
    Connective {
        firsts: &["只要"],
        seconds: &["就"],
    },
    Connective {
        firsts: &["只有"],
        seconds: &["才"],
    },
    Connective {
        firsts: &["之所以"],
        seconds: &["是因为"],
    },
    Connective {
        firsts: &["与其"],
        seconds: &["不如"],
    },
    Connective {
        firsts: &["宁可"],
        seconds: &["也不"],
    },
    Connective {
        firsts: &["除非"],
        seconds: &["才", "否则"],
    },
    Connective {
        firsts: &["一边"],
        seconds: &["一边"],
    },
    Connective {
        firsts: &["越"],
        seconds: &["越"],
    },
];

/// The second words that `first` takes (`虽然` → `但`, `但是`, `却`, `可是`); empty if `first`
/// is not a known first word.
pub fn seconds_for(first: &str) -> &'static [&'static str] {
    LEXICON
        .iter()
        .find(|c| c.firsts.contains(&first))
        .map_or(&[], |c| c.seconds)
}

/// The first words that take `second` (`也` → `不仅`, `不但`, `即使`, …), in lexicon order.
pub fn firsts_for(second: &str) -> Vec<&'static str> {
    LEXICON
        .iter()
        .filter(|c| c.seconds.contains(&second))
        .flat_map(|c| c.firsts.iter().copied())
        .collect()
}

/// Whether `first … second` is a pair in the lexicon.
pub fn is_known_pair(first: &str, second: &str) -> bool {
    seconds_for(first).contains(&second)
}

/// The word-sized piece of `text` a long press at byte `at` selects, for a finger to adjust:
/// the longest lexicon word starting there (`虽然`, `另一方面`), else that character and the
/// next when both are letters (most Chinese words are two characters), else the character
/// alone. An offset inside a character counts as that character; `None` at the end of the text
/// or on a line break.
pub fn word_at(text: &str, at: usize) -> Option<Range<usize>> {
    let mut start = at.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let rest = &text[start..];
    let mut chars = rest.chars();
    let first = chars.next().filter(|&c| c != '\n' && c != '\r')?;
    let longest = LEXICON
        .iter()
        .flat_map(|c| c.firsts.iter().chain(c.seconds))
        .filter(|word| rest.starts_with(**word))
        .map(|word| word.len())
        .max();
    if let Some(len) = longest {
        return Some(start..start + len);
    }
    let mut end = start + first.len_utf8();
    if first.is_alphanumeric() {
        if let Some(next) = chars.next().filter(|c| c.is_alphanumeric()) {
            end += next.len_utf8();
        }
    }
    Some(start..end)
}

/// A possible partner for a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suggestion {
    /// An existing span, an unpaired member or a candidate.
    Span(SpanId),
    /// Unmarked text (bytes in [`Document::text`]) that could be marked as the partner.
    Text(Range<usize>),
}

/// Partners the lexicon suggests for span `member` when it has none: on its line, a known second
/// word after it and a known first word before it. Existing spans come first, then unmarked
/// text; each nearest first. Empty for a paired span, an unknown word or a span id that does not
/// exist. A candidate gets suggestions too, as it would once made a member.
pub fn suggest_partners(doc: &Document, member: SpanId) -> Vec<Suggestion> {
    let Some(span) = doc.spans.get(member).filter(|s| s.pair.is_none()) else {
        return Vec::new();
    };
    let Some(line) = doc.lines.get(span.line) else {
        return Vec::new();
    };
    let word = doc.text.get(span.range.clone()).unwrap_or_default();
    let seconds = seconds_for(word);
    let firsts = firsts_for(word);
    if seconds.is_empty() && firsts.is_empty() {
        return Vec::new();
    }
    let on_line = doc.spans.get(line.spans.clone()).unwrap_or_default();
    // How far a partner at `range` is from the member, if it is on the side its word needs.
    let distance = |range: &Range<usize>, text: &str| {
        if range.start >= span.range.end && seconds.contains(&text) {
            Some(range.start - span.range.end)
        } else if range.end <= span.range.start && firsts.contains(&text) {
            Some(span.range.start - range.end)
        } else {
            None
        }
    };

    let mut spans: Vec<(usize, SpanId)> = on_line
        .iter()
        .zip(line.spans.clone())
        .filter(|&(s, id)| id != member && s.pair.is_none())
        .filter_map(|(s, id)| {
            let text = doc.text.get(s.range.clone())?;
            Some((distance(&s.range, text)?, id))
        })
        .collect();
    spans.sort_unstable();

    let unmarked = |range: &Range<usize>| {
        let i = on_line.partition_point(|s| s.range.end <= range.start);
        on_line.get(i).is_none_or(|s| s.range.start >= range.end)
    };
    let mut texts: Vec<Range<usize>> = Vec::new();
    let sides = [
        (span.range.end..line.range.end, seconds),
        (line.range.start..span.range.start, firsts.as_slice()),
    ];
    for (side, words) in sides {
        let Some(side_text) = doc.text.get(side.clone()) else {
            continue;
        };
        for w in words {
            for (at, _) in side_text.match_indices(w) {
                let range = side.start + at..side.start + at + w.len();
                if unmarked(&range) {
                    texts.push(range);
                }
            }
        }
    }
    // Of words found at one place (但 and 但是), the longest.
    texts.sort_unstable_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    texts.dedup_by_key(|r| r.start);
    let mut texts: Vec<(usize, Range<usize>)> = texts
        .into_iter()
        .filter_map(|r| {
            let text = doc.text.get(r.clone())?;
            Some((distance(&r, text)?, r))
        })
        .collect();
    texts.sort_unstable_by_key(|(d, r)| (*d, r.start));

    spans
        .into_iter()
        .map(|(_, id)| Suggestion::Span(id))
        .chain(texts.into_iter().map(|(_, r)| Suggestion::Text(r)))
        .collect()
}

/// How many pairs are lexicon pairs (first member's text, then second's) and how many are not.
pub fn pair_agreement(doc: &Document) -> (usize, usize) {
    let text = |id: SpanId| {
        doc.spans
            .get(id)
            .and_then(|s| doc.text.get(s.range.clone()))
            .unwrap_or_default()
    };
    let known = doc
        .pairs
        .iter()
        .filter(|p| is_known_pair(text(p.first), text(p.second)))
        .count();
    (known, doc.pairs.len() - known)
}
