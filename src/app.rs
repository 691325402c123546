use std::rc::Rc;

use connectives_core::adjudicate::Comparison;
use connectives_core::agreement;
use connectives_core::corpus::Entry;
use connectives_core::formats::{self, Format};
use connectives_core::search::{find_plain, from_utf16};
use connectives_core::SpanKind;
use yew::prelude::*;

use crate::autosave::{self, keep_current, kept_words, use_autosave};
use crate::browser;
use crate::browser::storage::{self, SavedSummary};
use crate::comparing::CompareWith;
use crate::components::export_menu::COPY_LIMIT;
use crate::components::{
    agreement_panel::AgreementPanel,
    corpus_find::{CorpusFind, SearchedDocument},
    counts::CountsBar,
    document_view::DocumentView,
    documents::Documents,
    edit_panel::EditPanel,
    handout::HandoutView,
    legend::Legend,
    lesson_panel::LessonPanel,
    lexicon_panel::LexiconPanel,
    notice_bar::NoticeBar,
    pair_card::PairCard,
    presenter::Presenter,
    problems::Problems,
    recent::Recent,
    search_bar::SearchBar,
    stats_panel::StatsPanel,
    suggestions_panel::SuggestionsPanel,
    toolbar::Toolbar,
    versions::Versions,
};
use crate::i18n::Lang;
use crate::keys::{command_for_key, lesson_command_for_key, KeyCommand};
use crate::lesson::{Place, Presentation};
use crate::lexicon::KeptLexicon;
use crate::opening;
use crate::state::{line_piece, Action, AppState, Menu, Notice, Offer};
use crate::stored::{Step, VersionSummary};
use connectives_core::lexicon::Lexicon;

pub use crate::autosave::AppContext;

pub use crate::state::SEARCH_LIMIT as MATCH_LIMIT;

/// The language to start in: the one chosen before, else the browser's.
fn initial_lang() -> Lang {
    browser::stored_lang()
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_else(|| {
            let codes = browser::browser_languages();
            Lang::from_preferences(codes.iter().map(String::as_str))
        })
}

/// The lexicon this browser keeps, with its file name; the built-in one when none is kept.
fn kept_lexicon() -> (Option<String>, Rc<Lexicon>) {
    match browser::kept_lexicon().and_then(|json| KeptLexicon::from_json(&json)) {
        Some((name, lexicon)) => (Some(name), Rc::new(lexicon)),
        None => (None, crate::lexicon::builtin()),
    }
}

/// Reads a lexicon file the user chose, keeps it in the browser and uses it; a bad row is
/// refused with its line, and the lexicon in use stays.
fn import_lexicon(state: AppContext, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        let read = match browser::read_bytes(&file).await {
            Ok(read) => read,
            Err(message) => return state.dispatch(Action::LexiconRefused(message)),
        };
        let lang = state.lang;
        let text = match opening::decode(&read.bytes, &browser::decode_as) {
            Ok((text, _)) => text,
            Err(message) => return state.dispatch(Action::LexiconRefused(message)),
        };
        let lexicon = match crate::lexicon::read(&read.name, &text, lang) {
            Ok(lexicon) => lexicon,
            Err(message) => return state.dispatch(Action::LexiconRefused(message)),
        };
        let kept = KeptLexicon::of(&read.name, &lexicon).to_json();
        if let Err(reason) = browser::keep_lexicon(Some(&kept)) {
            // Used in this tab all the same; the user is told it will not come back.
            let message = match lang {
                Lang::Zh => format!(
                    "词表 {} 只在本页使用，浏览器未能保存它：{reason}",
                    read.name
                ),
                Lang::En => format!(
                    "Lexicon {} is used in this tab only: the browser could not keep it ({reason})",
                    read.name
                ),
            };
            state.dispatch(Action::SetLexicon {
                name: Some(read.name),
                lexicon: Rc::new(lexicon),
                announce: false,
            });
            return state.dispatch(Action::LexiconRefused(message));
        }
        state.dispatch(Action::SetLexicon {
            name: Some(read.name),
            lexicon: Rc::new(lexicon),
            announce: true,
        });
    });
}

/// Another tab imported a lexicon or went back to the built-in one: this tab follows.
#[hook]
fn use_lexicon_of_other_tabs(state: AppContext) {
    use_effect_with((), move |_| {
        let listener = browser::Listener::window("storage", move |event| {
            if browser::storage_event_key(&event).as_deref() != Some(browser::LEXICON_KEY) {
                return;
            }
            let (name, lexicon) = kept_lexicon();
            state.dispatch(Action::SetLexicon {
                name,
                lexicon,
                announce: false,
            });
        });
        move || drop(listener)
    });
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let opened = AppState::default();
        let (lexicon_name, lexicon) = kept_lexicon();
        // A bookmarked lesson opens at its place.
        let fragment = browser::fragment();
        let bookmark = Place::from_fragment(&fragment);
        // A lesson in the fragment is for the document restored a moment later, or else for
        // the example.
        let lesson_bookmark =
            connectives_core::lesson_plan::LessonPlan::from_fragment(&fragment, usize::MAX)
                .map(|_| fragment.clone());
        let state = AppState {
            lang: initial_lang(),
            present: bookmark.map(|place| Presentation::start(&opened.doc, &lexicon, place)),
            bookmark,
            lexicon,
            lexicon_name,
            ..opened
        };
        match lesson_bookmark {
            Some(lesson) => AppState {
                lesson_bookmark: Some(lesson.clone()),
                ..state.with_lesson_fragment(&lesson, bookmark)
            },
            None => state,
        }
    });
    let lang = state.lang;
    {
        let name = state.name.clone();
        use_effect_with((name, lang), |(name, lang)| {
            browser::set_title(&format!("{name} · {}", lang.pick("关联词", "Connectives")));
            browser::set_document_lang(lang.code());
        });
    }
    let recent = use_state(Vec::<SavedSummary>::new);
    use_global_listeners(state.clone(), recent.clone());
    use_lexicon_of_other_tabs(state.clone());
    use_fragment(state.presenting_fragment());
    use_lesson_keeping(&state);
    use_autosave(state.clone(), recent.clone());
    autosave::use_corpus_keeping(state.corpus.clone());
    let versions = use_versions(&state);
    let corpus_documents = use_corpus_documents(&state);
    let corpus_stats = use_memo(corpus_documents.clone(), |documents| {
        documents.as_ref().map(|d| {
            Rc::new(connectives_core::stats::corpus_stats(
                d.iter().map(|(_, _, doc)| &**doc),
            ))
        })
    });

    let dispatch = |make: fn(()) -> Action| dispatcher(&state, make);
    let on_export = {
        let state = state.clone();
        Callback::from(move |format: Format| {
            let exported = formats::export(&state.doc, format, &state.name);
            if let Err(error) =
                browser::download(&exported.file_name, format.mime(), &exported.bytes)
            {
                state.dispatch(Action::OpenFailed(format!("{error:?}")));
            }
        })
    };
    let on_copy = {
        let state = state.clone();
        Callback::from(move |format: Format| {
            let exported = formats::export(&state.doc, format, &state.name);
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = String::from_utf8_lossy(&exported.bytes);
                let result = browser::copy_text(&text).await;
                state.dispatch(Action::Copied(result.map(|()| exported.file_name)));
            });
        })
    };
    let on_action = dispatcher(&state, |action| action);
    let on_open_saved = {
        let recent = recent.clone();
        Callback::from(move |id: String| autosave::open_saved(id, recent.clone()))
    };
    let on_forget_saved = {
        let recent = recent.clone();
        Callback::from(move |id: String| autosave::forget(id, recent.clone()))
    };
    let on_offer = {
        let recent = recent.clone();
        Callback::from(move |offer: Offer| autosave::take_offer(offer, recent.clone()))
    };
    let on_restore_version = Callback::from(autosave::restore_version);
    let on_open_in_corpus =
        Callback::from(|id: String| autosave::move_in_corpus(id, browser::top_line().unwrap_or(0)));
    let on_step = {
        let state = state.clone();
        Callback::from(move |step: Step| step_in_corpus(&state, step))
    };
    let on_find_in_corpus = {
        let state = state.clone();
        Callback::from(move |(id, line, query): (String, usize, String)| {
            if state.doc_id.as_deref() == Some(id.as_str()) {
                state.dispatch(Action::ShowMatch { query, line });
            } else {
                autosave::move_in_corpus_to(
                    id,
                    browser::top_line().unwrap_or(0),
                    Some((line, query)),
                );
            }
        })
    };
    let on_export_corpus = {
        let state = state.clone();
        Callback::from(move |format: Format| export_corpus(&state, format))
    };
    let on_compare = {
        let state = state.clone();
        Callback::from(move |input| {
            let files = browser::take_chosen_files(&input);
            if !files.is_empty() {
                compare_files(state.clone(), files);
            }
        })
    };
    let on_step_disagreement = dispatcher(&state, |forward| Action::StepDisagreement { forward });
    let on_decide = dispatcher(&state, |(choice, all)| Action::Decide { choice, all });
    let on_export_agreement = {
        let state = state.clone();
        Callback::from(move |json: bool| export_agreement(&state, json))
    };
    let on_open = {
        let state = state.clone();
        let recent = recent.clone();
        Callback::from(move |input| {
            let files = browser::take_chosen_files(&input);
            state.dispatch(Action::CloseMenu);
            if !files.is_empty() {
                open_files(state.clone(), files, recent.clone());
            }
        })
    };
    let on_lang = {
        let state = state.clone();
        Callback::from(move |()| {
            let next = state.lang.other();
            browser::store_lang(next.code());
            state.dispatch(Action::SetLang(next));
        })
    };
    let on_search = {
        let state = state.clone();
        Callback::from(move |(query, regex): (String, bool)| {
            let text = &state.doc.text;
            let matches = if query.is_empty() {
                Ok(Vec::new())
            } else if regex {
                browser::regex_matches(text, &query, MATCH_LIMIT)
                    .map(|ranges| from_utf16(text, &ranges))
            } else {
                Ok(find_plain(text, &query, MATCH_LIMIT))
            };
            state.dispatch(Action::Search {
                query,
                regex,
                matches,
            });
        })
    };
    let on_filter = dispatcher(&state, Action::SetFilter);
    let on_jump = dispatcher(&state, |(to, forward)| Action::Jump { to, forward });
    let on_go_to_line = dispatcher(&state, Action::GoToLine);
    let on_choose_entry = dispatcher(&state, |(kind, text)| Action::ChooseEntry { kind, text });
    let on_step_entry = dispatcher(&state, |forward| Action::StepEntry { forward });
    let on_choose_problem = dispatcher(&state, Action::ChooseDiagnostic);

    let on_example = {
        let state = state.clone();
        Callback::from(move |()| open_example(state.clone()))
    };
    let on_import_lexicon = {
        let state = state.clone();
        Callback::from(move |input: web_sys::HtmlInputElement| {
            if let Some(file) = browser::take_chosen_files(&input).into_iter().next() {
                import_lexicon(state.clone(), file);
            }
        })
    };
    let on_export_lexicon = {
        let state = state.clone();
        Callback::from(move |()| {
            let name = crate::lexicon::export_name(state.lexicon_name.as_deref());
            let csv = state.lexicon.to_csv();
            if let Err(error) = browser::download(&name, "text/csv;charset=utf-8", csv.as_bytes()) {
                state.dispatch(Action::OpenFailed(format!("{error:?}")));
            }
        })
    };
    let on_reset_lexicon = {
        let state = state.clone();
        Callback::from(move |()| match browser::keep_lexicon(None) {
            Ok(()) => state.dispatch(Action::SetLexicon {
                name: None,
                lexicon: crate::lexicon::builtin(),
                announce: true,
            }),
            Err(reason) => state.dispatch(Action::LexiconRefused(reason)),
        })
    };
    let on_present = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Present(state.presentation_place())))
    };

    let on_lesson_edit = dispatcher(&state, Action::LessonPlan);
    let on_present_lesson = dispatch(|()| Action::PresentLesson);
    let on_open_handout = dispatch(|()| Action::Handout(true));
    let on_figures = {
        let state = state.clone();
        Callback::from(move |()| download_lesson_figures(&state))
    };

    if state.present.is_some() {
        return html! {
            <ContextProvider<AppContext> context={state.clone()}>
                <NoticeBar notice={state.notice.clone()} {lang}
                    on_dismiss={dispatch(|()| Action::DismissNotice)} on_offer={on_offer.clone()} />
                <Presenter />
            </ContextProvider<AppContext>>
        };
    }
    let counts = state.doc.counts();
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            if state.handout {
                <HandoutView {lang} handout={state.lesson_handout()}
                    on_print={Callback::from(|()| browser::lessons::print())}
                    on_download={{
                        let state = state.clone();
                        Callback::from(move |()| download_handout(&state))
                    }}
                    on_figures={on_figures.clone()}
                    on_close={dispatch(|()| Action::Handout(false))} />
            }
            <div class={classes!("app", state.handout.then_some("handout-open"))}>
                <header class="app-header">
                    <h1 class="app-title">{ lang.pick("关联词", "Connectives") }</h1>
                    <div class="doc-name" data-testid="doc-name" title={state.name.clone()}>{ state.name.clone() }</div>
                    <Toolbar {lang} {on_open} {on_export} {on_copy} on_example={on_example.clone()}
                        can_copy={state.doc.text.len() <= COPY_LIMIT}
                        export_open={state.menu == Some(Menu::Export)}
                        on_toggle_export={dispatch(|()| Action::ToggleMenu(Menu::Export))}
                        labelled={state.menu == Some(Menu::Toolbar)}
                        on_toggle_labels={dispatch(|()| Action::ToggleMenu(Menu::Toolbar))}
                        corpus={state.corpus.is_some()} {on_export_corpus}
                        all_arcs={state.all_arcs} on_toggle_arcs={dispatch(|()| Action::ToggleAllArcs)}
                        {on_lang} on_help={dispatch(|()| Action::ToggleHelp)} {on_present} />
                    <CountsBar {lang} {counts} />
                    <button type="button" class="drawer-toggle" data-testid="drawer-toggle"
                        aria-expanded={state.drawer.to_string()} aria-controls="side"
                        onclick={dispatch(|()| Action::Drawer(true)).reform(|_: MouseEvent| ())}>
                        { crate::components::toolbar::icon("tools") }
                        <span class="label">{ lang.pick("工具", "Tools") }</span>
                    </button>
                </header>
                <NoticeBar notice={state.notice.clone()} {lang}
                    on_dismiss={dispatch(|()| Action::DismissNotice)} {on_offer} />
                if state.help {
                    <crate::components::help::Help {lang} on_close={dispatch(|()| Action::ToggleHelp)}
                        {on_example} />
                }
                <div class="app-body">
                    <main class="app-main" aria-label={lang.pick("文档", "Document")}>
                        <DocumentView />
                        <PairCard />
                    </main>
                    if state.drawer {
                        <div class="drawer-backdrop" onclick={dispatch(|()| Action::Drawer(false)).reform(|_: MouseEvent| ())} />
                    }
                    <aside id="side" class={classes!("side", state.drawer.then_some("open"))}
                        aria-label={lang.pick("工具", "Tools")}>
                        <button type="button" class="drawer-close" data-testid="drawer-close"
                            onclick={dispatch(|()| Action::Drawer(false)).reform(|_: MouseEvent| ())}
                            aria-label={lang.pick("关闭工具面板", "Close the tools")}>{"×"}</button>
                        if let Some(corpus) = state.corpus.clone() {
                            <Documents {lang} {corpus} open={state.doc_id.clone()} filter={state.corpus_filter}
                                on_open={on_open_in_corpus} {on_step}
                                on_done={dispatch(|()| Action::ToggleDone)}
                                on_note={dispatcher(&state, Action::SetNote)}
                                on_filter={dispatcher(&state, Action::CorpusFilter)} />
                        }
                        <SuggestionsPanel {lang} doc={state.doc.clone()} suggesting={state.suggesting.clone()}
                            comparing={state.comparison.is_some()} on_action={on_action.clone()} />
                        <AgreementPanel {lang} doc={state.doc.clone()} comparison={state.comparison.clone()}
                            corpus={state.corpus.is_some()} {on_compare} on_step={on_step_disagreement}
                            {on_decide} on_export={on_export_agreement}
                            on_close={dispatch(|()| Action::EndCompare)} />
                        <EditPanel doc={state.doc.clone()} lexicon={state.lexicon.clone()} numbers={state.pair_numbers.clone()} {lang}
                            selected={state.selected}
                            linking={state.linking} text_selection={state.text_selection.clone()}
                            can_undo={state.history.can_undo()}
                            can_redo={state.history.can_redo()} storage={storage_words(&state)}
                            storage_failed={state.storage_error.is_some()} {on_action} />
                        <SearchBar {lang} search={state.search.clone()} filter={state.filter}
                            lines={counts.lines} {on_search} {on_filter} {on_jump} {on_go_to_line} />
                        <Legend {lang} doc={state.doc.clone()} lexicon={state.lexicon.clone()} />
                        <LexiconPanel {lang} lexicon={state.lexicon.clone()} name={state.lexicon_name.clone()}
                            on_import={on_import_lexicon} on_export={on_export_lexicon}
                            on_reset={on_reset_lexicon} />
                        <LessonPanel {lang} doc={state.doc.clone()} plan={state.lesson_plan()}
                            current={state.current_line()} matching={state.matching_lines().len()}
                            entry={state.entry.as_ref()
                                .filter(|e| e.kind == crate::state::EntryKind::Pair)
                                .map(|e| (e.text.clone(), state.entry_lines().len()))}
                            on_edit={on_lesson_edit} on_present={on_present_lesson}
                            on_handout={on_open_handout} {on_figures} />
                        if state.corpus.is_some() {
                            <CorpusFind {lang} documents={corpus_documents.clone()} on_open={on_find_in_corpus} />
                        }
                        <StatsPanel doc={state.doc.clone()} lexicon={state.lexicon.clone()} {lang} entry={state.entry.clone()}
                            corpus={(*corpus_stats).clone()}
                            on_choose={on_choose_entry} on_step={on_step_entry} />
                        <Problems doc={state.doc.clone()} {lang} chosen={state.chosen_diagnostic}
                            on_choose={on_choose_problem} />
                        <Versions {lang} versions={versions} on_restore={on_restore_version} />
                        <Recent {lang} documents={(*recent).clone()} current={state.doc_id.clone()}
                            corpus={state.corpus.as_ref().map(|c| c.id.clone())}
                            on_open={on_open_saved} on_forget={on_forget_saved} />
                    </aside>
                </div>
            </div>
        </ContextProvider<AppContext>>
    }
}

/// A callback that dispatches the action `make` builds from its argument.
fn dispatcher<T: 'static>(state: &AppContext, make: fn(T) -> Action) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |value| state.dispatch(make(value)))
}

/// What `c` or `a` does: mark the text selected in the page, else change the selected span,
/// else mark the current search match.
fn mark_action(state: &AppState, kind: SpanKind) -> Action {
    let selected = browser::selected_text_range()
        .and_then(|(line, start, end)| line_piece(&state.doc, line, start, end))
        .or_else(|| state.text_selection.clone());
    if let Some(range) = selected {
        browser::clear_selection();
        return Action::Mark { range, kind };
    }
    if state.selected.is_some() {
        return Action::SetKind(kind);
    }
    match state
        .search
        .current
        .and_then(|m| state.search.matches.get(m))
    {
        Some(range) => Action::Mark {
            range: range.clone(),
            kind,
        },
        None => Action::SetKind(kind),
    }
}

/// How the document is kept, in words for the edit panel.
fn storage_words(state: &AppState) -> String {
    let lang = state.lang;
    if state.conflict.is_some() {
        return lang
            .pick(
                "未保存：另一个标签页保存了较新的版本",
                "Not saved: another tab saved a newer version",
            )
            .to_string();
    }
    match (&state.storage_error, state.persist, state.needs_saving()) {
        (Some(error), _, _) => format!(
            "{} {error}",
            lang.pick(
                "无法保存在本浏览器（请导出以免丢失）：",
                "Cannot save in this browser (export to keep your work):"
            )
        ),
        (None, false, _) => lang
            .pick(
                "内置示例：修改后自动保存",
                "Built-in example: saved once edited",
            )
            .to_string(),
        (None, true, true) => lang.pick("正在保存…", "Saving…").to_string(),
        (None, true, false) => lang
            .pick("已保存在本浏览器", "Saved in this browser")
            .to_string(),
    }
}

/// The versions of the open document kept in the browser, newest first: read again when
/// another document opens and after each save.
#[hook]
fn use_versions(state: &AppContext) -> Vec<VersionSummary> {
    let versions = use_state(Vec::new);
    {
        let versions = versions.clone();
        let key = (
            state.doc_id.clone(),
            state.generation,
            state.opened_source.is_some(),
        );
        use_effect_with(key, move |(id, _, _)| {
            let id = id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let list = match id {
                    Some(id) => storage::versions(&id).await.unwrap_or_default(),
                    None => Vec::new(),
                };
                versions.set(list);
            });
        });
    }
    (*versions).clone()
}

/// Replaces the open document with `source`, after keeping the open one: the notice says what
/// happened and, when the replaced document had edits, offers to reopen it. The same document
/// opened again (same name, same text) reopens its entry in the recent list instead.
async fn replace_document(
    state: &AppContext,
    name: String,
    source: String,
    note: Option<String>,
    warning: Option<String>,
) {
    if warning.is_none() && autosave::reopen_same(state, &name, &source).await {
        return;
    }
    replace_with(state, Action::Open { name, source }, note, warning).await;
}

/// Pasted text becomes the open document.
pub async fn open_pasted(state: &AppContext, text: String) {
    let name = state.lang.pick("粘贴的文本.txt", "pasted text.txt");
    replace_document(state, name.to_string(), text, None, None).await;
}

/// Reopens the built-in example as it ships, after keeping the open document.
fn open_example(state: AppContext) {
    wasm_bindgen_futures::spawn_local(async move {
        replace_with(&state, Action::OpenExample, None, None).await;
    });
}

/// Keeps the open document, then `opening` (an `Open` or `OpenExample`) replaces it.
async fn replace_with(
    state: &AppContext,
    opening: Action,
    note: Option<String>,
    warning: Option<String>,
) {
    let kept = match keep_current(state).await {
        Ok(kept) => kept,
        Err(_) if autosave::ask_to_replace(state) => None,
        Err(_) => return,
    };
    state.dispatch(opening);
    let kept_text = kept.as_ref().map(|(_, name)| kept_words(state.lang, name));
    let text = [warning.clone().or(note), kept_text]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let notice = match (kept, warning) {
        (Some((id, name)), warning) => Some(Notice::Offer {
            text,
            offers: vec![Offer::Reopen { id, name }],
            warning: warning.is_some(),
        }),
        (None, Some(_)) => Some(Notice::Error(text)),
        (None, None) if !text.is_empty() => Some(Notice::Info(text)),
        (None, None) => None,
    };
    if let Some(notice) = notice {
        state.dispatch(Action::Notify(notice));
    }
}

/// Reads chosen or dropped files into the app (tagged text, or an import); a failure leaves
/// the document as it was. The open document is kept first, so opening another never drops
/// its edits.
fn open_files(
    state: AppContext,
    files: Vec<web_sys::File>,
    recent: UseStateHandle<Vec<SavedSummary>>,
) {
    let files = files.into_iter().map(|file| (None, file)).collect();
    open_named_files(state, files, recent)
}

/// [`open_files`], each file under the name given with it (a dropped folder's files are named
/// by their path in it), or else its own.
fn open_named_files(
    state: AppContext,
    files: Vec<(Option<String>, web_sys::File)>,
    recent: UseStateHandle<Vec<SavedSummary>>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut read = Vec::with_capacity(files.len());
        for (name, file) in &files {
            match browser::read_bytes(file).await {
                Ok(file) => read.push((name.clone().unwrap_or(file.name), file.bytes)),
                Err(message) => return state.dispatch(Action::OpenFailed(message)),
            }
        }
        match opening::open_any(&read, &browser::decode_as, state.lang) {
            Ok(opening::Opening::Document(opened)) => {
                replace_document(
                    &state,
                    opened.name,
                    opened.source,
                    opened.note,
                    opened.warning,
                )
                .await
            }
            Ok(opening::Opening::Corpus(corpus)) => {
                autosave::open_corpus(&state, corpus, recent).await
            }
            Err(message) => state.dispatch(Action::OpenFailed(message)),
        }
    });
}

/// The documents of the open corpus, read from the browser once per corpus and then kept up to
/// date with every document shown (its edits included): what corpus statistics and search run
/// over.
#[hook]
fn use_corpus_documents(state: &AppState) -> Option<Rc<Vec<SearchedDocument>>> {
    type Texts = std::collections::HashMap<String, Rc<connectives_core::Document>>;
    // The documents by id, and which corpus they belong to once all are read.
    let texts = use_mut_ref(|| (None::<String>, Texts::new()));
    let loaded = use_state(|| 0u32);
    let corpus_id = state.corpus.as_ref().map(|c| c.id.clone());
    {
        let (texts, loaded) = (texts.clone(), loaded.clone());
        let corpus = state.corpus.clone();
        use_effect_with(corpus_id.clone(), move |id| {
            *texts.borrow_mut() = (None, Texts::new());
            let (Some(id), Some(corpus)) = (id.clone(), corpus) else {
                return;
            };
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(records) = storage::corpus_documents(&corpus).await else {
                    return;
                };
                // Parsed a few at a time, so that moving between documents meanwhile stays quick.
                for (i, record) in records.into_iter().enumerate() {
                    if i % 50 == 49 {
                        yew::platform::time::sleep(std::time::Duration::ZERO).await;
                    }
                    let doc = Rc::new(record.document());
                    // A document already shown is newer than its stored record.
                    texts.borrow_mut().1.entry(record.id).or_insert(doc);
                }
                texts.borrow_mut().0 = Some(id);
                loaded.set(*loaded + 1);
            });
        });
    }
    if let (Some(corpus), Some(id)) = (&state.corpus, &state.doc_id) {
        if corpus.position(id).is_some() {
            texts.borrow_mut().1.insert(id.clone(), state.doc.clone());
        }
    }
    let ready = texts.borrow().0.is_some() && texts.borrow().0 == corpus_id;
    let key = (
        ready.then_some(*loaded),
        state.corpus.clone(),
        state.doc.clone(),
    );
    let memo = use_memo(key, |(ready, corpus, _)| {
        let (Some(_), Some(corpus)) = (ready, corpus) else {
            return None;
        };
        let texts = texts.borrow();
        Some(Rc::new(
            corpus
                .documents
                .iter()
                .filter_map(|m| Some((m.id.clone(), m.name.clone(), texts.1.get(&m.id)?.clone())))
                .collect::<Vec<_>>(),
        ))
    });
    (*memo).clone()
}

/// Moves to the next, previous or next unfinished document of the open corpus.
pub fn step_in_corpus(state: &AppState, step: Step) {
    let (Some(corpus), Some(open)) = (&state.corpus, &state.doc_id) else {
        return;
    };
    if let Some(member) = corpus.step(open, step) {
        autosave::move_in_corpus(member.id.clone(), browser::top_line().unwrap_or(0));
    }
}

/// Reads another annotator's version(s) and compares them with the open document, or, when
/// a corpus is open and they are a corpus, with the open corpus (its documents as stored, the
/// open one as on screen).
fn compare_files(state: AppContext, files: Vec<web_sys::File>) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut read = Vec::with_capacity(files.len());
        for file in &files {
            match browser::read_bytes(file).await {
                Ok(file) => read.push((file.name, file.bytes)),
                Err(message) => return state.dispatch(Action::OpenFailed(message)),
            }
        }
        let (source_name, entries, many) =
            match opening::open_any(&read, &browser::decode_as, state.lang) {
                Ok(opening::Opening::Document(opened)) => (
                    opened.name.clone(),
                    vec![Entry::new(opened.name, opened.source)],
                    false,
                ),
                Ok(opening::Opening::Corpus(opened)) => (opened.name, opened.corpus.entries, true),
                Err(message) => return state.dispatch(Action::OpenFailed(message)),
            };
        let corpus = state.corpus.clone().filter(|_| many);
        let Some(corpus) = corpus else {
            return state.dispatch(Action::Compare(CompareWith::Versions {
                source_name,
                entries,
            }));
        };
        let records = match storage::corpus_documents(&corpus).await {
            Ok(records) => records,
            Err(error) => return state.dispatch(Action::OpenFailed(error)),
        };
        let docs: Vec<(String, Rc<connectives_core::Document>)> = records
            .into_iter()
            .filter_map(|record| {
                let name = corpus.member(&record.id)?.name.clone();
                let doc = if state.doc_id.as_deref() == Some(record.id.as_str()) {
                    state.doc.clone()
                } else {
                    Rc::new(record.document())
                };
                Some((name, doc))
            })
            .collect();
        let named: Vec<(&str, &connectives_core::Document)> =
            docs.iter().map(|(n, d)| (n.as_str(), &**d)).collect();
        let comparison = Comparison::of_corpora(&named, &source_name, entries);
        state.dispatch(Action::Compare(CompareWith::Corpus {
            corpus: corpus.id.clone(),
            comparison: Box::new(comparison),
        }));
    });
}

/// Downloads the agreement report as the command line writes it (`agree --format json|csv`).
fn export_agreement(state: &AppContext, json: bool) {
    let Some(comparison) = &state.comparison else {
        return;
    };
    let report = &comparison.report;
    let (text, extension, mime) = if json {
        (
            format!("{}\n", agreement::report_json(report)),
            "json",
            "application/json",
        )
    } else {
        (agreement::report_csv(report), "csv", "text/csv")
    };
    let stem = state
        .name
        .rsplit_once('.')
        .map_or(state.name.as_str(), |(stem, _)| stem);
    let name = format!("{stem}-agreement.{extension}");
    if let Err(error) = browser::download(&name, mime, text.as_bytes()) {
        state.dispatch(Action::OpenFailed(format!("{error:?}")));
    }
}

/// Downloads the whole corpus in `format`: one zip with a file per document and `corpus.json`,
/// the open document as it is on screen.
fn export_corpus(state: &AppContext, format: Format) {
    let Some(corpus) = state.corpus.clone() else {
        return;
    };
    let (open_id, open_source) = (state.doc_id.clone(), connectives_core::write(&state.doc));
    let state = state.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let records = match storage::corpus_documents(&corpus).await {
            Ok(records) => records,
            Err(error) => return state.dispatch(Action::OpenFailed(error)),
        };
        let entries: Vec<Entry> = records
            .into_iter()
            .filter_map(|record| {
                let member = corpus.member(&record.id)?;
                let source = if open_id.as_deref() == Some(record.id.as_str()) {
                    open_source.clone()
                } else {
                    record.source
                };
                Some(Entry {
                    status: member.status,
                    note: member.note.clone(),
                    ..Entry::new(member.name.clone(), source)
                })
            })
            .collect();
        let bytes = match connectives_core::corpus::export_zip(&entries, format) {
            Ok(bytes) => bytes,
            Err(error) => return state.dispatch(Action::OpenFailed(error.to_string())),
        };
        let name = connectives_core::corpus::export_file_name(&corpus.name, format);
        if let Err(error) = browser::download(&name, "application/zip", &bytes) {
            state.dispatch(Action::OpenFailed(format!("{error:?}")));
        }
    });
}

/// Keeps the URL's fragment on the presented place (line and mode, and a lesson's line numbers
/// and name while presenting one; never the text), so a lesson can be bookmarked. A fragment typed into the address bar is followed by the
/// `hashchange` listener in [`use_global_listeners`].
#[hook]
fn use_fragment(fragment: Option<String>) {
    use_effect_with(fragment, |fragment| match fragment {
        Some(fragment) if browser::fragment() != *fragment => browser::set_fragment(fragment),
        Some(_) => {}
        // Only a fragment of ours is removed.
        None if Place::from_fragment(&browser::fragment()).is_some() => browser::set_fragment(""),
        None => {}
    });
}

/// Keyboard shortcuts, and files dropped or text pasted anywhere on the page.
#[hook]
fn use_global_listeners(state: AppContext, recent: UseStateHandle<Vec<SavedSummary>>) {
    // The handlers read the newest state through this ref, so they are attached once.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    use_effect_with((), move |_| {
        let on_key = {
            let latest = latest.clone();
            browser::Listener::window("keydown", move |event| {
                let state = latest.borrow().clone();
                let Some(key) = browser::key_of(&event) else {
                    return;
                };
                let typing = browser::is_typing(event.target());
                if key.key == "Enter" && !typing && !browser::is_control(event.target()) {
                    if let (Some(_), Some(id)) = (state.linking, state.selected) {
                        event.prevent_default();
                        state.dispatch(Action::LinkTo(id));
                    }
                    return;
                }
                let command = match &state.present {
                    Some(present) => {
                        lesson_command_for_key(&key, &present.place, present.teams.count)
                    }
                    None => command_for_key(&key, typing),
                };
                let Some(command) = command else {
                    return;
                };
                event.prevent_default();
                match command {
                    KeyCommand::Act(action) => state.dispatch(action),
                    KeyCommand::Focus(id) => browser::focus_field(id),
                    KeyCommand::MarkAs(kind) => state.dispatch(mark_action(&state, kind)),
                    KeyCommand::Present => {
                        state.dispatch(Action::Present(state.presentation_place()))
                    }
                    KeyCommand::FullScreen => browser::toggle_full_screen(),
                    KeyCommand::Corpus(step) => step_in_corpus(&state, step),
                }
            })
        };
        // A press anywhere outside the open menu closes it.
        let on_press = {
            let latest = latest.clone();
            browser::Listener::window("pointerdown", move |event| {
                let state = latest.borrow().clone();
                if state.menu.is_some() && !browser::is_in_menu(event.target()) {
                    state.dispatch(Action::CloseMenu);
                }
            })
        };
        let on_drag_over = browser::Listener::window("dragover", |event| event.prevent_default());
        let on_drop = {
            let latest = latest.clone();
            browser::Listener::window("drop", move |event| {
                event.prevent_default();
                // A dropped folder is read through its entries, which last only as long as
                // the event: taken now, walked after.
                if let Some(entries) = browser::dropped_folder_entries(&event) {
                    let (state, recent) = (latest.borrow().clone(), recent.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        let files = browser::files_in_entries(entries).await;
                        if !files.is_empty() {
                            let named =
                                files.into_iter().map(|(path, f)| (Some(path), f)).collect();
                            open_named_files(state, named, recent);
                        }
                    });
                    return;
                }
                let files = browser::dropped_files(&event);
                if !files.is_empty() {
                    open_files(latest.borrow().clone(), files, recent.clone());
                }
            })
        };
        let on_hash = {
            let latest = latest.clone();
            browser::Listener::window("hashchange", move |_| {
                let state = latest.borrow().clone();
                let fragment = browser::fragment();
                let has_lesson =
                    connectives_core::lesson_plan::LessonPlan::from_fragment(&fragment, usize::MAX)
                        .is_some();
                if has_lesson {
                    if state.presenting_fragment().as_deref() != Some(fragment.as_str()) {
                        state.dispatch(Action::LessonFragment(fragment));
                    }
                    return;
                }
                let place = Place::from_fragment(&fragment);
                match place {
                    Some(place) if state.present.as_ref().map(|p| p.place) != Some(place) => {
                        state.dispatch(Action::Present(place))
                    }
                    None if state.present.is_some() => state.dispatch(Action::StopPresenting),
                    _ => {}
                }
            })
        };
        let on_paste = browser::Listener::window("paste", move |event| {
            if browser::is_typing(event.target()) {
                return;
            }
            if let Some(text) = browser::pasted_text(&event) {
                let state = latest.borrow().clone();
                wasm_bindgen_futures::spawn_local(async move {
                    open_pasted(&state, text).await;
                });
            }
        });
        move || drop((on_key, on_press, on_drag_over, on_drop, on_hash, on_paste))
    });
}

/// Keeps the lesson in the browser, per document name: read when a document opens (unless the
/// URL brought one), written after every change of it.
#[hook]
fn use_lesson_keeping(state: &AppContext) {
    {
        let state = state.clone();
        use_effect_with(
            (state.session, state.name.clone()),
            move |(session, name)| {
                if let Some(fragment) = browser::lessons::kept_lesson(name) {
                    state.dispatch(Action::LessonKept {
                        session: *session,
                        fragment,
                    });
                }
            },
        );
    }
    use_effect_with(
        (state.name.clone(), state.lesson.clone()),
        |(name, lesson)| {
            if let Some(plan) = lesson {
                let keep = !(plan.is_empty() && plan.name.is_empty());
                browser::lessons::keep_lesson(name, keep.then(|| plan.to_fragment()).as_deref());
            }
        },
    );
}

/// Downloads the lesson's answer key as a self-contained HTML document.
fn download_handout(state: &AppContext) {
    let handout = state.lesson_handout();
    let html = handout.to_html(crate::lessons::language(state.lang));
    let name = format!("{}-answer-key.html", lesson_stem(state));
    if let Err(error) = browser::download(&name, "text/html", html.as_bytes()) {
        state.dispatch(Action::OpenFailed(format!("{error:?}")));
    }
}

/// The stem of a lesson's downloads: the document's, and the lesson's name if it has one
/// (kept to characters every file system takes).
fn lesson_stem(state: &AppState) -> String {
    let stem = formats::stem(&state.name).to_string();
    let name: String = state
        .lesson_plan()
        .name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    if name.is_empty() {
        format!("{stem}-lesson")
    } else {
        format!("{stem}-{name}")
    }
}

/// Downloads one zip with the SVG figure of every lesson line, fully revealed, each named by
/// its line number as the presenter's figures are.
fn download_lesson_figures(state: &AppContext) {
    let plan = state.lesson_plan();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for &line in plan.lines.iter().filter(|&&l| l < state.doc.lines.len()) {
        let place = Place {
            line,
            mode: crate::lesson::Mode::Reveal,
            lines: crate::lesson::Lines::All,
            candidates: true,
            ..Place::default()
        };
        let start = Presentation::start(&state.doc, &state.lexicon, place);
        let shown = start
            .apply(&state.doc, crate::lesson::Move::RevealAll)
            .unwrap_or(start);
        let spec = crate::components::presenter::figure_spec(
            &state.doc,
            &state.pair_numbers,
            &shown,
            &state.name,
            state.lang,
        );
        match browser::figure::svg_text(&spec) {
            Ok(svg) => files.push((
                crate::components::presenter::figure_name(&state.name, line, "svg"),
                svg.into_bytes(),
            )),
            Err(error) => return state.dispatch(Action::OpenFailed(error)),
        }
    }
    let entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let bytes = match connectives_core::formats::zip::write(&entries) {
        Ok(bytes) => bytes,
        Err(error) => return state.dispatch(Action::OpenFailed(error.to_string())),
    };
    let name = format!("{}-figures.zip", lesson_stem(state));
    if let Err(error) = browser::download(&name, "application/zip", &bytes) {
        state.dispatch(Action::OpenFailed(format!("{error:?}")));
    }
}
