use std::rc::Rc;

use connectives_core::lexicon::Lexicon;
use connectives_core::stats::relation_frequencies;
use connectives_core::Document;
use yew::prelude::*;

use crate::i18n::{relation_name, Lang};

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub lang: Lang,
    /// The open document: the legend names the relations its pairs express.
    pub doc: Rc<Document>,
    /// The page's lexicon, which gives each pair its relation.
    #[prop_or_else(crate::lexicon::builtin)]
    pub lexicon: Rc<Lexicon>,
}

/// What the highlights mean; the samples use the same classes as the text.
#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
    let lang = props.lang;
    let rows = use_memo(
        (props.doc.clone(), props.lexicon.clone()),
        |(doc, lexicon)| {
            relation_frequencies(doc, lexicon)
                .into_iter()
                .map(|row| (row.relation, row.pairs.len()))
                .collect::<Vec<_>>()
        },
    );
    let relations: Vec<(&str, &str, usize)> = rows
        .iter()
        .map(|(relation, n)| match relation {
            Some(r) => (r.id(), relation_name(r, lang), *n),
            None => ("", lang.pick("词表外", "not in the lexicon"), *n),
        })
        .collect();
    html! {
        <section class="panel legend" aria-label={lang.pick("图例", "Legend")}>
            <h2>{ lang.pick("图例", "Legend") }</h2>
            <ul>
                <li><b class="sample candidate">{"还"}</b>{ lang.pick("候选关联词", "candidate connective") }</li>
                <li>
                    <b class="sample member pair-c0" data-pair-no="1">{"虽然"}</b>
                    <b class="sample member pair-c0" data-pair-no="1">{"但"}</b>
                    { lang.pick("配对成员：同色同号为一对", "pair members: same colour and number, one pair") }
                </li>
                <li><b class="sample member unpaired">{"不仅"}</b>{ lang.pick("未配对的成员", "member without a partner") }</li>
                <li><mark class="sample problem">{"<cand>"}</mark>{ lang.pick("有问题的标记", "markup with a problem") }</li>
                <li><mark class="sample suggestion">{"但"}</mark>{ lang.pick(
                    "建议的关联词（点线框加问号，采纳前不在文档里）",
                    "a suggestion (dotted frame and question mark; not in the document until accepted)") }</li>
            </ul>
            if !relations.is_empty() {
                <p class="legend-relations" data-testid="legend-relations">
                    { lang.pick("本文档的配对关系：", "Relations of this document's pairs: ") }
                    { for relations.iter().map(|(id, name, n)| html! {
                        <span class="relation" data-relation={id.to_string()}>{ format!("{name} {n}") }</span>
                    }) }
                </p>
            }
            <p class="hint">{ lang.pick(
                "指向或聚焦成员可点亮其搭档并画出连线；点击固定，Esc 取消。",
                "Point at or focus a member to light its partner and draw the arc; click to pin, Esc to clear.") }</p>
        </section>
    }
}
