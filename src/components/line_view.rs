use std::rc::Rc;

use connectives_core::{Document, SpanKind};
use yew::prelude::*;

/// How many distinct pair colours the stylesheet defines (`pair-c0` …).
pub const PAIR_COLOURS: usize = 8;

#[derive(Properties)]
pub struct LineViewProps {
    pub doc: Rc<Document>,
    /// 0-based line index.
    pub index: usize,
}

impl PartialEq for LineViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc) && self.index == other.index
    }
}

/// One line: its number and its text, with candidates and members as `<span>`s.
/// The DOM contract: `data-span-id`, `data-kind`, and `data-pair-id` on paired members.
#[function_component(LineView)]
pub fn line_view(props: &LineViewProps) -> Html {
    let doc = &props.doc;
    let line = &doc.lines[props.index];
    let number = props.index + 1;
    let mut parts: Vec<Html> = Vec::with_capacity(line.spans.len() * 2 + 1);
    let mut at = line.range.start;
    for id in line.spans.clone() {
        let span = &doc.spans[id];
        if at < span.range.start {
            parts.push(html! { { &doc.text[at..span.range.start] } });
        }
        let text = doc.span_text(id).to_string();
        parts.push(match (span.kind, span.pair) {
            (SpanKind::Candidate, _) => html! {
                <span class="span candidate" data-span-id={id.to_string()} data-kind="candidate"
                    title="候选关联词 candidate connective">{text}</span>
            },
            (SpanKind::Member, Some(pair)) => {
                let label = doc.pair_label(pair);
                html! {
                    <span class={classes!("span", "member", format!("pair-c{}", pair % PAIR_COLOURS))}
                        data-span-id={id.to_string()} data-kind="member"
                        data-pair-id={pair.to_string()} data-pair-no={(pair + 1).to_string()}
                        title={format!("配对 pair {}: {label}", pair + 1)}>{text}</span>
                }
            }
            (SpanKind::Member, None) => html! {
                <span class="span member unpaired" data-span-id={id.to_string()} data-kind="member"
                    title="未配对的成员 member without a partner">{text}</span>
            },
        });
        at = span.range.end;
    }
    if at < line.range.end {
        parts.push(html! { { &doc.text[at..line.range.end] } });
    }
    html! {
        <div class="line" id={format!("line-{number}")} data-line={number.to_string()}>
            <div class="line-no" aria-hidden="true">{number}</div>
            <p class="line-text">{ for parts }</p>
        </div>
    }
}
