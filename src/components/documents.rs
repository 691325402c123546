//! The documents panel of a corpus: one row per document with its counts, status and note
//! marker, the open one marked; a filter by status; progress; moving to the next, previous or
//! next unfinished document; done and the note of the open document. The list is windowed
//! (rows of one height, only those in view rendered), so a corpus of thousands stays quick.

use std::rc::Rc;

use connectives_core::corpus::Status;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::windowed_rows::use_windowed_rows;
use crate::i18n::Lang;
use crate::stored::{CorpusMember, Step, StoredCorpus};

/// The height of a row in CSS pixels (the stylesheet fixes it to this).
const ROW_PX: f64 = 34.0;

#[derive(Properties, PartialEq)]
pub struct DocumentsProps {
    pub lang: Lang,
    pub corpus: Rc<StoredCorpus>,
    /// The id of the open document.
    pub open: Option<String>,
    pub filter: Option<Status>,
    pub on_open: Callback<String>,
    pub on_step: Callback<Step>,
    pub on_done: Callback<()>,
    pub on_note: Callback<String>,
    pub on_filter: Callback<Option<Status>>,
}

pub fn status_words(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::New => lang.pick("未开始", "new"),
        Status::InProgress => lang.pick("进行中", "in progress"),
        Status::Done => lang.pick("已完成", "done"),
    }
}

fn row(member: &CorpusMember, open: bool, lang: Lang, on_open: &Callback<String>) -> Html {
    let c = member.counts;
    let onclick = {
        let id = member.id.clone();
        on_open.reform(move |_: MouseEvent| id.clone())
    };
    // Compact in the row; the title says them in words.
    let counts = format!("{} · {} · {}", c.candidates, c.members, c.pairs);
    let counts_words = format!(
        "{} {}, {} {}, {} {}",
        c.candidates,
        lang.pick(
            "个候选",
            Lang::noun(c.candidates, "candidate", "candidates")
        ),
        c.members,
        lang.pick("个成员", Lang::noun(c.members, "member", "members")),
        c.pairs,
        lang.pick("对配对", Lang::noun(c.pairs, "pair", "pairs")),
    );
    let problems = (c.problems > 0).then(|| {
        html! { <span class="doc-problems" title={lang.pick("问题", "problems")}>{ format!("⚠{}", c.problems) }</span> }
    });
    html! {
        <li key={member.id.clone()} class={classes!("doc-row", open.then_some("open"))}>
            <button type="button" data-doc={member.name.clone()} data-status={member.status.name()}
                data-candidates={c.candidates.to_string()} data-members={c.members.to_string()}
                data-pairs={c.pairs.to_string()}
                aria-current={open.then_some("true")} {onclick}
                title={if member.note.is_empty() { member.name.clone() } else { format!("{}\n{}", member.name, member.note) }}>
                <span class={classes!("doc-status", member.status.name())} aria-hidden="true"></span>
                <span class="doc-name-cell">{ member.name.clone() }</span>
                if !member.note.is_empty() {
                    <span class="doc-note-marker" data-testid="doc-note-marker"
                        aria-label={lang.pick("有备注", "has a note")}>{"✎"}</span>
                }
                { for problems }
                <span class="doc-counts" aria-label={counts_words.clone()} title={counts_words}>{ counts }</span>
                <span class="visually-hidden">{ status_words(member.status, lang) }</span>
            </button>
        </li>
    }
}

#[function_component(Documents)]
pub fn documents(props: &DocumentsProps) -> Html {
    let lang = props.lang;
    let corpus = &props.corpus;
    let shown: Vec<usize> = corpus
        .documents
        .iter()
        .enumerate()
        .filter(|(_, m)| props.filter.is_none_or(|f| m.status == f))
        .map(|(i, _)| i)
        .collect();
    let total = shown.len();
    let list = use_node_ref();
    let open_row = props
        .open
        .as_ref()
        .and_then(|id| shown.iter().position(|&i| corpus.documents[i].id == *id));
    // Always windowed; a new filter starts at the top, and the open document's row is kept in
    // view as the reader moves through the corpus.
    let filter_key = props.filter.map_or(0, |s| s as usize + 1);
    let window = use_windowed_rows(list.clone(), total, 0, ROW_PX, filter_key, open_row);
    let rows = window.rows.clone();
    let (done, all) = corpus.progress();
    let open = props.open.as_ref().and_then(|id| corpus.member(id));
    let step = |s: Step| props.on_step.reform(move |_: MouseEvent| s);
    let has = |s: Step| {
        props
            .open
            .as_ref()
            .is_some_and(|id| corpus.step(id, s).is_some())
    };
    let on_note = props
        .on_note
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let on_filter = props.on_filter.reform(|event: Event| {
        Status::from_name(&event.target_unchecked_into::<HtmlSelectElement>().value())
    });
    let is_done = open.is_some_and(|m| m.status == Status::Done);
    let percent = if all == 0 {
        0.0
    } else {
        done as f64 * 100.0 / all as f64
    };
    html! {
        <section class="panel documents" data-testid="documents" aria-labelledby="documents-heading">
            <h2 id="documents-heading">{ lang.pick("语料", "Corpus") }
                <span class="corpus-name" title={corpus.name.clone()}>{ corpus.name.clone() }</span>
                <span class="badge" data-testid="corpus-progress"
                    title={lang.pick("已完成 / 全部", "done / all")}>{ format!("{done} / {all}") }</span>
            </h2>
            <div class="corpus-bar" role="progressbar" aria-valuemin="0" aria-valuemax={all.to_string()}
                aria-valuenow={done.to_string()} aria-label={lang.pick("进度", "Progress")}>
                <div class="corpus-bar-done" style={format!("width:{percent:.1}%")}></div>
            </div>
            <div class="doc-moves">
                <button type="button" data-testid="doc-prev" onclick={step(Step::Previous)}
                    disabled={!has(Step::Previous)} title={lang.pick("上一篇（<）", "Previous document (<)")}>
                    { lang.pick("← 上一篇", "← Previous") }</button>
                <button type="button" data-testid="doc-next" onclick={step(Step::Next)}
                    disabled={!has(Step::Next)} title={lang.pick("下一篇（>）", "Next document (>)")}>
                    { lang.pick("下一篇 →", "Next →") }</button>
                <button type="button" data-testid="doc-next-todo" onclick={step(Step::NextToDo)}
                    disabled={!has(Step::NextToDo)}
                    title={lang.pick("下一篇未完成的文档（T）", "Next document not done (T)")}>
                    { lang.pick("下一篇未完成", "Next to do") }</button>
            </div>
            if let Some(member) = open {
                <div class="doc-open">
                    <button type="button" data-testid="doc-done" aria-pressed={is_done.to_string()}
                        class={classes!("doc-done", is_done.then_some("is-done"))}
                        onclick={props.on_done.reform(|_: MouseEvent| ())}
                        title={lang.pick("标记本文档为已完成，或取消（D）", "Mark this document done, or take it back (D)")}>
                        { if is_done { lang.pick("✓ 已完成", "✓ Done") } else { lang.pick("标记为已完成", "Mark done") } }
                    </button>
                    <span class="doc-open-status" data-testid="doc-status">{ status_words(member.status, lang) }</span>
                    <label class="doc-note">
                        <span>{ lang.pick("备注", "Note") }</span>
                        <textarea data-testid="doc-note" rows="2" value={member.note.clone()} oninput={on_note}
                            placeholder={lang.pick("本文档的备注…", "A note on this document…")} />
                    </label>
                </div>
            }
            <label class="doc-filter">{ lang.pick("显示", "Show") }
                <select data-testid="doc-filter" onchange={on_filter}>
                    <option value="" selected={props.filter.is_none()}>{ lang.pick("全部文档", "All documents") }</option>
                    { for Status::ALL.into_iter().map(|s| html! {
                        <option value={s.name()} selected={props.filter == Some(s)}>{ status_words(s, lang) }</option>
                    }) }
                </select>
            </label>
            if total == 0 {
                <p class="empty">{ lang.pick("没有这种状态的文档。", "No document has this status.") }</p>
            } else {
                <ul class="doc-list" ref={list} onscroll={window.on_scroll.clone()} data-testid="doc-list">
                    { for window.before() }
                    { for rows.clone().map(|r| {
                        let member = &corpus.documents[shown[r]];
                        row(member, props.open.as_deref() == Some(member.id.as_str()), lang, &props.on_open)
                    }) }
                    { for window.after() }
                </ul>
            }
        </section>
    }
}
