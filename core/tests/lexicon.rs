//! The built-in lexicon of paired connectives: lookups, partner suggestions and how many pairs
//! agree with it.

use std::collections::HashSet;

use connectives_core::edit::{Edit, History};
use connectives_core::lexicon::{
    firsts_for, is_known_pair, pair_agreement, relations_of, seconds_for, suggest_partners,
    word_at, Lexicon, LexiconEntry, LexiconError, Suggestion, LEXICON, PAIR_RELATIONS,
};
use connectives_core::relation::{relation_by_id, relation_by_name, Relation, RELATIONS};
use connectives_core::{parse, Document, SpanKind};
use proptest::prelude::*;

mod support;
use support::span;

const EXAMPLE: &str = include_str!("../../www/examples/seed-zh.txt");

/// What the suggestions point at, as text.
fn suggested<'d>(doc: &'d Document, suggestions: &[Suggestion]) -> Vec<(&'static str, &'d str)> {
    suggestions
        .iter()
        .map(|s| match s {
            Suggestion::Span(id) => ("span", doc.span_text(*id)),
            Suggestion::Text(range) => ("text", &doc.text[range.clone()]),
        })
        .collect()
}

#[test]
fn seconds_and_firsts_are_looked_up_both_ways() {
    assert_eq!(seconds_for("虽然"), ["但", "但是", "却", "可是"]);
    assert_eq!(seconds_for("尽管"), seconds_for("虽然"));
    assert_eq!(seconds_for("宁可"), ["也不"]);
    assert!(seconds_for("但").is_empty());
    assert_eq!(firsts_for("所以"), ["因为"]);
    assert_eq!(
        firsts_for("也"),
        ["不仅", "不但", "即使", "哪怕", "既", "无论", "不管"]
    );
    assert!(firsts_for("虽然").is_empty());
}

#[test]
fn known_pairs_are_first_word_then_second_word() {
    assert!(is_known_pair("虽然", "但"));
    assert!(is_known_pair("不是", "而是"));
    assert!(is_known_pair("越", "越"));
    assert!(!is_known_pair("但", "虽然"));
    assert!(!is_known_pair("虽然", "而且"));
}

#[test]
fn every_first_word_belongs_to_one_entry() {
    let mut seen = HashSet::new();
    for connective in LEXICON {
        assert!(!connective.seconds.is_empty());
        for first in connective.firsts {
            assert!(seen.insert(*first), "{first} is in two entries");
        }
    }
}

#[test]
fn although_on_line_10_once_unlinked_suggests_its_but() {
    let mut doc = parse(EXAMPLE);
    let although = span(&doc, 10, "虽然");
    let but = span(&doc, 10, "但");
    // A member with a partner needs no suggestion.
    assert_eq!(suggest_partners(&doc, although), []);
    History::new()
        .apply(&mut doc, Edit::Unlink { span: although })
        .expect("虽然 has a partner");
    let suggestions = suggest_partners(&doc, although);
    assert_eq!(suggestions.first(), Some(&Suggestion::Span(but)));
    // And the other way round: 但 looks back for its first word.
    assert_eq!(
        suggest_partners(&doc, but).first(),
        Some(&Suggestion::Span(although))
    );
}

#[test]
fn a_member_with_no_partner_on_its_line_gets_no_suggestion() {
    let mut doc = parse(EXAMPLE);
    let line = &doc.lines[16];
    let at = line.range.start + doc.line_text(16).find("不是").expect("不是 on line 17");
    let edit = Edit::Mark {
        range: at..at + "不是".len(),
        kind: SpanKind::Member,
    };
    History::new().apply(&mut doc, edit).expect("valid mark");
    let not = span(&doc, 17, "不是");
    assert_eq!(suggest_partners(&doc, not), []);
    // A word the lexicon does not know gets none either.
    assert_eq!(suggest_partners(&doc, span(&doc, 17, "例如")), []);
}

#[test]
fn existing_spans_come_first_then_text_each_nearest_first() {
    let doc = parse("甲<a>不仅</a>乙也丙<cand>更</cand>丁<cand>还</cand>而且\n");
    let suggestions = suggest_partners(&doc, 0);
    assert_eq!(
        suggested(&doc, &suggestions),
        [
            ("span", "更"),
            ("span", "还"),
            ("text", "也"),
            ("text", "而且")
        ]
    );
}

#[test]
fn a_second_word_suggests_first_words_before_it() {
    let doc = parse("如果甲，要是乙，<a>就</a>丙。只要丁\n");
    let suggestions = suggest_partners(&doc, 0);
    assert_eq!(
        suggested(&doc, &suggestions),
        [("text", "要是"), ("text", "如果")]
    );
}

#[test]
fn the_longest_word_at_a_place_is_suggested_once() {
    let doc = parse("<a>虽然</a>甲，但是乙\n");
    let suggestions = suggest_partners(&doc, 0);
    assert_eq!(suggested(&doc, &suggestions), [("text", "但是")]);
}

#[test]
fn text_inside_spans_and_on_other_lines_is_not_suggested() {
    let doc = parse("<a>虽然</a>甲<cand>不但</cand>乙\n但是丙\n");
    assert_eq!(suggest_partners(&doc, 0), []);
}

#[test]
fn a_paired_partner_is_not_suggested() {
    let doc = parse("<a>虽然</a>甲<a pair=\"k\">但</a>乙<a pair=\"k\">而且</a>\n");
    assert_eq!(suggest_partners(&doc, 0), []);
}

#[test]
fn a_span_that_does_not_exist_gets_no_suggestion() {
    let doc = parse(EXAMPLE);
    assert_eq!(suggest_partners(&doc, doc.spans.len()), []);
    assert_eq!(suggest_partners(&Document::default(), 0), []);
}

#[test]
fn the_example_pairs_all_agree_with_the_lexicon() {
    let doc = parse(EXAMPLE);
    assert_eq!(pair_agreement(&doc), (8, 0));
}

#[test]
fn pairs_outside_the_lexicon_are_counted_apart() {
    let doc = parse("<a>虽然</a>甲<a>而且</a>\n<a>因为</a>乙<a>所以</a>\n<a>但</a>丙<a>虽然</a>\n");
    assert_eq!(pair_agreement(&doc), (1, 2));
    assert_eq!(pair_agreement(&Document::default()), (0, 0));
}

/// The text a long press at byte `at` selects.
fn pressed(text: &str, at: usize) -> Option<&str> {
    word_at(text, at).map(|range| &text[range])
}

#[test]
fn a_long_press_selects_the_lexicon_word_starting_there() {
    let line = "虽然下雨，另一方面我们也不怕。";
    assert_eq!(pressed(line, 0), Some("虽然"));
    let other = line.find("另一方面").unwrap_or_default();
    assert_eq!(
        pressed(line, other),
        Some("另一方面"),
        "the longest word wins"
    );
    let also = line.find("也不").unwrap_or_default();
    assert_eq!(pressed(line, also), Some("也不"));
}

#[test]
fn a_long_press_elsewhere_selects_two_characters_or_one_before_punctuation() {
    let line = "中亚国家，吉。\n乙";
    assert_eq!(pressed(line, 0), Some("中亚"));
    assert_eq!(pressed(line, "中亚".len()), Some("国家"));
    assert_eq!(
        pressed(line, line.find('吉').unwrap_or_default()),
        Some("吉")
    );
    assert_eq!(
        pressed(line, line.find('，').unwrap_or_default()),
        Some("，")
    );
    assert_eq!(pressed(line, line.find('\n').unwrap_or_default()), None);
    assert_eq!(pressed(line, line.len()), None, "past the end");
    assert_eq!(pressed(line, line.len() + 9), None);
    assert_eq!(pressed(line, 1), Some("中亚"), "inside 中: that character");
    assert_eq!(pressed("ab c", 0), Some("ab"));
}

/// The ids of relations, for comparing.
fn ids(relations: &[&Relation]) -> Vec<&'static str> {
    relations.iter().map(|r| r.id).collect()
}

#[test]
fn relations_of_built_in_pairs_most_frequent_first() {
    assert_eq!(ids(&relations_of("虽然", "但")), ["contrast"]);
    assert_eq!(ids(&relations_of("尽管", "可是")), ["contrast"]);
    assert_eq!(ids(&relations_of("因为", "所以")), ["causation"]);
    assert_eq!(ids(&relations_of("如果", "那么")), ["conditional"]);
    // CDTB: 不仅…而且 Progression 7, Conjunction 3; 不仅…也 the other way round (7 and 3).
    assert_eq!(
        ids(&relations_of("不仅", "而且")),
        ["progression", "conjunction"]
    );
    assert_eq!(
        ids(&relations_of("不仅", "也")),
        ["conjunction", "progression"]
    );
    assert_eq!(
        ids(&relations_of("不是", "而是")),
        ["contrast", "alternative"]
    );
    assert_eq!(ids(&relations_of("不是", "就是")), ["alternative"]);
    assert_eq!(
        ids(&relations_of("与其", "不如")),
        ["alternative", "conditional"]
    );
    let contrast = relations_of("虽然", "却")[0];
    assert_eq!((contrast.zh, contrast.en), ("转折（让步）", "Contrast"));
}

#[test]
fn pairs_outside_the_lexicon_have_no_relation() {
    assert!(relations_of("但", "虽然").is_empty(), "the wrong way round");
    assert!(
        relations_of("虽然", "而且").is_empty(),
        "known words, not a pair"
    );
    assert!(relations_of("甲", "乙").is_empty());
    assert!(relations_of("", "").is_empty());
}

#[test]
fn every_entry_has_relations_and_every_id_is_in_the_scheme() {
    for connective in LEXICON {
        assert!(!connective.relations.is_empty(), "{:?}", connective.firsts);
        for id in connective.relations {
            assert!(relation_by_id(id).is_some(), "{id} is not a relation");
        }
        for first in connective.firsts {
            for second in connective.seconds {
                assert!(!relations_of(first, second).is_empty(), "{first}…{second}");
            }
        }
    }
    for (first, second, list) in PAIR_RELATIONS {
        assert!(
            is_known_pair(first, second),
            "{first}…{second} overrides no pair"
        );
        assert!(list.iter().all(|id| relation_by_id(id).is_some()));
    }
}

#[test]
fn the_scheme_is_the_ten_conll_2016_chinese_senses() {
    let ids: Vec<&str> = RELATIONS.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [
            "alternative",
            "causation",
            "conditional",
            "conjunction",
            "contrast",
            "entrel",
            "expansion",
            "progression",
            "purpose",
            "temporal"
        ]
    );
    assert_eq!(relation_by_id("progression").map(|r| r.zh), Some("递进"));
    assert_eq!(relation_by_id("Contrast"), None, "ids are exact");
    assert_eq!(
        relation_by_id("concession"),
        None,
        "the scheme has no concession"
    );
}

#[test]
fn relation_names_resolve_in_every_form() {
    let id = |name: &str| relation_by_name(name).map(|r| r.id);
    assert_eq!(id("contrast"), Some("contrast"));
    assert_eq!(id(" CONTRAST "), Some("contrast"));
    assert_eq!(id("EntRel"), Some("entrel"));
    assert_eq!(id("转折（让步）"), Some("contrast"));
    assert_eq!(id("让步"), Some("contrast"));
    assert_eq!(id("转折"), Some("contrast"));
    assert_eq!(id("假设"), Some("conditional"));
    assert_eq!(id("取舍"), Some("alternative"));
    assert_eq!(id("并列"), Some("conjunction"));
    assert_eq!(id("concession"), None);
    assert_eq!(id(""), None);
}

fn entry(first: &str, second: &str, relations: &[&str]) -> LexiconEntry {
    LexiconEntry {
        first: first.to_string(),
        second: second.to_string(),
        relations: relations.iter().map(|r| r.to_string()).collect(),
    }
}

#[test]
fn the_built_in_lexicon_has_every_pair_once_with_its_relations() {
    let lexicon = Lexicon::builtin();
    // 3×4 + 2×4 + 1 + 3×3 + 2 + 2 + 2 + 1 + 2×3 + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 1, by hand.
    assert_eq!(lexicon.entries.len(), 52);
    assert_eq!(lexicon.entries[0], entry("虽然", "但", &["contrast"]));
    assert_eq!(
        lexicon.entries.last(),
        Some(&entry("越", "越", &["conditional", "progression"]))
    );
    assert_eq!(
        lexicon.relations("不但", "也"),
        ["conjunction", "progression"]
    );
    assert_eq!(
        lexicon.relations("不但", "更"),
        ["progression", "conjunction"]
    );
    assert!(lexicon.relations("但", "虽然").is_empty());
}

#[test]
fn the_built_in_lexicon_answers_as_the_free_functions() {
    let lexicon = Lexicon::builtin();
    let words: Vec<&str> = LEXICON
        .iter()
        .flat_map(|c| c.firsts.iter().chain(c.seconds))
        .copied()
        .chain(["甲", ""])
        .collect();
    for &a in &words {
        assert_eq!(lexicon.seconds_for(a), seconds_for(a), "{a}");
        assert_eq!(lexicon.firsts_for(a), firsts_for(a), "{a}");
        for &b in &words {
            assert_eq!(lexicon.is_known_pair(a, b), is_known_pair(a, b), "{a}…{b}");
            let names: Vec<&str> = relations_of(a, b).iter().map(|r| r.id).collect();
            assert_eq!(lexicon.relations(a, b), names, "{a}…{b}");
        }
    }
}

#[test]
fn csv_with_header_comments_quotes_and_several_relations() {
    let text = "\u{feff}first,second,relation\n\
                # a teacher's own pairs\n\
                \n\
                虽然,但是,转折|让步\n  \
                \"一,边\" , 一边 ,\"并列; 时间（承接）\"\n\
                \"说\"\"是\"\"\",其实,Contrast;我的关系\n\
                要么,要么,\n";
    let lexicon = Lexicon::parse(text).expect("a good file");
    assert_eq!(
        lexicon.entries,
        [
            // 转折 and 让步 are both Contrast: kept once.
            entry("虽然", "但是", &["contrast"]),
            entry("一,边", "一边", &["conjunction", "temporal"]),
            entry("说\"是\"", "其实", &["contrast", "我的关系"]),
            entry("要么", "要么", &[]),
        ]
    );
    assert_eq!(lexicon.seconds_for("虽然"), ["但是"]);
    assert_eq!(lexicon.firsts_for("一边"), ["一,边"]);
    assert!(lexicon.is_known_pair("要么", "要么"));
    assert!(
        !lexicon.is_known_pair("虽然", "但"),
        "only this file's pairs"
    );
}

#[test]
fn the_header_is_optional_and_tsv_is_told_by_its_first_line() {
    let with = Lexicon::parse("first,second,relation\n只要,就,条件\n").expect("csv");
    let without = Lexicon::parse("只要,就,条件\n").expect("csv");
    assert_eq!(with, without);
    assert_eq!(with.entries, [entry("只要", "就", &["conditional"])]);

    let tsv = "# comment, with a comma\nFirst\tSecond\tRelations\n因为\t所以\tcausation\n\
               a,b\t\"c\"\tx|y\n";
    let lexicon = Lexicon::parse(tsv).expect("tsv");
    assert_eq!(
        lexicon.entries,
        [
            entry("因为", "所以", &["causation"]),
            // In TSV commas and quotes are plain text.
            entry("a,b", "\"c\"", &["x", "y"]),
        ]
    );
    assert_eq!(Lexicon::parse("").expect("empty"), Lexicon::default());
    assert_eq!(
        Lexicon::parse("# only\n\n").expect("comments"),
        Lexicon::default()
    );
}

#[test]
fn a_header_only_counts_on_the_first_row() {
    let lexicon = Lexicon::parse("甲,乙,\nfirst,second,relation\n").expect("two rows");
    assert_eq!(
        lexicon.entries,
        [
            entry("甲", "乙", &[]),
            entry("first", "second", &["relation"])
        ]
    );
}

#[test]
fn each_bad_row_is_refused_with_its_line() {
    let err = |text: &str| Lexicon::parse(text).expect_err("a bad file");
    assert_eq!(
        err("first,second,relation\n虽然,,contrast\n"),
        LexiconError::EmptyWord { line: 2, column: 2 }
    );
    assert_eq!(
        err("# c\n\n \"\" ,但,contrast\n"),
        LexiconError::EmptyWord { line: 3, column: 1 }
    );
    assert_eq!(
        err("虽然,但,contrast\n因为,所以\n"),
        LexiconError::TooFewColumns { line: 2, found: 2 }
    );
    assert_eq!(
        err("因为\t所以\n"),
        LexiconError::TooFewColumns { line: 1, found: 2 }
    );
    assert_eq!(
        err("虽然,但,contrast,concession\n"),
        LexiconError::TooManyColumns { line: 1, found: 4 }
    );
    assert_eq!(
        err("甲,乙,\n\"虽然,但,contrast\n"),
        LexiconError::UnclosedQuote { line: 2, column: 1 }
    );
    assert_eq!(
        err("虽然,\"但\"是,contrast\n"),
        LexiconError::TextAfterQuote { line: 1, column: 2 }
    );
    assert_eq!(
        err("虽然,但,contrast\n因为,所以,causation\n# again\n虽然 , 但,让步\n"),
        LexiconError::DuplicatePair {
            line: 4,
            first_line: 1,
            first: "虽然".to_string(),
            second: "但".to_string(),
        }
    );
}

#[test]
fn errors_speak_both_languages_and_name_the_line() {
    let e = LexiconError::TooFewColumns { line: 7, found: 2 };
    assert_eq!(e.line(), 7);
    assert!(
        e.message().starts_with("line 7 has 2 columns"),
        "{}",
        e.message()
    );
    assert!(
        e.message_zh().starts_with("第 7 行只有 2 列"),
        "{}",
        e.message_zh()
    );
    let d = LexiconError::DuplicatePair {
        line: 4,
        first_line: 1,
        first: "虽然".to_string(),
        second: "但".to_string(),
    };
    assert_eq!(d.message(), "line 4 repeats the pair 虽然…但 of line 1");
    assert_eq!(d.message_zh(), "第 4 行重复了第 1 行的关联词对 虽然…但");
    let w = LexiconError::EmptyWord { line: 2, column: 1 };
    assert_eq!(w.to_string(), "line 2, column 1: the first word is empty");
    assert_eq!(w.message_zh(), "第 2 行第 1 列：前项关联词为空");
}

#[test]
fn to_csv_quotes_only_what_needs_it() {
    let lexicon = Lexicon {
        entries: vec![
            entry("虽然", "但", &["contrast", "我的"]),
            entry("一,边", "#x", &[]),
            entry("说\"是\"", "其实", &["a,b"]),
        ],
    };
    assert_eq!(
        lexicon.to_csv(),
        "first,second,relation\n虽然,但,contrast|我的\n\"一,边\",\"#x\",\n\
         \"说\"\"是\"\"\",其实,\"a,b\"\n"
    );
    assert_eq!(Lexicon::parse(&lexicon.to_csv()), Ok(lexicon));
}

#[test]
fn the_built_in_lexicon_round_trips_through_csv() {
    let builtin = Lexicon::builtin();
    let csv = builtin.to_csv();
    assert!(csv.starts_with("first,second,relation\n虽然,但,contrast\n"));
    assert!(csv.contains("\n不仅,而且,progression|conjunction\n"));
    assert_eq!(Lexicon::parse(&csv).as_ref(), Ok(builtin));
}

/// A cell as `parse` leaves it: trimmed, not empty, on one line.
fn cell() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[ 甲乙虽然,\"#\t|;a-c]{0,6}")
        .expect("regex")
        .prop_map(|s| s.trim().to_string())
        .prop_filter("not empty", |s| !s.is_empty())
}

/// A relation as `parse` stores it: an id, or a custom name with no separator.
fn relation() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(RELATIONS).prop_map(|r| r.id.to_string()),
        cell()
            .prop_map(|s| s.replace(['|', ';'], ""))
            .prop_map(|s| s.trim().to_string())
            .prop_filter("custom", |s| !s.is_empty() && relation_by_name(s).is_none()),
    ]
}

proptest! {
    #[test]
    fn random_lexicons_round_trip(
        rows in proptest::collection::vec(
            (cell(), cell(), proptest::collection::vec(relation(), 0..4)),
            0..8,
        )
    ) {
        let mut entries: Vec<LexiconEntry> = Vec::new();
        for (first, second, mut relations) in rows {
            if entries.iter().any(|e| e.first == first && e.second == second) {
                continue;
            }
            let mut seen = HashSet::new();
            relations.retain(|r| seen.insert(r.clone()));
            entries.push(LexiconEntry { first, second, relations });
        }
        let lexicon = Lexicon { entries };
        let csv = lexicon.to_csv();
        prop_assert_eq!(Lexicon::parse(&csv), Ok(lexicon), "{}", csv);
    }
}

#[test]
fn a_document_s_pairs_are_grouped_by_their_first_relation() {
    use connectives_core::lexicon::pair_relations;
    use connectives_core::stats::relation_frequencies;
    let doc = connectives_core::parse(
        "<a>虽然</a>累，<a>但</a>去。<a>不仅</a>快，<a>而且</a>好。\n\
         <a>尽管</a>难，<a>却</a>成。<a>甲</a>乙<a>丙</a>。\n",
    );
    assert_eq!(
        pair_relations(&doc, 0)
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        ["contrast"]
    );
    assert_eq!(
        pair_relations(&doc, 1)
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        ["progression", "conjunction"]
    );
    assert!(
        pair_relations(&doc, 3).is_empty(),
        "甲…丙 is not in the lexicon"
    );
    assert!(pair_relations(&doc, 9).is_empty(), "no such pair");
    let rows = relation_frequencies(&doc, Lexicon::builtin());
    let shown: Vec<(Option<&str>, Vec<usize>)> = rows
        .iter()
        .map(|row| (row.relation.as_ref().map(|r| r.id()), row.pairs.clone()))
        .collect();
    assert_eq!(
        shown,
        [
            (Some("contrast"), vec![0, 2]),
            (Some("progression"), vec![1]),
            (None, vec![3]),
        ]
    );
}

/// The document the imported-lexicon tests share: 虽然…但 (built in), 甲…丙 (not).
const TWO_PAIRS: &str =
    "<a>虽然</a>累，<a>但</a>去。<a>甲</a>乙<a>丙</a>。\n<cand>甲</cand>乙丙，丁。\n";

#[test]
fn an_imported_lexicon_decides_relations_statistics_and_agreement() {
    use connectives_core::relation::RelationName;
    use connectives_core::stats::relation_frequencies;
    let doc = connectives_core::parse(TWO_PAIRS);
    let own = Lexicon::parse("first,second,relation\n甲,丙,评注|contrast\n").expect("parses");
    assert_eq!(
        own.pair_relations(&doc, 1),
        [
            RelationName::Custom("评注".into()),
            RelationName::Scheme(relation_by_id("contrast").unwrap())
        ]
    );
    assert!(
        own.pair_relations(&doc, 0).is_empty(),
        "虽然…但 is not in this lexicon"
    );
    assert!(own.pair_relations(&doc, 7).is_empty(), "no such pair");
    assert_eq!(Lexicon::builtin().pair_agreement(&doc), (1, 1));
    assert_eq!(own.pair_agreement(&doc), (1, 1));
    let rows = relation_frequencies(&doc, &own);
    let shown: Vec<(Option<&str>, Vec<usize>)> = rows
        .iter()
        .map(|row| (row.relation.as_ref().map(|r| r.id()), row.pairs.clone()))
        .collect();
    assert_eq!(shown, [(Some("评注"), vec![1]), (None, vec![0])]);
    let custom = RelationName::of("评注");
    assert_eq!((custom.zh(), custom.en()), ("评注", "评注"));
    let scheme = RelationName::of("contrast");
    assert_eq!((scheme.zh(), scheme.en()), ("转折（让步）", "Contrast"));
}

#[test]
fn an_imported_lexicon_suggests_its_own_partners() {
    let doc = connectives_core::parse(TWO_PAIRS);
    let candidate = doc.lines[1].spans.start;
    assert_eq!(
        Lexicon::builtin().suggest_partners(&doc, candidate),
        [],
        "甲 is no word of the built-in lexicon"
    );
    let own = Lexicon::parse("甲\t丙\t\n甲\t丁\tcontrast\n").expect("parses");
    let line = doc.lines[1].range.start;
    let at = |word: &str| {
        let start = line + doc.text[line..].find(word).unwrap();
        Suggestion::Text(start..start + word.len())
    };
    assert_eq!(own.suggest_partners(&doc, candidate), [at("丙"), at("丁")]);
}

#[test]
fn the_relation_set_lists_scheme_relations_in_order_then_custom_ones() {
    let own = Lexicon::parse("a,b,purpose|x\nc,d,Contrast\ne,f,y|x\n").expect("parses");
    let ids: Vec<String> = own
        .relation_set()
        .iter()
        .map(|r| r.id().to_string())
        .collect();
    assert_eq!(ids, ["contrast", "purpose", "x", "y"]);
    let builtin: Vec<String> = Lexicon::builtin()
        .relation_set()
        .iter()
        .map(|r| r.id().to_string())
        .collect();
    assert!(
        builtin.len() >= 4,
        "enough for a quiz's four choices: {builtin:?}"
    );
    assert!(builtin.contains(&"contrast".to_string()), "{builtin:?}");
    assert!(
        builtin.iter().all(|id| relation_by_id(id).is_some()),
        "{builtin:?}"
    );
}
