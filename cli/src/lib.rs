//! The `connectives` command line: `check`, `export`, `import`, `stats` and `agree` over
//! tagged text files.
//!
//! Everything is reachable from [`run`], which takes the arguments and the three standard
//! streams, so tests drive it with byte buffers; `main.rs` only wires up the real ones.

pub mod args;
pub mod commands;
pub mod decode;
pub mod input;

use std::ffi::OsString;
use std::io::{self, Read, Write};

use args::Command;

/// Exit code: the command did what was asked.
pub const SUCCESS: u8 = 0;
/// Exit code: `check` found errors in the markup.
pub const FOUND_ERRORS: u8 = 1;
/// Exit code: a usage error, or input that cannot be read or is not text.
pub const FAILURE: u8 = 2;

/// The standard streams, as trait objects so tests can pass buffers.
pub struct Streams<'a> {
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
}

/// Runs the command line `args` (without the program name) and returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>, streams: &mut Streams<'_>) -> u8 {
    let command = match args::parse(args) {
        Ok(command) => command,
        Err(error) => return refused(&error, streams),
    };
    let result = match command {
        Command::Completions { shell } => {
            let mut command = args::clap_command();
            clap_complete::generate(shell, &mut command, "connectives", &mut streams.stdout);
            Ok(SUCCESS)
        }
        Command::Check { files } => commands::check::run(&files, streams),
        Command::Export {
            format,
            inputs,
            out,
        } => commands::export::run(format, &inputs, out.as_deref(), streams),
        Command::Import { from, inputs, out } => {
            commands::import::run(from, &inputs, out.as_deref(), streams)
        }
        Command::Stats { inputs, top } => commands::stats::run(&inputs, top, streams),
        Command::Agree { a, b, format } => commands::agree::run(&a, &b, format, streams),
        Command::Suggest {
            inputs,
            min_confidence,
            out,
        } => commands::suggest::run(&inputs, min_confidence, out.as_deref(), streams),
    }
    .and_then(|code| streams.stdout.flush().map(|()| code));
    match result {
        Ok(code) => code,
        // The reader went away (`connectives export big.txt | head`): that is not a failure.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => SUCCESS,
        Err(error) => {
            let _ = writeln!(
                streams.stderr,
                "connectives: cannot write the output: {error}"
            );
            FAILURE
        }
    }
}

/// What clap said instead of a command: help and the version on stdout (exit 0), a usage
/// error with its usage on stderr (exit 2).
fn refused(error: &clap::Error, streams: &mut Streams<'_>) -> u8 {
    use clap::error::ErrorKind;
    let text = error.render().to_string();
    // Nothing useful is left to do if a stream itself is gone.
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = streams.stdout.write_all(text.as_bytes());
            let _ = streams.stdout.flush();
            SUCCESS
        }
        _ => {
            // clap leaves the usage out of some errors (a bad value); say it always.
            let usage = if text.contains("Usage:") {
                String::new()
            } else {
                format!("\n{}\n", args::clap_command().render_usage())
            };
            // A bare `connectives` gets the help itself, which needs no prefix.
            let prefix = match error.kind() {
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => "",
                _ => "connectives: ",
            };
            let _ = write!(streams.stderr, "{prefix}{text}{usage}");
            FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Outcome {
        code: u8,
        stdout: String,
        stderr: String,
    }

    fn run_with(args: &[&str], stdin: &[u8]) -> Outcome {
        let (mut stdin, mut stdout, mut stderr) = (stdin, Vec::new(), Vec::new());
        let code = run(
            args.iter().map(OsString::from),
            &mut Streams {
                stdin: &mut stdin,
                stdout: &mut stdout,
                stderr: &mut stderr,
            },
        );
        Outcome {
            code,
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }

    #[test]
    fn usage_error_prints_the_message_and_usage_and_exits_2() {
        let outcome = run_with(&["frobnicate"], b"");
        assert_eq!(outcome.code, FAILURE);
        assert!(outcome.stdout.is_empty());
        assert!(
            outcome
                .stderr
                .starts_with("connectives: error: unrecognized subcommand 'frobnicate'\n"),
            "{}",
            outcome.stderr
        );
        assert!(
            outcome.stderr.contains("Usage: connectives"),
            "{}",
            outcome.stderr
        );
    }

    #[test]
    fn help_goes_to_stdout_and_exits_0() {
        let outcome = run_with(&["--help"], b"");
        assert_eq!(outcome.code, SUCCESS);
        assert!(outcome.stderr.is_empty());
        for command in ["check", "export", "import", "stats", "agree", "completions"] {
            assert!(outcome.stdout.contains(command), "{}", outcome.stdout);
        }
        assert!(
            outcome.stdout.contains("Exit status: 0 success"),
            "{}",
            outcome.stdout
        );
        let outcome = run_with(&["--version"], b"");
        assert_eq!(
            (outcome.code, outcome.stdout),
            (
                SUCCESS,
                format!("connectives {}\n", env!("CARGO_PKG_VERSION"))
            )
        );
    }

    #[test]
    fn completions_name_every_subcommand() {
        let outcome = run_with(&["completions", "bash"], b"");
        assert_eq!(outcome.code, SUCCESS);
        for command in ["check", "export", "import", "stats", "agree"] {
            assert!(outcome.stdout.contains(command), "{command}");
        }
        assert!(
            outcome.stdout.contains("label-studio"),
            "the export formats are completed"
        );
        assert_eq!(run_with(&["completions", "tcsh"], b"").code, FAILURE);
    }

    #[test]
    fn check_reads_stdin_and_exits_1_on_errors() {
        let outcome = run_with(&["check", "-"], "<cand>但\n".as_bytes());
        assert_eq!(outcome.code, FOUND_ERRORS);
        assert!(
            outcome.stdout.starts_with("<stdin>:1:1: error: "),
            "{}",
            outcome.stdout
        );
    }

    #[test]
    fn check_of_several_inputs_adds_a_total_and_exit_2_wins_over_1() {
        let missing = std::env::temp_dir()
            .join(format!(
                "connectives-cli-unit-{}-absent",
                std::process::id()
            ))
            .join("no-such-file.txt");
        let missing = missing.to_string_lossy().into_owned();
        let outcome = run_with(&["check", "-", &missing], "<cand>但\n".as_bytes());
        assert_eq!(outcome.code, FAILURE);
        assert!(
            outcome
                .stdout
                .ends_with("total: 2 files, 1 error, 0 warnings, 1 unreadable\n"),
            "{}",
            outcome.stdout
        );
        assert!(
            outcome.stderr.contains(&format!("cannot read {missing}: ")),
            "{}",
            outcome.stderr
        );
    }

    #[test]
    fn binary_stdin_is_refused_with_exit_2() {
        let outcome = run_with(&["stats", "-"], b"\x7FELF\x02\x01\x00\x00");
        assert_eq!(outcome.code, FAILURE);
        assert!(outcome.stdout.is_empty());
        assert!(
            outcome
                .stderr
                .contains("<stdin>: not a text file: NUL byte at offset 6"),
            "{}",
            outcome.stderr
        );
    }

    struct BrokenPipe;

    impl Write for BrokenPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_stdout_ends_quietly() {
        let (mut stdin, mut stdout, mut stderr) =
            ("<cand>也</cand>".as_bytes(), BrokenPipe, Vec::new());
        let code = run(
            ["export", "-"].map(OsString::from),
            &mut Streams {
                stdin: &mut stdin,
                stdout: &mut stdout,
                stderr: &mut stderr,
            },
        );
        assert_eq!(code, SUCCESS);
        assert!(stderr.is_empty());
    }
}
