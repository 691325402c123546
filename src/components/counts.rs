use connectives_core::Counts;
use yew::prelude::*;

use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct CountsBarProps {
    pub lang: Lang,
    pub counts: Counts,
}

/// The document's figures; each number's element has a `data-testid` tests read.
#[function_component(CountsBar)]
pub fn counts_bar(props: &CountsBarProps) -> Html {
    let c = props.counts;
    let lang = props.lang;
    let item = |id: &'static str, zh: &'static str, en: (&'static str, &'static str), n: usize| {
        html! {
            <div class="count">
                <dt>{ lang.pick(zh, Lang::noun(n, en.0, en.1)) }</dt>
                <dd data-testid={id}>{n}</dd>
            </div>
        }
    };
    html! {
        <dl class="counts" aria-label={lang.pick("统计", "Statistics")}>
            { item("count-lines", "行", ("line", "lines"), c.lines) }
            { item("count-candidates", "候选", ("candidate", "candidates"), c.candidates) }
            { item("count-members", "成员", ("member", "members"), c.members) }
            { item("count-pairs", "配对", ("pair", "pairs"), c.pairs) }
            { item("count-problems", "问题", ("problem", "problems"), c.errors + c.warnings) }
        </dl>
    }
}
