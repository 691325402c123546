//! The whole app state and the actions that change it. Pure: tested natively.

use std::rc::Rc;

use connectives_core::{parse, Document};
use yew::Reducible;

use crate::{EXAMPLE_NAME, EXAMPLE_SOURCE};

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The file name the document came from, shown in the header and the page title.
    pub name: String,
    pub doc: Rc<Document>,
}

pub enum Action {
    /// Replace the document with tagged text read from `name`.
    Open { name: String, source: String },
}

impl AppState {
    pub fn open(name: impl Into<String>, source: &str) -> Self {
        AppState {
            name: name.into(),
            doc: Rc::new(parse(source)),
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::open(EXAMPLE_NAME, EXAMPLE_SOURCE)
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Open { name, source } => Rc::new(AppState::open(name, &source)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_opens_on_the_built_in_example() {
        let state = AppState::default();
        assert_eq!(state.name, "seed-zh.txt");
        assert_eq!(state.doc.counts().pairs, 8);
    }

    #[test]
    fn open_replaces_the_document() {
        let state = Rc::new(AppState::default());
        let next = state.reduce(Action::Open {
            name: "mine.txt".into(),
            source: "<a>不仅</a>……<a>而且</a>".into(),
        });
        assert_eq!(next.name, "mine.txt");
        assert_eq!(next.doc.lines.len(), 1);
        assert_eq!(next.doc.pair_label(0), "不仅…而且");
    }
}
