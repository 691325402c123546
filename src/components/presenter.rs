use connectives_core::formats;
use connectives_core::{Document, SpanId, SpanKind};
use yew::prelude::*;

use super::arc_layer::{Arc, ArcLayer};
use super::line_view::span_classes;
use crate::app::AppContext;
use crate::browser;
use crate::browser::figure::{export_figure, FigureFormat};
use crate::figure::{FigureMark, FigureSpec, MarkKind};
use crate::i18n::{relation_name, Lang};
use crate::lesson::{fit_font_px, pieces, Lines, Mode, Move, Piece, Presentation, QuizKind, Stage};
use crate::pair_numbers::PairNumbers;
use crate::state::{Action, Notice};

/// Classroom mode: one line, large, on a high-contrast stage; the bar above holds the
/// progress and the choices, the foot the quiz's question, verdict and score.
#[function_component(Presenter)]
pub fn presenter() -> Html {
    let stage_ref = use_node_ref();
    let line_ref = use_node_ref();
    let viewport = use_state(browser::viewport_size);
    {
        let viewport = viewport.clone();
        let stage_ref = stage_ref.clone();
        use_effect_with((), move |_| {
            // Keys go to the stage, not to the button that opened it (Space would press it).
            browser::focus_element(&stage_ref);
            let listener = browser::Listener::window("resize", move |_| {
                viewport.set(browser::viewport_size())
            });
            move || drop(listener)
        });
    }
    let Some(state) = use_context::<AppContext>() else {
        return html! {};
    };
    let Some(present) = state.present.clone() else {
        return html! {};
    };
    let doc = state.doc.clone();
    let numbers = &*state.pair_numbers;
    let lang = state.lang;
    let place = present.place;
    let line = place.line;
    let stage = present.stage(&doc);
    let steps = &stage.steps;
    let newest = stage.shown.last().copied();
    let asking = stage.asking;
    let (at, of) = present.progress(&doc);
    let text = doc.lines.get(line).map_or("", |_| doc.line_text(line));
    let (width, height) = *viewport;
    // The stage is the window less the bar, the foot and its padding.
    let font_px = fit_font_px(
        text.chars().count(),
        width * 0.9,
        (height - 160.0).max(200.0),
    );

    let act = |step: Move| {
        let (state, stage_ref) = (state.clone(), stage_ref.clone());
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Lesson(step));
            // Back to the stage, so the remote's Space steps instead of pressing this again.
            browser::focus_element(&stage_ref);
        })
    };
    let on_exit = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::StopPresenting))
    };
    // A click on the stage is the class's guess while a question is open, else "next", as
    // in presentation programs; in a quiz only the keys and the next button move on, so a
    // student's click after the answer does not skip ahead.
    let quiz_mode = place.mode == Mode::Quiz;
    let on_quiz_next = act(Move::Next);
    let on_choose = {
        let state = state.clone();
        Callback::from(move |choice: usize| state.dispatch(Action::Lesson(Move::Choose(choice))))
    };
    let on_teams = {
        let (state, stage_ref) = (state.clone(), stage_ref.clone());
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let count = select.value().parse().unwrap_or(0);
            state.dispatch(Action::Lesson(Move::SetTeams(count)));
            browser::focus_element(&stage_ref);
        })
    };
    let on_stage_click = {
        let state = state.clone();
        Callback::from(move |event: MouseEvent| {
            let step = match asking {
                Some(_) => match browser::clicked_offset(&event) {
                    Some(offset) => Move::Guess(offset),
                    None => return,
                },
                None if quiz_mode => return,
                None => Move::Next,
            };
            state.dispatch(Action::Lesson(step));
        })
    };
    let on_figure = |svg: bool| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            // Laid out on a click, from the state as it is then; not at every render.
            let Some(present) = &state.present else {
                return;
            };
            let spec = figure_spec(
                &state.doc,
                &state.pair_numbers,
                present,
                &state.name,
                state.lang,
            );
            let (format, extension) = if svg {
                (FigureFormat::Svg, "svg")
            } else {
                (FigureFormat::Png, "png")
            };
            let name = figure_name(&state.name, present.place.line, extension);
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = export_figure(&spec, format, &name).await {
                    let why = lang.pick("无法生成图：", "Could not make the figure:");
                    state.dispatch(Action::Notify(Notice::Error(format!("{why} {error}"))));
                }
            });
        })
    };

    let on_lesson_add = {
        let (state, stage_ref) = (state.clone(), stage_ref.clone());
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::LessonPlan(crate::lessons::PlanEdit::AddShown));
            browser::focus_element(&stage_ref);
        })
    };
    let verdict = present.verdict;
    let quiz = place.mode == Mode::Quiz;
    let char_class = |offset: usize| match verdict {
        Some(v) if v.guess == offset && !v.right => Some("guess wrong"),
        Some(v) if v.guess == offset => Some("guess right"),
        _ => None,
    };
    // In a quiz every character is a target for the presenter's click.
    let plain = |range: std::ops::Range<usize>| -> Html {
        if !quiz {
            return html! { { doc.text[range].to_string() } };
        }
        doc.text[range.clone()]
            .char_indices()
            .map(|(i, c)| {
                let offset = range.start + i;
                html! {
                    <span class={classes!("ch", char_class(offset))}
                        data-offset={offset.to_string()}>{ c }</span>
                }
            })
            .collect()
    };
    let parts = pieces(&doc, line, &stage.shown)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(range) => plain(range),
            Piece::Span(id) => {
                let span = &doc.spans[id];
                let mut class = span_classes(span, numbers);
                if newest == Some(id) {
                    class.push("newest");
                }
                if asking.is_some_and(|pair| doc.pairs[pair].first == id) {
                    class.push("asked");
                }
                let step = steps.iter().position(|s| s.span() == id).map(|i| i + 1);
                html! {
                    <span {class} data-span-id={id.to_string()} data-kind={span.kind.as_str()}
                        data-pair-id={span.pair.map(|p| p.to_string())}
                        data-pair-no={span.pair.map(|p| numbers.number(p).to_string())}
                        data-step={step.map(|s| s.to_string())}>
                        { plain(span.range.clone()) }
                    </span>
                }
            }
        })
        .collect::<Html>();
    let arcs: Vec<Arc> = stage
        .pairs
        .iter()
        .map(|&p| Arc::of(&doc, numbers, p))
        .collect();
    let layout_key = format!(
        "{line}/{}/{font_px}/{width}x{height}/{}",
        present.revealed, place.mode as u8
    );

    let toggle = |label: &'static str, testid: &'static str, on: bool, step: Move| {
        html! {
            <button type="button" data-testid={testid} aria-pressed={on.to_string()}
                onclick={act(step)}>{ label }</button>
        }
    };
    let total_steps = steps.len();
    html! {
        <div class="presenter" data-testid="presenter" data-mode={mode_name(place.mode)}
            data-quiz={quiz.then_some(match place.quiz {
                QuizKind::Partner => "partner",
                QuizKind::Relation => "relation",
            })}
            data-line={(line + 1).to_string()} data-revealed={present.revealed.to_string()}
            data-steps={total_steps.to_string()} role="dialog"
            aria-label={lang.pick("课堂演示", "Classroom presentation")}>
            <div class="presenter-bar">
                <span class="progress" data-testid="present-progress"
                    title={lang.pick("第几行 / 共几行", "line of lines")}>{ format!("{at} / {of}") }</span>
                <span class="where">{ match lang {
                    Lang::Zh => format!("第 {} 行", line + 1),
                    Lang::En => format!("line {}", line + 1),
                } }</span>
                if present.lesson.is_some() {
                    <span class="lesson-on-stage" data-testid="present-lesson">{ match state.lesson.as_ref().map(|l| l.name.trim()) {
                        Some(name) if !name.is_empty() => format!("{} {name}", lang.pick("课：", "Lesson:")),
                        _ => lang.pick("课", "Lesson").to_string(),
                    } }</span>
                }
                <span class="bar-gap" />
                { toggle(lang.pick("逐步揭示", "Step by step"), "present-reveal", !quiz, Move::SetMode(Mode::Reveal)) }
                { toggle(lang.pick("测验", "Quiz"), "present-quiz", quiz, Move::SetMode(Mode::Quiz)) }
                { toggle(lang.pick("只看有配对的行", "Only lines with pairs"), "present-lines",
                    place.lines == Lines::WithPairs,
                    Move::SetLines(if place.lines == Lines::WithPairs { Lines::All } else { Lines::WithPairs })) }
                if !quiz {
                    { toggle(lang.pick("显示候选词", "Show candidates"), "present-candidates",
                        place.candidates, Move::ToggleCandidates) }
                } else {
                    { toggle(lang.pick("问搭档", "Partners"), "present-quiz-partner",
                        place.quiz == QuizKind::Partner, Move::SetQuiz(QuizKind::Partner)) }
                    { toggle(lang.pick("问关系", "Relations"), "present-quiz-relation",
                        place.quiz == QuizKind::Relation, Move::SetQuiz(QuizKind::Relation)) }
                    <label class="teams">{ lang.pick("队伍", "Teams") }
                        <select data-testid="quiz-teams" onchange={on_teams}>
                            { for [0, 2, 3, 4].into_iter().map(|n| html! {
                                <option value={n.to_string()} selected={present.teams.count == n}>
                                    { if n == 0 { lang.pick("不分队", "none").to_string() } else { n.to_string() } }
                                </option>
                            }) }
                        </select>
                    </label>
                    <button type="button" data-testid="quiz-new-round" onclick={act(Move::NewRound)}
                        title={lang.pick("所有得分清零，从第一队开始", "Every score back to none; the first team starts")}>
                        { lang.pick("新一轮", "New round") }</button>
                }
                <button type="button" data-testid="lesson-add" onclick={on_lesson_add}
                    disabled={state.lesson.as_ref().is_some_and(|l| l.contains(line))}
                    title={lang.pick("把这一行加入课中 (L)", "Add this line to the lesson (L)")}>
                    { lang.pick("加入课", "Add to lesson") }</button>
                <button type="button" data-testid="figure-svg" onclick={on_figure(true)}
                    title={lang.pick("把这一行存为幻灯片用的 SVG 图", "Save this line as an SVG figure for slides")}>{ "SVG" }</button>
                <button type="button" data-testid="figure-png" onclick={on_figure(false)}
                    title={lang.pick("把这一行存为 1920×1080 的 PNG 图", "Save this line as a 1920×1080 PNG")}>{ "PNG" }</button>
                <button type="button" data-testid="present-fullscreen"
                    onclick={Callback::from(|_: MouseEvent| browser::toggle_full_screen())}>
                    { lang.pick("全屏", "Full screen") }</button>
                <button type="button" data-testid="present-exit" onclick={on_exit}>
                    { lang.pick("退出 (Esc)", "Leave (Esc)") }</button>
            </div>
            <div class="stage" ref={stage_ref} tabindex="-1" onclick={on_stage_click}>
                <div class="stage-line" ref={line_ref.clone()}>
                    <p class={classes!("presented-line", quiz.then_some("quiz"), asking.filter(|_| place.quiz == QuizKind::Partner).map(|_| "asking"))}
                        data-testid="presented-line" style={format!("font-size: {font_px:.0}px")}>
                        { parts }</p>
                    <ArcLayer container={line_ref} {arcs} {layout_key} />
                </div>
            </div>
            <div class="presenter-foot" aria-live="polite">
                { foot(&doc, numbers, &present, &stage, lang, &on_choose) }
                if quiz {
                    <button type="button" class="quiz-next" data-testid="quiz-next"
                        onclick={on_quiz_next}>
                        { if asking.is_some() {
                            lang.pick("显示答案 →", "Show the answer →")
                        } else {
                            lang.pick("下一题 →", "Next question →")
                        } }
                    </button>
                }
            </div>
        </div>
    }
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Reveal => "reveal",
        Mode::Quiz => "quiz",
    }
}

/// The line below the stage: the quiz's question, verdict and score, or what the keys do.
fn foot(
    doc: &Document,
    numbers: &PairNumbers,
    present: &Presentation,
    stage: &Stage,
    lang: Lang,
    on_choose: &Callback<usize>,
) -> Html {
    let score = present.score;
    let hint = lang.pick(
        "→ / 空格 下一步 · ← 上一步 · ↓ ↑ 换行 · r 全部揭示 · q 测验 · Esc 退出",
        "→ / Space next · ← back · ↓ ↑ line · r reveal all · q quiz · Esc leave",
    );
    let second_try = present.verdict.filter(|v| !v.settled);
    // With teams, each question first says whose it is.
    let whose = (present.teams.count > 0).then(|| {
        let team = team_name(present.teams.turn);
        html! {
            <>
                <b class="turn" data-testid="quiz-turn" data-team={(present.teams.turn + 1).to_string()}>
                    { match lang {
                        Lang::Zh => format!("{team}队答题："),
                        Lang::En => format!("Team {team}: "),
                    } }
                </b>
                {" "}
            </>
        }
    });
    // After a first wrong answer, either kind of question says so before asking again.
    let try_again = second_try.map(|_| {
        html! {
            <>
                <span class="verdict wrong" data-testid="quiz-verdict" data-right="false"
                    data-settled="false">
                    { lang.pick("✗ 不是这个，再试一次。", "✗ Not that one: one more try.") }
                </span>
                {" "}
            </>
        }
    });
    let relation_quiz = present.place.quiz == QuizKind::Relation;
    let message = if let (Some(pair), true) = (stage.asking, relation_quiz) {
        html! {
            <span class="question" data-testid="quiz-question">
                { for whose.clone() }
                { for try_again.clone() }
                { match lang {
                    Lang::Zh => format!("「{}」表示什么关系？", doc.pair_label(pair)),
                    Lang::En => format!("What does 「{}」 express?", doc.pair_label(pair)),
                } }
                <span class="choices">
                    { for present.choices(doc, pair).iter().enumerate().map(|(choice, r)| {
                        let tried = second_try.is_some_and(|v| v.choice == Some(choice));
                        html! {
                            <button type="button" data-testid="quiz-choice"
                                data-relation={r.id().to_string()} disabled={tried}
                                onclick={on_choose.reform(move |_: MouseEvent| choice)}>
                                { relation_name(r, lang).to_string() }
                            </button>
                        }
                    }) }
                </span>
            </span>
        }
    } else if let Some(pair) = stage.asking {
        let first = doc.span_text(doc.pairs[pair].first);
        html! {
            <span class="question" data-testid="quiz-question">
                { for whose.clone() }
                { for try_again.clone() }
                { match lang {
                    Lang::Zh => format!("「{first}」的搭档是哪个词？请点击文中的字。"),
                    Lang::En => format!("Which word answers 「{first}」? Click it in the text."),
                } }
            </span>
        }
    } else if let (Some(verdict), true) = (present.verdict, relation_quiz) {
        let answer = crate::i18n::pair_relation_words(doc, &present.lexicon, verdict.pair, lang);
        let label = doc.pair_label(verdict.pair);
        let words = match (verdict.right, verdict.choice) {
            (true, _) => format!("✓ {} {label}: {answer}", lang.pick("对了！", "Right!")),
            (false, Some(_)) => format!(
                "✗ {} {label}: {answer}",
                lang.pick("不对，答案是", "Not quite: the answer is")
            ),
            (false, None) => format!("{label}: {answer}"),
        };
        html! {
            <span class={classes!("verdict", if verdict.right { "right" } else { "wrong" })}
                data-testid="quiz-verdict" data-right={verdict.right.to_string()}
                data-settled="true">{ words }</span>
        }
    } else if let Some(verdict) = present.verdict {
        let partner = doc.span_text(doc.pairs[verdict.pair].second);
        let words = if verdict.right {
            format!(
                "✓ {} {}",
                lang.pick("对了！", "Right!"),
                doc.pair_label(verdict.pair)
            )
        } else {
            format!(
                "✗ {}「{partner}」",
                lang.pick("不对，答案是", "Not quite: the answer is")
            )
        };
        html! {
            <span class={classes!("verdict", if verdict.right { "right" } else { "wrong" })}
                data-testid="quiz-verdict" data-right={verdict.right.to_string()}
                data-settled="true">{ words }</span>
        }
    } else if stage.steps.is_empty() {
        html! { <span class="hint">{ lang.pick("这一行没有标注。", "This line has no annotations.") }</span> }
    } else if !stage.pairs.is_empty() {
        // Name each pair shown so far, in its colour, with what it means.
        html! {
            <span class="pairs" data-testid="present-pairs">
                { for stage.pairs.iter().map(|&pair| {
                    let words = crate::i18n::pair_relation_words(doc, &present.lexicon, pair, lang);
                    let first = present.lexicon.pair_relations(doc, pair).into_iter().next();
                    html! {
                        <span class={classes!("pair-label", numbers.colour_class(pair))}
                            data-relation={first.map(|r| r.id().to_string())}>
                            { doc.pair_label(pair) }
                            if !words.is_empty() {
                                <span class="relation">{ words }</span>
                            }
                        </span>
                    }
                }) }
            </span>
        }
    } else {
        html! { <span class="hint">{ hint }</span> }
    };
    html! {
        <>
            { message }
            if present.place.mode == Mode::Quiz && present.teams.count > 0 {
                <span class="team-scores" data-testid="team-scores">
                    { for present.teams.playing().iter().enumerate().map(|(team, s)| {
                        let turn = team == present.teams.turn;
                        html! {
                            <span class={classes!("team-score", turn.then_some("turn"))}
                                data-testid="team-score" data-team={(team + 1).to_string()}
                                data-right={s.right.to_string()} data-asked={s.asked.to_string()}
                                aria-current={turn.then_some("true")}>
                                { match lang {
                                    Lang::Zh => format!("{}队 {} / {}", team_name(team), s.right, s.asked),
                                    Lang::En => format!("Team {} {} / {}", team_name(team), s.right, s.asked),
                                } }
                            </span>
                        }
                    }) }
                </span>
            }
            if present.place.mode == Mode::Quiz {
                <span class="score" data-testid="quiz-score" data-right={score.right.to_string()}
                    data-asked={score.asked.to_string()}>
                    { format!("{} {} / {}", lang.pick("得分", "Score"), score.right, score.asked) }
                </span>
            }
        </>
    }
}

/// A team's name on the stage: A, B, C, D (letters read from the back of a room, and
/// do not look like the line numbers and scores beside them).
fn team_name(team: usize) -> char {
    char::from(b'A' + (team % 26) as u8)
}

/// The presented line as it is shown now, for a figure.
pub(crate) fn figure_spec(
    doc: &Document,
    numbers: &PairNumbers,
    present: &Presentation,
    name: &str,
    lang: Lang,
) -> FigureSpec {
    let line = present.place.line;
    let Some(start) = doc.lines.get(line).map(|l| l.range.start) else {
        return FigureSpec {
            text: String::new(),
            marks: Vec::new(),
            arcs: Vec::new(),
            caption: name.to_string(),
        };
    };
    let text = doc.line_text(line).to_string();
    let chars = |byte: usize| text[..byte - start].chars().count();
    let stage = present.stage(doc);
    let mut shown = stage.shown;
    shown.sort_unstable();
    let marks: Vec<FigureMark> = shown
        .iter()
        .map(|&id| {
            let span = &doc.spans[id];
            FigureMark {
                chars: chars(span.range.start)..chars(span.range.end),
                kind: match (span.kind, span.pair) {
                    (SpanKind::Candidate, _) => MarkKind::Candidate,
                    (SpanKind::Member, pair) => MarkKind::Member {
                        colour: pair.map_or(0, |p| numbers.colour(p)),
                        number: pair.map(|p| numbers.number(p)),
                    },
                },
            }
        })
        .collect();
    let mark_of = |id: SpanId| shown.iter().position(|&s| s == id);
    let arcs = stage
        .pairs
        .iter()
        .filter_map(|&pair| {
            let p = doc.pairs[pair];
            Some((mark_of(p.first)?, mark_of(p.second)?, numbers.colour(pair)))
        })
        .collect();
    FigureSpec {
        text,
        marks,
        arcs,
        caption: {
            let place = match lang {
                Lang::Zh => format!("{name} · 第 {} 行", line + 1),
                Lang::En => format!("{name} · line {}", line + 1),
            };
            // The figure names its pairs and what they mean.
            let named: Vec<String> = stage
                .pairs
                .iter()
                .map(|&pair| {
                    match crate::i18n::pair_relation_words(doc, &present.lexicon, pair, lang) {
                        relations if relations.is_empty() => doc.pair_label(pair),
                        relations => format!("{} {relations}", doc.pair_label(pair)),
                    }
                })
                .collect();
            if named.is_empty() {
                place
            } else {
                format!("{place} · {}", named.join(" · "))
            }
        },
    }
}

/// `seed-zh.txt`, line index 9 → `seed-zh-line-10.svg`, named as the exports are.
pub(crate) fn figure_name(name: &str, line: usize, extension: &str) -> String {
    format!("{}-line-{}.{extension}", formats::stem(name), line + 1)
}
