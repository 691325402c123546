use std::ops::Range;
use std::rc::Rc;

use connectives_core::lexicon::Lexicon;
use connectives_core::{Document, Span, SpanId, SpanKind};
use yew::prelude::*;

use crate::comparing::LineMarks;
use crate::i18n::Lang;
use crate::pair_numbers::PairNumbers;
use crate::segments::{line_segments, problems_on_line, LineParts, Piece, Segment};
use crate::suggesting::LineSuggestions;

/// What a span is, in words: `candidate connective`, `pair 3: 虽然…但`, `member without a
/// partner`. Its tooltip and the edit panel say the same.
pub fn describe_span(
    doc: &Document,
    lexicon: &Lexicon,
    numbers: &PairNumbers,
    id: SpanId,
    lang: Lang,
) -> String {
    let span = &doc.spans[id];
    match (span.kind, span.pair) {
        (SpanKind::Candidate, _) => lang.pick("候选关联词", "candidate connective").to_string(),
        (SpanKind::Member, Some(pair)) => {
            let label = format!(
                "{} {}: {}",
                lang.pick("配对", "pair"),
                numbers.number(pair),
                doc.pair_label(pair)
            );
            match crate::i18n::pair_relation_words(doc, lexicon, pair, lang) {
                relations if relations.is_empty() => label,
                relations => format!("{label} · {relations}"),
            }
        }
        (SpanKind::Member, None) => lang
            .pick("未配对的成员", "member without a partner")
            .to_string(),
    }
}

/// The classes of a rendered span: `span`, its kind, and its pair's colour (`pair-cN`) or
/// `unpaired`. The reading view adds its marks; the classroom stage shows them as they are.
pub fn span_classes(span: &Span, numbers: &PairNumbers) -> Classes {
    let mut class = classes!("span", span.kind.as_str());
    match span.pair {
        Some(pair) => class.push(numbers.colour_class(pair)),
        None if span.kind == SpanKind::Member => class.push("unpaired"),
        None => {}
    }
    class
}

/// Everything one line shows. The document view passes each line only the marks that fall on
/// it, so a change (a hover, a search) re-renders only the lines it touches.
#[derive(Properties, Clone)]
pub struct LineViewProps {
    pub doc: Rc<Document>,
    /// The numbers and colours of the pairs, which change only with the document.
    pub numbers: Rc<PairNumbers>,
    /// 0-based line index.
    pub index: usize,
    pub lang: Lang,
    /// The diagnostic chosen in the problems list, if it is on this line.
    #[prop_or_default]
    pub chosen: Option<usize>,
    /// The active member, if it or its partner is on this line.
    #[prop_or_default]
    pub active: Option<SpanId>,
    /// The span navigated to, if it is on this line.
    #[prop_or_default]
    pub current: Option<SpanId>,
    /// The span chosen for editing, if it is on this line.
    #[prop_or_default]
    pub selected: Option<SpanId>,
    /// The member being linked, if it is on this line.
    #[prop_or_default]
    pub linking: Option<SpanId>,
    /// Search matches (shared by all lines) and the indices of those on this line.
    #[prop_or_default]
    pub matches: Rc<Vec<Range<usize>>>,
    #[prop_or_default]
    pub line_matches: Range<usize>,
    /// The match navigated to, if it is on this line.
    #[prop_or_default]
    pub current_match: Option<usize>,
    /// Spans of the chosen frequency entry on this line.
    #[prop_or_default]
    pub entry: Vec<SpanId>,
    /// For a line rendered in parts (a very long one), its parts and those on screen.
    #[prop_or_default]
    pub parts: Option<Rc<LineParts>>,
    #[prop_or_default]
    pub shown: Range<usize>,
    /// While comparing: the open disagreements on this line, and the one in focus if it is
    /// here.
    #[prop_or_default]
    pub disagreements: Option<Rc<LineMarks>>,
    #[prop_or_default]
    pub focus: Option<usize>,
    /// The suggester's marks on this line, when suggesting (never while comparing).
    #[prop_or_default]
    pub suggestions: Option<Rc<LineSuggestions>>,
    /// The page's lexicon, which names each pair's relation in the tooltips.
    #[prop_or_else(crate::lexicon::builtin)]
    pub lexicon: Rc<Lexicon>,
}

impl PartialEq for LineViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc)
            && Rc::ptr_eq(&self.numbers, &other.numbers)
            && self.index == other.index
            && self.lang == other.lang
            && self.chosen == other.chosen
            && self.active == other.active
            && self.current == other.current
            && self.selected == other.selected
            && self.linking == other.linking
            && (self.line_matches.is_empty() && other.line_matches.is_empty()
                || Rc::ptr_eq(&self.matches, &other.matches)
                    && self.line_matches == other.line_matches)
            && self.current_match == other.current_match
            && self.entry == other.entry
            && self.disagreements == other.disagreements
            && self.focus == other.focus
            && Rc::ptr_eq(&self.lexicon, &other.lexicon)
            && self.suggestions == other.suggestions
            && match (&self.parts, &other.parts) {
                (None, None) => true,
                (Some(a), Some(b)) => Rc::ptr_eq(a, b) && self.shown == other.shown,
                _ => false,
            }
    }
}

/// One line: its number and its text, with candidates and members as `<span>`s, and the
/// markup of problems and search matches as `<mark>`s. A line in parts renders only the parts
/// `shown`, each a `.line-text` with `data-part` (its index) and `data-offset` (where it starts
/// in the line, in UTF-16 units).
/// The DOM contract: `data-span-id`, `data-kind`, and `data-pair-id` on paired members; while
/// comparing, `data-disagreement` (its kind) and `data-disagreement-index` on the spans a
/// disagreement is about and on the other version's spans, drawn over the text as `<mark>`s.
#[function_component(LineView)]
pub fn line_view(props: &LineViewProps) -> Html {
    let doc = &props.doc;
    let numbers = &props.numbers;
    let lang = props.lang;
    let number = props.index + 1;
    let problems: Vec<usize> = problems_on_line(doc, props.index).collect();
    let matches: Vec<(usize, Range<usize>)> = props
        .line_matches
        .clone()
        .map(|i| (i, props.matches[i].clone()))
        .collect();
    let lit = props
        .active
        .map(|id| [Some(id), doc.partner(id)])
        .unwrap_or_default();
    let problem_title = |problem: usize| {
        let d = &doc.diagnostics[problem];
        let message = match lang {
            Lang::Zh => d.kind.message_zh(),
            Lang::En => d.kind.message(),
        };
        format!("{}:{} {message}", d.line, d.column)
    };
    let problem_class = |problem: Option<usize>| match problem {
        Some(p) if Some(p) == props.chosen => Some("problem chosen"),
        Some(_) => Some("problem"),
        None => None,
    };
    let marks = props.disagreements.as_deref();
    // B's spans while comparing, else the suggestions: both are drawn over unmarked text.
    let suggested = props.suggestions.as_deref().filter(|_| marks.is_none());
    let others: Vec<(usize, Range<usize>)> = match (marks, suggested) {
        (Some(m), _) => m.other_ranges(),
        (None, Some(s)) => s.ranges(),
        (None, None) => Vec::new(),
    };
    let focus = props.focus;
    let piece = |p: Piece| -> Html {
        let other = p.other.and_then(|k| marks.and_then(|m| m.others.get(k)));
        let text = doc.text[p.range.clone()].to_string();
        if let Some((index, _, confidence, paired)) =
            p.other.and_then(|k| suggested.and_then(|s| s.marks.get(k)))
        {
            let focus = suggested.is_some_and(|s| s.focus == Some(*index));
            let class = classes!(
                "suggestion",
                paired.then_some("paired"),
                focus.then_some("suggestion-focus"),
                p.matched.map(|_| "match")
            );
            let percent = crate::components::suggestions_panel::percent(*confidence);
            // Thousandths written by hand: float formatting costs the page size.
            let milli = (confidence * 1000.0).round() as u32;
            let title = match (lang, paired) {
                (Lang::Zh, false) => format!("建议的候选关联词（置信度 {percent}%）"),
                (Lang::Zh, true) => format!("建议的配对成员（置信度 {percent}%）"),
                (Lang::En, false) => format!("Suggested candidate ({percent}% confident)"),
                (Lang::En, true) => format!("Suggested pair member ({percent}% confident)"),
            };
            return html! {
                <mark {class} data-suggestion={index.to_string()}
                    data-confidence={format!("{}.{:03}", milli / 1000, milli % 1000)} {title}>{ text }</mark>
            };
        }
        if p.problem.is_none() && p.matched.is_none() && other.is_none() {
            return html! { { text } };
        }
        let class = classes!(
            problem_class(p.problem),
            p.matched.map(|_| "match"),
            (p.matched.is_some() && p.matched == props.current_match).then_some("current-match"),
            other.map(|_| "other-version"),
            other
                .filter(|o| o.range.end == p.range.end)
                .map(|_| "other-end"),
            other
                .filter(|o| Some(o.disagreement) == focus)
                .map(|_| "disagreement-focus"),
        );
        let title = match (p.problem, other) {
            (Some(problem), _) => Some(problem_title(problem)),
            (None, Some(o)) => Some(other_title(o.name, o.kind, lang)),
            _ => None,
        };
        html! {
            <mark {class} data-problem={p.problem.map(|n| n.to_string())}
                data-disagreement={other.map(|o| o.name)}
                data-disagreement-index={other.map(|o| o.disagreement.to_string())}
                data-other-kind={other.map(|o| o.kind.as_str())}
                {title}>{ text }</mark>
        }
    };
    let render = |range: Range<usize>| -> Html {
        line_segments(doc, props.index, range, &problems, &matches, &others)
            .into_iter()
            .map(|segment| match segment {
                Segment::Text(p) => piece(p),
                Segment::Span {
                    id,
                    problem,
                    pieces,
                } => {
                    let span = &doc.spans[id];
                    let mut class = span_classes(span, numbers);
                    class.push(problem_class(problem));
                    if lit.contains(&Some(id)) {
                        class.push("lit");
                    }
                    if props.active == Some(id) {
                        class.push("active");
                    }
                    if props.current == Some(id) {
                        class.push("current");
                    }
                    if props.selected == Some(id) {
                        class.push("selected");
                    }
                    if props.linking == Some(id) {
                        class.push("linking");
                    }
                    if props.entry.contains(&id) {
                        class.push("entry");
                    }
                    let mut title = describe_span(doc, &props.lexicon, numbers, id, lang);
                    if let Some(problem) = problem {
                        title = format!("{title}\n{}", problem_title(problem));
                    }
                    let disagreement = marks.and_then(|m| m.of_span(id));
                    if let Some(mark) = disagreement {
                        class.push("disagreeing");
                        if Some(mark.disagreement) == focus {
                            class.push("disagreement-focus");
                        }
                        title = format!("{title}\n{}", span_mark_title(mark, lang));
                    }
                    let pair_id = span.pair.map(|p| p.to_string());
                    let pair_no = span.pair.map(|p| numbers.number(p).to_string());
                    html! {
                        <span {class} data-span-id={id.to_string()} data-kind={span.kind.as_str()}
                            data-pair-id={pair_id} data-pair-no={pair_no} tabindex="0" {title}
                            data-disagreement={disagreement.map(|m| m.name)}
                            data-disagreement-index={disagreement.map(|m| m.disagreement.to_string())}
                            data-other-kind={disagreement.and_then(|m| m.other_kind).map(|k| k.as_str())}>
                            { for pieces.into_iter().map(piece) }
                        </span>
                    }
                }
            })
            .collect::<Html>()
    };
    let text = match &props.parts {
        None => html! {
            <p class="line-text">{ render(doc.lines[props.index].range.clone()) }</p>
        },
        Some(parts) => html! {
            <div class="line-parts">
                { for props.shown.clone().filter(|&k| k < parts.ranges.len()).map(|k| html! {
                    <p class="line-text" key={k} data-part={k.to_string()}
                        data-offset={parts.utf16_starts[k].to_string()}>
                        { render(parts.ranges[k].clone()) }
                    </p>
                }) }
            </div>
        },
    };
    let line_class = classes!(
        "line",
        (!problems.is_empty()).then_some("has-problems"),
        props.chosen.map(|_| "chosen")
    );
    html! {
        <div class={line_class} id={format!("line-{number}")} data-line={number.to_string()}>
            <div class="line-no" aria-hidden="true">{number}</div>
            { text }
        </div>
    }
}

fn kind_words(kind: SpanKind, lang: Lang) -> &'static str {
    match kind {
        SpanKind::Candidate => lang.pick("候选关联词", "candidate"),
        SpanKind::Member => lang.pick("配对成员", "member"),
    }
}

/// What a span of the other version shown over the text is, in words.
fn other_title(name: &str, kind: SpanKind, lang: Lang) -> String {
    match name {
        "boundary" => format!(
            "{} {}",
            lang.pick("B 的边界不同：", "B has other boundaries:"),
            kind_words(kind, lang)
        ),
        _ => format!(
            "{} {}",
            lang.pick("只有 B 标注：", "Only B marks this:"),
            kind_words(kind, lang)
        ),
    }
}

/// What a disagreement about a span of the open document is, in words.
fn span_mark_title(mark: &crate::comparing::SpanMark, lang: Lang) -> String {
    match (mark.name, mark.other_kind) {
        ("only-a", _) => lang.pick("只有 A 标注", "Only A marks this").to_string(),
        ("kind", Some(kind)) => format!(
            "{} {}",
            lang.pick("类型不同，B 为", "Another kind in B:"),
            kind_words(kind, lang)
        ),
        ("boundary", _) => lang
            .pick(
                "边界不同（B 的范围用虚线标出）",
                "Other boundaries in B (B's are dashed)",
            )
            .to_string(),
        _ => lang.pick("配对不同", "The pair differs in B").to_string(),
    }
}
