//! Lessons: the plan's operations, its URL fragment (line numbers and a name, never the text)
//! and the answer-key handout.

use connectives_core::lesson_plan::{
    escape_html, handout, percent_decode, percent_encode, DecodedPlan, Language, LessonPlan,
};
use connectives_core::lexicon::Lexicon;
use connectives_core::parse;
use connectives_core::relation::RelationName;
use proptest::prelude::*;

const DOC: &str = "没有关联词。\n<a>虽然</a>下雨，<a>但</a>我们<a>不仅</a>去了，<a>而且</a>玩了。\n<a>因为</a>累，<a>所以</a>睡了。\n<a pair=\"x\">甲</a>和<a pair=\"x\">乙</a>。\n";

fn plan(lines: &[usize]) -> LessonPlan {
    LessonPlan {
        name: String::new(),
        lines: lines.to_vec(),
    }
}

#[test]
fn adding_keeps_the_order_chosen_and_never_repeats_a_line() {
    let mut p = LessonPlan::new("第一课");
    assert!(p.add(11));
    assert!(p.add(2));
    assert!(!p.add(11), "already in");
    assert_eq!(p.add_all([6, 2, 0, 6]), 2);
    assert_eq!(p.lines, [11, 2, 6, 0]);
}

#[test]
fn moving_and_removing_work_by_position_and_refuse_the_ends() {
    let mut p = plan(&[11, 2, 6]);
    assert!(!p.move_up(0), "the first cannot go up");
    assert!(!p.move_down(2), "the last cannot go down");
    assert!(!p.move_up(7) && !p.move_down(7), "no such position");
    assert!(p.move_up(2));
    assert_eq!(p.lines, [11, 6, 2]);
    assert!(p.move_down(0));
    assert_eq!(p.lines, [6, 11, 2]);
    assert_eq!(p.remove(1), Some(11));
    assert_eq!(p.remove(5), None);
    assert_eq!(p.lines, [6, 2]);
}

#[test]
fn the_fragment_has_one_based_numbers_in_lesson_order_and_the_encoded_name() {
    let p = LessonPlan {
        name: "虽然 & 但".to_string(),
        lines: vec![11, 2, 6],
    };
    let fragment = p.to_fragment();
    assert_eq!(
        fragment,
        "lesson=12,3,7&lesson-name=%E8%99%BD%E7%84%B6%20%26%20%E4%BD%86"
    );
    assert!(!fragment.contains('虽'), "never the text");
    let back = LessonPlan::from_fragment(&format!("#line=3&mode=reveal&{fragment}"), 20);
    assert_eq!(
        back,
        Some(DecodedPlan {
            plan: p,
            dropped: 0
        })
    );
    assert_eq!(plan(&[]).to_fragment(), "lesson=", "no name, no key");
    assert_eq!(LessonPlan::from_fragment("line=3&mode=quiz", 20), None);
}

#[test]
fn bad_zero_repeated_and_out_of_range_numbers_are_dropped_and_counted() {
    let decoded = LessonPlan::from_fragment("lesson=3,x,0,3,99,-1,2,,1.5,4", 4).unwrap();
    assert_eq!(decoded.plan.lines, [2, 1, 3]);
    assert_eq!(decoded.dropped, 6, "x, 0, 3 again, 99, -1, 1.5");
    let empty = LessonPlan::from_fragment("#lesson=", 4).unwrap();
    assert_eq!((empty.plan.lines.len(), empty.dropped), (0, 0));
    let mut fitted = plan(&[0, 7, 3]);
    assert_eq!(fitted.fit(4), 1);
    assert_eq!(fitted.lines, [0, 3]);
}

#[test]
fn hostile_names_survive_the_fragment_without_breaking_it() {
    for name in [
        "&lesson=1,2,3",
        "#mode=quiz",
        "100% 的把握",
        "%zz%4",
        "emoji 🎓👩‍🏫",
        "<script>alert(1)</script>",
        "a=b&c",
        "  spaces  ",
    ] {
        let p = LessonPlan {
            name: name.to_string(),
            lines: vec![4, 0],
        };
        let fragment = p.to_fragment();
        assert_eq!(fragment.matches('&').count(), 1, "{fragment}");
        assert!(
            !fragment.contains('#') && !fragment.contains('<'),
            "{fragment}"
        );
        let back = LessonPlan::from_fragment(&fragment, 10).unwrap();
        assert_eq!(back.plan, p, "{name}");
    }
    // A stray % in a typed URL is kept as it is.
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%E4%BD"), "\u{fffd}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn any_plan_round_trips_through_its_fragment(
        name in any::<String>(),
        lines in proptest::collection::vec(0usize..500, 0..40),
    ) {
        let mut p = LessonPlan::new(name);
        p.add_all(lines);
        let decoded = LessonPlan::from_fragment(&p.to_fragment(), 500).unwrap();
        prop_assert_eq!(decoded.dropped, 0);
        prop_assert_eq!(decoded.plan, p);
    }

    #[test]
    fn percent_encoding_round_trips_and_leaves_only_safe_characters(text in any::<String>()) {
        let encoded = percent_encode(&text);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert_eq!(percent_decode(&encoded), text);
    }

    #[test]
    fn any_fragment_decodes_to_lines_in_range_without_repeats(
        fragment in "[0-9,a&=x%-]{0,40}",
        count in 0usize..30,
    ) {
        if let Some(decoded) = LessonPlan::from_fragment(&format!("lesson={fragment}"), count) {
            let mut seen = std::collections::HashSet::new();
            prop_assert!(decoded.plan.lines.iter().all(|&l| l < count && seen.insert(l)));
        }
    }
}

#[test]
fn the_handout_lists_each_line_in_lesson_order_with_its_pairs_and_relations() {
    let doc = parse(DOC);
    let lexicon = Lexicon::builtin();
    let h = handout(&doc, "课文.txt", &plan(&[2, 1, 0, 99]), lexicon);
    let lines: Vec<usize> = h.lines.iter().map(|l| l.line).collect();
    assert_eq!(lines, [2, 1, 0], "past the end: left out");
    assert_eq!(h.lines[0].text, "因为累，所以睡了。", "tag-free");
    let pairs = |i: usize| -> Vec<(String, Vec<String>)> {
        h.lines[i]
            .pairs
            .iter()
            .map(|p| {
                (
                    p.label.clone(),
                    p.relations.iter().map(|r| r.id().to_string()).collect(),
                )
            })
            .collect()
    };
    assert_eq!(
        pairs(0),
        [("因为…所以".to_string(), vec!["causation".to_string()])]
    );
    assert_eq!(
        pairs(1),
        [
            ("虽然…但".to_string(), vec!["contrast".to_string()]),
            (
                "不仅…而且".to_string(),
                vec!["progression".to_string(), "conjunction".to_string()]
            ),
        ]
    );
    assert!(h.lines[2].pairs.is_empty());

    let html = h.to_html(Language::En);
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle} in {html}"))
    };
    assert!(at("因为累") < at("虽然下雨") && at("虽然下雨") < at("没有关联词"));
    assert!(at("因为…所以") < at("Causation") && at("Causation") < at("虽然…但"));
    assert!(at("虽然…但") < at("Contrast") && at("Contrast") < at("不仅…而且"));
    assert!(html.contains("Progression / Conjunction"));
    assert!(html.contains("Line 3") && html.contains("<html lang=\"zh\">"));
    assert!(html.contains("Noto Sans CJK SC") && html.contains("size: A4"));
    let zh = h.to_html(Language::Zh);
    assert!(zh.contains("第 3 行") && zh.contains("转折（让步）"));
    let md = h.to_markdown(Language::En);
    assert!(
        md.contains("## Line 2\n\n虽然下雨，但我们不仅去了，而且玩了。\n\n- 虽然…但 — Contrast\n")
    );
}

#[test]
fn a_pair_outside_the_scheme_or_lexicon_is_named_as_written_or_not_at_all() {
    let doc = parse(DOC);
    let lexicon = Lexicon::parse("first,second,relation\n甲,乙,对照\n虽然,但,Contrast\n").unwrap();
    let h = handout(&doc, "", &plan(&[3, 1]), &lexicon);
    assert_eq!(
        h.lines[0].pairs[0].relations,
        [RelationName::Custom("对照".to_string())]
    );
    let second = &h.lines[1].pairs;
    assert_eq!(second[0].relations[0].id(), "contrast");
    assert!(
        second[1].relations.is_empty(),
        "不仅…而且 is not in this lexicon"
    );
    let html = h.to_html(Language::En);
    assert!(html.contains("对照"));
    assert!(html.contains("<span class=\"label\">不仅…而且</span> — <span class=\"relation\" data-relation=\"\">—</span>"));
}

#[test]
fn every_text_of_the_handout_is_escaped() {
    let doc = parse("<a>虽然</a><script>alert(\"x\")</script> <a>但</a>'&'\n");
    let hostile = "<script>alert('名')</script> & \"";
    let lexicon = Lexicon::parse("虽然,但,<b>bold</b>\n").unwrap();
    let p = LessonPlan {
        name: hostile.to_string(),
        lines: vec![0],
    };
    let html = handout(&doc, "<i>doc</i>.txt", &p, &lexicon).to_html(Language::Zh);
    assert_eq!(html.matches("<script").count(), 0, "{html}");
    assert!(!html.contains("<b>") && !html.contains("<i>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;名&#39;)&lt;/script&gt; &amp; &quot;"));
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"));
    assert_eq!(escape_html("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
}
