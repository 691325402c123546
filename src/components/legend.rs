use yew::prelude::*;

use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub lang: Lang,
}

/// What the highlights mean; the samples use the same classes as the text.
#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
    let lang = props.lang;
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
            </ul>
            <p class="hint">{ lang.pick(
                "指向或聚焦成员可点亮其搭档并画出连线；点击固定，Esc 取消。",
                "Point at or focus a member to light its partner and draw the arc; click to pin, Esc to clear.") }</p>
        </section>
    }
}
