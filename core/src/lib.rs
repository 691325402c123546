//! The document core: model, parser, writer and exporters for text tagged with Chinese
//! discourse connectives. It knows nothing of the browser; the app and the CLI both use it.

pub mod adjudicate;
pub mod agreement;
pub mod corpus;
pub mod corpus_search;
pub mod edit;
pub mod formats;
pub mod journal;
pub mod lesson;
pub mod lesson_plan;
pub mod lexicon;
pub mod model;
pub mod navigate;
pub mod offsets;
pub mod parse;
pub mod relation;
pub mod search;
pub mod stats;
pub mod suggest;
pub mod write;

pub use model::{
    Counts, Diagnostic, DiagnosticKind, Document, Line, LineEnding, Pair, PairError, PairId,
    Severity, Span, SpanId, SpanKind,
};
pub use parse::parse;
pub use write::write;
