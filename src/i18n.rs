//! The two interface languages. Each piece of UI text is written in place as a pair:
//! `lang.pick("打开", "Open")`, so a string and its translation never drift apart.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The BCP 47 code, for `<html lang>` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.to_ascii_lowercase();
        if code.starts_with("zh") {
            Some(Lang::Zh)
        } else if code.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first of the browser's preferred languages that we speak; Chinese otherwise.
    pub fn from_preferences<'a>(codes: impl IntoIterator<Item = &'a str>) -> Lang {
        codes
            .into_iter()
            .find_map(Lang::from_code)
            .unwrap_or_default()
    }

    /// The English noun for `n` things: `one` for exactly one, else `many`. Chinese nouns do
    /// not change with the number, so a Chinese string needs nothing of the kind.
    pub fn noun(n: usize, one: &'static str, many: &'static str) -> &'static str {
        if n == 1 {
            one
        } else {
            many
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// A relation's name in the page's language.
pub fn relation_name(relation: &connectives_core::relation::RelationName, lang: Lang) -> &str {
    match lang {
        Lang::Zh => relation.zh(),
        Lang::En => relation.en(),
    }
}

/// The relations of pair `pair` by `lexicon`, named in the page's language, most frequent
/// first ("转折（让步）", "Progression / Conjunction"); empty for a pair outside the lexicon.
pub fn pair_relation_words(
    doc: &connectives_core::Document,
    lexicon: &connectives_core::lexicon::Lexicon,
    pair: usize,
    lang: Lang,
) -> String {
    lexicon
        .pair_relations(doc, pair)
        .iter()
        .map(|r| relation_name(r, lang))
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn the_first_spoken_preference_wins() {
        assert_eq!(
            Lang::from_preferences(["fr-FR", "en-GB", "zh-CN"]),
            Lang::En
        );
        assert_eq!(Lang::from_preferences(["zh-TW", "en"]), Lang::Zh);
        assert_eq!(Lang::from_preferences(["fr", "de"]), Lang::Zh);
    }

    #[test]
    fn one_takes_the_singular_and_every_other_number_the_plural() {
        assert_eq!(Lang::noun(1, "pair", "pairs"), "pair");
        for n in [0, 2, 11, 21, 101] {
            assert_eq!(Lang::noun(n, "match", "matches"), "matches", "{n}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("EN-us"), Some(Lang::En));
        assert_eq!(Lang::from_code(""), None);
    }
}
