//! A lesson an instructor builds: lines of one document chosen, ordered and named, kept as
//! line numbers (never the text) in a URL fragment, and the answer-key handout made from it.
//!
//! Lines are 0-based indexes into [`Document::lines`] here and 1-based in the fragment and in
//! everything a person reads, as the page numbers them.

use crate::lexicon::Lexicon;
use crate::model::{Document, PairId};
use crate::relation::RelationName;

/// The CJK font stack of the page (www/style.css `--font-cjk`) and its figures, so that a
/// handout prints in the face the class saw on the stage.
pub const CJK_FONT_STACK: &str = "\"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", \"Droid Sans Fallback\", sans-serif";

/// The lines of a lesson in the order the instructor chose, each at most once, and its name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonPlan {
    pub name: String,
    /// 0-based line indexes, no repeats.
    pub lines: Vec<usize>,
}

/// A plan read from a fragment, and how many of its line numbers were dropped (not a number,
/// zero, a repeat, or past the document's end).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedPlan {
    pub plan: LessonPlan,
    pub dropped: usize,
}

impl LessonPlan {
    pub fn new(name: impl Into<String>) -> LessonPlan {
        LessonPlan {
            name: name.into(),
            lines: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn contains(&self, line: usize) -> bool {
        self.lines.contains(&line)
    }

    /// Adds `line` at the end; `false` (and nothing changes) when it is already in.
    pub fn add(&mut self, line: usize) -> bool {
        if self.contains(line) {
            return false;
        }
        self.lines.push(line);
        true
    }

    /// Adds each of `lines` not yet in, in the order given; the number added.
    pub fn add_all(&mut self, lines: impl IntoIterator<Item = usize>) -> usize {
        lines.into_iter().filter(|&line| self.add(line)).count()
    }

    /// Removes the line at `position` in the lesson; the line removed.
    pub fn remove(&mut self, position: usize) -> Option<usize> {
        (position < self.lines.len()).then(|| self.lines.remove(position))
    }

    /// Moves the line at `position` one place earlier; `false` for the first or none.
    pub fn move_up(&mut self, position: usize) -> bool {
        if position == 0 || position >= self.lines.len() {
            return false;
        }
        self.lines.swap(position - 1, position);
        true
    }

    /// Moves the line at `position` one place later; `false` for the last or none.
    pub fn move_down(&mut self, position: usize) -> bool {
        if position + 1 >= self.lines.len() {
            return false;
        }
        self.lines.swap(position, position + 1);
        true
    }

    /// `lesson=12,3,7&lesson-name=…`: 1-based line numbers in lesson order and the name
    /// percent-encoded as UTF-8 (left out when empty). Never the text of a line.
    pub fn to_fragment(&self) -> String {
        let numbers: Vec<String> = self.lines.iter().map(|l| (l + 1).to_string()).collect();
        let mut out = format!("lesson={}", numbers.join(","));
        if !self.name.is_empty() {
            out.push_str("&lesson-name=");
            out.push_str(&percent_encode(&self.name));
        }
        out
    }

    /// Reads the lesson of a fragment (with or without `#`, among other keys such as the
    /// presenter's place) for a document of `line_count` lines; `None` when it has no
    /// `lesson` key. Line numbers that are not numbers, zero, repeated or past the end are
    /// dropped and counted; empty items (`lesson=`, `1,,2`) are not line numbers at all.
    pub fn from_fragment(fragment: &str, line_count: usize) -> Option<DecodedPlan> {
        let mut lines = None;
        let mut name = String::new();
        for item in fragment.trim_start_matches('#').split('&') {
            let (key, value) = item.split_once('=').unwrap_or((item, ""));
            match key {
                "lesson" => lines = Some(value),
                "lesson-name" => name = percent_decode(value),
                _ => {}
            }
        }
        let lines = lines?;
        let mut plan = LessonPlan::new(name);
        let mut dropped = 0;
        for number in lines.split(',').filter(|n| !n.is_empty()) {
            let line = number
                .parse::<usize>()
                .ok()
                .filter(|&n| n > 0 && n <= line_count);
            match line {
                Some(n) if plan.add(n - 1) => {}
                _ => dropped += 1,
            }
        }
        Some(DecodedPlan { plan, dropped })
    }

    /// Keeps only the lines a document of `line_count` lines has; the number dropped.
    pub fn fit(&mut self, line_count: usize) -> usize {
        let before = self.lines.len();
        self.lines.retain(|&l| l < line_count);
        before - self.lines.len()
    }
}

/// Percent-encodes everything but ASCII letters, digits and `-._~` (RFC 3986's unreserved
/// characters), byte by byte of the UTF-8.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Undoes [`percent_encode`] (and any other percent-encoding); a `%` not followed by two hex
/// digits stays as it is, and bytes that are not UTF-8 become U+FFFD.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The language a handout is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    Zh,
    En,
}

impl Language {
    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Language::Zh => zh,
            Language::En => en,
        }
    }
}

/// A pair on a line of the handout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoutPair {
    pub pair: PairId,
    /// The number the page shows on the pair, if the caller gives it.
    pub number: Option<usize>,
    /// `虽然…但`.
    pub label: String,
    /// Most frequent first, as the lexicon lists them; empty for a pair it does not know.
    pub relations: Vec<RelationName>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoutLine {
    /// 0-based.
    pub line: usize,
    /// The line's tag-free text.
    pub text: String,
    /// The pairs whose first member is on the line, in document order.
    pub pairs: Vec<HandoutPair>,
}

/// The answer key of a lesson: each of its lines in lesson order with its pairs and what
/// they express.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handout {
    pub name: String,
    /// The document the lines come from.
    pub document: String,
    pub lines: Vec<HandoutLine>,
}

/// The handout of `plan` over `doc` (named `document`), relations from `lexicon`. Lines past
/// the document's end are left out.
pub fn handout(doc: &Document, document: &str, plan: &LessonPlan, lexicon: &Lexicon) -> Handout {
    let lines = plan
        .lines
        .iter()
        .filter_map(|&line| {
            let spans = doc.lines.get(line)?.spans.clone();
            let pairs = doc
                .pairs
                .iter()
                .enumerate()
                .filter(|(_, p)| spans.contains(&p.first))
                .map(|(id, _)| HandoutPair {
                    pair: id,
                    number: None,
                    label: doc.pair_label(id),
                    relations: lexicon.pair_relations(doc, id),
                })
                .collect();
            Some(HandoutLine {
                line,
                text: doc.line_text(line).to_string(),
                pairs,
            })
        })
        .collect();
    Handout {
        name: plan.name.clone(),
        document: document.to_string(),
        lines,
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Handout {
    /// The title: the lesson's name, or the document's when the lesson has none.
    pub fn title(&self, language: Language) -> String {
        match (self.name.trim(), self.document.trim()) {
            ("", "") => language.pick("课", "Lesson").to_string(),
            ("", document) => format!("{}: {document}", language.pick("课", "Lesson")),
            (name, _) => name.to_string(),
        }
    }

    /// "第 12 行" / "Line 12".
    pub fn line_label(line: usize, language: Language) -> String {
        match language {
            Language::Zh => format!("第 {} 行", line + 1),
            Language::En => format!("Line {}", line + 1),
        }
    }

    /// The relations of a pair in `language`, "转折（让步） / …"; "—" when none is known.
    pub fn relation_words(pair: &HandoutPair, language: Language) -> String {
        if pair.relations.is_empty() {
            return "—".to_string();
        }
        pair.relations
            .iter()
            .map(|r| match language {
                Language::Zh => r.zh(),
                Language::En => r.en(),
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// A self-contained HTML document (`lang="zh"`, the CJK font stack, A4 pages), every text
    /// escaped.
    pub fn to_html(&self, language: Language) -> String {
        let title = escape_html(&self.title(language));
        let mut out = String::new();
        out.push_str("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str(&format!("<title>{title}</title>\n"));
        out.push_str("<style>\n@page { size: A4; margin: 18mm; }\n");
        out.push_str(&format!(
            "body {{ font-family: {}; color: #000; background: #fff; font-size: 12pt; line-height: 1.6; max-width: 174mm; margin: 0 auto; }}\n",
            CJK_FONT_STACK
        ));
        out.push_str(
            "h1 { font-size: 18pt; margin: 0 0 0.2em; }\n.source { color: #333; margin: 0 0 1em; }\n\
             ol.lines { padding-left: 0; list-style: none; }\n\
             ol.lines > li { break-inside: avoid; border-top: 1px solid #999; padding: 0.5em 0; }\n\
             .line-no { font-weight: bold; margin-right: 0.6em; }\n.text { font-size: 14pt; }\n\
             ul.pairs { margin: 0.3em 0 0; padding-left: 1.5em; }\n.label { font-weight: bold; }\n\
             </style>\n</head>\n<body>\n",
        );
        out.push_str(&format!("<h1>{title}</h1>\n"));
        if !self.document.is_empty() {
            out.push_str(&format!(
                "<p class=\"source\">{} {}</p>\n",
                language.pick("出自：", "From:"),
                escape_html(&self.document)
            ));
        }
        out.push_str("<ol class=\"lines\">\n");
        for line in &self.lines {
            out.push_str(&format!(
                "<li data-line=\"{}\">\n<p><span class=\"line-no\">{}</span><span class=\"text\">{}</span></p>\n",
                line.line + 1,
                Handout::line_label(line.line, language),
                escape_html(&line.text)
            ));
            if line.pairs.is_empty() {
                out.push_str(&format!(
                    "<p class=\"no-pairs\">{}</p>\n",
                    language.pick("（本行没有配对）", "(no pairs on this line)")
                ));
            } else {
                out.push_str("<ul class=\"pairs\">\n");
                for pair in &line.pairs {
                    let number = pair.number.map(|n| format!("{n}. ")).unwrap_or_default();
                    let ids: Vec<String> =
                        pair.relations.iter().map(|r| escape_html(r.id())).collect();
                    out.push_str(&format!(
                        "<li>{number}<span class=\"label\">{}</span> — <span class=\"relation\" data-relation=\"{}\">{}</span></li>\n",
                        escape_html(&pair.label),
                        ids.join(" "),
                        escape_html(&Handout::relation_words(pair, language))
                    ));
                }
                out.push_str("</ul>\n");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</body>\n</html>\n");
        out
    }

    /// The same as Markdown (also readable as plain text). Text from the document is written
    /// as it is: Markdown has no escaping that keeps Chinese text readable as plain text.
    pub fn to_markdown(&self, language: Language) -> String {
        let mut out = format!("# {}\n\n", self.title(language));
        if !self.document.is_empty() {
            out.push_str(&format!(
                "{} {}\n\n",
                language.pick("出自：", "From:"),
                self.document
            ));
        }
        for line in &self.lines {
            out.push_str(&format!(
                "## {}\n\n{}\n\n",
                Handout::line_label(line.line, language),
                line.text
            ));
            for pair in &line.pairs {
                out.push_str(&format!(
                    "- {} — {}\n",
                    pair.label,
                    Handout::relation_words(pair, language)
                ));
            }
            if !line.pairs.is_empty() {
                out.push('\n');
            }
        }
        out
    }
}
