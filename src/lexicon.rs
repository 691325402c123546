//! The lexicon the page uses: the built-in one, or one the user imported. Pure: what is kept in
//! the browser and how an imported file becomes a lexicon or a message; `browser::lexicon`
//! keeps it.

use std::rc::Rc;

use connectives_core::lexicon::{Lexicon, LexiconError};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// An imported lexicon as localStorage keeps it: the file's name and the lexicon as CSV (the
/// core's own writing of it, so it reads back the same).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptLexicon {
    pub name: String,
    pub csv: String,
}

impl KeptLexicon {
    pub fn of(name: &str, lexicon: &Lexicon) -> KeptLexicon {
        KeptLexicon {
            name: name.to_string(),
            csv: lexicon.to_csv(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The kept lexicon in `json`; `None` for anything this release did not write (the page
    /// then uses the built-in lexicon and says nothing: there is nothing the user can do).
    pub fn from_json(json: &str) -> Option<(String, Lexicon)> {
        let kept: KeptLexicon = serde_json::from_str(json).ok()?;
        let lexicon = Lexicon::parse(&kept.csv).ok()?;
        Some((kept.name, lexicon))
    }
}

/// The built-in lexicon, shared: what a page without an imported one uses.
pub fn builtin() -> Rc<Lexicon> {
    thread_local! {
        static BUILTIN: Rc<Lexicon> = Rc::new(Lexicon::builtin().clone());
    }
    BUILTIN.with(Rc::clone)
}

/// Reads an imported file: the lexicon, or a message naming the file and the bad row's line
/// (and column where there is one). An empty file, or one with only a header and comments, is
/// refused too: using it would take every relation away.
pub fn read(name: &str, text: &str, lang: Lang) -> Result<Lexicon, String> {
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(match lang {
            Lang::Zh => format!("{name} 不是文本文件（第 {line} 行有 NUL 字节），词表未改变。"),
            Lang::En => format!(
                "{name} is not a text file (a NUL byte on line {line}); the lexicon is unchanged."
            ),
        });
    }
    match Lexicon::parse(text) {
        Ok(lexicon) if lexicon.entries.is_empty() => Err(match lang {
            Lang::Zh => format!("{name} 中没有配对（每行：前词,后词,关系），词表未改变。"),
            Lang::En => format!(
                "{name} has no pairs (one a row: first,second,relation); the lexicon is unchanged."
            ),
        }),
        Ok(lexicon) => Ok(lexicon),
        Err(error) => Err(refusal(name, &error, lang)),
    }
}

fn refusal(name: &str, error: &LexiconError, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{name}：{}，词表未改变。", error.message_zh()),
        Lang::En => format!("{name}: {}; the lexicon is unchanged.", error.message()),
    }
}

/// The name of the lexicon's CSV download: the imported file's stem, or the built-in's name.
pub fn export_name(name: Option<&str>) -> String {
    match name {
        None => "lexicon-builtin.csv".to_string(),
        Some(name) => {
            let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem).trim();
            let stem = if stem.is_empty() { "lexicon" } else { stem };
            format!("{stem}.csv")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_lexicon_reads_back_the_same() {
        let lexicon = Lexicon::parse("甲,乙,评注|contrast\n\"a,b\",c,\n").unwrap();
        let json = KeptLexicon::of("mine.tsv", &lexicon).to_json();
        assert_eq!(
            KeptLexicon::from_json(&json),
            Some(("mine.tsv".to_string(), lexicon))
        );
        assert_eq!(KeptLexicon::from_json("{\"name\":1}"), None);
        assert_eq!(KeptLexicon::from_json("not json"), None);
        let broken = KeptLexicon {
            name: "x".into(),
            csv: "a,b\n".into(),
        };
        assert_eq!(KeptLexicon::from_json(&broken.to_json()), None);
    }

    #[test]
    fn a_bad_row_is_refused_with_its_line_in_either_language() {
        let text = "first,second,relation\n虽然,但,contrast\n不仅,而且\n";
        let en = read("mine.csv", text, Lang::En).unwrap_err();
        assert!(en.starts_with("mine.csv: "), "{en}");
        assert!(en.contains("line 3"), "{en}");
        assert!(en.ends_with("the lexicon is unchanged."), "{en}");
        let zh = read("mine.csv", text, Lang::Zh).unwrap_err();
        assert!(zh.contains('3') && zh.ends_with("词表未改变。"), "{zh}");
        let quote = read("q.csv", "a,\"b,c\n", Lang::En).unwrap_err();
        assert!(
            quote.contains("line 1") && quote.contains("column 2"),
            "{quote}"
        );
    }

    #[test]
    fn a_binary_file_is_refused() {
        let message = read("x.png", "甲,乙,\n\u{0}PNG", Lang::En).unwrap_err();
        assert_eq!(
            message,
            "x.png is not a text file (a NUL byte on line 2); the lexicon is unchanged."
        );
    }

    #[test]
    fn a_file_without_pairs_is_refused() {
        for text in ["", "first,second,relation\n", "# only a comment\n\n"] {
            let message = read("empty.csv", text, Lang::En).unwrap_err();
            assert!(message.contains("has no pairs"), "{text:?}: {message}");
        }
        assert_eq!(
            read("one.csv", "甲,乙,\n", Lang::En).unwrap().entries.len(),
            1
        );
    }

    #[test]
    fn the_download_is_named_after_the_imported_file() {
        assert_eq!(export_name(None), "lexicon-builtin.csv");
        assert_eq!(export_name(Some("课堂词表.tsv")), "课堂词表.csv");
        assert_eq!(export_name(Some("mine")), "mine.csv");
        assert_eq!(export_name(Some(".csv")), "lexicon.csv");
    }
}
