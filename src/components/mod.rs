//! One component per file.

pub mod agreement_panel;
pub mod arc_layer;
pub mod bar_chart;
pub mod corpus_find;
pub mod corpus_search;
pub mod counts;
pub mod document_view;
pub mod documents;
pub mod edit_panel;
pub mod empty_document;
pub mod export_menu;
pub mod help;
pub mod legend;
pub mod lexicon_panel;
pub mod line_view;
pub mod notice_bar;
pub mod pair_card;
pub mod presenter;
pub mod problems;
pub mod recent;
pub mod search_bar;
pub mod selection_marks;
pub mod stats_panel;
pub mod toolbar;
pub mod versions;
pub mod windowed_rows;
