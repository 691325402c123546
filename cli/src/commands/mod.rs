//! One module per command. Each has a `run` that reads its input and returns the exit code,
//! and pure rendering functions that write to any `impl Write`, for tests.

pub mod agree;
pub mod check;
pub mod corpus;
pub mod export;
pub mod folder;
pub mod import;
pub mod stats;
pub mod suggest;

use std::io;

use connectives_core::Counts;

use crate::input::{load, InputPath, Source};
use crate::Streams;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `33 lines, 24 candidates, 16 members, 8 pairs; 0 errors, 0 warnings`
pub fn summary(counts: &Counts) -> String {
    format!(
        "{}, {}, {}, {}; {}, {}",
        plural(counts.lines, "line", "lines"),
        plural(counts.candidates, "candidate", "candidates"),
        plural(counts.members, "member", "members"),
        plural(counts.pairs, "pair", "pairs"),
        plural(counts.errors, "error", "errors"),
        plural(counts.warnings, "warning", "warnings"),
    )
}

/// Loads `input`, telling stderr how it was decoded; `None` (after saying why) when it cannot
/// be read as text.
fn load_reporting(input: &InputPath, streams: &mut Streams<'_>) -> io::Result<Option<Source>> {
    match load(input, streams.stdin) {
        Ok(source) => {
            if let Some(notice) = &source.notice {
                writeln!(streams.stderr, "connectives: {notice}")?;
            }
            Ok(Some(source))
        }
        Err(message) => {
            writeln!(streams.stderr, "connectives: {message}")?;
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_uses_singular_for_one() {
        let counts = Counts {
            lines: 1,
            candidates: 2,
            members: 1,
            pairs: 0,
            errors: 1,
            warnings: 3,
        };
        assert_eq!(
            summary(&counts),
            "1 line, 2 candidates, 1 member, 0 pairs; 1 error, 3 warnings"
        );
    }
}
