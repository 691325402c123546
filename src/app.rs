use yew::prelude::*;

use crate::browser;
use crate::components::{counts::CountsBar, document_view::DocumentView};
use crate::state::AppState;

pub type AppContext = UseReducerHandle<AppState>;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    {
        let name = state.name.clone();
        use_effect_with(name, |name| {
            browser::set_title(&format!("{name} · 关联词 Connectives"))
        });
    }
    let counts = state.doc.counts();
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <header class="app-header">
                <h1 class="app-title">{"关联词 "}<span class="app-title-en">{"Connectives"}</span></h1>
                <div class="doc-name" data-testid="doc-name">{ state.name.clone() }</div>
                <CountsBar {counts} />
            </header>
            <main class="app-main">
                <DocumentView doc={state.doc.clone()} />
            </main>
        </ContextProvider<AppContext>>
    }
}
