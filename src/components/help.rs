use yew::prelude::*;

use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub lang: Lang,
    pub on_close: Callback<()>,
    /// Reopen the built-in example.
    pub on_example: Callback<()>,
}

const KEYS: [(&str, &str, &str); 26] = [
    (
        "j / k",
        "下一个 / 上一个关联词",
        "next / previous connective",
    ),
    ("] / [", "下一个 / 上一个配对", "next / previous pair"),
    ("e / E", "下一个 / 上一个问题", "next / previous problem"),
    ("n / N", "下一个 / 上一个匹配", "next / previous match"),
    ("/", "搜索", "search"),
    ("g", "跳到行", "go to line"),
    ("A", "显示 / 隐藏全部连线", "show / hide all arcs"),
    ("c / a", "把选中的文字（或所选关联词、当前匹配）标为候选 / 成员", "mark the selected text (or the chosen connective, or the current match) as candidate / member"),
    ("Delete", "删除所选关联词", "remove the chosen connective"),
    ("l", "连接：再选择搭档成员", "link: then choose the partner member"),
    ("u", "解除配对", "unlink"),
    ("s", "接受建议的搭档", "accept the suggested partner"),
    ("Ctrl+Z", "撤销", "undo"),
    ("Ctrl+Shift+Z / Ctrl+Y", "重做", "redo"),
    (
        "Tab",
        "在关联词之间移动；成员获得焦点时点亮搭档",
        "move between connectives; a focused member lights its partner",
    ),
    (
        "Enter",
        "固定 / 取消固定所选成员的配对",
        "pin / unpin the focused member's pair",
    ),
    (
        "Esc",
        "取消固定、选择和本帮助",
        "clear the pin, the selection and this help",
    ),
    (
        "> / < / T",
        "语料：下一篇 / 上一篇 / 下一篇未完成的文档",
        "corpus: next / previous / next unfinished document",
    ),
    ("D", "语料：标记本文档为已完成（再按取消）", "corpus: mark this document done (again: take it back)"),
    (
        ". / ,",
        "比较时：下一个 / 上一个分歧",
        "comparing: next / previous disagreement",
    ),
    (
        "1 / 2 / 0",
        "比较时：采用 A / 采用 B / 都不要",
        "comparing: accept A / accept B / neither",
    ),
    ("P", "课堂演示（Esc 退出）", "classroom presentation (Esc leaves)"),
    ("L", "把当前行加入课中", "add the current line to the lesson"),
    (
        "→ ← / PageDown PageUp / Space",
        "演示中：下一步 / 上一步（遥控器翻页键）",
        "presenting: next / previous step (a remote's keys)",
    ),
    ("↓ ↑ / Home End", "演示中：下一行 / 上一行 / 首行 / 末行", "presenting: next / previous / first / last line"),
    (
        "r / q / c / w / f / t",
        "演示中：全部揭示 / 测验 / 候选词 / 只看有配对的行 / 全屏 / 测验分队（不分、2、3、4 队）",
        "presenting: reveal all / quiz / candidates / only lines with pairs / full screen / quiz teams (none, 2, 3, 4)",
    ),
];

/// Keys as written on a keyboard in the interface's language: Chinese keyboards label
/// Space 空格; every other key name is the same in both.
pub fn key_names(keys: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => keys.replace("Space", "空格"),
        Lang::En => keys.to_string(),
    }
}

/// The keyboard shortcuts.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let lang = props.lang;
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="help" role="dialog" aria-label={lang.pick("键盘快捷键", "Keyboard shortcuts")}
            data-testid="help-dialog">
            <h2>{ lang.pick("键盘快捷键", "Keyboard shortcuts") }</h2>
            <p class="help-example">
                <button type="button" data-testid="example-open"
                    onclick={props.on_example.reform(|_: MouseEvent| ())}>
                    { lang.pick("打开内置示例", "Open the built-in example") }</button>
            </p>
            <table>
                { for KEYS.iter().map(|(keys, zh, en)| html! {
                    <tr><th><kbd>{ key_names(keys, lang) }</kbd></th><td>{ lang.pick(zh, en) }</td></tr>
                }) }
            </table>
            <p class="hint">{ lang.pick(
                "只用键盘标注新文字：按 / 输入要标的文字，按 Enter 或 n 到达它，再按 c（候选）或 a（成员）。用 j/k 在关联词之间移动，再按 c、a、Delete、l、u 修改。",
                "To mark new text by keyboard alone: press /, type the text, press Enter or n to reach it, then c (candidate) or a (member). Move between connectives with j/k and change them with c, a, Delete, l, u.") }</p>
            <button type="button" onclick={close}>{ lang.pick("关闭", "Close") }</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_help_names_space_in_english_and_the_chinese_in_chinese() {
        let remote = KEYS
            .iter()
            .find(|(keys, _, _)| keys.contains("PageDown"))
            .map(|(keys, _, _)| *keys)
            .unwrap_or_default();
        assert_eq!(key_names(remote, Lang::En), "→ ← / PageDown PageUp / Space");
        assert_eq!(key_names(remote, Lang::Zh), "→ ← / PageDown PageUp / 空格");
        for (keys, _, _) in KEYS {
            assert!(!key_names(keys, Lang::En).contains('空'), "{keys}");
        }
    }
}
