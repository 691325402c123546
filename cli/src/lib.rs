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

pub const USAGE: &str = "\
connectives: check, export, import, count and compare the discourse connectives in
tagged text

Usage:
  connectives check FILE_DIR_OR_ZIP...
  connectives export [--format FORMAT] [--out PATH] FILE
  connectives export [--format FORMAT] --out X.zip FILE_DIR_OR_ZIP...
  connectives export [--format FORMAT] --out DIR FILE_DIR_OR_ZIP...
  connectives import --from brat|doccano|json|jsonl [--out PATH] INPUT
  connectives import --from brat|doccano|json|jsonl --out DIR INPUT...
  connectives stats [--top N] FILE_DIR_OR_ZIP...
  connectives agree [--format table|json|csv] A B
  connectives help | --help | --version

FILE may be - for standard input. Input is UTF-8 (with or without a byte order
mark), UTF-16 with a byte order mark, or else read as GB18030. A folder stands
for its *.txt files; a .zip for its documents (tagged .txt files, brat pairs,
a corpus export), each named ZIP/NAME in messages.

Commands:
  check   report markup problems as FILE:LINE:COL: error|warning: message
          (COL counts characters), then a summary line per file
  export  write the document in FORMAT, the same bytes as the page's download;
          several inputs, a folder or a zip with --out X.zip: the corpus zip
          (one file per document and corpus.json, as the page's corpus export);
          with --out DIR, one file per document (brat: one DIR/brat.zip)
  import  convert brat (a .zip, a .ann with its .txt beside it, or a folder of
          them), doccano (.jsonl), connectives/1 JSON or the jsonl export back
          to tagged text; several inputs go into --out DIR as NAME.txt
  stats   count lines, candidates, members and pairs, and list the most
          frequent candidates and pairs (虽然…但 ×3); for several files, a
          folder or a zip, a row per document and the corpus's totals
  agree   how far version B agrees with version A (two files, or two folders
          or zips matched by document name): span, labelled, overlap and pair
          F1, kappa over characters, spans only in A or B, per document and
          per connective text

Options:
  -f, --format FORMAT  export: tagged, json (the default), jsonl, csv, brat,
                       doccano, label-studio or bio (brat and label-studio
                       are zips); agree: table (the default), json or csv
      --from FORMAT    import: brat, doccano, json or jsonl
  -o, --out PATH       export, import: write to PATH instead of standard
                       output; with several inputs, a folder (created if
                       missing), or for export a corpus zip (named .zip)
  -n, --top N          stats: how many candidates and pairs to list (default 10)
  -h, --help           show this help

Exit status: 0 success; 1 check found errors, or agree found texts that
differ; 2 usage error, or an input that cannot be read, is not text or cannot
be imported, or an output that cannot be written (markup errors do not fail
an export).
";

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
        Err(error) => {
            // Nothing useful is left to do if stderr itself is gone.
            let _ = write!(streams.stderr, "connectives: {error}\n\n{USAGE}");
            return FAILURE;
        }
    };
    let result = match command {
        Command::Help => streams.stdout.write_all(USAGE.as_bytes()).map(|()| SUCCESS),
        Command::Version => {
            writeln!(streams.stdout, "connectives {}", env!("CARGO_PKG_VERSION")).map(|()| SUCCESS)
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
        assert!(outcome
            .stderr
            .starts_with("connectives: unknown command frobnicate\n\nconnectives: check"));
        assert!(outcome.stderr.ends_with(USAGE));
    }

    #[test]
    fn help_goes_to_stdout_and_exits_0() {
        let outcome = run_with(&["--help"], b"");
        assert_eq!((outcome.code, outcome.stdout.as_str()), (SUCCESS, USAGE));
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
