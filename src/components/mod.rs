//! One component per file.

pub mod counts;
pub mod document_view;
pub mod line_view;
