//! The Yew page. The UI is a function of one [`state::AppState`]; every change is a named
//! [`state::Action`]. All calls into web-sys live in [`browser`].

pub mod app;
pub mod arcs;
pub mod autosave;
pub mod browser;
pub mod comparing;
pub mod components;
pub mod figure;
pub mod i18n;
pub mod keys;
pub mod lesson;
pub mod lessons;
pub mod lexicon;
pub mod opening;
pub mod pair_numbers;
pub mod segments;
pub mod state;
pub mod stored;
pub mod suggesting;
pub mod window;

pub use app::App;

/// The built-in example document, shown when the page opens.
pub const EXAMPLE_NAME: &str = "seed-zh.txt";
pub const EXAMPLE_SOURCE: &str = include_str!("../www/examples/seed-zh.txt");

/// Mounts the app on the page's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
